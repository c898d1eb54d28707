// Following the output beside the wait: the script's marker lines are left out of what is shown,
// and its end marker, read in an instance's stream, is reported as the end of that instance's
// output (the hint that brings the next poll forward).

import {
  CloudWatchLogsClient,
  GetLogEventsCommand,
  type GetLogEventsCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { followOutput } from '../../src/deploy/follow.js';
import { markerPrefix } from '../../src/deploy/protocol.js';
import { followCommandLogs, type StreamedLine } from '../../src/log-stream.js';

const CMD = '11111111-2222-3333-4444-555555555555';
const NONCE = '0123456789ab';
const OTHER_NONCE = 'ba9876543210';

function following(streams: Record<string, string[]>) {
  const logs = mockClient(CloudWatchLogsClient);
  logs.on(GetLogEventsCommand).callsFake((input: GetLogEventsCommandInput) => {
    const [, instance, , kind] = (input.logStreamName ?? '').split('/');
    const messages = streams[`${instance ?? ''}/${kind ?? ''}`] ?? [];
    const from = input.nextToken === undefined ? 0 : Number(input.nextToken.slice(2));
    return {
      events: messages.slice(from).map((message, index) => ({ timestamp: index, message })),
      nextForwardToken: `f/${messages.length}`,
    };
  });
  const shown: StreamedLine[] = [];
  const follower = followCommandLogs(new CloudWatchLogsClient({ region: 'eu-west-1' }), 'g', CMD);
  const output = followOutput(
    follower,
    NONCE,
    { onOutput: (lines) => shown.push(...lines) },
    new AbortController().signal,
    ['i-a', 'i-b'],
  );
  return { output, shown, streams };
}

describe('followOutput', () => {
  it('answers the instances whose output shows the end of the script, and shows no marker', async () => {
    const { output, shown, streams } = following({
      'i-a/stdout': ['building', `${markerPrefix(NONCE)}deployed=abc`],
      'i-b/stdout': ['building'],
    });
    expect([...(await output.alongside([]))]).toEqual([]);

    streams['i-a/stdout']?.push('done', `${markerPrefix(NONCE)}exit=0`);
    // A line that looks like the end but carries another deploy's nonce is not the end.
    streams['i-b/stderr'] = [`${markerPrefix(OTHER_NONCE)}exit=0`];
    expect([...(await output.alongside([]))]).toEqual(['i-a']);
    expect(shown.map((line) => line.message)).toEqual([
      'building',
      'building',
      'done',
      `${markerPrefix(OTHER_NONCE)}exit=0`,
    ]);

    streams['i-b/stderr'].push(`${markerPrefix(NONCE)}exit=214`);
    expect([...(await output.alongside([]))].sort()).toEqual(['i-a', 'i-b']);
  });
});
