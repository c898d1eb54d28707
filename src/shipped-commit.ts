// Which commit a deploy ships, decided once before anything is sent. An environment's branch
// rule checks the ref the run started from, not the commit the action ships, so a reviewer who
// approves "deploy from main" would otherwise approve whatever `ref` says: a pull request's head,
// or a commit no branch holds. So `ref` is resolved to one full SHA through the GitHub API (a
// branch name resolved on each instance could name another commit by then), and that commit must
// be reachable from one of the allowed branches (by default the repository's default branch).

import type { GitRef, ShippedCommit } from './config.js';
import { ActionError } from './errors.js';
import { clean } from './required-checks.js';

/** How `head` relates to `base`, as GitHub's compare endpoint says. */
export type Comparison = 'identical' | 'behind' | 'ahead' | 'diverged';

/** The reads this module makes, so tests can stand in for GitHub. */
export interface CommitsApi {
  defaultBranch(): Promise<string>;
  /** The full SHA `ref` names, or undefined when it names no commit. */
  resolve(ref: string): Promise<string | undefined>;
  /** How `sha` relates to `branch`; undefined when the branch does not exist. */
  compare(branch: string, sha: string): Promise<Comparison | undefined>;
}

const FULL_SHA = /^[0-9a-f]{40}$/;

export interface ShipOptions {
  readonly ref: GitRef;
  /** `allowed-branches`; undefined: the default branch. */
  readonly allowedBranches: readonly string[] | undefined;
  /** The default branch from the event payload, used when there is no token. */
  readonly eventDefaultBranch: string | undefined;
  /** Repository `owner/name`, for messages. */
  readonly repository: string;
}

export interface Shipped extends ShippedCommit {
  /** The default branch, when known; allowed branches beyond it are a deliberate override. */
  readonly defaultBranch: string | undefined;
}

/**
 * Resolves `ref` and checks where the commit comes from. `api` undefined (no github-token): only a
 * full SHA can be shipped (the inputs refuse a name), and its branches are left to the instance's
 * own check after it fetched them. Throws an `ActionError` naming the ref, the SHA and the
 * branches when the commit may not be shipped.
 */
export async function resolveShippedCommit(
  api: CommitsApi | undefined,
  options: ShipOptions,
): Promise<Shipped> {
  const given = options.ref.kind === 'sha' ? options.ref.sha : options.ref.name;
  const defaultBranch =
    api === undefined
      ? options.eventDefaultBranch
      : await read(() => api.defaultBranch(), `the default branch of ${options.repository}`);
  const allowedBranches =
    options.allowedBranches ?? (defaultBranch === undefined ? [] : [defaultBranch]);
  if (allowedBranches.length === 0)
    throw new ActionError(
      'The default branch of the repository is not known (no github-token, and the event payload does not name it), so no commit can be checked against it.',
      {
        hint: 'Set allowed-branches to the branches a shipped commit may come from, or github-token.',
      },
    );

  if (api === undefined) {
    if (options.ref.kind !== 'sha')
      throw new ActionError(
        `ref ${clean(given)} is not a full commit SHA, and there is no github-token to resolve it.`,
      );
    return {
      sha: options.ref.sha,
      given,
      allowedBranches,
      reachableFrom: undefined,
      defaultBranch,
    };
  }

  const sha = await read(() => api.resolve(given), `the commit ${clean(given)} names`);
  if (sha === undefined || !FULL_SHA.test(sha))
    throw new ActionError(
      `ref ${clean(given)} names no commit in ${options.repository}. Nothing was sent.`,
      { hint: 'Give a branch, a tag or a commit SHA that has been pushed to the repository.' },
    );
  const missing: string[] = [];
  for (const branch of allowedBranches) {
    const comparison = await read(
      () => api.compare(branch, sha),
      `whether ${sha} is on branch ${branch}`,
    );
    if (comparison === undefined) missing.push(branch);
    // The commit is the branch's tip or one of its ancestors.
    else if (comparison === 'identical' || comparison === 'behind')
      return { sha, given, allowedBranches, reachableFrom: branch, defaultBranch };
  }
  const none =
    missing.length === 0 ? '' : ` (${missing.join(', ')}: no such branch, or no common history)`;
  throw new ActionError(
    `ref ${clean(given)} is commit ${sha}, which is not reachable from ${allowedBranches.length === 1 ? 'the allowed branch' : 'any of the allowed branches'} ${allowedBranches.join(', ')}${none}. Nothing was sent.`,
    {
      hint: 'Only commits on an allowed branch ship: merge it first. allowed-branches names the branches a commit may come from (a hotfix branch on purpose); a pull request ref is never one.',
    },
  );
}

async function read<T>(call: () => Promise<T>, what: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    throw new ActionError(
      `Reading ${what} from GitHub failed${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${error instanceof Error ? error.message : String(error)}. Nothing was sent.`,
      {
        cause: error,
        hint: 'github-token must be able to read the repository: give the job `permissions: contents: read`.',
      },
    );
  }
}

type Request = (route: string, parameters: Record<string, unknown>) => Promise<{ data: unknown }>;

/** The reads through `@actions/github`'s Octokit, for `repository` (`owner/repo`). */
export async function octokitCommits(token: string, repository: string): Promise<CommitsApi> {
  const { getOctokit } = await import('@actions/github');
  const request = getOctokit(token).request as unknown as Request;
  const [owner = '', repo = ''] = repository.split('/');
  return {
    defaultBranch: async () => {
      const { data } = await request('GET /repos/{owner}/{repo}', { owner, repo });
      const branch = (data as { default_branch?: unknown }).default_branch;
      if (typeof branch !== 'string' || branch === '')
        throw new Error('GitHub named no default branch');
      return branch;
    },
    resolve: async (ref) => {
      try {
        const { data } = await request('GET /repos/{owner}/{repo}/commits/{ref}', {
          owner,
          repo,
          ref,
          // Only the SHA is read; one file of the diff is the least GitHub sends.
          per_page: 1,
        });
        const sha = (data as { sha?: unknown }).sha;
        return typeof sha === 'string' ? sha : undefined;
      } catch (error) {
        // GitHub's answers for a ref that names no commit.
        const status = (error as { status?: unknown }).status;
        if (status === 404 || status === 422) return undefined;
        throw error;
      }
    },
    compare: async (branch, sha) => {
      try {
        const { data } = await request('GET /repos/{owner}/{repo}/compare/{basehead}', {
          owner,
          repo,
          basehead: `${branch}...${sha}`,
          per_page: 1,
        });
        const status = (data as { status?: unknown }).status;
        if (
          status === 'identical' ||
          status === 'behind' ||
          status === 'ahead' ||
          status === 'diverged'
        )
          return status;
        throw new Error(`GitHub compared ${branch} with ${sha} as ${JSON.stringify(status)}`);
      } catch (error) {
        if ((error as { status?: unknown }).status === 404) return undefined;
        throw error;
      }
    },
  };
}
