// Follows a command's output in CloudWatch Logs while it runs, so a long deploy shows its output
// in the workflow log as it happens rather than only at the end. SSM writes one stream per
// instance and per output: `<commandId>/<instanceId>/aws-runShellScript/stdout` (and `stderr`).
//
// Anyone allowed to write the group can add streams to it and events with any timestamp, and an
// instance's clock can be wrong. So only the streams of this command's own instances are read, by
// name (an instance id comes from SSM or the inputs, never from a stream's name), each with
// GetLogEvents from its head and then from the forward token it returned: the position in the
// stream is the token's, and no event's timestamp ever moves what is read next.

import {
  GetLogEventsCommand,
  ResourceNotFoundException,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';

export interface StreamedLine {
  readonly instanceId: string;
  readonly stream: 'stdout' | 'stderr';
  readonly timestamp: number;
  readonly message: string;
}

/** An instance of the command, as SSM or the inputs name it, and whether it has finished. */
export interface FollowedInstance {
  readonly instanceId: string;
  readonly finished: boolean;
}

export interface LogFollower {
  /**
   * The lines written since the last call to the streams of `instances` (this command's own),
   * oldest first. Never throws for a group or stream that does not exist yet.
   */
  poll(instances: readonly FollowedInstance[], signal?: AbortSignal): Promise<StreamedLine[]>;
  /** GetLogEvents calls made so far. */
  readonly calls: number;
}

/**
 * The end-of-command hint: whether a line is the remote script's last, its end marker
 * (`endMarker`: the marker prefix and `exit=`, printed to both streams as it exits). The instance
 * has then ended as far as its output goes, which SSM may say a moment later. A hint only: it can
 * bring a poll forward, and the nonce in the marker keeps anyone else's lines from being taken
 * for it, but the verdict is always SSM's.
 */
export function endsScript(line: StreamedLine, endMarker: string): boolean {
  return line.message.startsWith(endMarker);
}

/** GetLogEvents calls per poll: streams beyond it are read in turn, at later polls. */
export const MAX_CALLS_PER_POLL = 4;
/** Events asked for per call, so one chatty stream cannot make a poll arbitrarily long. */
export const EVENTS_PER_CALL = 1_000;

const STREAMS = ['stdout', 'stderr'] as const;

interface StreamState {
  readonly instanceId: string;
  readonly stream: 'stdout' | 'stderr';
  readonly name: string;
  /** The forward token of the last answer: where the next read goes on from. */
  token: string | undefined;
  /** Read to its end after its instance had finished: nothing more will come. */
  drained: boolean;
}

export function followCommandLogs(
  logs: CloudWatchLogsClient,
  logGroupName: string,
  commandId: string,
): LogFollower {
  const streams = new Map<string, StreamState>();
  /** Where the next poll starts in the round of streams, so each gets its turn. */
  let turn = 0;
  let calls = 0;

  const read = async (state: StreamState, signal?: AbortSignal): Promise<StreamedLine[]> => {
    calls++;
    let response;
    try {
      response = await logs.send(
        new GetLogEventsCommand({
          logGroupName,
          logStreamName: state.name,
          startFromHead: true,
          limit: EVENTS_PER_CALL,
          ...(state.token === undefined ? {} : { nextToken: state.token }),
        }),
        signal === undefined ? {} : { abortSignal: signal },
      );
    } catch (error) {
      // The agent creates the group and the stream on its first write; until then, nothing.
      if (error instanceof ResourceNotFoundException) return [];
      throw error;
    }
    // At the end of the stream GetLogEvents answers no events and the token it was given, from
    // which later events are read.
    if (response.nextForwardToken !== undefined) state.token = response.nextForwardToken;
    return (response.events ?? []).map((event) => ({
      instanceId: state.instanceId,
      stream: state.stream,
      timestamp: event.timestamp ?? 0,
      message: (event.message ?? '').replace(/\r?\n$/, ''),
    }));
  };

  return {
    get calls() {
      return calls;
    },
    async poll(instances, signal) {
      for (const { instanceId } of instances)
        for (const stream of STREAMS) {
          const name = `${commandId}/${instanceId}/aws-runShellScript/${stream}`;
          if (!streams.has(name))
            streams.set(name, { instanceId, stream, name, token: undefined, drained: false });
        }
      const finished = new Set(instances.filter((i) => i.finished).map((i) => i.instanceId));
      const open = [...streams.values()].filter((state) => !state.drained);
      const chosen: StreamState[] = [];
      for (let index = 0; index < Math.min(MAX_CALLS_PER_POLL, open.length); index++) {
        const state = open[(turn + index) % open.length];
        if (state !== undefined) chosen.push(state);
      }
      turn = open.length === 0 ? 0 : (turn + chosen.length) % open.length;
      const lines: StreamedLine[] = [];
      for (const state of chosen) {
        // Whether the instance had finished before this read: then an empty answer is the end.
        const done = finished.has(state.instanceId);
        const found = await read(state, signal);
        if (done && found.length === 0) state.drained = true;
        lines.push(...found);
      }
      // Shown in time order across streams; the order only, never what is read next.
      return lines.sort((a, b) => a.timestamp - b.timestamp);
    },
  };
}
