// The simulated job: its `github` and `runner` contexts, the directories a hosted runner provides,
// and the environment variables the runner derives from them.

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { GitHubContext, RunnerContext } from './types.js';

/** A push to main of a repository that does not exist; every field can be overridden. */
export function defaultGitHubContext(overrides: Partial<GitHubContext> = {}): GitHubContext {
  const repository = overrides.repository ?? 'octo-org/octo-repo';
  const ref = overrides.ref ?? 'refs/heads/main';
  const sha = overrides.sha ?? 'ffac537e6cbbf934b08745a378932722df287a53';
  const owner = repository.split('/')[0] ?? repository;
  return {
    repository,
    repository_owner: owner,
    repository_id: '123456789',
    repository_owner_id: '987654321',
    sha,
    ref,
    ref_name: ref.replace(/^refs\/(heads|tags)\//, ''),
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    ref_protected: 'false',
    base_ref: '',
    head_ref: '',
    run_id: '1658821493',
    run_number: '42',
    run_attempt: '1',
    workflow: 'Deploy',
    workflow_ref: `${repository}/.github/workflows/deploy.yml@${ref}`,
    workflow_sha: sha,
    event_name: 'push',
    server_url: 'https://github.com',
    api_url: 'https://api.github.com',
    graphql_url: 'https://api.github.com/graphql',
    actor: 'octocat',
    actor_id: '583231',
    triggering_actor: 'octocat',
    job: 'deploy',
    // The runner's name for a step without an id that uses a local action (`uses: ./`).
    action: '__self',
    retention_days: '90',
    token: '',
    ...overrides,
  };
}

export function defaultRunnerContext(overrides: Partial<RunnerContext> = {}): RunnerContext {
  return {
    os: 'Linux',
    arch: 'X64',
    name: 'GitHub Actions 2',
    environment: 'github-hosted',
    ...overrides,
  };
}

/** The directories of one job, all under one temporary root that is removed afterwards. */
export interface JobDirectories {
  readonly root: string;
  readonly temp: string;
  readonly toolCache: string;
  readonly home: string;
  readonly workspace: string;
  readonly eventPath: string;
  readonly fileCommands: string;
}

export async function createJobDirectories(
  workspace: string | undefined,
  event: unknown,
): Promise<JobDirectories> {
  const root = await mkdtemp(join(tmpdir(), 'ssm-deploy-runner-'));
  const directories = {
    root,
    temp: join(root, '_temp'),
    toolCache: join(root, '_tool'),
    home: join(root, 'home'),
    workspace: workspace ?? join(root, 'workspace'),
    eventPath: join(root, '_github_workflow', 'event.json'),
    fileCommands: join(root, '_temp', '_runner_file_commands'),
  };
  await Promise.all(
    [
      directories.temp,
      directories.toolCache,
      directories.home,
      directories.workspace,
      join(root, '_github_workflow'),
    ].map((path) => mkdir(path, { recursive: true })),
  );
  await writeFile(directories.eventPath, JSON.stringify(event, null, 2));
  return directories;
}

export function defaultEvent(github: GitHubContext): unknown {
  return {
    ref: github.ref,
    after: github.sha,
    repository: {
      full_name: github.repository,
      name: github.repository.split('/')[1] ?? github.repository,
      owner: { login: github.repository_owner },
      // Every event about a repository carries it; the action learns the default branch here
      // when it has no token to ask the API.
      default_branch: 'main',
    },
    sender: { login: github.actor },
  };
}

/**
 * What the runner puts in every step's environment from its contexts (GitHubContext and
 * RunnerContext's runtime variables), plus `HOME` for a fresh home directory, so that nothing
 * from the developer's own home (an `~/.aws` folder, say) reaches the action.
 */
export function contextEnvironment(
  github: GitHubContext,
  runner: RunnerContext,
  directories: JobDirectories,
  stepDebug: boolean,
): Record<string, string> {
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    HOME: directories.home,
    GITHUB_WORKSPACE: directories.workspace,
    GITHUB_EVENT_PATH: directories.eventPath,
    RUNNER_TEMP: directories.temp,
    RUNNER_TOOL_CACHE: directories.toolCache,
    RUNNER_WORKSPACE: dirname(directories.workspace),
  };
  for (const [field, value] of stringFields(github)) {
    // The token is not in the environment; an action receives it as an input.
    if (field !== 'token') env[`GITHUB_${field.toUpperCase()}`] = value;
  }
  for (const [field, value] of stringFields(runner)) env[`RUNNER_${field.toUpperCase()}`] = value;
  if (stepDebug) env.RUNNER_DEBUG = '1';
  return env;
}

/** The contexts as expressions in action.yml see them. */
export function expressionContexts(
  github: GitHubContext,
  runner: RunnerContext,
  directories: JobDirectories,
  stepDebug: boolean,
): Record<string, Record<string, string>> {
  const { token, ...rest } = github;
  return {
    github: {
      ...rest,
      ...(token === '' ? {} : { token }),
      workspace: directories.workspace,
      event_path: directories.eventPath,
    },
    runner: {
      ...runner,
      temp: directories.temp,
      tool_cache: directories.toolCache,
      workspace: dirname(directories.workspace),
      debug: stepDebug ? '1' : '',
    },
  };
}

function stringFields(context: GitHubContext | RunnerContext): [string, string][] {
  return Object.entries(context) as [string, string][];
}
