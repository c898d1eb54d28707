// The deploy's preflight: which instances SSM manages among the targets, and whether each can take
// the command now. Asked of DescribeInstanceInformation before anything is sent, so an instance that
// is not managed, offline or not Linux fails the step in seconds, naming it and the fix, instead of
// after SSM's delivery timeout.

import {
  DescribeInstanceInformationCommand,
  type InstanceInformation,
  type InstanceInformationStringFilter,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { awsErrorFacts, describeAwsError } from '../aws-errors.js';
import type { Targets } from '../config.js';
import { ActionError, combineErrors } from '../errors.js';
import { knownHint } from '../failure.js';

/** An instance SSM manages that can take the command: online, Linux. */
export interface ManagedInstance {
  readonly instanceId: string;
  readonly pingStatus: string;
  readonly platformType: string;
  /** What SSM knows it by (Name for a hybrid node, else the host name), when it says. */
  readonly name: string | undefined;
}

/** Why an instance among the targets cannot take the command. */
export type RefusalReason = 'not-managed' | 'offline' | 'not-linux' | 'no-match';

export interface Refusal {
  readonly reason: RefusalReason;
  /** Absent for `no-match`: no instance at all matched the tag targets. */
  readonly instanceId: string | undefined;
  /** Names the instance, what is wrong and the fix. */
  readonly message: string;
}

export interface TargetCheck {
  /** Every instance the deploy would reach, in instance-id order. */
  readonly instances: readonly ManagedInstance[];
  readonly refusals: readonly Refusal[];
}

/** DescribeInstanceInformation's page size limit (MaxResultsEC2Compatible: 5–50). */
const PAGE_SIZE = 50;

/**
 * The targets as SSM sees them now: by id, each id must be listed; by tag, every instance the tags
 * select is checked, and at least one must be. Pages through every result.
 */
export async function resolveTargets(
  ssm: SSMClient,
  targets: Targets,
  region: string,
): Promise<TargetCheck> {
  const listed = await describeTargets(ssm, targets, region);
  const byId = new Map(listed.map((info) => [info.InstanceId ?? '', info]));
  byId.delete('');
  const wanted =
    targets.kind === 'instances' ? [...new Set(targets.instanceIds)] : [...byId.keys()].sort();
  const instances: ManagedInstance[] = [];
  const refusals: Refusal[] = [];
  for (const instanceId of wanted) {
    const info = byId.get(instanceId);
    const refusal = refusalFor(instanceId, info, region);
    if (refusal !== undefined) refusals.push(refusal);
    else if (info !== undefined) instances.push(managed(instanceId, info));
  }
  if (targets.kind === 'tags' && wanted.length === 0)
    refusals.push({
      reason: 'no-match',
      instanceId: undefined,
      message: `No instance matched the targets (${describeTags(targets)}): SSM manages no instance in ${region} with these tags.`,
    });
  return { instances, refusals };
}

/**
 * `resolveTargets`, failing with one error per refusal (each its own annotation) unless every
 * target can take the command; returns the instances the deploy will reach.
 */
export async function requireDeployableTargets(
  ssm: SSMClient,
  targets: Targets,
  region: string,
): Promise<readonly ManagedInstance[]> {
  const check = await resolveTargets(ssm, targets, region);
  throwRefusals(check);
  return check.instances;
}

/** Throws the refusals of a check, if any, as errors that say the fix. */
export function throwRefusals(check: TargetCheck): void {
  if (check.refusals.length === 0) return;
  throw combineErrors(
    check.refusals.map(
      (refusal) => new ActionError(refusal.message, { hint: FIXES[refusal.reason] }),
    ),
  );
}

/** What the step says for each kind of refusal (the README's troubleshooting rows). */
export const REFUSAL_MESSAGES: Readonly<Record<RefusalReason, string>> = {
  'not-managed': '`<id>: not managed by SSM in <region>`',
  offline: '`<id>: its SSM agent is ConnectionLost, not Online`',
  'not-linux': '`<id>: its platform is Windows, not Linux`',
  'no-match': '`No instance matched the targets (tag:…)`',
};

/** Why each kind of refusal happens (the README's troubleshooting rows). */
export const REFUSAL_CAUSES: Readonly<Record<RefusalReason, string>> = {
  'not-managed':
    'DescribeInstanceInformation does not list the instance: a wrong id or region, the instance stopped or terminated, no SSM agent, or no instance profile that lets it reach SSM',
  offline:
    'SSM has not heard from the agent for a while: the instance is stopping or rebooting, the agent is stopped, or it cannot reach the SSM endpoints',
  'not-linux': 'the deploy script is bash for Linux; SSM reports another platform',
  'no-match':
    'no instance SSM manages in the region has these tags (keys and values are case-sensitive)',
};

/** What to do about each kind of refusal. */
export const FIXES: Readonly<Record<RefusalReason, string>> = {
  'not-managed':
    'Check the instance id and the region; a managed instance is running, has the SSM agent installed and running, and an instance profile that allows it to reach SSM (AmazonSSMManagedInstanceCore). `aws ssm describe-instance-information` lists the managed ones.',
  offline:
    'Start the instance, or its SSM agent (`systemctl status amazon-ssm-agent`); check that it can reach the SSM endpoints. Or leave it out of the targets.',
  'not-linux':
    'The deploy script is bash for Linux (flock, runuser or setpriv): leave this instance out of the targets.',
  'no-match':
    'Check the tag key and values (both are case-sensitive) and the region; tagged instances must also be managed by SSM.',
};

function refusalFor(
  instanceId: string,
  info: InstanceInformation | undefined,
  region: string,
): Refusal | undefined {
  if (info === undefined)
    return {
      reason: 'not-managed',
      instanceId,
      message: `${instanceId}: not managed by SSM in ${region} (DescribeInstanceInformation does not list it), so the command could not reach it.`,
    };
  const label = labelOf(instanceId, info);
  if (info.PingStatus !== 'Online')
    return {
      reason: 'offline',
      instanceId,
      message: `${label}: its SSM agent is ${info.PingStatus ?? 'of unknown status'}, not Online${lastSeen(info)}, so the command would wait for it until the delivery timeout.`,
    };
  if (info.PlatformType !== 'Linux')
    return {
      reason: 'not-linux',
      instanceId,
      message: `${label}: its platform is ${info.PlatformType ?? 'unknown'}, not Linux.`,
    };
  return undefined;
}

function managed(instanceId: string, info: InstanceInformation): ManagedInstance {
  return {
    instanceId,
    pingStatus: info.PingStatus ?? '',
    platformType: info.PlatformType ?? '',
    name: nameOf(info),
  };
}

/** Data from the instance: no control character (a line break would forge a log line), short. */
function nameOf(info: InstanceInformation): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const name = (info.Name ?? info.ComputerName ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ');
  return name.trim() === '' ? undefined : name.slice(0, 100);
}

function labelOf(instanceId: string, info: InstanceInformation): string {
  const name = nameOf(info);
  return name === undefined ? instanceId : `${instanceId} (${name})`;
}

function lastSeen(info: InstanceInformation): string {
  const at = info.LastPingDateTime;
  return at instanceof Date && !Number.isNaN(at.getTime())
    ? ` (last heard from ${at.toISOString()})`
    : '';
}

/** Tag filters can't be combined with other filter types; entries AND together, values OR. */
function filtersFor(targets: Targets): InstanceInformationStringFilter[] {
  return targets.kind === 'instances'
    ? [{ Key: 'InstanceIds', Values: [...new Set(targets.instanceIds)] }]
    : targets.tags.map((tag) => ({ Key: `tag:${tag.key}`, Values: [...tag.values] }));
}

function describeTags(targets: Extract<Targets, { kind: 'tags' }>): string {
  return targets.tags.map((tag) => `tag:${tag.key}=${tag.values.join(',')}`).join('; ');
}

/**
 * Every instance SSM lists for the targets. SSM may refuse a list of ids as a whole
 * (InvalidInstanceId) when one of them is not a node it knows: then each id is asked alone, so the
 * refusal names the right ones.
 */
async function describeTargets(
  ssm: SSMClient,
  targets: Targets,
  region: string,
): Promise<InstanceInformation[]> {
  try {
    return await describeAll(ssm, filtersFor(targets), region);
  } catch (error) {
    if (!(error instanceof UnknownInstance) || targets.kind !== 'instances') throw error;
    const ids = [...new Set(targets.instanceIds)];
    if (ids.length === 1) return [];
    const each = await Promise.all(
      ids.map((id) =>
        describeAll(ssm, [{ Key: 'InstanceIds', Values: [id] }], region).catch((inner: unknown) => {
          if (inner instanceof UnknownInstance) return [];
          throw inner;
        }),
      ),
    );
    return each.flat();
  }
}

/** SSM's InvalidInstanceId: an id in the filter is not a node it knows. */
class UnknownInstance extends Error {}

async function describeAll(
  ssm: SSMClient,
  filters: InstanceInformationStringFilter[],
  region: string,
): Promise<InstanceInformation[]> {
  const listed: InstanceInformation[] = [];
  const seenTokens = new Set<string>();
  let nextToken: string | undefined;
  do {
    let page;
    try {
      page = await ssm.send(
        new DescribeInstanceInformationCommand({
          Filters: filters,
          MaxResults: PAGE_SIZE,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      );
    } catch (error) {
      if (awsErrorFacts(error).code === 'InvalidInstanceId') throw new UnknownInstance();
      throw new ActionError(
        `Could not check the target instances in ${region} (ssm:DescribeInstanceInformation): ${describeAwsError(error)}`,
        { cause: error, ...optionalHint(hintFor(error)) },
      );
    }
    listed.push(...(page.InstanceInformationList ?? []));
    // An empty string also means the last page.
    nextToken = page.NextToken === '' ? undefined : page.NextToken;
    // A token seen before would page for ever.
    if (nextToken !== undefined) {
      if (seenTokens.has(nextToken))
        throw new ActionError(
          'SSM answered DescribeInstanceInformation with a NextToken it had already given: the instances could not be listed.',
        );
      seenTokens.add(nextToken);
    }
  } while (nextToken !== undefined);
  return listed;
}

function optionalHint(hint: string | undefined): { hint?: string } {
  return hint === undefined ? {} : { hint };
}

function hintFor(error: unknown): string | undefined {
  const code = awsErrorFacts(error).code;
  if (code === 'AccessDeniedException')
    return "The role needs ssm:DescribeInstanceInformation (see the README's IAM policy).";
  return knownHint(code);
}
