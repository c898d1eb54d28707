// A small world for end-to-end runs of the built action: the sandbox (SSM, Parameter Store,
// CloudWatch Logs) with one instance holding a clone of a local git origin at /srv/app, the GitHub
// REST stand-in, and runs of dist/index.js through the runner harness. Every run also reads a
// secret from Secrets Manager (output API) and is scanned for leaks of it and of the GitHub token.
// Everything is removed by `cleanUp`.

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitHubApi, type GitHubApi, type GitHubApiOptions } from '../../sandbox/github-api.js';
import { startSandbox, type Instance, type Sandbox } from '../../sandbox/index.js';
import {
  assertNoLeaks,
  startAction,
  type ActionHandle,
  type ActionRun,
  type RunActionOptions,
} from '../../sandbox/runner/index.js';
import { git } from '../deploy/fixtures/git.js';

export const WORKING_DIRECTORY = '/srv/app';
export const REPOSITORY = 'acme/shop';
/** The run id of every run here (the harness's default): a record's `run` is compared with it. */
export const RUN_ID = 1_658_821_493;
export const TOKEN = 'ghs_e2eTokenNotARealOne0123456789abcdef';
const SECRET = { name: 'shop/api', value: 'api-key-e2e-7f3a9c1d52b8' };

export interface World {
  readonly sandbox: Sandbox;
  readonly github: GitHubApi;
  readonly instance: Instance;
  /** Commits on origin's main, oldest first; the instance's checkout is at the first. */
  readonly commits: readonly string[];
  /** Pushes a commit with these files (deploy.sh executable) to origin's main; returns its SHA. */
  commit(files: Readonly<Record<string, string>>): string;
  /**
   * Pushes a commit on top of main's tip to `ref` on origin only (a pull request's
   * `refs/pull/N/head`, or another branch), as a fork's pull request or a hotfix would be;
   * main does not move. Returns its SHA.
   */
  pushElsewhere(ref: string, files: Readonly<Record<string, string>>): string;
  /** The commit the instance's checkout is at. */
  head(): string;
  /** A temporary directory on this machine (not mapped into the instance, so shared with it). */
  scratch(): string;
  /**
   * Starts the action with these inputs, the deploy inputs already set; once it is over, the run
   * is checked for leaks of the token and the secret.
   */
  start(inputs: Readonly<Record<string, string>>, options?: RunActionOptions): ActionHandle;
  /** The same, to the end. */
  run(inputs: Readonly<Record<string, string>>, options?: RunActionOptions): Promise<ActionRun>;
}

const worlds: { sandbox: Sandbox; github: GitHubApi; root: string }[] = [];

export async function createWorld(
  deploySh: string,
  githubOptions: Omit<Partial<GitHubApiOptions>, 'token'> = {},
): Promise<World> {
  const root = mkdtempSync(join(tmpdir(), 'ssm-deploy-e2e-'));
  chmodSync(root, 0o755);
  const sandbox = await startSandbox({
    settings: { invocationDoesNotExistMs: 0, deliveryDelayMs: 0, cloudWatchUploadMs: 100 },
    seed: { secrets: [{ name: SECRET.name, secretString: SECRET.value }] },
  });
  let github: GitHubApi;
  try {
    // The stand-in answers for commits, branches and compare from origin itself.
    github = await startGitHubApi({
      gitDir: join(root, 'origin.git'),
      ...githubOptions,
      token: TOKEN,
    });
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  worlds.push({ sandbox, github, root });

  const origin = join(root, 'origin.git');
  const author = join(root, 'author');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  git(root, 'clone', '--quiet', origin, author);
  git(author, 'checkout', '--quiet', '-b', 'main');
  const commits: string[] = [];
  const commit = (files: Readonly<Record<string, string>>): string => {
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(join(author, name), content);
      chmodSync(join(author, name), name === 'deploy.sh' ? 0o755 : 0o644);
      git(author, 'add', '--', name);
    }
    git(author, 'commit', '--quiet', '--allow-empty', '-m', `commit ${commits.length + 1}`);
    git(author, 'push', '--quiet', 'origin', 'HEAD:main');
    const sha = git(author, 'rev-parse', 'HEAD');
    commits.push(sha);
    github.setRef('main', sha);
    return sha;
  };
  const pushElsewhere = (ref: string, files: Readonly<Record<string, string>>): string => {
    git(author, 'checkout', '--quiet', '--detach', 'main');
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(join(author, name), content);
      git(author, 'add', '--', name);
    }
    git(author, 'commit', '--quiet', '--allow-empty', '-m', `to ${ref}`);
    const sha = git(author, 'rev-parse', 'HEAD');
    git(author, 'push', '--quiet', 'origin', `HEAD:${ref}`);
    git(author, 'checkout', '--quiet', 'main');
    return sha;
  };
  commit({ 'deploy.sh': deploySh });
  const instance = sandbox.addInstance({ name: 'web-1' });
  git(root, 'clone', '--quiet', '--branch', 'main', origin, instance.path(WORKING_DIRECTORY));

  const scan = (run: ActionRun): ActionRun => {
    assertNoLeaks(
      run,
      [
        { name: 'github-token', value: TOKEN },
        { name: SECRET.name, value: SECRET.value },
      ],
      { allowOutputs: ['API'] },
    );
    return run;
  };
  const start = (
    inputs: Readonly<Record<string, string>>,
    options: RunActionOptions = {},
  ): ActionHandle => {
    const handle = startAction({
      timeoutMs: 60_000,
      // The runner's `Run` header would list the token as given; here it is not masked by the
      // runner, so that the scan proves the action masks it itself.
      stepHeader: false,
      ...options,
      inputs: {
        'secret-ids': `API,${SECRET.name}`,
        'instance-ids': instance.id,
        'working-directory': WORKING_DIRECTORY,
        ...inputs,
      },
      env: { ...sandbox.env(), ...options.env },
      // As aws-actions/configure-aws-credentials masks it.
      jobSecrets: [sandbox.env().AWS_SECRET_ACCESS_KEY ?? ''],
      github: {
        repository: REPOSITORY,
        run_id: String(RUN_ID),
        sha: commits.at(-1) ?? '',
        api_url: github.url,
        ...options.github,
      },
    });
    return { ...handle, done: handle.done.then(scan) };
  };
  return {
    sandbox,
    github,
    instance,
    commits,
    commit,
    pushElsewhere,
    head: () => git(instance.path(WORKING_DIRECTORY), 'rev-parse', 'HEAD'),
    scratch: () => mkdtempSync(join(root, 'scratch-')),
    start,
    run: (inputs, options) => start(inputs, options).done,
  };
}

/** For afterEach: stops every sandbox and stand-in and removes every directory made here. */
export async function cleanUp(): Promise<void> {
  for (const { sandbox, github, root } of worlds.splice(0)) {
    await Promise.allSettled([sandbox.stop(), github.stop()]);
    rmSync(root, { recursive: true, force: true });
  }
}
