// The remote script, run for real: bash, git, flock and runuser on this machine, against a real
// origin and checkout in a temporary directory, exactly as the SSM agent would run it.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  existsSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { needsRoot } from '../helpers/needs-root.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/deploy/protocol.js';
import { parseMarkers } from '../../src/deploy/result.js';
import {
  MAX_SCRIPT_JSON_BYTES,
  MODIFIED_FILES_SHOWN,
  buildScript,
  lockWaitSeconds,
  scriptJsonBytes,
  scriptPath,
  userProgram,
  type ScriptOptions,
} from '../../src/deploy/script.js';
import {
  ISOLATED_RUN,
  IS_ROOT,
  agentCommand,
  chownTree,
  createRepos,
  git,
  lockFileOf,
  runDirOf,
  runScript,
  type Repos,
} from './fixtures/git.js';

const NONCE = 'a1b2c3d4e5f6';
const NOBODY = { uid: 65534, gid: 65534 };

let repos: Repos;
const children: ChildProcess[] = [];

beforeEach(() => {
  repos = createRepos();
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  killRecordedProcesses();
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
    timeoutSeconds: 60,
    rollbackOnFailure: false,
    nonce: NONCE,
    ...overrides,
  };
}

function deploy(overrides: Partial<ScriptOptions> = {}) {
  const run = runScript(repos.root, buildScript(options(overrides)));
  return { ...run, markers: parseMarkers(`${run.stdout}\n${run.stderr}`, NONCE) };
}

function head(): string {
  return git(repos.checkout, 'rev-parse', 'HEAD');
}

/** deploy.sh that records what it saw into a file outside the checkout. */
function recordingDeploySh(record: string): string {
  return `#!/bin/bash
{
  echo "user=$(id -un)"
  echo "home=$HOME"
  echo "path=$PATH"
  echo "pwd=$PWD"
  echo "sha=$SSM_DEPLOY_SHA"
  echo "previous=$SSM_DEPLOY_PREVIOUS_SHA"
  echo "ref=$SSM_DEPLOY_REF"
  echo "rollback=$SSM_DEPLOY_ROLLBACK"
  echo "git_terminal_prompt=\${GIT_TERMINAL_PROMPT-unset}"
} > ${record}
`;
}

function readRecord(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

const PID_FILES: string[] = [];
function killRecordedProcesses(): void {
  for (const file of PID_FILES.splice(0))
    if (existsSync(file)) {
      for (const pid of readFileSync(file, 'utf8').split('\n').filter(Boolean))
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // Already gone.
        }
    }
}

