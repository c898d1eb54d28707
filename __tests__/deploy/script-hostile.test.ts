// Hostile values in every input that reaches the remote script, run through the real script with
// real bash and git: each value arrives byte for byte where it is used, and nothing of it runs.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/deploy/protocol.js';
import { buildScript, type ScriptOptions } from '../../src/deploy/script.js';
import { createRepos, runScript, type Repos } from './fixtures/git.js';
import { hostileString } from './fixtures/hostile.js';

const NONCE = '0123456789ab';
let repos: Repos;
let canary: string;
let record: string;

beforeAll(() => {
  repos = createRepos();
  canary = join(repos.root, 'canary');
  record = join(repos.root, 'record');
  repos.commit(
    { 'deploy.sh': `#!/bin/bash\nprintf '%s' "$HOSTILE" > ${record}\n` },
    { executable: ['deploy.sh'] },
  );
});
afterAll(() => {
  repos.cleanup();
});
beforeEach(() => {
  rmSync(record, { force: true });
});

function options(overrides: Partial<ScriptOptions>): ScriptOptions {
  return {
    workingDirectory: repos.checkout,
    ref: { kind: 'name', name: 'main' },
    gitPull: true,
    deployScript: './deploy.sh',
    runAs: undefined,
    env: [],
    timeoutSeconds: 60,
    rollbackOnFailure: false,
    nonce: NONCE,
    ...overrides,
  };
}

function run(overrides: Partial<ScriptOptions>) {
  const result = runScript(repos.root, buildScript(options(overrides)));
  expect(existsSync(canary)).toBe(false);
  return result;
}

/** A new single path component: no `/`, not `.` or `..`, not a name the checkout already has. */
const asFileName = (s: string): boolean =>
  !s.includes('/') &&
  !['', '.', '..', '.git', 'deploy.sh'].includes(s) &&
  Buffer.byteLength(s) < 200;
const RUNS = 20;

// Each case runs the whole script with git; on a busy 2-core machine twenty of them take a while.
describe('hostile values through the real script', { timeout: 120_000 }, () => {
  it('an env value reaches deploy-script byte for byte', () => {
    fc.assert(
      fc.property(hostileString(canary), (value) => {
        rmSync(record, { force: true });
        const result = run({ env: [{ name: 'HOSTILE', value }] });
        expect(result.status).toBe(0);
        expect(readFileSync(record).equals(Buffer.from(value, 'utf8'))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('working-directory is used as exactly that path', () => {
    fc.assert(
      fc.property(hostileString(canary, { allow: asFileName }), (name) => {
        const wd = join(repos.root, 'dirs', name);
        mkdirSync(wd, { recursive: true });
        writeFileSync(join(wd, 'deploy.sh'), `#!/bin/bash\nprintf '%s' "$PWD" > ${record}\n`, {
          mode: 0o755,
        });
        try {
          const result = run({ workingDirectory: wd, gitPull: false });
          expect(result.status).toBe(0);
          expect(readFileSync(record).equals(Buffer.from(wd, 'utf8'))).toBe(true);
        } finally {
          rmSync(join(repos.root, 'dirs'), { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a missing working-directory is named exactly in the error', () => {
    fc.assert(
      fc.property(hostileString(canary), (name) => {
        const wd = `/nonexistent/${name}`;
        const result = run({ workingDirectory: wd });
        expect(result.status).toBe(EXIT.workingDirectoryMissing);
        expect(result.stderr).toContain(`working-directory ${wd} does not exist`);
      }),
      { numRuns: RUNS },
    );
  });

  it('ref is looked up on origin as exactly that name', () => {
    fc.assert(
      fc.property(hostileString(canary), (name) => {
        const result = run({ ref: { kind: 'name', name } });
        expect(result.status).toBe(EXIT.refNotFound);
        expect(result.stderr).toContain(`${name} is not a branch or tag on origin`);
      }),
      { numRuns: RUNS },
    );
  });

  it('allowed branches are fetched and named as exactly those names', () => {
    const sha = repos.commits[0] ?? '';
    fc.assert(
      fc.property(hostileString(canary), hostileString(canary), (a, b) => {
        const result = run({ ref: { kind: 'sha', sha }, allowedBranches: [a, b] });
        expect(result.status).toBe(EXIT.refNotAllowed);
        expect(result.stderr).toContain(`is not on any allowed branch of origin (${a}, ${b})`);
      }),
      { numRuns: RUNS },
    );
  });

  it('run-as is looked up as exactly that user', () => {
    fc.assert(
      // An empty run-as means "the owner of the checkout".
      fc.property(hostileString(canary, { allow: (s) => s !== '' }), (user) => {
        const result = run({ runAs: user });
        expect(result.status).toBe(EXIT.runAsMissing);
        expect(result.stderr).toContain(`the run-as user ${user} does not exist`);
      }),
      { numRuns: RUNS },
    );
  });

  it('a run-as that getent would read as an option or a uid names nobody, never root', () => {
    // `getent passwd --` lists every account (root's first), and `getent passwd 0` finds root.
    for (const user of ['--', '-s', '0', '65534']) {
      const result = run({ runAs: user });
      expect(result.status).toBe(EXIT.runAsMissing);
      expect(result.stderr).toContain(`the run-as user ${user} does not exist`);
    }
  });

  it('deploy-script is run as exactly that file', () => {
    fc.assert(
      fc.property(hostileString(canary, { allow: asFileName }), (name) => {
        const file = join(repos.checkout, name);
        writeFileSync(file, `#!/bin/bash\nprintf '%s' "$0" > ${record}\n`, { mode: 0o755 });
        try {
          const result = run({ deployScript: `./${name}`, gitPull: false });
          expect(result.status).toBe(0);
          // bash runs `./name` by its absolute path, so that is what $0 is.
          expect(readFileSync(record).equals(Buffer.from(file, 'utf8'))).toBe(true);
        } finally {
          rmSync(file, { force: true });
        }
      }),
      { numRuns: RUNS },
    );
  });
});
