// The main step with github-token and environment: the GitHub Deployment is created just before
// SendCommand, for the ref as given, then set to the deploy's verdict; a refusal by GitHub stops
// the step with nothing sent; a failed update afterwards is only a warning. Through the fake
// @actions/core, a stand-in for @actions/github's Octokit, a mocked SSM and a fake clock.

import {
  CancelCommandCommand,
  GetCommandInvocationCommand,
  SSMClient,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/main.js';
import * as fake from './fixtures/core.js';
import {
  FakeSignals,
  given,
  instanceEnds,
  instancesManaged,
  ssmOperations,
} from './fixtures/main-run.js';
import { FakeTime } from './fixtures/time.js';

/** Every call, to GitHub or to SSM, in order. */
const calls: string[] = [];

const octokit = vi.hoisted(() => ({
  createDeployment: vi.fn(),
  createDeploymentStatus: vi.fn(),
  /** GitHub's reads: the branch's rules and protection, the commit's checks. */
  request: vi.fn(),
  token: '',
}));

vi.mock('@actions/core', () => import('./fixtures/core.js'));
vi.mock('@actions/github', () => ({
  getOctokit: (token: string) => {
    octokit.token = token;
    return {
      request: octokit.request,
      rest: {
        repos: {
          createDeployment: octokit.createDeployment,
          createDeploymentStatus: octokit.createDeploymentStatus,
        },
      },
    };
  },
}));

const ssm = mockClient(SSMClient);
const COMMAND = '0ddba11-0000-0000-0000-000000000000';
const DEPLOYED = 'c'.repeat(40);
const TOKEN = 'ghs_unitTestTokenValue0123456789';
let time: FakeTime;

const DEPLOY = {
  'aws-region': 'eu-west-1',
  'instance-ids': 'i-0123456789abcdef0',
  'working-directory': '/srv/app',
  ref: 'main',
  'github-token': TOKEN,
  environment: 'production',
};

function states(): string[] {
  return octokit.createDeploymentStatus.mock.calls.map(
    ([request]) => (request as { state: string }).state,
  );
}

async function runMain(
  inputs: Record<string, string> = DEPLOY,
  signals = new FakeSignals(),
): Promise<void> {
  given(inputs);
  await run({ signals, now: time.now, sleep: time.sleep });
}

beforeEach(() => {
  fake.resetCore();
  ssm.reset();
  instancesManaged(ssm);
  calls.length = 0;
  time = new FakeTime();
  vi.stubEnv('GITHUB_REPOSITORY', 'acme/shop');
  vi.stubEnv('GITHUB_RUN_ID', '500');
  vi.stubEnv('GITHUB_SERVER_URL', 'https://github.example');
  octokit.createDeployment.mockReset().mockImplementation(() => {
    calls.push('createDeployment');
    return Promise.resolve({ data: { id: 31, sha: DEPLOYED } });
  });
  octokit.createDeploymentStatus.mockReset().mockImplementation((request: { state: string }) => {
    calls.push(`status:${request.state}`);
    return Promise.resolve({ data: {} });
  });
  octokit.request.mockReset().mockImplementation(githubReads);
  ssm.on(SendCommandCommand).callsFake(() => {
    calls.push('SendCommand');
    return { Command: { CommandId: COMMAND } };
  });
  ssm.on(CancelCommandCommand).resolves({});
});

/** GitHub's answers to the reads: main is at DEPLOYED, and nothing is required of it. */
function githubReads(
  route: string,
  parameters: { ref?: string; branch?: string },
): Promise<{ data: unknown }> {
  calls.push(route);
  if (route === 'GET /repos/{owner}/{repo}')
    return Promise.resolve({ data: { default_branch: 'main' } });
  if (route.endsWith('/commits/{ref}'))
    return parameters.ref === 'main' || parameters.ref === DEPLOYED
      ? Promise.resolve({ data: { sha: DEPLOYED } })
      : Promise.reject(Object.assign(new Error('No commit found'), { status: 422 }));
  if (route.endsWith('/compare/{basehead}'))
    return Promise.resolve({ data: { status: 'identical' } });
  if (route.includes('/protection/'))
    return Promise.reject(Object.assign(new Error('Branch not protected'), { status: 404 }));
  if (route.endsWith('/check-runs')) return Promise.resolve({ data: { check_runs: [] } });
  if (route.endsWith('/status')) return Promise.resolve({ data: { statuses: [] } });
  return Promise.resolve({ data: [] });
}

afterEach(() => {
  vi.unstubAllEnvs();
  process.exitCode = undefined;
});

describe('the GitHub Deployment', () => {
  it('is created before SendCommand for the branch as given, in_progress with a link to the run, then success', async () => {
    instanceEnds(ssm, 'Success', DEPLOYED);
    await runMain();
    expect(calls).toEqual([
      // ref resolved, and found on the default branch, before any AWS call
      'GET /repos/{owner}/{repo}',
      'GET /repos/{owner}/{repo}/commits/{ref}',
      'GET /repos/{owner}/{repo}/compare/{basehead}',
      // the branch's required checks: none
      'GET /repos/{owner}/{repo}/rules/branches/{branch}',
      'GET /repos/{owner}/{repo}/branches/{branch}/protection/required_status_checks',
      'createDeployment',
      'status:in_progress',
      'SendCommand',
      'status:success',
    ]);
    expect(octokit.token).toBe(TOKEN);
    expect(octokit.createDeployment).toHaveBeenCalledExactlyOnceWith({
      owner: 'acme',
      repo: 'shop',
      ref: DEPLOYED,
      environment: 'production',
      description: 'ssm-deploy run 500',
      auto_merge: false,
      required_contexts: [],
    });
    expect(octokit.createDeploymentStatus).toHaveBeenLastCalledWith({
      owner: 'acme',
      repo: 'shop',
      deployment_id: 31,
      state: 'success',
      description: 'Deployed ccccccc to 1 instance(s)',
      log_url: 'https://github.example/acme/shop/actions/runs/500',
      auto_inactive: true,
    });
    expect(fake.printed()).toContain(
      `GitHub Deployment 31 created in environment production for main (${DEPLOYED}): in_progress.`,
    );
    expect(fake.printed()).toContain('GitHub Deployment 31: success.');
    expect(process.exitCode).toBeUndefined();
  });

  it('a required check of the branch that failed: refused before the deployment, naming it, nothing sent', async () => {
    octokit.request.mockImplementation(
      (route: string, parameters: { branch?: string; ref?: string }) => {
        if (route.endsWith('/rules/branches/{branch}'))
          return Promise.resolve({
            data:
              parameters.branch === 'main'
                ? [
                    {
                      type: 'required_status_checks',
                      parameters: { required_status_checks: [{ context: 'test' }] },
                    },
                  ]
                : [],
          });
        if (route.includes('/protection/'))
          return Promise.reject(Object.assign(new Error('Branch not protected'), { status: 404 }));
        if (route.endsWith('/check-runs'))
          return Promise.resolve({
            data: {
              check_runs: [
                { name: 'test', status: 'completed', conclusion: 'failure' },
                { name: 'deploy', status: 'in_progress', conclusion: null },
              ],
            },
          });
        return githubReads(route, parameters);
      },
    );
    await runMain();
    expect(octokit.createDeployment).not.toHaveBeenCalled();
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
    expect(fake.error).toHaveBeenCalledWith(
      expect.stringContaining(
        `The commit ${DEPLOYED} has required checks that failed: test: failure.`,
      ),
    );
    expect(process.exitCode).toBe(1);
  });

  it('masks the token before anything else', async () => {
    instanceEnds(ssm, 'Success', DEPLOYED);
    await runMain();
    expect(fake.setSecret).toHaveBeenCalledWith(TOKEN);
    expect(fake.setSecret.mock.invocationCallOrder[0]).toBeLessThan(
      fake.info.mock.invocationCallOrder[0] ?? 0,
    );
  });

  it('is created for the exact commit when ref is a SHA', async () => {
    instanceEnds(ssm, 'Success', DEPLOYED);
    await runMain({ ...DEPLOY, ref: DEPLOYED });
    expect(octokit.createDeployment).toHaveBeenCalledWith(
      expect.objectContaining({ ref: DEPLOYED }),
    );
  });

  it('a failed deploy: failure', async () => {
    instanceEnds(ssm, 'Failed', DEPLOYED);
    await runMain();
    expect(states()).toEqual(['in_progress', 'failure']);
    expect(octokit.createDeploymentStatus).toHaveBeenLastCalledWith(
      expect.objectContaining({ description: 'Failed: 0 of 1 instance(s) succeeded' }),
    );
    expect(process.exitCode).toBe(1);
  });

  it('a cancelled workflow: error', async () => {
    const signals = new FakeSignals();
    ssm.on(GetCommandInvocationCommand).callsFake(() => {
      signals.fire('SIGINT');
      return { Status: 'InProgress', StatusDetails: 'InProgress', ResponseCode: -1 };
    });
    await runMain(DEPLOY, signals);
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 1);
    expect(states()).toEqual(['in_progress', 'error']);
    expect(process.exitCode).toBe(1);
  });

  it('refused by GitHub: the step fails, naming the permission, and nothing is sent', async () => {
    octokit.createDeployment.mockRejectedValue(new Error('Resource not accessible by integration'));
    await runMain();
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
    expect(fake.error).toHaveBeenCalledWith(
      expect.stringContaining('Resource not accessible by integration'),
    );
    expect(fake.error).toHaveBeenCalledWith(expect.stringContaining('deployments: write'));
    expect(process.exitCode).toBe(1);
  });

  it('a failed update after the deploy is a warning; the step still succeeds', async () => {
    instanceEnds(ssm, 'Success', DEPLOYED);
    octokit.createDeploymentStatus
      .mockImplementationOnce(() => Promise.resolve({ data: {} }))
      .mockImplementationOnce(() => Promise.reject(new Error('Bad gateway')));
    await runMain();
    expect(fake.warning).toHaveBeenCalledWith(
      'Updating GitHub Deployment 31 to success failed: Bad gateway',
      { title: 'GitHub Deployment not updated' },
    );
    expect(process.exitCode).toBeUndefined();
  });

  it('SendCommand refused after the deployment was created: error, and the step fails', async () => {
    ssm
      .on(SendCommandCommand)
      .rejects(Object.assign(new Error('bad id'), { name: 'InvalidInstanceId' }));
    await runMain();
    expect(states()).toEqual(['in_progress', 'error']);
    expect(process.exitCode).toBe(1);
  });

  it('wait: false leaves it in_progress, and says so', async () => {
    await runMain({ ...DEPLOY, wait: 'false' });
    expect(states()).toEqual(['in_progress']);
    expect(fake.printed()).toContain(
      'wait is false: GitHub Deployment 31 stays in_progress, since this step does not learn how the deploy ends.',
    );
  });

  it('dry run: no deployment', async () => {
    await runMain({ ...DEPLOY, 'dry-run': 'true' });
    expect(octokit.createDeployment).not.toHaveBeenCalled();
    expect(ssmOperations(ssm)).toEqual(['DescribeInstanceInformation']);
  });
});
