// Dry run with a rollout: the waves it would deploy, and what each wave would go through.

import * as core from '@actions/core';
import type { RolloutConfig } from '../config.js';
import { groupName } from '../rollout/engine.js';
import { planWaves } from '../rollout/plan.js';
import { printUntrusted } from './format.js';

/** The waves over the instances the preflight found, in the order a rollout would deploy them. */
export function describeRolloutPlan(
  rollout: RolloutConfig,
  instanceIds: readonly string[],
): string {
  const waves = planWaves(rollout.waves, instanceIds);
  const groups = rollout.targetGroups.map(groupName);
  return [
    `Dry run: the rollout would deploy ${instanceIds.length} instance(s) in ${waves.length} wave(s), each starting only once the one before succeeded:`,
    ...waves.map((ids, i) => `  Wave ${i + 1}: ${ids.join(', ')}`),
    groups.length === 0
      ? '  Target groups: none; no instance is taken out of traffic.'
      : `  Target groups: ${groups.join(', ')}; each wave is taken out of them, drained, deployed, put back and must be healthy within ${rollout.healthTimeoutSeconds} s.`,
    rollout.alarms.length === 0
      ? '  Alarms: none.'
      : `  Alarms: ${rollout.alarms.join(', ')}; one in ALARM stops the rollout.`,
    rollout.bakeSeconds === 0
      ? '  Bake: none.'
      : `  Bake: ${rollout.bakeSeconds} s after each wave.`,
  ].join('\n');
}

/** Instance ids and names come from AWS: printed where they cannot be workflow commands. */
export function reportRolloutPlan(rollout: RolloutConfig, instanceIds: readonly string[]): void {
  core.startGroup('Dry run: the rollout plan');
  printUntrusted(describeRolloutPlan(rollout, instanceIds));
  core.endGroup();
}
