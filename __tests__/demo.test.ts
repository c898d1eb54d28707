// `npm run demo` is the first thing a newcomer runs: it must deploy, say what it did, exit 0 and
// leave nothing behind.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISOLATION_NEEDED } from '../sandbox/index.js';

const root = join(import.meta.dirname, '..');
const demoDirs = (): string[] =>
  readdirSync(tmpdir()).filter((name) => name.startsWith('ssm-deploy-demo-'));

describe('npm run demo', () => {
  it(
    'deploys a new commit to two instances, then rolls one out behind a load balancer, narrates it, and cleans up',
    { timeout: 150_000 },
    () => {
      const before = new Set(demoDirs());
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'sandbox/demo.ts'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 150_000,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const out = result.stdout;
      expect(out).toMatch(/APP_DB_PASSWORD = \*\*\*/);
      expect(out).toMatch(/before the run: never enabled\n\s+after the run:\s+Enabled/);
      expect(out).toMatch(/status: Success/);
      expect(out.match(/: Success, exit 0, [0-9a-f]{7} → [0-9a-f]{7}/g)).toHaveLength(2);
      expect(out).toMatch(/step success; secret values in the log: none/);
      expect(out).toMatch(/web-1 now runs release 1\.1\.0/);
      // Who runs the deploy, and why; the log as GitHub shows it, without its command tokens.
      expect(out).toMatch(
        /run-as is not set, so git and deploy\.sh run as the owner of \/srv\/app/,
      );
      expect(out).not.toContain('::stop-commands::');
      expect(out).toMatch(
        /Deploying to 2 instances, each managed by SSM, online and Linux:\n\s+i-/,
      );

      // The rolling deploy: three waves, each instance out, drained, deployed, back in and healthy.
      const rolling = out.slice(out.indexOf('A rolling deploy'), out.indexOf('A broken release'));
      expect(rolling).toMatch(
        /Rollout in 3 wave\(s\): 1\) shop-\d; 2\) shop-\d; 3\) shop-\d, shop-\d/,
      );
      for (const name of ['shop-1', 'shop-2', 'shop-3', 'shop-4'])
        expect(
          rolling
            .split('\n')
            .filter((line) => line.includes(`${name} `))
            .map((line) => /shop-\d (\S+)/.exec(line)?.[1]),
        ).toEqual(['out', 'drained:', 'deployed:', 'back', 'healthy:']);
      expect(rolling.match(/deployed: Success, exit 0/g)).toHaveLength(4);
      expect(rolling.match(/^ {3}Wave \d: Success/gm)).toHaveLength(3);
      // The demo's own count of the requests it sent through the load balancer during each deploy.
      const counts = [...out.matchAll(/through the load balancer: (\d+) requests, (\d+) failed/g)];
      expect(counts).toHaveLength(2);
      for (const [, sent, failed] of counts) {
        expect(Number(sent)).toBeGreaterThan(0);
        expect(Number(failed)).toBe(0);
      }
      // The broken release: the canary fails, is rolled back, and no later wave starts.
      const broken = out.slice(out.indexOf('A broken release'));
      expect(broken).toMatch(/Wave 1: Failed/);
      expect(broken).not.toMatch(/Wave 2\/3/);
      expect(broken).toMatch(/shop-\d: Failed, exit code 220: .*the checkout was rolled back to/);
      expect(broken).toMatch(
        /status: Failed \(step failure\): stopped at the canary, 2 wave\(s\) never started; 4 of 4 instances healthy/,
      );
      expect(demoDirs().filter((name) => !before.has(name))).toEqual([]);
    },
  );

  it('where instances cannot run, says in one line what it needs and exits 1, making nothing', () => {
    // An unshare that always fails: neither root's mount namespaces nor user namespaces.
    const bin = mkdtempSync(join(tmpdir(), 'no-unshare-'));
    try {
      writeFileSync(join(bin, 'unshare'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
      const before = new Set(demoDirs());
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'sandbox/demo.ts'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 90_000,
        env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: process.env.HOME },
      });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`npm run demo: ${ISOLATION_NEEDED}.\n`);
      expect(demoDirs().filter((name) => !before.has(name))).toEqual([]);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
