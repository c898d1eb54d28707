// One health check as ALB sends it: GET the group's path on the target's port over a new connection
// (closed afterwards), passing when the status is one the group's matcher names, failing on another
// status, on a timeout, or when no answer comes (connection refused, reset, malformed).

import { request } from 'node:http';

export type HealthCheckResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason:
        'Target.ResponseCodeMismatch' | 'Target.Timeout' | 'Target.FailedHealthChecks';
      readonly description: string;
    };

export interface HealthCheckRequest {
  readonly port: number;
  readonly path: string;
  /** Real milliseconds. */
  readonly timeoutMs: number;
  readonly accepts: (status: number) => boolean;
}

export function checkHealth(check: HealthCheckRequest): Promise<HealthCheckResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: HealthCheckResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const req = request(
      {
        host: '127.0.0.1',
        port: check.port,
        path: check.path,
        method: 'GET',
        agent: false,
        headers: { 'user-agent': 'ELB-HealthChecker/2.0', connection: 'close' },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        settle(
          check.accepts(status)
            ? { ok: true }
            : {
                ok: false,
                reason: 'Target.ResponseCodeMismatch',
                description: `Health checks failed with these codes: [${status}]`,
              },
        );
      },
    );
    const timer = setTimeout(
      () => settle({ ok: false, reason: 'Target.Timeout', description: 'Request timed out' }),
      check.timeoutMs,
    );
    req.on('error', () =>
      settle({
        ok: false,
        reason: 'Target.FailedHealthChecks',
        description: 'Health checks failed',
      }),
    );
    req.end();
  });
}

/** `200`, `200,202`, `200-299` (codes 200 to 499, as ALB allows) into a test of a status. */
export function parseMatcher(matcher: string): (status: number) => boolean {
  const parts = matcher.split(',').map((part) => {
    const match = /^\s*(\d{3})(?:\s*-\s*(\d{3}))?\s*$/.exec(part);
    const low = Number(match?.[1]);
    const high = Number(match?.[2] ?? match?.[1]);
    if (!match || low < 200 || high > 499 || low > high)
      throw new Error(`healthCheck.matcher: codes or ranges from 200 to 499, got ${matcher}`);
    return [low, high] as const;
  });
  return (status) => parts.some(([low, high]) => status >= low && status <= high);
}
