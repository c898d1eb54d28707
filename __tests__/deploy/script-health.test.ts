// health-check on the instance, run for real in bash: retried until it passes or its timeout
// passes, as run-as in the checkout; an instance that never passes exits 226 with the check's last
// output; with rollback-on-failure an unhealthy commit is rolled back like a failed deploy-script.

import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/deploy/protocol.js';
import { interpret, parseMarkers } from '../../src/deploy/result.js';
import { buildScript, type ScriptOptions } from '../../src/deploy/script.js';
import { IS_ROOT, chownTree, createRepos, git, runScript, type Repos } from './fixtures/git.js';

const NONCE = 'a1b2c3d4e5f6';
let repos: Repos;
beforeEach(() => {
  repos = createRepos();
});
afterEach(() => {
  repos.cleanup();
});

function options(overrides: Partial<ScriptOptions> = {}): ScriptOptions {
  return {
    workingDirectory: repos.checkout,
    ref: { kind: 'name', name: 'main' },
    gitPull: true,
    deployScript: './deploy.sh',
    runAs: undefined,
    env: [],
    timeoutSeconds: 120,
    rollbackOnFailure: false,
    nonce: NONCE,
    ...overrides,
  };
}

function deploy(overrides: Partial<ScriptOptions>) {
  const opts = options(overrides);
  const run = runScript(repos.root, buildScript(opts));
  const markers = parseMarkers(`${run.stdout}\n${run.stderr}`, NONCE);
  const meaning = interpret(
    {
      status: run.status === 0 ? 'Success' : 'Failed',
      statusDetails: '',
      responseCode: run.status ?? undefined,
    },
    markers,
    { ...opts, healthCheck: opts.healthCheck },
  );
  return { ...run, markers, meaning };
}

/** A file every user may write to, outside the checkout. */
function shared(name: string): string {
  const file = join(repos.root, name);
  writeFileSync(file, '');
  chmodSync(file, 0o666);
  return file;
}

