// allowedBranches on the instance, run for real in bash and git: a commit ships only when it is
// reachable from one of the allowed branches as the instance fetches them from origin.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/deploy/protocol.js';
import { buildScript, type ScriptOptions } from '../../src/deploy/script.js';
import { createRepos, git, runScript, type Repos } from './fixtures/git.js';

const NONCE = 'a1b2c3d4e5f6';
let repos: Repos;
let record: string;
beforeEach(() => {
  repos = createRepos();
  record = join(repos.root, 'record');
  writeFileSync(record, '');
  repos.commit(
    { 'deploy.sh': `#!/bin/bash\ngit rev-parse HEAD >> ${record}\n` },
    { executable: ['deploy.sh'] },
  );
});
afterEach(() => {
  repos.cleanup();
});

function deploy(sha: string, allowedBranches: readonly string[]) {
  const options: ScriptOptions = {
    workingDirectory: repos.checkout,
    ref: { kind: 'sha', sha },
    gitPull: true,
    deployScript: './deploy.sh',
    runAs: undefined,
    env: [],
    timeoutSeconds: 60,
    rollbackOnFailure: false,
    nonce: NONCE,
    allowedBranches,
  };
  return runScript(repos.root, buildScript(options));
}

/** A commit pushed to origin under `ref` only (a branch, or refs/pull/N/head). */
function commitOnlyAt(ref: string, file: string): string {
  git(repos.author, 'checkout', '--quiet', '-B', 'side', 'main');
  writeFileSync(join(repos.author, file), file);
  git(repos.author, 'add', file);
  git(repos.author, 'commit', '--quiet', '-m', file);
  git(repos.author, 'push', '--quiet', '--force', 'origin', `HEAD:${ref}`);
  const sha = git(repos.author, 'rev-parse', 'HEAD');
  git(repos.author, 'checkout', '--quiet', 'main');
  return sha;
}

function head(): string {
  return git(repos.checkout, 'rev-parse', 'HEAD');
}

describe('allowedBranches', { timeout: 60_000 }, () => {
  it('ships a commit on an allowed branch, and says which', () => {
    const older = repos.commit({ 'app.txt': 'v2' });
    repos.commit({ 'app.txt': 'v3' });
    const run = deploy(older, ['main']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `ssm-deploy: commit ${older} is on the allowed branch main of origin`,
    );
    expect(head()).toBe(older);
  });

  it('refuses (227) a commit only on another branch, changing nothing and running nothing', () => {
    const before = head();
    const sha = commitOnlyAt('refs/heads/feature', 'feature.txt');
    const run = deploy(sha, ['main']);
    expect(run.status).toBe(EXIT.refNotAllowed);
    expect(run.stderr).toContain(
      `ssm-deploy: commit ${sha} is not on any allowed branch of origin (main); nothing was changed`,
    );
    expect(head()).toBe(before);
    expect(readFileSync(record, 'utf8')).toBe('');
  });

  it('refuses a commit reachable only from a pull request ref', () => {
    const sha = commitOnlyAt('refs/pull/8/head', 'fork.txt');
    const run = deploy(sha, ['main', 'release']);
    expect(run.status).toBe(EXIT.refNotAllowed);
    expect(run.stderr).toContain(
      'allowed branch release could not be fetched from origin; skipped',
    );
    expect(run.stderr).toContain('(main, release)');
  });

  it('accepts a commit on any one of several allowed branches', () => {
    const sha = commitOnlyAt('refs/heads/release/2.0', 'hotfix.txt');
    const run = deploy(sha, ['main', 'release/2.0']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('is on the allowed branch release/2.0 of origin');
    expect(head()).toBe(sha);
  });

  it('does not trust what an earlier deploy fetched: a branch since deleted on origin no longer allows', () => {
    const sha = commitOnlyAt('refs/heads/hotfix', 'hotfix.txt');
    expect(deploy(sha, ['hotfix']).status).toBe(0);
    git(repos.author, 'push', '--quiet', 'origin', ':refs/heads/hotfix');
    git(repos.checkout, 'checkout', '--quiet', '--detach', 'origin/main');
    const run = deploy(sha, ['hotfix']);
    expect(run.status).toBe(EXIT.refNotAllowed);
  });

  it('needs a commit SHA as ref: a name would be resolved after the check was asked for', () => {
    expect(() =>
      buildScript({
        workingDirectory: '/srv/app',
        ref: { kind: 'name', name: 'main' },
        gitPull: true,
        deployScript: './deploy.sh',
        runAs: undefined,
        env: [],
        timeoutSeconds: 60,
        rollbackOnFailure: false,
        nonce: NONCE,
        allowedBranches: ['main'],
      }),
    ).toThrow(/commit SHA/);
  });
});
