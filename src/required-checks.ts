// Which checks of the commit must not have failed before a GitHub Deployment is created, and
// whether they have. GitHub's own rule (a deployment request without `required_contexts`) wants
// every check reported on the commit to have passed, including the still-running check of the
// very job that is deploying, so it refuses every deploy made from inside a workflow. The action
// decides instead: by default the checks the branch's rulesets and branch protection require,
// none of which may have completed with a failure (one still running is not waited for: the
// merge into the branch already waited); then it creates the deployment with
// `required_contexts: []`, since the checking is done.

import type { RequiredChecks } from './config.js';
import { ActionError } from './errors.js';

/** A check as the commit reports it: a check run by name, or a commit status by context. */
export interface CommitCheck {
  readonly name: string;
  /** `passed`: success, neutral or skipped; `failed`: any other conclusion or state. */
  readonly outcome: 'passed' | 'failed' | 'pending';
  /** GitHub's word for it (`failure`, `timed_out`, `in_progress`…), for messages. */
  readonly detail: string;
}

/** What branch protection says, or why it could not be read. */
export type ProtectionChecks =
  | { readonly kind: 'checks'; readonly names: readonly string[] }
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** The reads this module makes, so tests can stand in for GitHub. */
export interface ChecksApi {
  /** Names of the `required_status_checks` rules of the rulesets active on `branch`. */
  rulesetChecks(branch: string): Promise<readonly string[]>;
  protectionChecks(branch: string): Promise<ProtectionChecks>;
  /** Every check run (latest of each name) and commit status (latest of each context). */
  commitChecks(sha: string): Promise<readonly CommitCheck[]>;
}

export type ChecksVerdict =
  | { readonly kind: 'waived' }
  | {
      readonly kind: 'ok';
      /** What was checked, for the log. */
      readonly required: string;
      /** Required checks not finished (or not reported), not waited for. */
      readonly pending: readonly string[];
      /** What could not be read, and what was done instead. */
      readonly notes: readonly string[];
    };

/** A refusal lists at most this many checks, then says how many more. */
const SHOWN_MAX = 10;

/**
 * Checks the commit `sha` against `checks` for the deployment; throws an `ActionError` naming the
 * failed checks (nothing has been sent yet) or returns what was checked. `branches`: the branches
 * whose required checks apply (empty when none is known: then every check on the commit counts).
 */
export async function verifyChecks(
  api: ChecksApi,
  sha: string,
  checks: RequiredChecks,
  branches: readonly string[],
): Promise<ChecksVerdict> {
  if (checks.kind === 'none') return { kind: 'waived' };
  if (checks.kind === 'named') return verifyNamed(api, sha, checks.names);

  const notes: string[] = [];
  const required = new Set<string>();
  let everyCheck = branches.length === 0;
  if (everyCheck)
    notes.push(
      'No branch is known for the commit, so every check reported on it counts as required.',
    );
  for (const branch of branches) {
    const [rules, protection] = await Promise.all([
      readOrExplain(() => api.rulesetChecks(branch), `the rulesets of branch ${branch}`),
      readOrExplain(() => api.protectionChecks(branch), `the branch protection of ${branch}`),
    ]);
    for (const name of rules) required.add(name);
    if (protection.kind === 'checks') for (const name of protection.names) required.add(name);
    if (protection.kind === 'unreadable') {
      everyCheck = true;
      notes.push(
        `The branch protection of ${branch} could not be read (${protection.reason}), so every check reported on the commit counts as required.`,
      );
    }
  }
  if (!everyCheck && required.size === 0)
    return { kind: 'ok', required: 'no required checks', pending: [], notes };

  const reported = await readOrExplain(() => api.commitChecks(sha), `the checks of ${sha}`);
  const byName = summarise(reported);
  const names = everyCheck ? [...new Set([...required, ...byName.keys()])] : [...required];
  const failed = names.filter((name) => byName.get(name)?.outcome === 'failed');
  if (failed.length > 0)
    throw new ActionError(
      `The commit ${sha} has required checks that failed: ${list(failed, byName)}. Nothing was deployed.`,
      {
        hint: 'Deploy a commit whose checks passed, or run them again. required-checks can name the checks that must pass instead, or be none to deploy whatever they say.',
      },
    );
  return {
    kind: 'ok',
    required: everyCheck
      ? 'every check reported on the commit'
      : `the required checks of ${branches.join(', ')}`,
    pending: names.filter((name) => byName.get(name)?.outcome !== 'passed'),
    notes,
  };
}

