// Who the remote script runs git and deploy-script as, and what it refuses: run for real in bash
// against a real checkout. A symlink in working-directory must not make root the user, and nothing
// that runs may be writable by a user other than the one it runs as (root excepted).

import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  lchownSync,
  mkdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { realpathSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/deploy/protocol.js';
import { buildScript, type ScriptOptions } from '../../src/deploy/script.js';
import { needsRoot } from '../helpers/needs-root.js';
import {
  ISOLATED_RUN,
  IS_ROOT,
  agentCommand,
  chownTree,
  createRepos,
  git,
  runScript,
  type Repos,
} from './fixtures/git.js';

const NONCE = 'a1b2c3d4e5f6';
const NOBODY = { uid: 65534, gid: 65534 };
// A second unprivileged user that every Debian/Ubuntu system has.
const DAEMON = { uid: 1, gid: 1 };

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
    timeoutSeconds: 60,
    rollbackOnFailure: false,
    nonce: NONCE,
    ...overrides,
  };
}

function deploy(overrides: Partial<ScriptOptions> = {}) {
  return runScript(repos.root, buildScript(options(overrides)));
}

/** deploy.sh that writes the user it ran as into `record` (outside the checkout). */
function whoamiDeploySh(record: string): string {
  return `#!/bin/bash\nid -un > ${record}\n`;
}

/** A file every user may write to, where deploy.sh and hooks write who they ran as. */
function recordFile(): string {
  const record = join(repos.root, 'record.txt');
  writeFileSync(record, '');
  chmodSync(record, 0o666);
  return record;
}

/** The checkout moved to a release directory, with a root-made symlink where it was. */
function symlinkedCheckout(): { link: string; real: string } {
  const releases = join(repos.root, 'releases');
  mkdirSync(releases, { mode: 0o755 });
  const real = join(releases, 'app');
  renameSync(repos.checkout, real);
  symlinkSync(real, repos.checkout);
  return { link: repos.checkout, real };
}

describe.skipIf(!IS_ROOT)(
  'a symlinked working-directory (root-made link, checkout of nobody)',
  () => {
    it('runs git and deploy-script as the owner of the real checkout, and says why', () => {
      const record = recordFile();
      const target = repos.commit(
        { 'deploy.sh': whoamiDeploySh(record) },
        { executable: ['deploy.sh'] },
      );
      const { link, real } = symlinkedCheckout();
      chownTree(real, NOBODY.uid, NOBODY.gid);
      chownTree(repos.origin, NOBODY.uid, NOBODY.gid);

      const run = deploy({ workingDirectory: link });
      expect(run.stderr).not.toContain('refusing');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(
        `ssm-deploy: deploying in ${link} as nobody (the owner of ${real}, where ${link} leads)`,
      );
      expect(readFileSync(record, 'utf8')).toBe('nobody\n');
      expect(readFileSync(join(real, '.git', 'HEAD'), 'utf8')).toBe(`${target}\n`);
      const notNobody = spawnSync('find', [real, '-not', '-user', 'nobody'], { encoding: 'utf8' });
      expect(notNobody.stdout.trim()).toBe('');
    });

    it('with git-pull false, runs deploy-script as that owner too, not as root', () => {
      const record = recordFile();
      writeFileSync(join(repos.checkout, 'deploy.sh'), whoamiDeploySh(record));
      const { link, real } = symlinkedCheckout();
      chownTree(real, NOBODY.uid, NOBODY.gid);

      const run = deploy({ workingDirectory: link, gitPull: false });
      expect(run.status).toBe(0);
      expect(readFileSync(record, 'utf8')).toBe('nobody\n');
    });

    it('a hook that user plants runs as that user, never as root', () => {
      const record = recordFile();
      const { link, real } = symlinkedCheckout();
      const hook = join(real, '.git', 'hooks', 'post-checkout');
      writeFileSync(hook, `#!/bin/bash\nid -un >> ${record}\n`, { mode: 0o755 });
      repos.commit({ 'app.txt': 'v2' });
      chownTree(real, NOBODY.uid, NOBODY.gid);
      chownTree(repos.origin, NOBODY.uid, NOBODY.gid);

      const run = deploy({ workingDirectory: link });
      expect(run.status).toBe(0);
      expect(readFileSync(record, 'utf8')).toBe('nobody\n');
    });
  },
);

