// What a benchmark reports: named figures, each a measured value (one, or a summary of runs) with
// an optional target and whether it was met.

import type { Summary } from './stats.js';

export type Unit = 'bytes' | 'ms' | 's' | 'calls' | 'MB';

/**
 * `at most`: the figure meets the target when it is no greater than `limit`. Counts and memory are
 * judged by their worst run (`max`), timings by their median, as the targets are stated.
 */
export interface Target {
  readonly limit: number;
  readonly judgedBy: 'median' | 'max';
  /** How the target reads in the table, e.g. `≤ 300 ms`, `≤ floor + 3 RTT (80 ms)`. */
  readonly text: string;
}

export interface Figure {
  readonly suite: string;
  /** What is measured, e.g. `100 named secrets: Secrets Manager calls`. */
  readonly name: string;
  readonly unit: Unit;
  /** A summary of runs, or a single value for what does not vary (a file's size). */
  readonly value: Summary | number;
  readonly target?: Target;
  /** A short remark shown under the table (how it was measured, a scale factor). */
  readonly note?: string;
}

export type Verdict = 'met' | 'missed' | 'none';

export function verdict(figure: Figure): Verdict {
  if (figure.target === undefined) return 'none';
  const value =
    typeof figure.value === 'number'
      ? figure.value
      : figure.target.judgedBy === 'max'
        ? figure.value.max
        : figure.value.median;
  return value <= figure.target.limit ? 'met' : 'missed';
}

export function atMost(limit: number, judgedBy: Target['judgedBy'], text?: string): Target {
  return { limit, judgedBy, text: text ?? `≤ ${formatNumber(limit)}` };
}

/** Integers as integers, anything else with one decimal (two below 10). */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', {
    minimumFractionDigits: Math.abs(value) < 10 ? 2 : 1,
    maximumFractionDigits: Math.abs(value) < 10 ? 2 : 1,
  });
}