/**
 * `required-checks` names them: each must have completed and passed. The workflow chose them
 * (its CI jobs, which it can make this job wait for with `needs:`), so one still running or never
 * reported is refused too, as GitHub's own `required_contexts` did.
 */
async function verifyNamed(
  api: ChecksApi,
  sha: string,
  names: readonly string[],
): Promise<ChecksVerdict> {
  const byName = summarise(
    await readOrExplain(() => api.commitChecks(sha), `the checks of ${sha}`),
  );
  const notPassed = names.filter((name) => byName.get(name)?.outcome !== 'passed');
  if (notPassed.length > 0)
    throw new ActionError(
      `The commit ${sha} has checks named in required-checks that have not passed: ${list(notPassed, byName)}. Nothing was deployed.`,
      {
        hint: 'Deploy once they pass (make this job wait for them with needs:), or name other checks in required-checks.',
      },
    );
  return { kind: 'ok', required: `the checks ${names.join(', ')}`, pending: [], notes: [] };
}

/** One outcome per name: any failure fails it, else anything unfinished leaves it pending. */
function summarise(checks: readonly CommitCheck[]): Map<string, CommitCheck> {
  const byName = new Map<string, CommitCheck>();
  const rank = { failed: 2, pending: 1, passed: 0 } as const;
  for (const check of checks) {
    const known = byName.get(check.name);
    if (known === undefined || rank[check.outcome] > rank[known.outcome])
      byName.set(check.name, check);
  }
  return byName;
}

function list(names: readonly string[], byName: ReadonlyMap<string, CommitCheck>): string {
  const shown = names
    .slice(0, SHOWN_MAX)
    .map((name) => `${clean(name)}: ${clean(byName.get(name)?.detail ?? 'not reported')}`)
    .join(', ');
  return names.length > SHOWN_MAX ? `${shown}, and ${names.length - SHOWN_MAX} more` : shown;
}

/** Check names come from whoever reports checks on the commit: no control characters, and cut. */
export function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 100);
}

async function readOrExplain<T>(read: () => Promise<T>, what: string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    throw new ActionError(
      `Reading ${what} from GitHub failed${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${error instanceof Error ? error.message : String(error)}. Nothing was deployed.`,
      {
        cause: error,
        hint: 'Give the job `permissions: checks: read, statuses: read` (and contents: read for a private repository), or set required-checks: none to create the Deployment without looking at the checks.',
      },
    );
  }
}

/** GitHub's conclusions that branch protection counts as passing. */
const PASSING = new Set(['success', 'neutral', 'skipped']);

export function checkRunOutcome(run: {
  readonly status?: unknown;
  readonly conclusion?: unknown;
}): CommitCheck['outcome'] {
  if (run.status !== 'completed') return 'pending';
  return typeof run.conclusion === 'string' && PASSING.has(run.conclusion) ? 'passed' : 'failed';
}

export function statusOutcome(state: unknown): CommitCheck['outcome'] {
  if (state === 'success') return 'passed';
  if (state === 'pending') return 'pending';
  return 'failed';
}

/** Pages of 100, and no more than this many: a commit with more checks is refused, not cut. */
const MAX_PAGES = 10;

type Request = (route: string, parameters: Record<string, unknown>) => Promise<{ data: unknown }>;

