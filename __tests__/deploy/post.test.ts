// The post step (post-if: cancelled()): a command the main step left running is cancelled.

import { CancelCommandCommand, ListCommandsCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { markerPrefix } from '../../src/deploy/protocol.js';
import { LOOKUP_MARGIN_MS, SETTLE_PAUSES_MS } from '../../src/deploy/send.js';
import { runPost } from '../../src/post.js';
import * as fake from './fixtures/core.js';
import { awsError } from './fixtures/time.js';

vi.mock('@actions/core', () => import('./fixtures/core.js'));

const client = new SSMClient({ region: 'eu-west-1' });
const ssm = mockClient(client);

beforeEach(() => {
  fake.resetCore();
  ssm.reset();
});
afterEach(() => {
  process.exitCode = undefined;
});

function state(values: Record<string, string>): void {
  fake.getState.mockImplementation((name) => values[name] ?? '');
}

describe('runPost', () => {
  it('does nothing when no command was left', async () => {
    await runPost({ ssm: client });
    expect(ssm.calls()).toHaveLength(0);
    expect(fake.info).toHaveBeenCalledWith(expect.stringMatching(/nothing to cancel/));
  });

  it('cancels a command still running, and says so', async () => {
    state({ 'command-id': 'cmd-1', region: 'eu-west-1' });
    ssm
      .on(ListCommandsCommand)
      .resolves({ Commands: [{ CommandId: 'cmd-1', Status: 'InProgress' }] });
    ssm.on(CancelCommandCommand).resolves({});
    await runPost({ ssm: client });
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
    await runPost({ ssm: client });
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 0);
    expect(fake.info).toHaveBeenCalledWith(
      'SSM command cmd-1 had already finished (Success); nothing to cancel.',
    );
  });

  it('cancels even when it cannot look first, and fails the step when the cancel fails', async () => {
    state({ 'command-id': 'cmd-1', region: 'eu-west-1' });
    ssm.on(ListCommandsCommand).rejects(awsError('ThrottlingException'));
    ssm.on(CancelCommandCommand).rejects(awsError('AccessDeniedException', 'no ssm:CancelCommand'));
    await runPost({ ssm: client });
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 1);
    expect(fake.error).toHaveBeenCalledWith(
      expect.stringMatching(
        /Could not cancel SSM command cmd-1 \(AccessDeniedException: no ssm:CancelCommand\); it may still be running/,
      ),
    );
    expect(process.exitCode).toBe(1);
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
    const sleeps: number[] = [];
    const sleep = (ms: number): Promise<void> => {
      sleeps.push(ms);
      return Promise.resolve();
    };
    beforeEach(() => {
      sleeps.length = 0;
    });

    it('finds the command SSM took by its marker, and cancels it', async () => {
      state(sending);
      ssm.on(ListCommandsCommand).resolves({ Commands: [someoneElses, ours] });
      ssm.on(CancelCommandCommand).resolves({});
      await runPost({ ssm: client, sleep });
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

    it('looks again for a few seconds, then says the send never reached SSM', async () => {
      state(sending);
      ssm.on(ListCommandsCommand).resolves({ Commands: [someoneElses] });
      await runPost({ ssm: client, sleep });
      expect(sleeps).toEqual(SETTLE_PAUSES_MS.slice(0, 2));
      expect(ssm).toHaveReceivedCommandTimes(ListCommandsCommand, 3);
      expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 0);
      expect(fake.info).toHaveBeenCalledWith(
        "SSM has no command with this step's marker: the send it was making never reached it; nothing to cancel.",
      );
      expect(process.exitCode).toBeUndefined();
    });

    it('fails the step, naming the marker, when SSM cannot be asked', async () => {
      state(sending);
      ssm.on(ListCommandsCommand).rejects(awsError('AccessDeniedException', 'no ssm:ListCommands'));
      await runPost({ ssm: client, sleep });
      expect(fake.error).toHaveBeenCalledWith(
        `Could not ask SSM whether it took this step's command (AccessDeniedException: no ssm:ListCommands); it may be running. Look in the Run Command history for a command whose script holds [ssm-deploy:${NONCE}].`,
      );
      expect(process.exitCode).toBe(1);
    });
  });
});
