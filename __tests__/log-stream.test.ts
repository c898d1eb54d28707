import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { LOOKBACK_MS, MAX_PAGES_PER_POLL, followCommandLogs } from '../src/log-stream.js';

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
    // The next query reaches back LOOKBACK_MS before the newest line shown.
    expect(logs).toHaveReceivedNthCommandWith(FilterLogEventsCommand, 2, { startTime: 0 });
    expect(follower.calls).toBe(2);
  });

  it('shows a line that arrives late with an older timestamp, and nothing twice', async () => {
    const t = 1_700_000_000_000;
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({
        events: [{ eventId: 'b', timestamp: t + 500, logStreamName: stream('i-2'), message: 'b' }],
      })
      .resolvesOnce({
        // i-1's agent uploaded its line later than i-2's, with the time it was written.
        events: [
          { eventId: 'a', timestamp: t + 100, logStreamName: stream('i-1'), message: 'a' },
          { eventId: 'b', timestamp: t + 500, logStreamName: stream('i-2'), message: 'b' },
        ],
      });
    const follower = followCommandLogs(client, '/g', CMD);
    expect((await follower.poll()).map((l) => l.message)).toEqual(['b']);
    expect((await follower.poll()).map((l) => l.message)).toEqual(['a']);
    expect(logs).toHaveReceivedNthCommandWith(FilterLogEventsCommand, 2, {
      startTime: t + 500 - LOOKBACK_MS,
    });
  });

  it('follows next tokens, but at most 5 pages in one poll, and goes on from there next time', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [], nextToken: 'more' });
    const follower = followCommandLogs(client, '/g', CMD);
    await expect(follower.poll()).resolves.toEqual([]);
    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, MAX_PAGES_PER_POLL);
    await follower.poll();
    expect(logs).toHaveReceivedNthCommandWith(FilterLogEventsCommand, MAX_PAGES_PER_POLL + 1, {
      nextToken: 'more',
    });
  });

  it('keeps the start time of a query while following its pages', async () => {
    const t = 1_700_000_000_000;
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({
        events: [{ eventId: 'a', timestamp: t, logStreamName: stream('i-1'), message: 'a' }],
      })
      .resolvesOnce({
        events: [
          { eventId: 'b', timestamp: t + 20_000, logStreamName: stream('i-1'), message: 'b' },
        ],
        nextToken: 'page-2',
      })
      .resolvesOnce({
        events: [
          { eventId: 'c', timestamp: t + 30_000, logStreamName: stream('i-1'), message: 'c' },
        ],
      });
    const follower = followCommandLogs(client, '/g', CMD);
    await follower.poll();
    expect((await follower.poll()).map((l) => l.message)).toEqual(['b', 'c']);
    expect(logs).toHaveReceivedNthCommandWith(FilterLogEventsCommand, 2, {
      startTime: t - LOOKBACK_MS,
      nextToken: undefined,
    });
    expect(logs).toHaveReceivedNthCommandWith(FilterLogEventsCommand, 3, {
      startTime: t - LOOKBACK_MS,
      nextToken: 'page-2',
    });
  });

  it('passes the abort signal to the call', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    const abort = new AbortController();
    await followCommandLogs(client, '/g', CMD).poll(abort.signal);
    expect((logs.call(0).args as unknown[])[1]).toEqual({ abortSignal: abort.signal });
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
