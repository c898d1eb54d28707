// The main step with cloudwatch-log-group: SendCommand asks for CloudWatch output, and while the
// wait goes on each poll cycle makes at most one FilterLogEvents query, whose new lines are
// printed headed by their instance, with workflow commands switched off and without the script's
// markers. Through the fake @actions/core, mocked SSM and CloudWatch Logs, and a fake clock.

import {
  CloudWatchLogsClient,
  GetLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetCommandInvocationCommand, SSMClient, SendCommandCommand } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { markerPrefix } from '../../src/deploy/protocol.js';
import { run } from '../../src/main.js';
import * as fake from './fixtures/core.js';
import {
  FakeSignals,
  given,
  instanceEnds,
  sentNonce,
  instancesManaged,
} from './fixtures/main-run.js';
import { FakeTime } from './fixtures/time.js';
import { stubEvent } from './fixtures/event.js';

vi.mock('@actions/core', () => import('./fixtures/core.js'));

const ssm = mockClient(SSMClient);
const logs = mockClient(CloudWatchLogsClient);
const COMMAND = '0ddba11-0000-0000-0000-000000000000';
const INSTANCE = 'i-0123456789abcdef0';
const DEPLOYED = 'c'.repeat(40);
let time: FakeTime;

const DEPLOY = {
  'aws-region': 'eu-west-1',
  'instance-ids': INSTANCE,
  'working-directory': '/srv/app',
  ref: 'c'.repeat(40),
  'cloudwatch-log-group': '/deploys/shop',
};

const stream = (kind: 'stdout' | 'stderr') => `${COMMAND}/${INSTANCE}/aws-runShellScript/${kind}`;

async function runMain(inputs: Record<string, string> = DEPLOY): Promise<void> {
  given(inputs);
  await run({ signals: new FakeSignals(), now: time.now, sleep: time.sleep });
}

beforeEach(() => {
  stubEvent();
  fake.resetCore();
  ssm.reset();
  instancesManaged(ssm);
  logs.reset();
  time = new FakeTime();
  ssm.on(SendCommandCommand).resolves({ Command: { CommandId: COMMAND } });
});

afterEach(() => {
  process.exitCode = undefined;
});

describe('cloudwatch-log-group', () => {
  it('asks SSM for CloudWatch output, and shows new lines at each poll, headed by the instance', async () => {
    instanceEnds(ssm, 'Success', DEPLOYED, { pollsBefore: 2 });
    // stdout and stderr each read once a poll: nothing yet, then lines, then the last line.
    let read = 0;
    logs.on(GetLogEventsCommand).callsFake((input: { logStreamName?: string }) => {
      read++;
      const poll = Math.ceil(read / 2);
      const at = 1_700_000_000_000 + read;
      const isStdout = input.logStreamName === stream('stdout');
      if (poll === 1) throw new ResourceNotFoundException({ message: 'none', $metadata: {} });
      if (poll === 2)
        return {
          events: isStdout
            ? [
                {
                  timestamp: at,
                  message: `${markerPrefix(sentNonce(ssm))}before=${'a'.repeat(40)}`,
                },
                { timestamp: at, message: 'building' },
              ]
            : [{ timestamp: at + 1, message: '::add-mask::nothing' }],
          nextForwardToken: `f/${String(poll)}`,
        };
      return {
        events: isStdout && poll === 3 ? [{ timestamp: at, message: 'done' }] : [],
        nextForwardToken: `f/${String(poll)}`,
      };
    });
    await runMain();

    expect(ssm).toHaveReceivedCommandWith(SendCommandCommand, {
      CloudWatchOutputConfig: {
        CloudWatchLogGroupName: '/deploys/shop',
        CloudWatchOutputEnabled: true,
      },
    });
    // The instance's two streams beside each poll, no more, each by name.
    const polls = ssm.commandCalls(GetCommandInvocationCommand).length;
    expect(polls).toBe(3);
    expect(logs).toHaveReceivedCommandTimes(GetLogEventsCommand, 2 * polls);
    expect(logs).toHaveReceivedCommandWith(GetLogEventsCommand, {
      logGroupName: '/deploys/shop',
      logStreamName: stream('stdout'),
      startFromHead: true,
    });

    const printed = fake.printed();
    const building = printed.indexOf(
      `[${INSTANCE}] building\n[${INSTANCE} stderr] ::add-mask::nothing`,
    );
    expect(building).toBeGreaterThan(0);
    // Workflow commands are off around the lines: ::stop-commands::token before, ::token:: after.
    const token = /^::stop-commands::([0-9a-f]{32})$/.exec(printed[building - 1] ?? '')?.[1];
    expect(token).toBeDefined();
    expect(printed[building + 1]).toBe(`::${token ?? ''}::`);
    expect(printed).toContain(`[${INSTANCE}] done`);
    expect(printed.some((line) => line.includes('before='))).toBe(false);
    expect(process.exitCode).toBeUndefined();
  });

  it('a query that fails ends the following with one note; the deploy goes on', async () => {
    instanceEnds(ssm, 'Success', DEPLOYED, { pollsBefore: 3 });
    logs
      .on(GetLogEventsCommand)
      .rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));
    await runMain();
    expect(logs).toHaveReceivedCommandTimes(GetLogEventsCommand, 1);
    expect(fake.printed()).toContain(
      'Following the output in CloudWatch Logs failed (AccessDeniedException: not allowed); it is shown when the deploy ends.',
    );
    expect(process.exitCode).toBeUndefined();
  });

  it('wait: false and dry run make no CloudWatch Logs call', async () => {
    await runMain({ ...DEPLOY, wait: 'false' });
    await runMain({ ...DEPLOY, 'dry-run': 'true' });
    expect(logs).toHaveReceivedCommandTimes(GetLogEventsCommand, 0);
  });
});
