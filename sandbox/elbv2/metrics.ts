// The counts a load balancer publishes to CloudWatch (namespace AWS/ApplicationELB), kept as the
// sandbox's load balancer really saw them, in buckets of 100 ms of sandbox time, so that an alarm
// can sum any window of them.

export const COUNT_METRICS = [
  'RequestCount',
  'HTTPCode_Target_2XX_Count',
  'HTTPCode_Target_3XX_Count',
  'HTTPCode_Target_4XX_Count',
  'HTTPCode_Target_5XX_Count',
  'HTTPCode_ELB_5XX_Count',
  'HTTPCode_ELB_502_Count',
  'HTTPCode_ELB_503_Count',
  'HTTPCode_ELB_504_Count',
] as const;
export type CountMetric = (typeof COUNT_METRICS)[number];

const BUCKET_MS = 100;

export class MetricCounts {
  readonly #buckets = new Map<CountMetric, Map<number, number>>();

  add(metric: CountMetric, time: number, value = 1): void {
    let buckets = this.#buckets.get(metric);
    if (!buckets) {
      buckets = new Map();
      this.#buckets.set(metric, buckets);
    }
    const bucket = Math.floor(time / BUCKET_MS);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + value);
  }

  /** The sum of a metric over sandbox time [from, to). */
  sum(metric: CountMetric, from: number, to: number): number {
    const buckets = this.#buckets.get(metric);
    if (!buckets) return 0;
    let total = 0;
    const first = Math.floor(from / BUCKET_MS);
    const last = Math.ceil(to / BUCKET_MS);
    for (const [bucket, value] of buckets) if (bucket >= first && bucket < last) total += value;
    return total;
  }

  /** Every count since the start, by metric. */
  totals(): Readonly<Record<CountMetric, number>> {
    const totals = Object.fromEntries(COUNT_METRICS.map((m) => [m, 0])) as Record<
      CountMetric,
      number
    >;
    for (const [metric, buckets] of this.#buckets) {
      for (const value of buckets.values()) totals[metric] += value;
    }
    return totals;
  }
}
