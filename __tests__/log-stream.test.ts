import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { followCommandLogs } from '../src/log-stream.js';

const logs = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'eu-west-1' });
const CMD = '11111111-2222-3333-4444-555555555555';
const stream = (instance: string, kind = 'stdout') =>
  `${CMD}/${instance}/aws-runShellScript/${kind}`;

beforeEach(() => logs.reset());

describe('followCommandLogs', () => {
  it('returns each line once, across polls, with its instance and stream', async () => {
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({
        events: [
          { eventId: 'a', timestamp: 100, logStreamName: stream('i-1'), message: 'pulling\n' },
          { eventId: 'b', timestamp: 105, logStreamName: stream('i-2', 'stderr'), message: 'warn' },
        ],
      })
      .resolvesOnce({
        events: [
          // The next query starts at 105 again: b comes back and must not be shown twice.
          { eventId: 'b', timestamp: 105, logStreamName: stream('i-2', 'stderr'), message: 'warn' },
          { eventId: 'c', timestamp: 105, logStreamName: stream('i-1'), message: 'same ms' },
          { eventId: 'd', timestamp: 110, logStreamName: stream('i-1'), message: 'done' },
        ],
      });
    const follower = followCommandLogs(client, '/deploys', CMD);

    await expect(follower.poll()).resolves.toEqual([
      { instanceId: 'i-1', stream: 'stdout', timestamp: 100, message: 'pulling' },
      { instanceId: 'i-2', stream: 'stderr', timestamp: 105, message: 'warn' },
    ]);
    await expect(follower.poll()).resolves.toEqual([
      { instanceId: 'i-1', stream: 'stdout', timestamp: 105, message: 'same ms' },
      { instanceId: 'i-1', stream: 'stdout', timestamp: 110, message: 'done' },
    ]);
    expect(logs).toHaveReceivedNthCommandWith(FilterLogEventsCommand, 1, {
      logGroupName: '/deploys',
      logStreamNamePrefix: `${CMD}/`,
      startTime: undefined,
    });
    expect(logs).toHaveReceivedNthCommandWith(FilterLogEventsCommand, 2, { startTime: 105 });
  });

  it('follows next tokens, but at most 5 pages in one poll', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [], nextToken: 'more' });
    await expect(followCommandLogs(client, '/g', CMD).poll()).resolves.toEqual([]);
    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 5);
  });

  it('treats a log group that does not exist yet as no output', async () => {
    logs
      .on(FilterLogEventsCommand)
      .rejects(new ResourceNotFoundException({ message: 'no group', $metadata: {} }));
    await expect(followCommandLogs(client, '/g', CMD).poll()).resolves.toEqual([]);
  });

  it('ignores streams of other commands or plugins it does not know', async () => {
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        {
          eventId: 'x',
          timestamp: 1,
          logStreamName: `other/i-1/aws-runShellScript/stdout`,
          message: 'no',
        },
        {
          eventId: 'y',
          timestamp: 2,
          logStreamName: `${CMD}/i-1/aws-runShellScript/trace`,
          message: 'no',
        },
      ],
    });
    await expect(followCommandLogs(client, '/g', CMD).poll()).resolves.toEqual([]);
  });

  it('passes other errors on', async () => {
    logs.on(FilterLogEventsCommand).rejects(new Error('AccessDenied'));
    await expect(followCommandLogs(client, '/g', CMD).poll()).rejects.toThrow('AccessDenied');
  });
});
