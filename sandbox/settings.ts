// Everything about the sandbox's behaviour that a test or benchmark may change while it runs:
// injected faults (latency, throttling, connection resets) and the timing of Run Command.

/** One value for every operation, or values by operation name with `'*'` for the rest. */
export type PerOperation<T> = T | Readonly<Record<string, T>>;

export interface TargetResolution {
  /** Real ms after SendCommand before the first tag-targeted instances appear. */
  readonly delayMs: number;
  /** Instances that appear at a time; the command's TargetCount grows with them. */
  readonly batchSize: number;
  /** Real ms between two batches. */
  readonly intervalMs: number;
}

export interface SandboxSettings {
  /** Real ms to wait before answering. */
  readonly latencyMs: PerOperation<number>;
  /** Fraction (0..1) of calls answered with the service's throttling error. */
  readonly throttleRate: PerOperation<number>;
  /** Fraction (0..1) of calls whose connection is destroyed instead of answered. */
  readonly resetRate: PerOperation<number>;
  /**
   * `before`: a reset call is never carried out. `after`: it is carried out and only the answer is
   * lost (so a retried SendCommand runs twice, as it can on AWS).
   */
  readonly resetWhen: 'before' | 'after';
  /** Real ms after SendCommand during which GetCommandInvocation answers InvocationDoesNotExist. */
  readonly invocationDoesNotExistMs: number;
  /** How tag targets are resolved into instances, asynchronously as on AWS. */
  readonly targetResolution: TargetResolution;
  /** Real ms before an invocation on an unreachable instance turns Undeliverable. */
  readonly undeliverableAfterMs: number;
  /** Real ms between an invocation being due and its script starting (the agent's pickup). */
  readonly deliveryDelayMs: number;
  /** Sandbox clock speed: 10 makes timestamps, executionTimeout and TimeoutSeconds run 10x. */
  readonly timeScale: number;
  /** Real ms between two uploads of a running script's new output lines to CloudWatch Logs. */
  readonly cloudWatchUploadMs: number;
}

export const DEFAULT_SETTINGS: SandboxSettings = {
  latencyMs: 0,
  throttleRate: 0,
  resetRate: 0,
  resetWhen: 'before',
  invocationDoesNotExistMs: 1000,
  targetResolution: { delayMs: 500, batchSize: 50, intervalMs: 200 },
  undeliverableAfterMs: 500,
  deliveryDelayMs: 20,
  timeScale: 1,
  cloudWatchUploadMs: 200,
};

export function forOperation(value: PerOperation<number>, operation: string): number {
  if (typeof value === 'number') return value;
  return value[operation] ?? value['*'] ?? 0;
}

/** Rejects nonsense early, so a typo in a test fails loudly rather than silently doing nothing. */
export function checkSettings(settings: SandboxSettings): void {
  const check = (name: string, value: PerOperation<number>, max: number): void => {
    const values = typeof value === 'number' ? [value] : Object.values(value);
    for (const v of values) {
      if (!Number.isFinite(v) || v < 0 || v > max) {
        throw new RangeError(`${name} must be between 0 and ${max}, got ${v}`);
      }
    }
  };
  check('latencyMs', settings.latencyMs, 600_000);
  check('throttleRate', settings.throttleRate, 1);
  check('resetRate', settings.resetRate, 1);
  check('invocationDoesNotExistMs', settings.invocationDoesNotExistMs, 3_600_000);
  check('undeliverableAfterMs', settings.undeliverableAfterMs, 3_600_000);
  check('deliveryDelayMs', settings.deliveryDelayMs, 3_600_000);
  check('cloudWatchUploadMs', settings.cloudWatchUploadMs, 3_600_000);
  if (settings.cloudWatchUploadMs < 1)
    throw new RangeError('cloudWatchUploadMs must be at least 1');
  check('targetResolution.delayMs', settings.targetResolution.delayMs, 3_600_000);
  check('targetResolution.intervalMs', settings.targetResolution.intervalMs, 3_600_000);
  if (
    !Number.isInteger(settings.targetResolution.batchSize) ||
    settings.targetResolution.batchSize < 1
  ) {
    throw new RangeError('targetResolution.batchSize must be a positive integer');
  }
  if (!Number.isFinite(settings.timeScale) || settings.timeScale <= 0) {
    throw new RangeError(`timeScale must be positive, got ${settings.timeScale}`);
  }
}
