// Medians with their spread: every timed figure is the median of several runs, shown with the
// fastest and slowest run so that a noisy figure looks noisy.

export interface Summary {
  /** Every run's value, in the order measured. */
  readonly runs: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('no values to summarize');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] ?? 0)
      : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { runs: [...values], median, min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}
