// Waves from the rollout input and the fleet: which instances each wave deploys.

import type { WaveStep } from '../config.js';
import { MAX_INSTANCE_IDS } from '../inputs/declared.js';

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
  const add = (wave: readonly string[]): void => {
    // SSM takes at most 50 instance ids in one command, and a wave is one command: a larger step
    // goes out as consecutive waves of at most 50, each started only once the one before it is
    // deployed, healthy and baked, so no more of the fleet is at risk at once than asked for.
    for (let start = 0; start < wave.length; start += MAX_INSTANCE_IDS)
      waves.push(wave.slice(start, start + MAX_INSTANCE_IDS));
  };
  let done = 0;
  for (const step of steps) {
    const size = Math.max(done, cumulativeSize(step, instanceIds.length));
    if (size > done) add(instanceIds.slice(done, size));
    done = size;
  }
  if (done < instanceIds.length) add(instanceIds.slice(done));
  return waves;
}