describe.skipIf(!IS_ROOT)('refusing what another user could write (exit 225)', () => {
  it('run-as root over a checkout another user owns: nothing runs, the files are named', () => {
    const record = recordFile();
    writeFileSync(join(repos.checkout, 'deploy.sh'), whoamiDeploySh(record));
    chownTree(repos.checkout, NOBODY.uid, NOBODY.gid);
    for (const gitPull of [true, false]) {
      const run = deploy({ runAs: 'root', gitPull });
      expect(run.status).toBe(EXIT.runAsUnsafe);
      expect(run.stdout).toContain(`deploying in ${repos.checkout} as root (run-as)`);
      expect(run.stderr).toContain(
        'refusing to run as root: users other than root can write to what would run:',
      );
      expect(run.stderr).toContain(`  ${repos.checkout} (owned by nobody)`);
      expect(run.stderr).toContain(`  ${repos.checkout}/.git (owned by nobody)`);
      expect(readFileSync(record, 'utf8')).toBe('');
    }
  });

  it('a hook another user owns, in root’s checkout: refused before git runs it', () => {
    const record = recordFile();
    const hook = join(repos.checkout, '.git', 'hooks', 'post-checkout');
    writeFileSync(hook, `#!/bin/bash\nid -un >> ${record}\n`, { mode: 0o755 });
    chownSync(hook, NOBODY.uid, NOBODY.gid);
    const before = git(repos.checkout, 'rev-parse', 'HEAD');
    repos.commit({ 'app.txt': 'v2' });

    const run = deploy();
    expect(run.status).toBe(EXIT.runAsUnsafe);
    expect(run.stderr).toContain(`  ${hook} (owned by nobody)`);
    expect(readFileSync(record, 'utf8')).toBe('');
    expect(git(repos.checkout, 'rev-parse', 'HEAD')).toBe(before);
  });

  it('a hook that is a symlink to a file another user owns is judged where it points', () => {
    const elsewhere = join(repos.root, 'hook');
    writeFileSync(elsewhere, '#!/bin/bash\n', { mode: 0o755 });
    chownSync(elsewhere, DAEMON.uid, DAEMON.gid);
    const hook = join(repos.checkout, '.git', 'hooks', 'post-checkout');
    symlinkSync(elsewhere, hook);
    lchownSync(hook, 0, 0);

    const run = deploy();
    expect(run.status).toBe(EXIT.runAsUnsafe);
    expect(run.stderr).toContain(`  ${hook} -> ${elsewhere} (owned by daemon)`);
  });

  it('a hooks directory every user may write to', () => {
    chmodSync(join(repos.checkout, '.git', 'hooks'), 0o777);
    const run = deploy();
    expect(run.status).toBe(EXIT.runAsUnsafe);
    expect(run.stderr).toContain(`  ${repos.checkout}/.git/hooks (writable by every user)`);
  });

  it('git config writable by a group with other members', () => {
    const config = join(repos.checkout, '.git', 'config');
    chownSync(config, 0, NOBODY.gid);
    chmodSync(config, 0o664);
    const run = deploy();
    expect(run.status).toBe(EXIT.runAsUnsafe);
    expect(run.stderr).toMatch(
      new RegExp(`  ${config} \\(writable by group nogroup, which has [^)]*nobody`),
    );
  });

  it('a group-writable checkout is fine when the group is run-as’s alone', () => {
    chmodSync(repos.checkout, 0o775);
    const run = deploy();
    expect(run.stderr).not.toContain('refusing');
    expect(run.status).toBe(0);
  });

  it('a config file git includes, and core.hooksPath, owned by another user', () => {
    const included = join(repos.root, 'included.gitconfig');
    writeFileSync(included, '[core]\n\tfilemode = true\n');
    chownSync(included, DAEMON.uid, DAEMON.gid);
    git(repos.checkout, 'config', 'include.path', included);
    const hooks = join(repos.root, 'hooks');
    mkdirSync(hooks, { mode: 0o755 });
    chownSync(hooks, NOBODY.uid, NOBODY.gid);
    git(repos.checkout, 'config', 'core.hooksPath', hooks);

    const run = deploy();
    expect(run.status).toBe(EXIT.runAsUnsafe);
    expect(run.stderr).toContain(`  ${included} (owned by daemon)`);
    expect(run.stderr).toContain(`  ${hooks} (owned by nobody)`);
  });

  it('core.hooksPath as git reads it: the last value set, wherever it is set', () => {
    const theirs = join(repos.root, 'their-hooks');
    mkdirSync(theirs, { mode: 0o755 });
    chownSync(theirs, NOBODY.uid, NOBODY.gid);
    const mine = join(repos.root, 'my-hooks');
    mkdirSync(mine, { mode: 0o755 });
    const included = join(repos.root, 'included.gitconfig');
    writeFileSync(included, `[core]\n\thooksPath = ${theirs}\n`);
    const config = join(repos.checkout, '.git', 'config');
    const original = readFileSync(config, 'utf8');
    // Set first, then overridden: git never runs what is in it.
    writeFileSync(
      config,
      `${original}[include]\n\tpath = ${included}\n[core]\n\thooksPath = ${mine}\n`,
    );
    expect(git(repos.checkout, 'config', '--get', 'core.hooksPath')).toBe(mine);
    let run = deploy();
    expect(run.stderr).not.toContain('refusing');
    expect(run.status).toBe(0);

    // Set last: it is the one git would run.
    writeFileSync(
      config,
      `${original}[core]\n\thooksPath = ${mine}\n[include]\n\tpath = ${included}\n`,
    );
    expect(git(repos.checkout, 'config', '--get', 'core.hooksPath')).toBe(theirs);
    repos.commit({ 'app.txt': 'v3' });
    run = deploy();
    expect(run.status).toBe(EXIT.runAsUnsafe);
    expect(run.stderr).toContain(`  ${theirs} (owned by nobody)`);
  });

  it('a deploy-script another user may write, and the directory holding it', () => {
    const record = recordFile();
    repos.commit({ 'deploy.sh': whoamiDeploySh(record) }, { executable: ['deploy.sh'] });
    git(repos.checkout, 'pull', '--quiet', 'origin', 'main');
    chmodSync(join(repos.checkout, 'deploy.sh'), 0o777);
    let run = deploy({ gitPull: false });
    expect(run.status).toBe(EXIT.runAsUnsafe);
    expect(run.stderr).toContain(`  ${repos.checkout}/deploy.sh (writable by every user)`);
    expect(readFileSync(record, 'utf8')).toBe('');

    chmodSync(join(repos.checkout, 'deploy.sh'), 0o755);
    const bin = join(repos.checkout, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'deploy.sh'), whoamiDeploySh(record), { mode: 0o755 });
    chownSync(bin, DAEMON.uid, DAEMON.gid);
    run = deploy({ gitPull: false, deployScript: 'bin/deploy.sh' });
    expect(run.status).toBe(EXIT.runAsUnsafe);
    expect(run.stderr).toContain(`  ${bin} (owned by daemon)`);
    expect(readFileSync(record, 'utf8')).toBe('');
    expect(existsSync(join(bin, 'deploy.sh'))).toBe(true);
  });
});

