// Reading the sandbox's call log: how many calls, and how long a stretch of them took. Every
// record carries its real arrival time and duration (epoch ms), so spans are real time.

import type { CallRecord } from '../../sandbox/index.js';

/** When the call's answer was complete (or its connection reset). */
export function endOf(call: CallRecord): number {
  return call.time + call.durationMs;
}

/** From the first call's arrival to the last answer's end, in ms. */
export function span(calls: readonly CallRecord[]): number {
  if (calls.length === 0) throw new Error('no calls to measure');
  const start = Math.min(...calls.map((call) => call.time));
  const end = Math.max(...calls.map(endOf));
  return end - start;
}

export function firstArrival(calls: readonly CallRecord[]): number {
  if (calls.length === 0) throw new Error('the action made no AWS call');
  return Math.min(...calls.map((call) => call.time));
}

/** `{ BatchGetSecretValue: 5, ListSecrets: 1 }`, for notes. */
export function countByOperation(calls: readonly CallRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) counts[call.operation] = (counts[call.operation] ?? 0) + 1;
  return counts;
}

export function describeCounts(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([operation, count]) => `${count} ${operation}`)
    .join(', ');
}