describe('health-check', { timeout: 60_000 }, () => {
  it('is retried until it passes, in the checkout, after deploy-script', () => {
    const attempts = shared('attempts');
    const target = repos.commit({ 'app.txt': 'v2' });
    // Passes on the third attempt, and only in the checkout (app.txt is there).
    const command = `echo try >> ${attempts}; [ "$(wc -l < ${attempts})" -ge 3 ] && cat app.txt`;
    const run = deploy({ healthCheck: { command, timeoutSeconds: 30 } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('ssm-deploy: deploy-script succeeded');
    expect(run.stdout).toContain('ssm-deploy: health check passed (attempt 3)');
    expect(readFileSync(attempts, 'utf8')).toBe('try\ntry\ntry\n');
    expect(run.markers).toMatchObject({ deployed: target, health: 'passed' });
    expect(run.meaning).toMatchObject({ success: true, healthy: true });
  });

  it('not given: not run, and healthy is null', () => {
    const run = deploy({});
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('health check');
    expect(run.markers.health).toBeUndefined();
    expect(run.meaning.healthy).toBeNull();
  });

  it('never passing: exit 226 once the timeout has passed, with its last output', () => {
    const attempts = shared('attempts');
    const target = repos.commit({ 'app.txt': 'v2' });
    const command = `echo try >> ${attempts}; echo "not ready: $(wc -l < ${attempts})"; echo 'on stderr' >&2; exit 3`;
    const run = deploy({ healthCheck: { command, timeoutSeconds: 3 } });
    expect(run.status).toBe(EXIT.unhealthy);
    const tries = readFileSync(attempts, 'utf8').split('\n').length - 1;
    expect(tries).toBeGreaterThanOrEqual(2);
    expect(run.stderr).toContain(
      `health check failed ${tries} time(s) in 3s; the last time with exit code 3:`,
    );
    expect(run.stderr).toContain(`  not ready: ${tries}\n  on stderr\n`);
    expect(run.markers).toMatchObject({
      health: 'failed',
      healthOutput: `not ready: ${tries} on stderr`,
      exit: EXIT.unhealthy,
    });
    expect(run.meaning).toMatchObject({ success: false, healthy: false, deployedSha: target });
    expect(run.meaning.reason).toBe(
      `deploy-script succeeded, but the instance did not pass health-check within health-check-timeout (3 s); its last output: not ready: ${tries} on stderr`,
    );
    // The checkout stays where the deploy put it: nothing was asked to roll back.
    expect(git(repos.checkout, 'rev-parse', 'HEAD')).toBe(target);
  });

  it('an attempt that hangs is bounded by the time left', () => {
    const started = Date.now();
    const run = deploy({ healthCheck: { command: 'sleep 300', timeoutSeconds: 2 } });
    expect(run.status).toBe(EXIT.unhealthy);
    expect(run.markers.health).toBe('failed');
    // Far less than the 300 s the check would take; generous for a busy machine.
    expect(Date.now() - started).toBeLessThan(45_000);
  });

  it('reaches bash quoted: quotes, $() and newlines are the command, not the script', () => {
    const seen = shared('seen');
    const command = `printf '%s\\n' "it's" '$(touch /tmp/x)' "a
b" > ${seen}`;
    const run = deploy({ healthCheck: { command, timeoutSeconds: 5 } });
    expect(run.status).toBe(0);
    expect(readFileSync(seen, 'utf8')).toBe("it's\n$(touch /tmp/x)\na\nb\n");
  });

  it('with rollback-on-failure: an unhealthy commit is rolled back; script and check run again', () => {
    const record = shared('record');
    const deploySh = `#!/bin/bash\necho "deploy $(cat app.txt) rollback=$SSM_DEPLOY_ROLLBACK" >> ${record}\n`;
    const previous = repos.commit(
      { 'app.txt': 'good', 'deploy.sh': deploySh },
      { executable: ['deploy.sh'] },
    );
    git(repos.checkout, 'fetch', '--quiet', 'origin');
    git(repos.checkout, 'checkout', '--quiet', '--detach', previous);
    const broken = repos.commit({ 'app.txt': 'bad' });
    const command = `echo "check $(cat app.txt)" >> ${record}; grep -qx good app.txt`;
    const run = deploy({ rollbackOnFailure: true, healthCheck: { command, timeoutSeconds: 2 } });

    expect(run.status).toBe(EXIT.rolledBack);
    expect(git(repos.checkout, 'rev-parse', 'HEAD')).toBe(previous);
    const lines = readFileSync(record, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('deploy bad rollback=0');
    expect(lines.filter((l) => l === 'check bad').length).toBeGreaterThanOrEqual(1);
    expect(lines.slice(-2)).toEqual(['deploy good rollback=1', 'check good']);
    expect(run.markers).toMatchObject({
      target: broken,
      scriptExit: 0,
      health: 'failed',
      rolledBack: previous,
      rollbackExit: 0,
      rollbackHealth: 'passed',
    });
    expect(run.meaning).toMatchObject({ rolledBack: true, healthy: true, deployedSha: previous });
    expect(run.meaning.reason).toMatch(
      /^deploy-script succeeded but health-check failed; the checkout was rolled back to [0-9a-f]{12} and deploy-script and health-check succeeded there$/,
    );
  });

  it('with rollback-on-failure: a check failing at the old commit too is a failed rollback', () => {
    const previous = repos.commit({ 'app.txt': 'v1' });
    git(repos.checkout, 'fetch', '--quiet', 'origin');
    git(repos.checkout, 'checkout', '--quiet', '--detach', previous);
    repos.commit({ 'app.txt': 'v2' });
    const run = deploy({
      rollbackOnFailure: true,
      healthCheck: { command: 'false', timeoutSeconds: 1 },
    });
    expect(run.status).toBe(EXIT.rollbackFailed);
    expect(run.markers).toMatchObject({ health: 'failed', rollbackHealth: 'failed' });
    expect(run.meaning).toMatchObject({ rolledBack: true, healthy: false });
    expect(run.meaning.reason).toContain(
      'deploy-script succeeded but health-check failed there too',
    );
  });

  it.skipIf(!IS_ROOT)('runs as run-as (the checkout’s owner), never as root', () => {
    const seen = shared('seen');
    chownTree(repos.checkout, 65534, 65534);
    chownTree(repos.origin, 65534, 65534);
    const run = deploy({ healthCheck: { command: `id -un > ${seen}`, timeoutSeconds: 5 } });
    expect(run.status).toBe(0);
    expect(readFileSync(seen, 'utf8')).toBe('nobody\n');
  });
});
