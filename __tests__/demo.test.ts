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
  it('deploys a new commit to two instances, narrates it, and cleans up', () => {
    const before = new Set(demoDirs());
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'sandbox/demo.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 90_000,
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
    expect(out).toMatch(/run-as is not set, so git and deploy\.sh run as the owner of \/srv\/app/);
    expect(out).not.toContain('::stop-commands::');
    expect(out).toMatch(/Deploying to 2 instances, each managed by SSM, online and Linux:\n\s+i-/);
    expect(demoDirs().filter((name) => !before.has(name))).toEqual([]);
  });

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
