// What the built action loads before its first AWS request: a secrets-only run opens its first
// connection before it loads @actions/core (and the HTTP client that comes with it), and never
// loads the SDK of a service it does not call. Told by the order of module loads and connections
// in the action's own process (__tests__/fixtures/load-order.mjs), never by timing.

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT, runAction } from '../../sandbox/runner/index.js';
import { fileSandbox } from './helpers.js';

const sandbox = fileSandbox();
const DIST = join(REPOSITORY_ROOT, 'dist');
const LOAD_ORDER = join(REPOSITORY_ROOT, '__tests__', 'fixtures', 'load-order.mjs');

/** The files of dist/ that bundle `pkg`, from their source maps. */
function chunksWith(pkg: string): string[] {
  return readdirSync(DIST)
    .filter((file) => file.endsWith('.js'))
    .filter((file) => {
      const map = JSON.parse(readFileSync(join(DIST, `${file}.map`), 'utf8')) as {
        sources: string[];
      };
      return map.sources.some((source) => source.includes(`node_modules/${pkg}/`));
    });
}

describe('start-up', () => {
  it('a secrets-only run: the first connection before @actions/core loads, and no SSM or S3 SDK at all', async () => {
    const sb = sandbox.current;
    sb.addSecret({ name: 'startup/db', secretString: 'startup-secret-value' });
    const dir = mkdtempSync(join(tmpdir(), 'load-order-'));
    try {
      const log = join(dir, 'order.log');
      const run = await runAction({
        inputs: { 'aws-region': sb.region, 'secret-ids': 'startup/db' },
        env: { ...sb.env(), LOAD_ORDER_LOG: log },
        nodeArgs: ['--import', LOAD_ORDER],
      });
      expect(run.outcome).toBe('success');
      const order = readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line === 'connect' || line.includes('/dist/'))
        .map((line) => (line === 'connect' ? line : `load ${basename(line)}`));
      const firstConnection = order.indexOf('connect');
      expect(firstConnection).toBeGreaterThan(0);

      const core = chunksWith('@actions/core');
      const undici = chunksWith('undici');
      expect(core.length).toBeGreaterThan(0);
      for (const chunk of [...core, ...undici]) {
        const loadedAt = order.indexOf(`load ${chunk}`);
        // Loaded for the reporting, once the first request was on its way.
        expect(loadedAt, chunk).toBeGreaterThan(firstConnection);
      }
      for (const chunk of [
        ...chunksWith('@aws-sdk/client-ssm'),
        ...chunksWith('@aws-sdk/client-s3'),
      ])
        expect(order, chunk).not.toContain(`load ${chunk}`);
      expect(order).toContain(`load ${chunksWith('@aws-sdk/client-secrets-manager')[0] ?? '?'}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
