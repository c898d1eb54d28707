// What the runner tells a step about the repository beyond the `GITHUB_*` variables: the event
// payload it writes to `GITHUB_EVENT_PATH` carries `repository.default_branch` for every event
// that concerns a repository.

import { readFileSync } from 'node:fs';
import type { Environment } from './inputs/declared.js';

/** The repository's default branch from the event payload, or undefined when it does not say. */
export function eventDefaultBranch(env: Environment): string | undefined {
  const path = env.GITHUB_EVENT_PATH;
  if (path === undefined || path === '') return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  const branch = (payload as { repository?: { default_branch?: unknown } } | null)?.repository
    ?.default_branch;
  return typeof branch === 'string' && branch !== '' ? branch : undefined;
}

/** The branch the run started from (`GITHUB_REF` `refs/heads/…`), if it started from one. */
export function runBranch(env: Environment): string | undefined {
  const ref = env.GITHUB_REF ?? '';
  return ref.startsWith('refs/heads/') && ref.length > 'refs/heads/'.length
    ? ref.slice('refs/heads/'.length)
    : undefined;
}