describe('the generated script', () => {
  it('is valid bash, and small: well under what fits in one SSM command', () => {
    const script = buildScript(
      options({ env: [{ name: 'A', value: 'x' }], rollbackOnFailure: true }),
    );
    expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0);
    // Measured: about 20 KB; a third of SSM's 64 KB for document and parameters together.
    expect(Buffer.byteLength(script)).toBeLessThan(24_000);
    expect(scriptJsonBytes(script)).toBeLessThan(MAX_SCRIPT_JSON_BYTES / 2);
  });

  const shellcheck = spawnSync('shellcheck', ['--version']).status === 0;
  it.skipIf(!shellcheck)(
    'passes shellcheck (install it with apt-get install shellcheck)',
    { meta: { skipReason: 'shellcheck is not installed (apt-get install shellcheck)' } },
    () => {
      for (const variant of [
        options(),
        options({ gitPull: false, runAs: 'deploy', ref: { kind: 'sha', sha: 'a'.repeat(40) } }),
        options({ rollbackOnFailure: true, env: [{ name: 'X', value: "it's $(x) `y`" }] }),
      ]) {
        // SC2016: values are single-quoted on purpose, so that `$` in them stays literal.
        const result = spawnSync('shellcheck', ['--shell=bash', '--exclude=SC2016', '-'], {
          input: buildScript(variant),
          encoding: 'utf8',
        });
        expect(result.stdout).toBe('');
        expect(result.status).toBe(0);
      }
      // What runs as run-as travels inside the script as text that bash -c runs.
      const steps = spawnSync('shellcheck', ['--shell=bash', '--exclude=SC2016', '-'], {
        input: userProgram(NONCE),
        encoding: 'utf8',
      });
      expect(steps.stdout).toBe('');
      expect(steps.status).toBe(0);
    },
  );

  it('holds no "{{" of its own, so SSM finds no Parameter Store reference to resolve in it', () => {
    for (const variant of [
      options(),
      options({ gitPull: false, runAs: 'deploy', ref: { kind: 'sha', sha: 'a'.repeat(40) } }),
      options({ rollbackOnFailure: true, env: [{ name: 'X', value: 'y' }] }),
    ])
      expect(buildScript(variant)).not.toContain('{{');
  });

  it('refuses a nonce that is not 12 hex digits', () => {
    expect(() => buildScript(options({ nonce: 'zz' }))).toThrow(/nonce/);
  });

  it('makes a bare script name relative, never looked up on PATH', () => {
    expect(scriptPath('deploy.sh')).toBe('./deploy.sh');
    expect(scriptPath('bin/deploy')).toBe('./bin/deploy');
    expect(scriptPath('./deploy.sh')).toBe('./deploy.sh');
    expect(scriptPath('../up.sh')).toBe('../up.sh');
    expect(scriptPath('/opt/deploy.sh')).toBe('/opt/deploy.sh');
  });

  it('waits for the lock a little less than the execution timeout', () => {
    expect(lockWaitSeconds(900)).toBe(840);
    expect(lockWaitSeconds(60)).toBe(54);
    expect(lockWaitSeconds(5)).toBe(4);
  });
});

