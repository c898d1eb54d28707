// The app the deploy benchmarks ship: a bare `origin` repository on this machine and a checkout of
// it that each instance gets a copy of at /srv/app, as if it had been cloned there. Its deploy.sh
// sleeps for BENCH_SLEEP seconds (passed through the action's `env` input), which is how long a
// benchmark's deploy takes on the instance.
//
// The checkout belongs to `nobody`, so git and deploy.sh run as an unprivileged user, as they
// would as an app's deploy user. (As root they would also run root's login profile here, which on
// a development machine can cost more than the rest of the remote script together.)

import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Instance } from '../../sandbox/index.js';
import { scratchDir } from './scratch.js';

export const WORKING_DIRECTORY = '/srv/app';

/** `nobody`, present on every Linux system: the owner of the checkouts. */
const OWNER = { uid: 65534, gid: 65534 };

function chownTree(path: string): void {
  chownSync(path, OWNER.uid, OWNER.gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child);
    else chownSync(child, OWNER.uid, OWNER.gid);
  }
}

const GIT_ENV = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/nonexistent',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

const DEPLOY_SH = `#!/bin/bash
# The benchmark's deploy: as long as BENCH_SLEEP says.
sleep "\${BENCH_SLEEP:-0}"
echo "deployed $(git rev-parse --short HEAD)"
`;

export interface App {
  /** The commit to deploy (origin's main). */
  readonly sha: string;
  /** Gives an instance its checkout at /srv/app. */
  install(instance: Instance): void;
  /** Removes origin and the template checkout. */
  cleanup(): void;
}

export function createApp(): App {
  const root = mkdtempSync(join(scratchDir(), 'ssm-deploy-bench-app-'));
  // The instances' scripts run as root, but git and deploy.sh may run as the checkout's owner.
  chmodSync(root, 0o755);
  const origin = join(root, 'origin.git');
  const template = join(root, 'checkout');
  // No template (hook samples and the like) and, below, one pack: each instance copies the
  // checkout, and a fleet is a thousand of them.
  git(root, 'init', '--quiet', '--template=', '--bare', '--initial-branch=main', origin);
  git(root, 'init', '--quiet', '--template=', '--initial-branch=main', template);
  writeFileSync(join(template, 'deploy.sh'), DEPLOY_SH);
  chmodSync(join(template, 'deploy.sh'), 0o755);
  writeFileSync(join(template, 'README'), 'The app the benchmarks deploy.\n');
  git(template, 'add', '.');
  git(template, 'commit', '--quiet', '-m', 'The app');
  git(template, 'remote', 'add', 'origin', origin);
  git(template, 'push', '--quiet', 'origin', 'main');
  git(template, 'branch', '--quiet', '--set-upstream-to=origin/main');
  const sha = git(template, 'rev-parse', 'HEAD');
  git(template, 'repack', '-adq');
  git(template, 'prune-packed');
  rmSync(join(template, '.git', 'logs'), { recursive: true, force: true });
  chownTree(template);
  // The checkout's owner fetches the allowed branch from origin as well: git refuses a repository
  // another user owns, so origin is the same user's, as a server's clone would be to it.
  chownTree(origin);
  return {
    sha,
    install: (instance) => {
      const target = instance.path(WORKING_DIRECTORY);
      cpSync(template, target, { recursive: true });
      chownTree(target);
    },
    cleanup: () => {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
