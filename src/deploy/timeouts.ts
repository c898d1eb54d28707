// How long each part of a deploy may take. Pure, so the plan can show it without the SDK.

import type { DeployConfig } from '../config.js';

/**
 * How long SSM may take to hand the command to an instance's agent. An instance that is stopped
 * or whose agent is offline holds the deploy for this long before it is reported, so it is far
 * shorter than SSM's own default of an hour; ten minutes still rides out an agent restart or a
 * short network partition. With rate control the later waves start later, and SSM counts the
 * delivery timeout from when the command was sent, so each extra wave adds one execution timeout.
 */
export const DELIVERY_TIMEOUT_SECONDS = 600;
export const DELIVERY_TIMEOUT_MAX = 2_592_000;

/**
 * How many waves rate control makes of the targets. `fleet`: how many instances tag targets
 * select, as DescribeInstanceInformation counted them before sending; without it, a count of
 * instances per wave says nothing about a tag fleet.
 */
export function waves(
  deploy: Pick<DeployConfig, 'targets' | 'maxConcurrency'>,
  fleet?: number,
): number {
  const percent = deploy.maxConcurrency.endsWith('%')
    ? Number(deploy.maxConcurrency.slice(0, -1))
    : undefined;
  if (deploy.targets.kind === 'tags' && fleet === undefined)
    return percent === undefined ? 1 : Math.ceil(100 / percent);
  const count = deploy.targets.kind === 'tags' ? (fleet ?? 0) : deploy.targets.instanceIds.length;
  const perWave =
    percent === undefined
      ? Number(deploy.maxConcurrency)
      : Math.max(1, Math.floor((count * percent) / 100));
  return Math.max(1, Math.ceil(count / perWave));
}

export function deliveryTimeoutSeconds(
  deploy: Pick<DeployConfig, 'targets' | 'maxConcurrency' | 'timeoutSeconds'>,
  fleet?: number,
): number {
  const extra = (waves(deploy, fleet) - 1) * deploy.timeoutSeconds;
  return Math.min(DELIVERY_TIMEOUT_MAX, DELIVERY_TIMEOUT_SECONDS + extra);
}

/**
 * After SSM reported a delivery timeout: whether rate control could have caused it, with the
 * numbers. SSM counts the delivery timeout from when the command was sent, and rate control holds
 * an instance back until a place is free, so a late wave can time out on an instance that is fine.
 * `fleet`: the instances the command had (known after sending, for tag targets too).
 */
export function deliveryTimeoutCause(
  fleet: number,
  deploy: Pick<DeployConfig, 'maxConcurrency' | 'timeoutSeconds'>,
  deliverySeconds: number,
): string {
  const rounds = waves({
    targets: { kind: 'instances', instanceIds: Array<string>(fleet).fill('') },
    maxConcurrency: deploy.maxConcurrency,
  });
  if (rounds <= 1)
    return `Rate control did not hold it back: max-concurrency ${deploy.maxConcurrency} lets all ${fleet} instance(s) start at once.`;
  const latest = (rounds - 1) * deploy.timeoutSeconds;
  return latest >= deliverySeconds
    ? `Rate control could have caused it: ${fleet} instances at max-concurrency ${deploy.maxConcurrency} make ${rounds} waves, each waiting for a place (up to timeout-seconds, ${deploy.timeoutSeconds} s, per wave), so the last may start up to ${latest} s after sending, past the delivery timeout of ${deliverySeconds} s.`
    : `Rate control alone could not have: ${fleet} instances at max-concurrency ${deploy.maxConcurrency} make ${rounds} waves, which start within ${latest} s, inside the delivery timeout of ${deliverySeconds} s.`;
}
