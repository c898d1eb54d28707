// A small world to deploy to, shared by `npm run demo` and the CI fixture: a git origin, a
// developer's clone that pushes releases, and instances holding their own clone of the origin.

import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from './index.js';

export const WORKING_DIRECTORY = '/srv/app';

/** The app's own deploy script: run on each instance once the checkout is at the new commit. */
export const DEPLOY_SH = `#!/usr/bin/env bash
set -euo pipefail
echo "deploying $(git rev-parse --short HEAD) as $(id -un) in $PWD"
echo "release: $(cat VERSION)"
cp VERSION /srv/app-current-release
echo "done"
`;

export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Demo', '-c', 'user.email=demo@example.test', ...args],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

export interface Repository {
  /** The bare origin every checkout fetches from. */
  readonly origin: string;
  /** A developer's clone, which commits and pushes releases. */
  readonly developer: string;
}

/** A bare origin and a developer's clone with the app (VERSION 1.0.0) and its deploy.sh. */
export function createRepository(work: string, deploySh: string = DEPLOY_SH): Repository {
  const origin = join(work, 'origin.git');
  const developer = join(work, 'developer');
  git(work, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  git(work, 'clone', '--quiet', origin, developer);
  writeFileSync(join(developer, 'VERSION'), '1.0.0\n');
  writeFileSync(join(developer, 'deploy.sh'), deploySh);
  chmodSync(join(developer, 'deploy.sh'), 0o755);
  git(developer, 'add', '.');
  git(developer, 'commit', '--quiet', '-m', 'First release');
  git(developer, 'push', '--quiet', 'origin', 'HEAD:main');
  return { origin, developer };
}

/** Commits a new VERSION and pushes it to main; returns the new commit. */
export function pushRelease(repository: Repository, version: string): string {
  writeFileSync(join(repository.developer, 'VERSION'), `${version}\n`);
  git(repository.developer, 'commit', '--quiet', '-am', `Release ${version}`);
  git(repository.developer, 'push', '--quiet', 'origin', 'HEAD:main');
  return git(repository.developer, 'rev-parse', 'HEAD');
}

/** Instances with the given names and tags, each with its own clone of the origin at /srv/app. */
export function createInstances(
  sandbox: Sandbox,
  repository: Repository,
  names: readonly string[],
  tags: Readonly<Record<string, string>>,
): string[] {
  return names.map((name) => {
    const instance = sandbox.addInstance({ name, tags });
    git(sandbox.dir, 'clone', '--quiet', repository.origin, instance.path(WORKING_DIRECTORY));
    return instance.id;
  });
}
