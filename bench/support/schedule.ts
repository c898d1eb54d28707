// A long deploy's wait, computed: the action's own poller (src/deploy/wait.ts, unchanged) against
// an SSM that answers after a given latency, on a simulated clock. A 30-minute deploy then takes
// milliseconds, and its figures are those of the schedule itself, not of how fast a sped-up clock
// could make this machine answer.

import type { SSMClient } from '@aws-sdk/client-ssm';
import { waitForCommand } from '../../src/deploy/wait.js';

export interface SimulatedWait {
  /** Status polls from SendCommand to the one that saw the end, included. */
  readonly polls: number;
  /** From the command's end to the answer of the poll that saw it, ms. */
  readonly noticeMs: number;
}

/** One instance whose command ends `endsAtMs` after SendCommand; each poll answers in `latencyMs`. */
export async function simulateWait(endsAtMs: number, latencyMs: number): Promise<SimulatedWait> {
  let now = 0;
  let polls = 0;
  const ssm = {
    send: () => {
      polls += 1;
      // SSM answers with the state at the moment the call reaches it, halfway.
      const seenAt = now + latencyMs / 2;
      now += latencyMs;
      return Promise.resolve(
        seenAt < endsAtMs
          ? { Status: 'InProgress', StatusDetails: 'InProgress', ResponseCode: -1 }
          : { Status: 'Success', StatusDetails: 'Success', ResponseCode: 0 },
      );
    },
  } as unknown as SSMClient;
  const outcome = await waitForCommand(
    {
      commandId: '00000000-0000-0000-0000-000000000000',
      target: { kind: 'one', instanceId: 'i-00000000000000000' },
      sentAt: 0,
      deadline: endsAtMs + 3_600_000,
    },
    {
      ssm,
      now: () => now,
      sleep: (ms) => {
        now += ms;
        return Promise.resolve();
      },
    },
  );
  if (outcome.kind !== 'finished') throw new Error(`the simulated wait ended ${outcome.kind}`);
  return { polls, noticeMs: now - endsAtMs };
}

/**
 * `count` moments spread evenly over the `gapMs` before `lengthMs`: where in the gap between two
 * polls a deploy ends decides how long its end waits to be seen, from nothing to a whole gap.
 */
export function endings(lengthMs: number, gapMs: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => lengthMs - (gapMs * index) / count);
}
