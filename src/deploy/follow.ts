// The command's output shown while the wait goes on: one CloudWatch Logs query beside each poll,
// the script's marker lines left out (they are read at the end). Following is a convenience, so
// its first failure ends it with a note; the whole output is still shown when the deploy ends.

import type { LogFollower, StreamedLine } from '../log-stream.js';
import { describeError } from './status.js';
import { markerPrefix } from './protocol.js';

export interface OutputFollowing {
  /** One query; never throws. */
  readonly alongside: () => Promise<void>;
  /** FilterLogEvents calls made. */
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
): OutputFollowing {
  const prefix = markerPrefix(nonce);
  let stopped = false;
  return {
    calls: () => follower.calls,
    async alongside() {
      if (stopped) return;
      try {
        const lines = (await follower.poll(signal)).filter(
          (line) => !line.message.startsWith(prefix),
        );
        if (lines.length > 0) events.onOutput?.(lines);
      } catch (error) {
        stopped = true;
        if (!signal.aborted)
          events.onNote?.(
            `Following the output in CloudWatch Logs failed (${describeError(error)}); it is shown when the deploy ends.`,
          );
      }
    },
  };
}
