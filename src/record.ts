// The deploy record: what was last deployed, kept in Parameter Store as JSON so that a slow or
// re-run workflow can tell it is older than the deploy already on the instances.

import {
  GetParameterCommand,
  ParameterNotFound,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { RunContext } from './config.js';
import { ActionError } from './errors.js';

export interface DeployRecord {
  readonly sha: string;
  readonly ref: string;
  readonly repository: string;
  /** GitHub's run id: it only grows within a repository, so it orders runs. */
  readonly run: number;
  readonly runAttempt: number;
  /** ISO 8601 time of the deploy. */
  readonly at: string;
}

export type RecordRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'record'; readonly record: DeployRecord; readonly version: number }
  /** The parameter holds something else: it is overwritten after the deploy, and said so. */
  | { readonly kind: 'unreadable'; readonly reason: string };

export async function readDeployRecord(ssm: SSMClient, name: string): Promise<RecordRead> {
  let parameter: { Value?: string | undefined; Version?: number | undefined } | undefined;
  try {
    ({ Parameter: parameter } = await ssm.send(new GetParameterCommand({ Name: name })));
  } catch (error) {
    if (error instanceof ParameterNotFound) return { kind: 'none' };
    throw new ActionError(`Could not read the deploy record ${name}.`, {
      cause: error,
      hint: 'The role needs ssm:GetParameter on it (see the README policy, RecordTheDeploy).',
    });
  }
  const record = parseRecord(parameter?.Value ?? '');
  return record === undefined
    ? { kind: 'unreadable', reason: `${name} does not hold a deploy record written by ssm-deploy` }
    : { kind: 'record', record, version: parameter?.Version ?? 0 };
}

function parseRecord(text: string): DeployRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { sha, ref, repository, run, runAttempt, at } = value as Record<string, unknown>;
  if (
    typeof sha !== 'string' ||
    typeof repository !== 'string' ||
    typeof run !== 'number' ||
    typeof at !== 'string'
  )
    return undefined;
  return {
    sha,
    ref: typeof ref === 'string' ? ref : sha,
    repository,
    run,
    runAttempt: typeof runAttempt === 'number' ? runAttempt : 1,
    at,
  };
}

/**
 * Whether the recorded deploy came from a newer run of the same repository than this one, so
 * deploying now would put older code over newer. A different repository's record never blocks.
 */
export function isNewerThanThisRun(record: DeployRecord, run: RunContext): boolean {
  if (!/^\d+$/.test(run.runId)) return false;
  return record.repository === run.repository && record.run > Number(run.runId);
}

export function recordFor(run: RunContext, sha: string, ref: string, at: Date): DeployRecord {
  return {
    sha,
    ref,
    repository: run.repository,
    run: Number(run.runId) || 0,
    runAttempt: Number(run.runAttempt) || 1,
    at: at.toISOString(),
  };
}

/** Writes the record; returns the parameter's new version. */
export async function writeDeployRecord(
  ssm: SSMClient,
  name: string,
  record: DeployRecord,
): Promise<number> {
  try {
    const { Version } = await ssm.send(
      new PutParameterCommand({
        Name: name,
        Value: JSON.stringify(record),
        Type: 'String',
        Overwrite: true,
        Description: 'The last deploy made by ssm-deploy',
      }),
    );
    return Version ?? 0;
  } catch (error) {
    throw new ActionError(`The deploy succeeded, but writing the deploy record ${name} failed.`, {
      cause: error,
      hint: 'The role needs ssm:PutParameter on it (see the README policy, RecordTheDeploy).',
    });
  }
}

/**
 * What this run does given the record: deploy; skip, because a newer run of this repository
 * already deployed; or deploy an older run anyway because `allow-older` says so.
 */
export type RecordVerdict =
  | { readonly action: 'deploy'; readonly read: RecordRead }
  | {
      readonly action: 'skip' | 'deploy-older';
      readonly read: Extract<RecordRead, { kind: 'record' }>;
    };

export function judgeRecord(read: RecordRead, run: RunContext, allowOlder: boolean): RecordVerdict {
  if (read.kind !== 'record' || !isNewerThanThisRun(read.record, run))
    return { action: 'deploy', read };
  return { action: allowOlder ? 'deploy-older' : 'skip', read };
}

/**
 * Why the record is left as it is after this deploy, or undefined when it is to be written. Only
 * a deploy known to have succeeded everywhere, at one commit, is recorded: the record is what
 * later runs trust.
 */
export function reasonNotToRecord(outcome: {
  readonly status: string;
  readonly deployedSha: string;
}): string | undefined {
  if (outcome.status !== 'Success')
    return `the deploy ended ${outcome.status}, so the record still names the last successful deploy`;
  if (outcome.deployedSha === '')
    return 'the instances did not all end at one commit, so there is no single commit to record';
  return undefined;
}
