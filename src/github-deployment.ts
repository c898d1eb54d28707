// A GitHub Deployment kept in step with the deploy, so the repository's Environments view shows
// what is running where. Creating it happens before anything changes on the instances, so a
// missing permission fails the step while nothing has been touched; a failed status update after
// the deploy is only a warning, because the deploy itself has already happened.

import type { RunContext } from './config.js';
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
  }): Promise<number>;
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
  /** Sets the deployment's state; returns an error message instead of throwing. */
  update(state: DeploymentState, description: string): Promise<string | undefined>;
}

/** GitHub cuts a status description at 140 characters. */
const DESCRIPTION_MAX = 140;

export function runUrl(run: RunContext): string {
  return `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`;
}

export async function startDeployment(
  api: DeploymentsApi,
  run: RunContext,
  options: { readonly sha: string; readonly environment: string },
): Promise<Deployment> {
  const [owner = '', repo = ''] = run.repository.split('/');
  if (owner === '' || repo === '')
    throw new ActionError('GITHUB_REPOSITORY is not set, so no GitHub Deployment can be created.');
  let id: number;
  try {
    id = await api.createDeployment({
      owner,
      repo,
      ref: options.sha,
      environment: options.environment,
      description: `ssm-deploy run ${run.runId}`,
    });
  } catch (error) {
    throw new ActionError(
      `Creating the GitHub Deployment for environment ${options.environment} failed: ${message(error)}`,
      {
        cause: error,
        hint: 'Give the job `permissions: deployments: write`, or remove github-token and environment. Nothing was deployed.',
      },
    );
  }
  const update = async (state: DeploymentState, description: string) => {
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
  const failure = await update('in_progress', 'Deploying');
  if (failure !== undefined) throw new ActionError(failure);
  return { id, update };
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
        required_contexts: [],
      });
      if (!('id' in response.data))
        throw new Error(response.data.message ?? 'GitHub did not create the deployment');
      return response.data.id;
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
