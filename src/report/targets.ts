// The preflight's answer in the log: the instances the deploy will reach.

import * as core from '@actions/core';
import type { ManagedInstance } from '../deploy/targets.js';
import { printUntrusted } from './format.js';

/** Lists each instance; its name comes from the instance, so it is printed as data. */
export function reportTargets(instances: readonly ManagedInstance[], dryRun: boolean): void {
  const count = instances.length === 1 ? '1 instance' : `${instances.length} instances`;
  core.info(
    `${dryRun ? 'Dry run: the deploy would reach' : 'Deploying to'} ${count}, each managed by SSM, online and Linux:`,
  );
  printUntrusted(
    instances
      .map(
        (instance) =>
          `  ${instance.instanceId}${instance.name === undefined ? '' : ` (${instance.name})`}`,
      )
      .join('\n'),
  );
}
