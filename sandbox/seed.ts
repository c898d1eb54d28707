// What a sandbox starts with: secrets, parameters, buckets and instances, given in code or in a
// JSON file of the same shape (binary secret values as base64 strings there).

import { readFileSync } from 'node:fs';
import type { AlarmSeed } from './cloudwatch.js';
import type { TargetGroupSeed } from './elbv2/target-group.js';
import type { InstanceSeed } from './instances.js';
import type { BucketSeed } from './s3.js';
import type { SecretSeed } from './secrets-manager.js';
import type { ParameterSeed } from './ssm/parameters.js';

export interface Seed {
  readonly secrets?: readonly SecretSeed[];
  readonly parameters?: readonly ParameterSeed[];
  readonly buckets?: readonly BucketSeed[];
  readonly instances?: readonly InstanceSeed[];
  /** Target groups, each with a load balancer; `targets` may name seeded instances by name. */
  readonly targetGroups?: readonly TargetGroupSeed[];
  /** CloudWatch alarms over the target groups' load balancers' counts. */
  readonly alarms?: readonly AlarmSeed[];
}

const SECTIONS = [
  'secrets',
  'parameters',
  'buckets',
  'instances',
  'targetGroups',
  'alarms',
] as const;

/** Reads a seed file; the entries themselves are checked as they are applied. */
export function loadSeedFile(path: string): Seed {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `seed file ${path}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`seed file ${path}: expected a JSON object with ${SECTIONS.join(', ')}`);
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (!(SECTIONS as readonly string[]).includes(key)) {
      throw new Error(
        `seed file ${path}: unknown section "${key}" (expected ${SECTIONS.join(', ')})`,
      );
    }
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'object' && v !== null)) {
      throw new Error(`seed file ${path}: "${key}" must be a list of objects`);
    }
  }
  return parsed;
}