describe('bringing the checkout to ref', () => {
  it('deploys the tip of a branch, prints the markers and runs deploy.sh', () => {
    const before = head();
    const target = repos.commit({ 'app.txt': 'v2' });
    const run = deploy();
    expect(run.status, run.ending).toBe(0);
    expect(head()).toBe(target);
    expect(run.markers).toMatchObject({
      before,
      target,
      deployed: target,
      stage: 'script',
      scriptExit: 0,
      exit: 0,
    });
    expect(run.stdout).toContain(`deploy ran: ${target}`);
    // The checkout is detached at exactly the commit, not on a branch that might move.
    expect(git(repos.checkout, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('HEAD');
  });

  it('prints the markers it knows before deploy-script writes anything', () => {
    const run = deploy();
    const firstOutput = run.stdout.indexOf('deploy ran:');
    for (const key of ['before', 'target', 'deployed', 'stage'])
      expect(run.stdout.indexOf(`[ssm-deploy:${NONCE}] ${key}=`)).toBeLessThan(firstOutput);
    // What is known only afterwards is on both streams.
    expect(run.stderr).toContain(`[ssm-deploy:${NONCE}] script-exit=0`);
    expect(run.stderr).toContain(`[ssm-deploy:${NONCE}] exit=0`);
  });

  it('deploys an exact commit that the checkout does not have yet, fetching it', () => {
    const target = repos.commit({ 'app.txt': 'v2' });
    repos.commit({ 'app.txt': 'v3' });
    const run = deploy({ ref: { kind: 'sha', sha: target } });
    expect(run.status, run.ending).toBe(0);
    expect(head()).toBe(target);
    expect(run.markers.deployed).toBe(target);
  });

  it('deploys an earlier commit it already has without fetching', () => {
    const first = head();
    repos.commit({ 'app.txt': 'v2' });
    expect(deploy().status).toBe(0);
    // Breaking origin proves no fetch happens for a commit that is already there.
    git(repos.checkout, 'remote', 'set-url', 'origin', join(repos.root, 'gone.git'));
    const run = deploy({ ref: { kind: 'sha', sha: first } });
    expect(run.status, run.ending).toBe(0);
    expect(head()).toBe(first);
  });

  it('deploys an annotated tag as the commit it points to', () => {
    const tagged = repos.commit({ 'app.txt': 'v2' });
    git(repos.author, 'tag', '-a', '-m', 'release', 'v2.0.0');
    git(repos.author, 'push', '--quiet', 'origin', 'v2.0.0');
    repos.commit({ 'app.txt': 'v3' });
    const run = deploy({ ref: { kind: 'name', name: 'v2.0.0' } });
    expect(run.status, run.ending).toBe(0);
    expect(head()).toBe(tagged);
  });

  it('fails with its own code when the branch is not on origin, leaving the checkout alone', () => {
    const before = head();
    const run = deploy({ ref: { kind: 'name', name: 'no-such-branch' } });
    expect(run.status, run.ending).toBe(EXIT.refNotFound);
    expect(run.stderr).toContain('no-such-branch is not a branch or tag on origin');
    expect(head()).toBe(before);
  });

  it('fails with its own code when the commit is on no branch of origin', () => {
    const run = deploy({ ref: { kind: 'sha', sha: 'f'.repeat(40) } });
    expect(run.status, run.ending).toBe(EXIT.refNotFound);
    expect(run.stderr).toContain(`commit ${'f'.repeat(40)} is not on origin`);
  });

  it('tells a fetch that fails (origin unreachable) from a ref that does not exist', () => {
    git(repos.checkout, 'remote', 'set-url', 'origin', join(repos.root, 'gone.git'));
    expect(deploy().status).toBe(EXIT.fetchFailed);
    expect(deploy({ ref: { kind: 'sha', sha: 'f'.repeat(40) } }).status).toBe(EXIT.fetchFailed);
  });

  it('stops, keeps them and lists them when tracked files were changed on the instance', () => {
    const names = Array.from({ length: 25 }, (_, i) => `file${String(i).padStart(2, '0')}.txt`);
    repos.commit(Object.fromEntries(names.map((name) => [name, 'original'])));
    expect(deploy().status).toBe(0);
    for (const name of names) writeFileSync(join(repos.checkout, name), 'changed by hand');
    const target = repos.commit({ 'app.txt': 'v2' });
    const before = head();
    const run = deploy();
    expect(run.status, run.ending).toBe(EXIT.trackedFilesModified);
    expect(head()).toBe(before);
    expect(head()).not.toBe(target);
    expect(readFileSync(join(repos.checkout, 'file00.txt'), 'utf8')).toBe('changed by hand');
    const listed = run.stderr
      .split('\n')
      .filter((line) => /^ssm-deploy: {4}M file\d\d\.txt$/.test(line));
    expect(listed).toHaveLength(MODIFIED_FILES_SHOWN);
    expect(run.stderr).toContain('... and 5 more');
    expect(run.stderr).toContain('25 tracked file(s) modified');
  });

  it('counts files hidden from git status (--assume-unchanged, --skip-worktree) that were edited', () => {
    repos.commit(
      { 'a.txt': 'original a', 'b.txt': 'original b', 'c.txt': 'original c', 'd.txt': 'd' },
      { message: 'four files' },
    );
    expect(deploy().status).toBe(0);
    symlinkSync('a.txt', join(repos.checkout, 'link'));
    git(repos.author, 'pull', '--quiet', 'origin', 'main');
    symlinkSync('a.txt', join(repos.author, 'link'));
    git(repos.author, 'add', 'link');
    git(repos.author, 'commit', '--quiet', '-m', 'link');
    git(repos.author, 'push', '--quiet', 'origin', 'HEAD:main');
    rmSync(join(repos.checkout, 'link'));
    expect(deploy().status).toBe(0);
    git(repos.checkout, 'update-index', '--assume-unchanged', 'a.txt', 'c.txt');
    git(repos.checkout, 'update-index', '--skip-worktree', 'b.txt', 'd.txt', 'link');
    writeFileSync(join(repos.checkout, 'a.txt'), 'edited by hand');
    writeFileSync(join(repos.checkout, 'b.txt'), 'edited by hand');
    rmSync(join(repos.checkout, 'c.txt'));
    // Absent with --skip-worktree: a sparse checkout, not an edit.
    rmSync(join(repos.checkout, 'd.txt'));
    rmSync(join(repos.checkout, 'link'));
    symlinkSync('b.txt', join(repos.checkout, 'link'));
    expect(git(repos.checkout, 'status', '--porcelain', '--untracked-files=no')).toBe('');
    const before = head();
    repos.commit({ 'app.txt': 'v2' });

    const run = deploy();
    expect(run.status, run.ending).toBe(EXIT.trackedFilesModified);
    expect(head()).toBe(before);
    expect(readFileSync(join(repos.checkout, 'a.txt'), 'utf8')).toBe('edited by hand');
    const listed = run.stderr.split('\n').filter((line) => line.startsWith('ssm-deploy:   '));
    expect(listed.sort()).toEqual([
      'ssm-deploy:    D c.txt (hidden from git status by --assume-unchanged)',
      'ssm-deploy:    M a.txt (hidden from git status by --assume-unchanged)',
      'ssm-deploy:    M b.txt (hidden from git status by --skip-worktree)',
      'ssm-deploy:    M link (hidden from git status by --skip-worktree)',
    ]);
    expect(run.stderr).toContain('4 tracked file(s) modified');
  });

  it('lets files marked --assume-unchanged or --skip-worktree through when they were not edited', () => {
    repos.commit({ 'a.txt': 'a', 'b.txt': 'b' });
    expect(deploy().status).toBe(0);
    git(repos.checkout, 'update-index', '--assume-unchanged', 'a.txt');
    git(repos.checkout, 'update-index', '--skip-worktree', 'b.txt');
    const target = repos.commit({ 'app.txt': 'v2' });
    const run = deploy();
    expect(run.stderr).not.toContain('hidden from git status');
    expect(run.status, run.ending).toBe(0);
    expect(head()).toBe(target);
  });

  it('ignores untracked files', () => {
    writeFileSync(join(repos.checkout, 'local.env'), 'SECRET=1');
    repos.commit({ 'app.txt': 'v2' });
    expect(deploy().status).toBe(0);
    expect(existsSync(join(repos.checkout, 'local.env'))).toBe(true);
  });
});

describe('refusing clearly', () => {
  it('when working-directory does not exist', () => {
    const run = deploy({ workingDirectory: join(repos.root, 'missing') });
    expect(run.status, run.ending).toBe(EXIT.workingDirectoryMissing);
    expect(run.stderr).toContain(`working-directory ${join(repos.root, 'missing')} does not exist`);
  });

  it('when working-directory is not a git checkout', () => {
    const plain = join(repos.root, 'plain');
    mkdirSync(plain);
    expect(deploy({ workingDirectory: plain }).status).toBe(EXIT.notACheckout);
  });

  it('when the commit has no deploy-script, before the checkout moves', () => {
    const before = head();
    git(repos.author, 'rm', '--quiet', 'deploy.sh');
    repos.commit({ 'app.txt': 'no script' });
    const run = deploy();
    expect(run.status, run.ending).toBe(EXIT.deployScriptMissing);
    expect(run.stderr).toContain('deploy-script ./deploy.sh is not in commit');
    expect(head()).toBe(before);
  });

  it('when deploy-script is not executable', () => {
    repos.commit({ 'deploy.sh': '#!/bin/bash\necho hi\n' });
    const run = deploy();
    expect(run.status, run.ending).toBe(EXIT.deployScriptMissing);
    expect(run.stderr).toContain('is not executable');
  });

  it('when run-as is not a user of the instance', () => {
    const run = deploy({ runAs: 'no-such-user' });
    expect(run.status, run.ending).toBe(EXIT.runAsMissing);
    expect(run.stderr).toContain('the run-as user no-such-user does not exist');
  });
});

describe('the environment deploy-script gets', () => {
  it('has the env values, the deploy variables and a sane environment of its own', () => {
    const record = join(repos.root, 'record.txt');
    const previous = head();
    const target = repos.commit(
      { 'deploy.sh': `${recordingDeploySh(record)}echo "A=$A" >> ${record}\n` },
      { executable: ['deploy.sh'] },
    );
    const run = deploy({ env: [{ name: 'A', value: 'line one\nline "two" $(not run)' }] });
    expect(run.status, run.ending).toBe(0);
    const seen = readRecord(record);
    expect(seen).toMatchObject({
      user: 'root',
      home: '/root',
      pwd: repos.checkout,
      sha: target,
      previous,
      ref: 'main',
      rollback: '0',
    });
    expect(seen.path).toContain('/usr/local/bin');
    expect(readFileSync(record, 'utf8')).toContain('A=line one\nline "two" $(not run)\n');
  });

  it.skipIf(!IS_ROOT)(
    'runs git and deploy-script as the owner of the checkout, with its HOME',
    needsRoot('hands the checkout to another Unix user (chown) and runs as that user'),
    () => {
      const record = join(repos.root, 'record.txt');
      writeFileSync(record, '');
      chownTree(record, NOBODY.uid, NOBODY.gid);
      repos.commit({ 'deploy.sh': recordingDeploySh(record) }, { executable: ['deploy.sh'] });
      chownTree(repos.origin, NOBODY.uid, NOBODY.gid);
      chownTree(repos.checkout, NOBODY.uid, NOBODY.gid);
      const run = deploy();
      expect(run.stderr).not.toContain('dubious ownership');
      expect(run.status, run.ending).toBe(0);
      expect(readRecord(record)).toMatchObject({ user: 'nobody', home: '/nonexistent' });
      // git ran as nobody too: nothing it wrote in the checkout belongs to root.
      const owners = spawnSync('find', [repos.checkout, '-not', '-user', 'nobody'], {
        encoding: 'utf8',
      });
      expect(owners.stdout.trim()).toBe('');
    },
  );
});

describe('one deploy at a time', () => {
  it('gives up with its own code when another deploy holds the lock for too long', () => {
    const lock = lockFileOf(repos.root, repos.checkout);
    const holder = holdLock(lock);
    waitUntilLocked(lock);
    const run = deploy({ timeoutSeconds: 5 });
    holder.kill('SIGKILL');
    expect(run.status, run.ending).toBe(EXIT.lockTimeout);
    expect(run.stdout).toContain('another deploy is running');
  });

  it('queues behind a running deploy and then succeeds', async () => {
    const script = buildScript(options({ deployScript: './slow.sh', env: [] }));
    repos.commit(
      { 'slow.sh': '#!/bin/bash\nsleep 2\necho slow done\n' },
      { executable: ['slow.sh'] },
    );
    const first = runAsync(script);
    waitUntilLocked(lockFileOf(repos.root, repos.checkout));
    const second = runScript(repos.root, script);
    const firstResult = await first;
    expect(firstResult.status).toBe(0);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('another deploy is running');
  });

  it('is not held by a process deploy-script leaves running', () => {
    const pidFile = join(repos.root, 'daemon.pid');
    PID_FILES.push(pidFile);
    repos.commit(
      { 'deploy.sh': `#!/bin/bash\nnohup sleep 60 >/dev/null 2>&1 &\necho $! >> ${pidFile}\n` },
      { executable: ['deploy.sh'] },
    );
    const first = deploy();
    expect(first.status, first.ending).toBe(0);
    expect(existsSync(pidFile)).toBe(true);
    const again = deploy({ timeoutSeconds: 5 });
    expect(again.status, again.ending).toBe(0);
    expect(again.stdout).not.toContain('another deploy is running');
  });
});

describe('the lock cannot be turned against root', () => {
  it.skipIf(!IS_ROOT)(
    'a symlink the run-as user plants in the checkout (where the lock once was) makes no file',
    needsRoot('hands the checkout to another Unix user (chown) and runs as that user'),
    () => {
      repos.commit({ 'deploy.sh': '#!/bin/bash\necho deployed\n' }, { executable: ['deploy.sh'] });
      chownTree(repos.origin, NOBODY.uid, NOBODY.gid);
      chownTree(repos.checkout, NOBODY.uid, NOBODY.gid);
      // What a deploy.sh running as nobody can do: point the old lock path anywhere, say at a
      // file whose mere existence stops logins.
      const target = join(repos.root, 'nologin');
      const planted = join(repos.checkout, '.git', 'ssm-deploy.lock');
      symlinkSync(target, planted);
      lchownSync(planted, NOBODY.uid, NOBODY.gid);

      const run = deploy();
      expect(run.status, run.stderr).toBe(0);
      expect(existsSync(target)).toBe(false);
      // The lock the deploy took is root's, outside the checkout.
      expect(lstatSync(lockFileOf(repos.root, repos.checkout)).uid).toBe(0);
    },
  );

  it.skipIf(!ISOLATED_RUN || !IS_ROOT)(
    'refuses a lock directory that is a symlink, or that others may write to, and makes nothing through it',
    needsRoot('gives the lock directory to another Unix user (chown)'),
    () => {
      const lockDir = join(runDirOf(repos.root), 'ssm-deploy');
      const elsewhere = join(repos.root, 'elsewhere');
      mkdirSync(elsewhere);
      symlinkSync(elsewhere, lockDir);
      const viaLink = deploy();
      expect(viaLink.status).toBe(EXIT.lockUnsafe);
      expect(viaLink.stderr).toContain(
        'the lock directory /run/ssm-deploy is not a directory only root can write to; remove it (the next deploy makes it anew)',
      );
      expect(spawnSync('ls', ['-A', elsewhere], { encoding: 'utf8' }).stdout).toBe('');

      rmSync(lockDir);
      mkdirSync(lockDir, { mode: 0o777 });
      spawnSync('chmod', ['0777', lockDir]);
      expect(deploy().status).toBe(EXIT.lockUnsafe);

      spawnSync('chmod', ['0700', lockDir]);
      chownSync(lockDir, NOBODY.uid, NOBODY.gid);
      expect(deploy().status).toBe(EXIT.lockUnsafe);

      chownSync(lockDir, 0, 0);
      expect(deploy().status).toBe(0);
    },
  );

  it.skipIf(!ISOLATED_RUN)(
    'refuses a /run that others may write to, where anyone could take the lock directory first',
    { meta: { skipReason: 'needs a mount namespace (root, or unprivileged user namespaces)' } },
    () => {
      spawnSync('chmod', ['1777', runDirOf(repos.root)]);
      const run = deploy();
      expect(run.status, run.ending).toBe(EXIT.lockUnsafe);
      expect(run.stderr).toContain(
        '/run is not a directory only root can write to, so the deploy lock cannot be kept there safely',
      );
      expect(existsSync(join(runDirOf(repos.root), 'ssm-deploy'))).toBe(false);
    },
  );

  it('is the same lock for the checkout however it is reached', () => {
    const lock = lockFileOf(repos.root, repos.checkout);
    const holder = holdLock(lock);
    waitUntilLocked(lock);
    const link = join(repos.root, 'current');
    symlinkSync(repos.checkout, link);
    const run = deploy({ workingDirectory: link, timeoutSeconds: 5 });
    holder.kill('SIGKILL');
    expect(run.status, run.ending).toBe(EXIT.lockTimeout);
  });
});

describe('deploy-script failing', () => {
  it('passes its exit code through and leaves the checkout at the new commit', () => {
    const target = repos.commit(
      { 'deploy.sh': '#!/bin/bash\necho broken >&2\nexit 3\n' },
      { executable: ['deploy.sh'] },
    );
    const run = deploy();
    expect(run.status, run.ending).toBe(3);
    expect(head()).toBe(target);
    expect(run.markers).toMatchObject({ deployed: target, scriptExit: 3, exit: 3 });
  });

  it('reports an exit code in the reserved range as 210, with its own code in the output', () => {
    repos.commit(
      { 'deploy.sh': `#!/bin/bash\nexit ${EXIT.lockTimeout}\n` },
      { executable: ['deploy.sh'] },
    );
    const run = deploy();
    expect(run.status, run.ending).toBe(EXIT.scriptReservedCode);
    expect(run.markers.scriptExit).toBe(EXIT.lockTimeout);
  });

  it('reports a deploy-script killed with SIGKILL as 223, not as a time-out', () => {
    repos.commit({ 'deploy.sh': '#!/bin/bash\nkill -9 $$\n' }, { executable: ['deploy.sh'] });
    const run = deploy();
    expect(run.status, run.ending).toBe(EXIT.deployScriptKilled);
    expect(run.markers.scriptExit).toBe(137);
  });

  it('rolls back to the commit it had and runs deploy-script again, when asked', () => {
    const record = join(repos.root, 'runs.txt');
    const previous = repos.commit(
      { 'deploy.sh': `#!/bin/bash\necho "ok $SSM_DEPLOY_ROLLBACK" >> ${record}\n` },
      { executable: ['deploy.sh'] },
    );
    expect(deploy().status).toBe(0);
    repos.commit(
      { 'deploy.sh': `#!/bin/bash\necho "broken" >> ${record}\nexit 4\n` },
      { executable: ['deploy.sh'] },
    );
    const run = deploy({ rollbackOnFailure: true });
    expect(run.status, run.ending).toBe(EXIT.rolledBack);
    expect(head()).toBe(previous);
    expect(run.markers).toMatchObject({
      before: previous,
      scriptExit: 4,
      rolledBack: previous,
      rollbackExit: 0,
      stage: 'rollback',
    });
    expect(readFileSync(record, 'utf8')).toBe('ok 0\nbroken\nok 1\n');
  });

  it('says so when the rollback fails too', () => {
    repos.commit({ 'deploy.sh': '#!/bin/bash\nexit 5\n' }, { executable: ['deploy.sh'] });
    git(repos.checkout, 'fetch', '--quiet', 'origin');
    git(repos.checkout, 'checkout', '--quiet', '--detach', 'origin/main');
    repos.commit({ 'deploy.sh': '#!/bin/bash\nexit 6\n' }, { executable: ['deploy.sh'] });
    const run = deploy({ rollbackOnFailure: true });
    expect(run.status, run.ending).toBe(EXIT.rollbackFailed);
    expect(run.markers).toMatchObject({ scriptExit: 6, rollbackExit: 5 });
  });

  it('does not roll back when the checkout had no earlier commit to go back to', () => {
    const target = repos.commit(
      { 'deploy.sh': '#!/bin/bash\nexit 7\n' },
      { executable: ['deploy.sh'] },
    );
    git(repos.checkout, 'fetch', '--quiet', 'origin');
    git(repos.checkout, 'checkout', '--quiet', '--detach', target);
    const run = deploy({ rollbackOnFailure: true });
    expect(run.status, run.ending).toBe(7);
    expect(run.stderr).toContain('no rollback');
  });
});

describe('git-pull: false', () => {
  it('runs deploy-script on the checkout as it is and reports the commit it left', () => {
    const before = head();
    const target = repos.commit({ 'app.txt': 'v2' });
    writeFileSync(
      join(repos.checkout, 'deploy.sh'),
      '#!/bin/bash\ngit fetch --quiet origin && git checkout --quiet --detach origin/main\n',
    );
    const run = deploy({ gitPull: false });
    expect(run.status, run.ending).toBe(0);
    expect(run.markers).toMatchObject({ before, deployed: target });
  });
});

function holdLock(file: string): ChildProcess {
  // The directory as the script makes it: only root may write to it.
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // One process that takes the lock and then becomes `sleep`: killing it frees the lock and
  // leaves nothing behind.
  const child = spawn('bash', ['-c', 'exec 9>>"$1"; flock 9; exec sleep 30', 'hold', file], {
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

/**
 * Returns once another process holds the lock on `file`, so that a test never depends on how soon
 * a process it started gets there on a busy machine.
 */
function waitUntilLocked(file: string): void {
  const conflict = 75;
  const deadline = Date.now() + 20_000;
  while (spawnSync('flock', ['-n', '-E', String(conflict), file, 'true']).status !== conflict) {
    if (Date.now() > deadline) throw new Error(`nothing took the lock on ${file}`);
    spawnSync('sleep', ['0.02']);
  }
}

function runAsync(script: string): Promise<{ status: number | null }> {
  const file = join(repos.root, 'first.sh');
  writeFileSync(file, script, { mode: 0o700 });
  const { command, args } = agentCommand(repos.root, file);
  const child = spawn(command, args, { env: { PATH: '/usr/bin:/bin' }, stdio: 'ignore' });
  children.push(child);
  return new Promise((resolve) => {
    child.on('exit', (status) => {
      rmSync(file, { force: true });
      resolve({ status });
    });
  });
}