/** The script's own PATH: where it would look for runuser and setpriv. */
const SCRIPT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * Runs the script as the agent would, on an instance without runuser and setpriv: an empty,
 * non-executable file is mounted over each (in a mount namespace of the run's own).
 */
function deployWithoutSwitchTools(overrides: Partial<ScriptOptions>) {
  const file = join(repos.root, 'script.sh');
  writeFileSync(file, buildScript(options(overrides)));
  chmodSync(file, 0o700);
  const blank = join(repos.root, 'blank');
  writeFileSync(blank, '');
  chmodSync(blank, 0o644);
  const tools = new Set<string>();
  for (const dir of SCRIPT_PATH)
    for (const tool of ['runuser', 'setpriv'])
      if (existsSync(join(dir, tool))) tools.add(realpathSync(join(dir, tool)));
  const agent = agentCommand(repos.root, file);
  const result = spawnSync(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      '/bin/sh',
      '-c',
      'blank=$1; shift; n=$1; shift; while [ "$n" -gt 0 ]; do mount --bind "$blank" "$1" || exit 99; shift; n=$((n-1)); done; exec "$@"',
      'hide',
      blank,
      String(tools.size),
      ...tools,
      agent.command,
      ...agent.args,
    ],
    { cwd: '/', env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!ISOLATED_RUN)('without runuser or setpriv (su is never used)', () => {
  it.skipIf(!IS_ROOT)(
    'refuses to switch to another user: exit 222 naming the tools and their package',
    needsRoot('hands the checkout to another Unix user (chown), and hides programs with mounts'),
    () => {
      const record = recordFile();
      repos.commit({ 'deploy.sh': whoamiDeploySh(record) }, { executable: ['deploy.sh'] });
      chownTree(repos.checkout, NOBODY.uid, NOBODY.gid);
      chownTree(repos.origin, NOBODY.uid, NOBODY.gid);
      const run = deployWithoutSwitchTools({});
      expect(run.status).toBe(EXIT.programMissing);
      expect(run.stderr).toContain(
        'running as nobody needs runuser or setpriv, and this instance has neither: install util-linux',
      );
      expect(readFileSync(record, 'utf8')).toBe('');
    },
  );

  it.skipIf(!IS_ROOT)(
    'runs as root, which needs no switch',
    needsRoot('hides runuser and setpriv with mounts over them'),
    () => {
      const record = recordFile();
      const target = repos.commit(
        { 'deploy.sh': whoamiDeploySh(record) },
        { executable: ['deploy.sh'] },
      );
      const run = deployWithoutSwitchTools({});
      expect(run.stderr).not.toContain('runuser');
      expect(run.status).toBe(0);
      expect(readFileSync(record, 'utf8')).toBe('root\n');
      expect(git(repos.checkout, 'rev-parse', 'HEAD')).toBe(target);
    },
  );
});

describe.skipIf(!IS_ROOT)('what else runs as run-as', () => {
  it('a linked worktree: the hooks of its common git directory are judged too', () => {
    const worktree = join(repos.root, 'worktree');
    git(repos.checkout, 'worktree', 'add', '--quiet', '--detach', worktree);
    const hook = join(repos.checkout, '.git', 'hooks', 'post-checkout');
    writeFileSync(hook, '#!/bin/bash\n', { mode: 0o755 });
    chownSync(hook, DAEMON.uid, DAEMON.gid);
    repos.commit({ 'app.txt': 'v2' });
    const run = deploy({ workingDirectory: worktree });
    expect(run.status).toBe(EXIT.runAsUnsafe);
    expect(run.stderr).toContain(`  ${hook} (owned by daemon)`);
  });

  it.skipIf(!ISOLATED_RUN)(
    'a profile of run-as that another user may write (the login shell of deploy-script reads it)',
    () => {
      // The script's root has this empty home over /root when the run is isolated.
      const home = join(repos.root, 'root-home');
      mkdirSync(home, { recursive: true, mode: 0o700 });
      const profile = join(home, '.bash_profile');
      writeFileSync(profile, '');
      chownSync(profile, NOBODY.uid, NOBODY.gid);
      const run = deploy();
      expect(run.status).toBe(EXIT.runAsUnsafe);
      expect(run.stderr).toContain('  /root/.bash_profile');
      expect(run.stderr).toContain('(owned by nobody)');
    },
  );
});

const STRACE = spawnSync('strace', ['-V']).status === 0;
describe.skipIf(!IS_ROOT || !STRACE)('how often the user is switched', () => {
  it('once for the whole deploy: the checks, the git steps, deploy-script', () => {
    repos.commit({ 'app.txt': 'v2' });
    chownTree(repos.checkout, NOBODY.uid, NOBODY.gid);
    chownTree(repos.origin, NOBODY.uid, NOBODY.gid);
    const trace = join(repos.root, 'execve.txt');
    const file = join(repos.root, 'script.sh');
    writeFileSync(file, buildScript(options({ allowedBranches: undefined })), { mode: 0o700 });
    const { command, args } = agentCommand(repos.root, file);
    const run = spawnSync(
      'strace',
      ['-f', '-qq', '-e', 'trace=execve', '-o', trace, command, ...args],
      { cwd: '/', env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.stderr).not.toContain('refusing');
    expect(run.status).toBe(0);
    const switches = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((line) => /execve\("[^"]*\/(runuser|setpriv)", .* = 0$/.test(line));
    expect(switches).toHaveLength(1);
  });
});
