// The post step (post-if: cancelled()): a command the main step left running is cancelled.

import { CancelCommandCommand, ListCommandsCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
});
