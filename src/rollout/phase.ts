// Phase 3 as a rollout: its clients made (and their SDKs loaded) only when target-groups or alarms
// ask for them, from the same start-of-step settings as every other client (aws.ts), and each
// wave's command sent through the ordinary deploy.

import type { DeployConfig, RolloutConfig } from '../config.js';
import type { DeployOutcome } from '../deploy/deploy.js';
import type { Sleep } from '../deploy/wait.js';
import type { RunClients } from '../aws.js';
import { runRollout, type RolloutEvents, type RolloutReport } from './engine.js';

export interface RolloutPhase {
  readonly deploy: DeployConfig;
  readonly rollout: RolloutConfig;
  readonly clients: Pick<RunClients, 'elbv2' | 'cloudWatch'>;
  /** The instances the preflight found, in its order. */
  readonly instanceIds: readonly string[];
  /** The ordinary deploy (send, wait, collect) of one command. */
  readonly deployOnce: (deploy: DeployConfig) => Promise<DeployOutcome>;
  readonly now: () => number;
  readonly sleep: Sleep;
  readonly signal: AbortSignal;
  readonly events: RolloutEvents;
}

export async function runRolloutPhase(phase: RolloutPhase): Promise<RolloutReport> {
  const { rollout } = phase;
  const elb = rollout.targetGroups.length > 0 ? await phase.clients.elbv2() : undefined;
  const cloudWatch = rollout.alarms.length > 0 ? await phase.clients.cloudWatch() : undefined;
  return runRollout(phase.deploy, rollout, {
    deployTo: async (deploy) => {
      const outcome = await phase.deployOnce(deploy);
      // A rollout always waits (wait: false is refused with it) and is never a dry run here.
      if (outcome.kind !== 'done') throw new Error('a wave was not followed to its end');
      return outcome.report;
    },
    resolveInstances: () => Promise.resolve(phase.instanceIds),
    elb,
    cloudWatch,
    now: phase.now,
    sleep: phase.sleep,
    signal: phase.signal,
    events: phase.events,
  });
}
