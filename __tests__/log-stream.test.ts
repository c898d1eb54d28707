// The CloudWatch follower: only the streams of the command's own instances, each read by name with
// GetLogEvents from its head and then from its forward token; no event's timestamp ever decides
// what is read next, and a few calls per poll at most, streams taking turns.

import {
  CloudWatchLogsClient,
  GetLogEventsCommand,
  ResourceNotFoundException,
  type GetLogEventsCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  EVENTS_PER_CALL,
  MAX_CALLS_PER_POLL,
  followCommandLogs,
  type FollowedInstance,
} from '../src/log-stream.js';

const logs = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'eu-west-1' });
const CMD = '11111111-2222-3333-4444-555555555555';
const stream = (instance: string, kind = 'stdout') =>
  `${CMD}/${instance}/aws-runShellScript/${kind}`;
const running = (...ids: string[]): FollowedInstance[] =>
  ids.map((instanceId) => ({ instanceId, finished: false }));

/** A stand-in for one group: events per stream, read by position as GetLogEvents reads them. */
function group(streams: Record<string, { timestamp: number; message: string }[]>): void {
  logs.on(GetLogEventsCommand).callsFake((input: GetLogEventsCommandInput) => {
    const events = streams[input.logStreamName ?? ''];
    if (events === undefined)
      throw new ResourceNotFoundException({ message: 'no stream', $metadata: {} });
    const from = input.nextToken === undefined ? 0 : Number(input.nextToken.slice(2));
    const page = events.slice(from, from + (input.limit ?? 10_000));
    return { events: page, nextForwardToken: `f/${from + page.length}`, nextBackwardToken: 'b/0' };
  });
}

beforeEach(() => logs.reset());

describe('followCommandLogs', () => {
  it("reads each of the instances' streams by name from its head, then on from its token", async () => {
    const streams = {
      [stream('i-1')]: [{ timestamp: 100, message: 'pulling\n' }],
      [stream('i-1', 'stderr')]: [{ timestamp: 105, message: 'warn' }],
    };
    group(streams);
    const follower = followCommandLogs(client, '/deploys', CMD);

    await expect(follower.poll(running('i-1'))).resolves.toEqual([
      { instanceId: 'i-1', stream: 'stdout', timestamp: 100, message: 'pulling' },
      { instanceId: 'i-1', stream: 'stderr', timestamp: 105, message: 'warn' },
    ]);
    expect(logs).toHaveReceivedNthCommandWith(GetLogEventsCommand, 1, {
      logGroupName: '/deploys',
      logStreamName: stream('i-1'),
      startFromHead: true,
      limit: EVENTS_PER_CALL,
    });
    expect(logs.commandCalls(GetLogEventsCommand)[0]?.args[0].input.nextToken).toBeUndefined();

    streams[stream('i-1')]?.push({ timestamp: 90, message: 'an earlier clock' });
    await expect(follower.poll(running('i-1'))).resolves.toEqual([
      { instanceId: 'i-1', stream: 'stdout', timestamp: 90, message: 'an earlier clock' },
    ]);
    expect(logs).toHaveReceivedNthCommandWith(GetLogEventsCommand, 3, { nextToken: 'f/1' });
    expect(logs).toHaveReceivedNthCommandWith(GetLogEventsCommand, 4, { nextToken: 'f/1' });
  });

  it('never lets a timestamp far in the future hide the lines after it, in any stream', async () => {
    const streams = {
      [stream('i-1')]: [{ timestamp: 1_000, message: 'one' }],
      [stream('i-2')]: [{ timestamp: 1_000 + 3_600_000, message: 'a clock an hour fast' }],
    };
    group(streams);
    const follower = followCommandLogs(client, '/g', CMD);
    await follower.poll(running('i-1', 'i-2'));
    streams[stream('i-1')]?.push({ timestamp: 2_000, message: 'two' });
    const lines: string[] = [];
    for (let poll = 0; poll < 2; poll++)
      lines.push(...(await follower.poll(running('i-1', 'i-2'))).map((line) => line.message));
    expect(lines).toContain('two');
  });

  it('reads no stream of an instance that is not the command’s, whatever the group holds', async () => {
    group({
      [stream('i-1')]: [{ timestamp: 1, message: 'real' }],
      [stream('i-0fa4e0000000000aa')]: [{ timestamp: 1, message: 'spoofed' }],
    });
    const follower = followCommandLogs(client, '/g', CMD);
    const lines = await follower.poll(running('i-1'));
    expect(lines.map((line) => line.message)).toEqual(['real']);
    expect(
      logs.commandCalls(GetLogEventsCommand).map((call) => call.args[0].input.logStreamName),
    ).toEqual([stream('i-1'), stream('i-1', 'stderr')]);
  });

  it(`makes at most ${MAX_CALLS_PER_POLL} calls a poll, the streams taking turns`, async () => {
    group({});
    const follower = followCommandLogs(client, '/g', CMD);
    const ids = ['i-1', 'i-2', 'i-3', 'i-4'];
    await follower.poll(running(...ids));
    await follower.poll(running(...ids));
    const read = logs.commandCalls(GetLogEventsCommand).map((c) => c.args[0].input.logStreamName);
    expect(read).toHaveLength(2 * MAX_CALLS_PER_POLL);
    expect(new Set(read).size).toBe(8);
  });

  it('stops reading the streams of a finished instance once they have nothing more', async () => {
    group({ [stream('i-1')]: [{ timestamp: 1, message: 'last' }], [stream('i-1', 'stderr')]: [] });
    const follower = followCommandLogs(client, '/g', CMD);
    const done = [{ instanceId: 'i-1', finished: true }];
    await expect(follower.poll(done)).resolves.toHaveLength(1);
    await follower.poll(done);
    await follower.poll(done);
    // stdout: its last line, then nothing; stderr: nothing at once.
    expect(logs).toHaveReceivedCommandTimes(GetLogEventsCommand, 3);
  });

  it('shows nothing before the group or a stream exists', async () => {
    logs
      .on(GetLogEventsCommand)
      .rejects(new ResourceNotFoundException({ message: 'no group', $metadata: {} }));
    await expect(followCommandLogs(client, '/g', CMD).poll(running('i-1'))).resolves.toEqual([]);
  });

  it('lets any other failure through for the caller to report', async () => {
    logs.on(GetLogEventsCommand).rejects(new Error('AccessDenied'));
    await expect(followCommandLogs(client, '/g', CMD).poll(running('i-1'))).rejects.toThrow(
      'AccessDenied',
    );
  });
});
