// A sandbox whose clock runs `scale` times faster than real time, for deploys too long to wait
// for. Its own clock (timestamps, executionTimeout, TimeoutSeconds) follows `timeScale`; the delays
// it counts in real milliseconds (the InvocationDoesNotExist window, the agent's pickup, tag
// resolution) are divided by the same factor here, so that the action, whose clock is sped up as
// much (bench/preload/scaled-clock.mjs), sees them last as long as they do at real speed.

import { DEFAULT_SETTINGS, type SandboxSettings } from '../../sandbox/index.js';
import type { Sandbox } from '../../sandbox/index.js';
import type { ClockScale } from './action.js';

export function scaledSettings(scale: number): Partial<SandboxSettings> {
  const d = DEFAULT_SETTINGS;
  return {
    timeScale: scale,
    invocationDoesNotExistMs: d.invocationDoesNotExistMs / scale,
    deliveryDelayMs: d.deliveryDelayMs / scale,
    undeliverableAfterMs: d.undeliverableAfterMs / scale,
    targetResolution: {
      delayMs: d.targetResolution.delayMs / scale,
      batchSize: d.targetResolution.batchSize,
      intervalMs: d.targetResolution.intervalMs / scale,
    },
  };
}

/** The action's clock for a run against `sandbox`: as fast as the sandbox's, reading the same. */
export function clockOf(sandbox: Sandbox): ClockScale | undefined {
  const scale = sandbox.settings.timeScale;
  if (scale === 1) return undefined;
  return { scale, realAnchor: Date.now(), scaledAnchor: sandbox.now() };
}
