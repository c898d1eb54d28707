// What a benchmark reports: named figures, each a measured value (one, or a summary of runs) with
// an optional target and whether it was met.

import type { Summary } from './stats.js';

export type Unit = 'bytes' | 'ms' | 's' | 'calls' | 'MB';

/**
 * `at most`: the figure meets the target when it is no greater than `limit`. Counts and memory are
 * judged by their worst run (`max`), timings by their median, as the targets are stated. A limit
 * that depends on the run (10% of that run's length) is given per run (`each`).
 */
export type Target = {
  /** How the target reads in the table, e.g. `≤ 300 ms`, `≤ 20 + 3 × 20 ms`. */
  readonly text: string;
} & (
  | { readonly judgedBy: 'median' | 'max'; readonly limit: number }
  | { readonly judgedBy: 'each'; readonly limits: readonly number[] }
);

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
  const { target, value } = figure;
  if (target === undefined) return 'none';
  const runs = typeof value === 'number' ? [value] : value.runs;
  if (target.judgedBy === 'each') {
    if (target.limits.length !== runs.length) throw new Error(`${figure.name}: one limit per run`);
    return runs.every((run, index) => run <= (target.limits[index] ?? -Infinity))
      ? 'met'
      : 'missed';
  }
  const judged =
    typeof value === 'number' ? value : target.judgedBy === 'max' ? value.max : value.median;
  return judged <= target.limit ? 'met' : 'missed';
}

export function atMost(limit: number, judgedBy: 'median' | 'max', text?: string): Target {
  return { limit, judgedBy, text: text ?? `≤ ${formatNumber(limit)}` };
}

/** Each run's value at most its own limit. */
export function eachAtMost(limits: readonly number[], text: string): Target {
  return { limits, judgedBy: 'each', text };
}

/** Integers as integers, anything else with one decimal (two below 10). */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', {
    minimumFractionDigits: Math.abs(value) < 10 ? 2 : 1,
    maximumFractionDigits: Math.abs(value) < 10 ? 2 : 1,
  });
}
