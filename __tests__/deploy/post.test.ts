// The post step (post-if: cancelled()): a command the main step left running is cancelled.

import { CancelCommandCommand, ListCommandsCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { markerPrefix } from '../../src/deploy/protocol.js';
import { LOOKUP_MARGIN_MS, SETTLE_PAUSES_MS } from '../../src/deploy/send.js';
import type { DeploymentsApi } from '../../src/github-deployment.js';
import { runPost } from '../../src/post.js';
import * as fake from './fixtures/core.js';
import { FakeTime, awsError } from './fixtures/time.js';

vi.mock('@actions/core', () => import('./fixtures/core.js'));

const client = new SSMClient({ region: 'eu-west-1' });
const ssm = mockClient(client);

let time: FakeTime;
beforeEach(() => {
  fake.resetCore();
  ssm.reset();
  time = new FakeTime();
});

function post(): Promise<void> {
  return runPost({ ssm: client, time: { now: time.now, sleep: time.sleep } });
}
afterEach(() => {
  process.exitCode = undefined;
  vi.unstubAllEnvs();
});

function state(values: Record<string, string>): void {
  fake.getState.mockImplementation((name) => values[name] ?? '');
}

describe('runPost', () => {
  it('does nothing when no command was left', async () => {
    await post();
    expect(ssm.calls()).toHaveLength(0);
    expect(fake.info).toHaveBeenCalledWith(expect.stringMatching(/nothing to cancel/));
  });

  it('cancels a command still running, and says so', async () => {
    state({ 'command-id': 'cmd-1', region: 'eu-west-1' });
    ssm
      .on(ListCommandsCommand)
      .resolves({ Commands: [{ CommandId: 'cmd-1', Status: 'InProgress' }] });
    ssm.on(CancelCommandCommand).resolves({});
    await post();
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(CancelCommandCommand, { CommandId: 'cmd-1' });
    expect(fake.warning).toHaveBeenCalledWith(
      expect.stringContaining(
        'it has been cancelled on every instance still running it. https://eu-west-1.console.aws.amazon.com/systems-manager/run-command/cmd-1?region=eu-west-1',
      ),
      { title: 'Deploy cancelled' },
    );
  });

  it('leaves a command that has already finished alone', async () => {
    state({ 'command-id': 'cmd-1', region: 'eu-west-1' });
    ssm.on(ListCommandsCommand).resolves({
      Commands: [{ CommandId: 'cmd-1', Status: 'Success', StatusDetails: 'Success' }],
    });
    await post();
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 0);
    expect(fake.info).toHaveBeenCalledWith(
      'SSM command cmd-1 had already finished (Success); nothing to cancel.',
    );
  });

  it('cancels even when it cannot look first, and fails the step when SSM refuses the cancel', async () => {
    state({ 'command-id': 'cmd-1', region: 'eu-west-1' });
    ssm.on(ListCommandsCommand).rejects(awsError('ThrottlingException'));
    ssm.on(CancelCommandCommand).rejects(
      Object.assign(awsError('AccessDeniedException', 'no ssm:CancelCommand'), {
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await post();
    // Refused for good: not asked again.
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 1);
    expect(fake.error).toHaveBeenCalledWith(
      expect.stringMatching(
        /Could not cancel SSM command cmd-1 \(AccessDeniedException: no ssm:CancelCommand\); it may still be running/,
      ),
    );
    expect(process.exitCode).toBe(1);
  });

  it('keeps at a cancel that fails for the moment, for a while', async () => {
    state({ 'command-id': 'cmd-1', region: 'eu-west-1' });
    ssm.on(ListCommandsCommand).resolves({ Commands: [] });
    ssm
      .on(CancelCommandCommand)
      .rejectsOnce(awsError('ThrottlingException'))
      .rejectsOnce(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .resolves({});
    await post();
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 3);
    expect(fake.warning).toHaveBeenCalledWith(expect.stringContaining('cmd-1'), {
      title: 'Deploy cancelled',
    });
  });

  it('right after the send, waits out an InvalidCommandId from an SSM still catching up', async () => {
    state({ 'command-id': 'cmd-1', region: 'eu-west-1', 'accepted-at': String(time.t - 3_000) });
    ssm.on(ListCommandsCommand).resolves({ Commands: [] });
    ssm
      .on(CancelCommandCommand)
      .rejectsOnce(
        Object.assign(awsError('InvalidCommandId'), { $metadata: { httpStatusCode: 400 } }),
      )
      .resolves({});
    await post();
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 2);
    expect(fake.warning).toHaveBeenCalledWith(expect.stringContaining('cmd-1'), {
      title: 'Deploy cancelled',
    });
  });

  it('long after the send, takes InvalidCommandId at its word', async () => {
    state({ 'command-id': 'cmd-1', region: 'eu-west-1', 'accepted-at': String(time.t - 600_000) });
    ssm.on(ListCommandsCommand).resolves({ Commands: [] });
    ssm.on(CancelCommandCommand).rejects(awsError('InvalidCommandId'));
    await post();
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 1);
    expect(fake.info).toHaveBeenCalledWith('SSM no longer knows command cmd-1; nothing to cancel.');
  });

  describe('a send left unanswered when the main step was stopped (no command id saved)', () => {
    const NONCE = '0a1b2c3d4e5f';
    const SENDING_AT = Date.parse('2026-11-26T12:00:00Z');
    const sending = {
      'sending-nonce': NONCE,
      'sending-at': String(SENDING_AT),
      region: 'eu-west-1',
    };
    const ours = {
      CommandId: 'cmd-found',
      Status: 'InProgress' as const,
      Parameters: { commands: [`#!/bin/bash\nprintf '${markerPrefix(NONCE)}%s\\n' x`] },
    };
    const someoneElses = {
      CommandId: 'cmd-other',
      Status: 'InProgress' as const,
      Parameters: { commands: ['#!/bin/bash\necho [ssm-deploy:ffffffffffff] x'] },
    };
    it('finds the command SSM took by its marker, and cancels it', async () => {
      state(sending);
      ssm.on(ListCommandsCommand).resolves({ Commands: [someoneElses, ours] });
      ssm.on(CancelCommandCommand).resolves({});
      await post();
      expect(ssm).toHaveReceivedCommandWith(ListCommandsCommand, {
        Filters: [
          {
            key: 'InvokedAfter',
            value: new Date(SENDING_AT - LOOKUP_MARGIN_MS).toISOString().replace(/\.\d+Z$/, 'Z'),
          },
          { key: 'DocumentName', value: 'AWS-RunShellScript' },
        ],
      });
      expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 1);
      expect(ssm).toHaveReceivedCommandWith(CancelCommandCommand, { CommandId: 'cmd-found' });
      expect(fake.info).toHaveBeenCalledWith(
        "SSM took this step's command (cmd-found) though its answer was lost.",
      );
      expect(fake.warning).toHaveBeenCalledWith(expect.stringContaining('cmd-found'), {
        title: 'Deploy cancelled',
      });
    });

    it('looks again over the settle pauses, then says the send never reached SSM', async () => {
      state(sending);
      ssm.on(ListCommandsCommand).resolves({ Commands: [someoneElses] });
      await post();
      expect(time.sleeps).toEqual([...SETTLE_PAUSES_MS]);
      expect(ssm).toHaveReceivedCommandTimes(ListCommandsCommand, SETTLE_PAUSES_MS.length + 1);
      expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 0);
      expect(fake.info).toHaveBeenCalledWith(
        "SSM showed no command with this step's marker over 15 s: the send the step was making did not reach it; nothing to cancel.",
      );
      expect(process.exitCode).toBeUndefined();
    });

    it('cancels every command with the marker (a send that landed late, and its resend)', async () => {
      state(sending);
      ssm
        .on(ListCommandsCommand)
        .resolves({ Commands: [ours, someoneElses, { ...ours, CommandId: 'cmd-again' }] });
      ssm.on(CancelCommandCommand).resolves({});
      await post();
      expect(ssm.commandCalls(CancelCommandCommand).map((c) => c.args[0].input)).toEqual([
        { CommandId: 'cmd-found' },
        { CommandId: 'cmd-again' },
      ]);
      expect(fake.warning).toHaveBeenCalledTimes(2);
    });

    it('fails the step, naming the marker, when SSM cannot be asked', async () => {
      state(sending);
      ssm.on(ListCommandsCommand).rejects(awsError('AccessDeniedException', 'no ssm:ListCommands'));
      await post();
      expect(fake.error).toHaveBeenCalledWith(
        `Could not ask SSM whether it took this step's command (AccessDeniedException: no ssm:ListCommands); it may be running. Look in the Run Command history for a command whose script holds [ssm-deploy:${NONCE}].`,
      );
      expect(process.exitCode).toBe(1);
    });
  });
});