/** The reads through `@actions/github`'s Octokit, for `repository` (`owner/repo`). */
export async function octokitChecks(token: string, repository: string): Promise<ChecksApi> {
  const { getOctokit } = await import('@actions/github');
  const octokit = { request: getOctokit(token).request as unknown as Request };
  const [owner = '', repo = ''] = repository.split('/');
  const pages = async <T>(
    route: string,
    parameters: Record<string, unknown>,
    items: (data: unknown) => readonly T[],
  ): Promise<T[]> => {
    const all: T[] = [];
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const { data } = await octokit.request(route, {
        owner,
        repo,
        ...parameters,
        per_page: 100,
        page,
      });
      const found = items(data);
      all.push(...found);
      if (found.length < 100) return all;
    }
    throw new Error(`more than ${MAX_PAGES * 100} entries at ${route}`);
  };
  return {
    rulesetChecks: async (branch) => {
      const rules = await pages(
        'GET /repos/{owner}/{repo}/rules/branches/{branch}',
        { branch },
        (data) => (Array.isArray(data) ? (data as unknown[]) : []),
      );
      return rules.flatMap((rule) => {
        const { type, parameters } = rule as { type?: unknown; parameters?: unknown };
        if (type !== 'required_status_checks') return [];
        const checks = (parameters as { required_status_checks?: unknown } | undefined)
          ?.required_status_checks;
        return Array.isArray(checks) ? contexts(checks) : [];
      });
    },
    protectionChecks: async (branch) => {
      try {
        const { data } = await octokit.request(
          'GET /repos/{owner}/{repo}/branches/{branch}/protection/required_status_checks',
          { owner, repo, branch },
        );
        const { contexts: names, checks } = data as { contexts?: unknown; checks?: unknown };
        return {
          kind: 'checks',
          names: [
            ...new Set([
              ...(Array.isArray(names) ? names.filter((n) => typeof n === 'string') : []),
              ...(Array.isArray(checks) ? contexts(checks) : []),
            ]),
          ],
        };
      } catch (error) {
        const { status, message } = error as { status?: unknown; message?: unknown };
        // GitHub's two answers for "nothing required"; any other 404 may be GitHub hiding what
        // the token may not see, so it is not taken to mean none.
        if (
          status === 404 &&
          typeof message === 'string' &&
          /Branch not protected|Required status checks not enabled/i.test(message)
        )
          return { kind: 'none' };
        if (status === 403 || status === 404)
          return {
            kind: 'unreadable',
            reason: `HTTP ${status}; reading it needs administration: read, which GITHUB_TOKEN never has`,
          };
        throw error;
      }
    },
    commitChecks: async (sha) => {
      const runs = await pages(
        'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
        { ref: sha, filter: 'latest' },
        (data) => {
          const list = (data as { check_runs?: unknown }).check_runs;
          return Array.isArray(list) ? (list as unknown[]) : [];
        },
      );
      const statuses = await pages(
        'GET /repos/{owner}/{repo}/commits/{ref}/status',
        { ref: sha },
        (data) => {
          const list = (data as { statuses?: unknown }).statuses;
          return Array.isArray(list) ? (list as unknown[]) : [];
        },
      );
      return [
        ...runs.flatMap((entry): CommitCheck[] => {
          const run = entry as { name?: unknown; status?: unknown; conclusion?: unknown };
          if (typeof run.name !== 'string') return [];
          const outcome = checkRunOutcome(run);
          const shown = outcome === 'pending' ? run.status : run.conclusion;
          const detail = typeof shown === 'string' ? shown : 'no conclusion';
          return [{ name: run.name, outcome, detail }];
        }),
        ...statuses.flatMap((entry): CommitCheck[] => {
          const status = entry as { context?: unknown; state?: unknown };
          if (typeof status.context !== 'string') return [];
          return [
            {
              name: status.context,
              outcome: statusOutcome(status.state),
              detail: String(status.state),
            },
          ];
        }),
      ];
    },
  };
}

function contexts(checks: readonly unknown[]): string[] {
  return checks.flatMap((check) => {
    const context = (check as { context?: unknown }).context;
    return typeof context === 'string' ? [context] : [];
  });
}
