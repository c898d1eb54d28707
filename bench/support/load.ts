// A load generator for the zero-downtime figures: requests at a steady rate through a load
// balancer, open loop (each request is sent on schedule whether or not earlier ones have been
// answered, so a stall shows as latency and failures rather than as a lower rate), each one
// recorded with its start, latency, status and the commit that answered it. Named windows (a
// deploy, say) split the figures: a request belongs to the window it started in.

import { Agent, request } from 'node:http';

export interface LoadOptions {
  /** `http://127.0.0.1:<port>/path`: the load balancer. */
  readonly url: string;
  /** Requests sent per second, evenly spaced. */
  readonly ratePerSecond: number;
  /** A request with no complete answer after this long fails as `timeout`. Default 10 s. */
  readonly timeoutMs?: number;
}

export interface RequestRecord {
  /** Real time the request was sent, epoch ms. */
  readonly start: number;
  readonly latencyMs: number;
  /** HTTP status, or 0 when no answer came. */
  readonly status: number;
  /** `http-502`, `ECONNRESET`, `timeout`…; undefined for a 2xx answer. */
  readonly failure: string | undefined;
  /** The app's `x-commit` header, when it answered. */
  readonly commit: string | undefined;
}

export interface LoadStats {
  readonly requests: number;
  readonly failures: number;
  /** Failures by kind: `{ 'http-502': 3, timeout: 1 }`. */
  readonly failureKinds: Readonly<Record<string, number>>;
  /** Latency percentiles of every request (failed ones too), ms; 0 when there were none. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Requests answered by each commit. */
  readonly byCommit: Readonly<Record<string, number>>;
}

export interface LoadReport {
  readonly all: LoadStats;
  /** Requests that started in no window. */
  readonly outside: LoadStats;
  /** By window name (requests in any of that name's windows). */
  readonly windows: Readonly<Record<string, LoadStats>>;
  readonly records: readonly RequestRecord[];
  /** Real ms from the first request sent to the last one. */
  readonly durationMs: number;
}

export interface LoadGenerator {
  /** Opens a window named `name` now; the result closes it. */
  window(name: string): () => void;
  /** How many requests have been sent so far. */
  sent(): number;
  /** Stops sending, waits for what is in flight, and reports. */
  stop(): Promise<LoadReport>;
}

interface Window {
  readonly name: string;
  readonly start: number;
  end: number;
}

export function startLoad(options: LoadOptions): LoadGenerator {
  if (!Number.isFinite(options.ratePerSecond) || options.ratePerSecond <= 0)
    throw new Error(`ratePerSecond must be positive, got ${options.ratePerSecond}`);
  const url = new URL(options.url);
  if (url.protocol !== 'http:') throw new Error(`the load generator speaks http only: ${url.href}`);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const records: RequestRecord[] = [];
  const inFlight = new Set<Promise<void>>();
  const windows: Window[] = [];
  const intervalMs = 1000 / options.ratePerSecond;
  const began = Date.now();
  let sent = 0;
  let stopped = false;

  const send = (): void => {
    const start = Date.now();
    const done = new Promise<void>((resolve) => {
      let settled = false;
      const finish = (status: number, failure: string | undefined, commit?: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        records.push({ start, latencyMs: Date.now() - start, status, failure, commit });
        resolve();
      };
      const req = request(url, { method: 'GET', agent }, (res) => {
        const status = res.statusCode ?? 0;
        const header = res.headers['x-commit'];
        res.resume();
        res.on('end', () =>
          finish(
            status,
            status >= 200 && status < 300 ? undefined : `http-${status}`,
            typeof header === 'string' ? header : undefined,
          ),
        );
        res.on('error', (error: NodeJS.ErrnoException) => finish(status, error.code ?? 'error'));
      });
      const timer = setTimeout(() => {
        finish(0, 'timeout');
        req.destroy();
      }, timeoutMs);
      req.on('error', (error: NodeJS.ErrnoException) => finish(0, error.code ?? 'error'));
      req.end();
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
    sent += 1;
  };

  // Sends every request that is due by now, then sleeps until the next is: the schedule follows
  // the clock, not the timer's accuracy.
  let timer: NodeJS.Timeout | undefined;
  const pump = (): void => {
    if (stopped) return;
    const due = Math.floor((Date.now() - began) / intervalMs) + 1;
    while (sent < due) send();
    const next = began + sent * intervalMs;
    timer = setTimeout(pump, Math.max(0, next - Date.now()));
  };
  pump();

  return {
    window(name: string): () => void {
      const window: Window = { name, start: Date.now(), end: Number.POSITIVE_INFINITY };
      windows.push(window);
      return () => {
        window.end = Date.now();
      };
    },
    sent: () => sent,
    async stop(): Promise<LoadReport> {
      stopped = true;
      clearTimeout(timer);
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      agent.destroy();
      const sorted = [...records].sort((a, b) => a.start - b.start);
      const inWindow = (record: RequestRecord, window: Window): boolean =>
        record.start >= window.start && record.start < window.end;
      const names = [...new Set(windows.map((w) => w.name))];
      return {
        all: stats(sorted),
        outside: stats(sorted.filter((r) => !windows.some((w) => inWindow(r, w)))),
        windows: Object.fromEntries(
          names.map((name) => [
            name,
            stats(sorted.filter((r) => windows.some((w) => w.name === name && inWindow(r, w)))),
          ]),
        ),
        records: sorted,
        durationMs: sorted.length === 0 ? 0 : (sorted.at(-1)?.start ?? 0) - (sorted[0]?.start ?? 0),
      };
    },
  };
}

export function stats(records: readonly RequestRecord[]): LoadStats {
  const latencies = records.map((r) => r.latencyMs).sort((a, b) => a - b);
  const failureKinds: Record<string, number> = {};
  const byCommit: Record<string, number> = {};
  for (const record of records) {
    if (record.failure !== undefined)
      failureKinds[record.failure] = (failureKinds[record.failure] ?? 0) + 1;
    if (record.commit !== undefined) byCommit[record.commit] = (byCommit[record.commit] ?? 0) + 1;
  }
  return {
    requests: records.length,
    failures: records.filter((r) => r.failure !== undefined).length,
    failureKinds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? 0,
    byCommit,
  };
}

/** Nearest-rank percentile of sorted values; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}
