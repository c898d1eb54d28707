// Waves from the rollout input and the fleet: which instances each wave deploys.

import type { WaveStep } from '../config.js';

/**
 * How many instances have the commit once a step is done: a count as given (at most the fleet), a
 * percentage rounded down ("up to a quarter"), but at least one, so a small fleet still starts
 * with one instance rather than none.
 */
export function cumulativeSize(step: WaveStep, fleet: number): number {
  if (step.kind === 'count') return Math.min(step.count, fleet);
  return Math.min(fleet, Math.max(1, Math.floor((step.percent * fleet) / 100)));
}

/**
 * The instances of each wave, in the order given. A step that reaches no further than the one
 * before it on this fleet (25% of 4 after 1) adds no wave; the last step is 100%, so every
 * instance is in exactly one wave.
 */
export function planWaves(
  steps: readonly WaveStep[],
  instanceIds: readonly string[],
): readonly (readonly string[])[] {
  const waves: string[][] = [];
  let done = 0;
  for (const step of steps) {
    const size = Math.max(done, cumulativeSize(step, instanceIds.length));
    if (size > done) waves.push(instanceIds.slice(done, size));
    done = size;
  }
  if (done < instanceIds.length) waves.push(instanceIds.slice(done));
  return waves;
}
