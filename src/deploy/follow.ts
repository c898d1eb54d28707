// The command's output shown while the wait goes on: a few CloudWatch Logs reads beside each poll,
// of the streams of the command's own instances, the script's marker lines left out (they are read
// at the end, from SSM). Following is a convenience, so
// its first failure ends it with a note; the whole output is still shown when the deploy ends.

import {
  endsScript,
  type FollowedInstance,
  type LogFollower,
  type StreamedLine,
} from '../log-stream.js';
import { describeError, isTerminal } from './status.js';
import { markerPrefix } from './protocol.js';
import type { InstanceStatus } from './wait.js';

export interface OutputFollowing {
  /**
   * One round of reads of the streams of these instances (as the wait last saw them); never
   * throws. Answers the instances whose output has shown the script's end so far.
   */
  readonly alongside: (instances: readonly InstanceStatus[]) => Promise<ReadonlySet<string>>;
  /** GetLogEvents calls made. */
  readonly calls: () => number;
}

export function followOutput(
  follower: LogFollower,
  nonce: string,
  events: {
    readonly onOutput?: ((lines: readonly StreamedLine[]) => void) | undefined;
    readonly onNote?: ((note: string) => void) | undefined;
  },
  signal: AbortSignal,
  /** The instances asked for by id: followed before SSM lists them. */
  instanceIds: readonly string[] = [],
): OutputFollowing {
  const prefix = markerPrefix(nonce);
  const endMarker = `${prefix}exit=`;
  const ended = new Set<string>();
  let stopped = false;
  return {
    calls: () => follower.calls,
    async alongside(seen) {
      if (stopped) return ended;
      // Only this command's own instances: those asked for, and those SSM lists for it.
      const instances: FollowedInstance[] = [
        ...seen.map((i) => ({
          instanceId: i.instanceId,
          finished: isTerminal(i.status, i.statusDetails),
        })),
        ...instanceIds
          .filter((id) => !seen.some((i) => i.instanceId === id))
          .map((instanceId) => ({ instanceId, finished: false })),
      ];
      try {
        const read = await follower.poll(instances, signal);
        for (const line of read) if (endsScript(line, endMarker)) ended.add(line.instanceId);
        const lines = read.filter((line) => !line.message.startsWith(prefix));
        if (lines.length > 0) events.onOutput?.(lines);
      } catch (error) {
        stopped = true;
        if (!signal.aborted)
          events.onNote?.(
            `Following the output in CloudWatch Logs failed (${describeError(error)}); it is shown when the deploy ends.`,
          );
      }
      return ended;
    },
  };
}