describe('a GitHub Deployment the main step could not settle', () => {
  function fakeGitHub(fail?: Error): { api: DeploymentsApi; statuses: unknown[] } {
    const statuses: unknown[] = [];
    return {
      statuses,
      api: {
        createDeployment: () => Promise.reject(new Error('not in the post step')),
        createStatus: (request) => {
          statuses.push(request);
          return fail === undefined ? Promise.resolve() : Promise.reject(fail);
        },
      },
    };
  }
  const env = { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '4242' };
  /** The step's inputs, as the main step had them. */
  function given(extra: Record<string, string> = {}): void {
    const inputs: Record<string, string> = {
      'aws-region': 'eu-west-1',
      'instance-ids': 'i-0123456789abcdef0',
      'working-directory': '/srv/app',
      ref: 'main',
      'github-token': 'ghs_token',
      environment: 'production',
      ...extra,
    };
    fake.getInput.mockImplementation((name) => inputs[name] ?? '');
  }

  it('becomes error, with a link to the run', async () => {
    vi.stubEnv('GITHUB_REPOSITORY', env.GITHUB_REPOSITORY);
    vi.stubEnv('GITHUB_RUN_ID', env.GITHUB_RUN_ID);
    vi.stubEnv('GITHUB_SERVER_URL', 'https://github.com');
    given();
    state({ 'deployment-id': '77' });
    const github = fakeGitHub();
    await runPost({ ssm: client, deployments: github.api });
    expect(github.statuses).toEqual([
      {
        owner: 'acme',
        repo: 'shop',
        deploymentId: 77,
        state: 'error',
        description: 'The workflow was cancelled during the deploy; see the run',
        logUrl: 'https://github.com/acme/shop/actions/runs/4242',
      },
    ]);
    expect(fake.info).toHaveBeenCalledWith(
      'GitHub Deployment 77: error (the workflow was cancelled).',
    );
    // No command was left: nothing asked of SSM.
    expect(ssm.calls()).toHaveLength(0);
  });

  it('a failure to update it is a warning, not a failed post step', async () => {
    vi.stubEnv('GITHUB_REPOSITORY', env.GITHUB_REPOSITORY);
    given();
    state({ 'deployment-id': '77' });
    const github = fakeGitHub(new Error('Resource not accessible by integration'));
    await runPost({ ssm: client, deployments: github.api });
    expect(fake.warning).toHaveBeenCalledWith(
      'Updating GitHub Deployment 77 to error failed: Resource not accessible by integration',
      { title: 'GitHub Deployment not updated' },
    );
    expect(process.exitCode).toBeUndefined();
  });

  it('inputs that no longer parse: a warning, and GitHub is not called', async () => {
    given({ wait: 'maybe' });
    state({ 'deployment-id': '77' });
    const github = fakeGitHub();
    await runPost({ ssm: client, deployments: github.api });
    expect(github.statuses).toEqual([]);
    expect(fake.warning).toHaveBeenCalledWith(
      expect.stringMatching(
        /^GitHub Deployment 77 stays in_progress: the inputs could not be read again \(Input "wait"/,
      ),
      { title: 'GitHub Deployment not updated' },
    );
    expect(process.exitCode).toBeUndefined();
  });

  it('none saved (settled, or never created): GitHub is not called', async () => {
    const github = fakeGitHub();
    await runPost({ ssm: client, deployments: github.api });
    expect(github.statuses).toEqual([]);
  });
});
