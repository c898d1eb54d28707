// A GitHub Deployment kept in step with the deploy, so the repository's Environments view shows
// what is running where. Creating it happens before anything changes on the instances, so a
// missing permission fails the step while nothing has been touched; a failed status update after
// the deploy is only a warning, because the deploy itself has already happened.

import type { GitRef, RunContext } from './config.js';
import type { OverallStatus } from './deploy/deploy.js';
import { ActionError } from './errors.js';

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

/** The two calls this module makes, so tests can stand in for GitHub. */
export interface DeploymentsApi {
  createDeployment(request: {
    readonly owner: string;
    readonly repo: string;
    readonly ref: string;
    readonly environment: string;
    readonly description: string;
  }): Promise<{ readonly id: number; readonly sha: string }>;
  createStatus(request: {
    readonly owner: string;
    readonly repo: string;
    readonly deploymentId: number;
    readonly state: DeploymentState;
    readonly description: string;
    readonly logUrl: string;
  }): Promise<void>;
}

export interface Deployment {
  readonly id: number;
  /** The commit GitHub resolved the deployment's ref to. */
  readonly sha: string;
  /** Sets the deployment's state; returns an error message instead of throwing. */
  update(state: DeploymentState, description: string): Promise<string | undefined>;
}

/** GitHub cuts a status description at 140 characters. */
const DESCRIPTION_MAX = 140;

export function runUrl(run: RunContext): string {
  return `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`;
}

/**
 * The deployment's ref: the commit itself, or the branch or tag name as given. For a name, GitHub
 * resolves it to the commit at its tip when the deployment is created, which is the commit the
 * instances fetch moments later; the Environments view then also shows the branch, and not the
 * workflow's own commit (`github.sha`), which a manual deploy of another branch does not ship.
 */
export function deploymentRef(ref: GitRef): string {
  return ref.kind === 'sha' ? ref.sha : ref.name;
}

export async function startDeployment(
  api: DeploymentsApi,
  run: RunContext,
  options: {
    readonly ref: string;
    readonly environment: string;
  },
): Promise<Deployment> {
  const [owner = '', repo = ''] = run.repository.split('/');
  if (owner === '' || repo === '')
    throw new ActionError('GITHUB_REPOSITORY is not set, so no GitHub Deployment can be created.');
  let id: number;
  let sha: string;
  try {
    ({ id, sha } = await api.createDeployment({
      owner,
      repo,
      ref: options.ref,
      environment: options.environment,
      description: `ssm-deploy run ${run.runId}`,
    }));
  } catch (error) {
    throw new ActionError(
      `Creating the GitHub Deployment for environment ${options.environment} failed: ${message(error)}`,
      {
        cause: error,
        hint: 'Give the job `permissions: deployments: write`, or remove github-token and environment. Nothing was deployed.',
      },
    );
  }
  const update = deploymentUpdater(api, run, id);
  const failure = await update('in_progress', 'Deploying');
  if (failure !== undefined) throw new ActionError(failure);
  return { id, sha, update };
}

/**
 * Sets the state of deployment `id` in the run's repository (the post step settles one the main
 * step could not); returns an error message instead of throwing.
 */
export function deploymentUpdater(
  api: DeploymentsApi,
  run: RunContext,
  id: number,
): Deployment['update'] {
  const [owner = '', repo = ''] = run.repository.split('/');
  return async (state, description) => {
    try {
      await api.createStatus({
        owner,
        repo,
        deploymentId: id,
        state,
        description: description.slice(0, DESCRIPTION_MAX),
        logUrl: runUrl(run),
      });
      return undefined;
    } catch (error) {
      return `Updating GitHub Deployment ${id} to ${state} failed: ${message(error)}`;
    }
  };
}

/**
 * The deployment's state for the deploy's verdict. A cancelled deploy is `error`, not `inactive`:
 * some instances may have the new commit and some not, and `inactive` is what GitHub gives a
 * deployment that was simply superseded, which would hide that.
 */
export function deploymentVerdict(outcome: {
  readonly status: OverallStatus;
  readonly deployedSha: string;
  readonly instances: readonly { readonly success: boolean }[];
}): { readonly state: DeploymentState; readonly description: string } {
  const total = outcome.instances.length;
  const succeeded = outcome.instances.filter((instance) => instance.success).length;
  switch (outcome.status) {
    case 'Success':
      return {
        state: 'success',
        description: `Deployed ${outcome.deployedSha.slice(0, 7)} to ${total} instance(s)`,
      };
    case 'Failed':
      return {
        state: 'failure',
        description: `Failed: ${succeeded} of ${total} instance(s) succeeded`,
      };
    case 'TimedOut':
      return {
        state: 'failure',
        description: `Timed out: ${succeeded} of ${total} instance(s) succeeded`,
      };
    case 'Cancelled':
      return {
        state: 'error',
        description: `Cancelled: ${succeeded} of ${total} instance(s) had succeeded`,
      };
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The Deployments API through `@actions/github`, loaded only when a deployment is asked for. */
export async function octokitDeployments(token: string): Promise<DeploymentsApi> {
  const { getOctokit } = await import('@actions/github');
  const octokit = getOctokit(token);
  return {
    async createDeployment(request) {
      const response = await octokit.rest.repos.createDeployment({
        ...request,
        auto_merge: false,
        // Left out, GitHub would require every check reported on the commit to have passed,
        // including the still-running check of the job that is deploying, and refuse every
        // deploy. The checks that matter were verified before (see required-checks.ts).
        required_contexts: [],
      });
      if (!('id' in response.data))
        throw new Error(response.data.message ?? 'GitHub did not create the deployment');
      return { id: response.data.id, sha: response.data.sha };
    },
    async createStatus(request) {
      await octokit.rest.repos.createDeploymentStatus({
        owner: request.owner,
        repo: request.repo,
        deployment_id: request.deploymentId,
        state: request.state,
        description: request.description,
        log_url: request.logUrl,
        auto_inactive: true,
      });
    },
  };
}
