import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    environment: 'node',
    // The e2e tests run real processes, bash and git, several at once on a 2-core machine; a
    // limit only decides how long a stuck test takes to fail, so it is generous.
    testTimeout: 60_000,
    // Vitest's default on 2 cores is a single worker; the slow files mostly wait (on bash, git,
    // polling at real intervals), so two at once halve the suite's time without starving either.
    maxWorkers: 2,
    hookTimeout: 60_000,
    // The last reporter ends the run by saying how many tests were skipped, and why.
    reporters: [
      'default',
      ['json', { outputFile: 'reports/vitest.json' }],
      './__tests__/helpers/skip-reasons-reporter.ts',
    ],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/index.ts', 'src/post-index.ts'],
      reporter: ['text-summary', 'html', 'json-summary'],
    },
  },
});
