// Traffic through Elastic Load Balancing v2 target groups: where each instance is registered,
// taking it out (deregister, then wait for draining to end), putting it back, and waiting until
// it is healthy. One call per target group at a time, never one per instance.

import {
  DeregisterTargetsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
  type ElasticLoadBalancingV2Client,
  type TargetDescription,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Sleep } from '../deploy/wait.js';

/** One instance registered in one target group (on one port: an instance may have several). */
export interface Registration {
  readonly group: string;
  readonly instanceId: string;
  readonly port: number | undefined;
}

export interface TargetState {
  readonly registration: Registration;
  /** ELBv2's TargetHealth State: initial, healthy, unhealthy, unused, draining, unavailable… */
  readonly state: string;
  readonly reason: string | undefined;
  readonly description: string | undefined;
}

export interface TrafficClock {
  readonly now: () => number;
  readonly sleep: Sleep;
  readonly signal: AbortSignal;
}

/** ELBv2's own default deregistration delay, when a group does not say. */
export const DEFAULT_DEREGISTRATION_DELAY_S = 300;
/** Beyond a group's deregistration delay, how long draining may still be reported. */
export const DRAIN_MARGIN_MS = 30_000;

/** Calls made to ELBv2, for the cost figures. */
export interface TrafficCalls {
  describeHealth: number;
  register: number;
  deregister: number;
  attributes: number;
}

export function newTrafficCalls(): TrafficCalls {
  return { describeHealth: 0, register: 0, deregister: 0, attributes: 0 };
}

/**
 * Where the given instances are registered now: one DescribeTargetHealth per group (every target
 * of it at once). A target already draining is on its way out, so it is not put back later.
 */
export async function describeRegistrations(
  elb: ElasticLoadBalancingV2Client,
  groups: readonly string[],
  instanceIds: readonly string[],
  calls: TrafficCalls,
): Promise<readonly Registration[]> {
  const wanted = new Set(instanceIds);
  const found: Registration[] = [];
  for (const group of groups) {
    calls.describeHealth++;
    const { TargetHealthDescriptions = [] } = await elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: group }),
    );
    for (const description of TargetHealthDescriptions) {
      const id = description.Target?.Id;
      if (id === undefined || !wanted.has(id)) continue;
      const state = description.TargetHealth?.State;
      if (state === 'draining') continue;
      found.push({
        group,
        instanceId: id,
        port: description.Target?.Port,
      });
    }
  }
  return found;
}

/** Deregisters every registration given, one call per group. */
export async function takeOut(
  elb: ElasticLoadBalancingV2Client,
  registrations: readonly Registration[],
  calls: TrafficCalls,
): Promise<void> {
  for (const [group, list] of byGroup(registrations)) {
    calls.deregister++;
    await elb.send(
      new DeregisterTargetsCommand({ TargetGroupArn: group, Targets: list.map(target) }),
    );
  }
}

/** Registers every registration given again, one call per group. */
export async function putBack(
  elb: ElasticLoadBalancingV2Client,
  registrations: readonly Registration[],
  calls: TrafficCalls,
): Promise<void> {
  for (const [group, list] of byGroup(registrations)) {
    calls.register++;
    await elb.send(
      new RegisterTargetsCommand({ TargetGroupArn: group, Targets: list.map(target) }),
    );
  }
}

/** Each group's deregistration delay in seconds (DescribeTargetGroupAttributes, once a group). */
export async function deregistrationDelays(
  elb: ElasticLoadBalancingV2Client,
  groups: readonly string[],
  calls: TrafficCalls,
): Promise<ReadonlyMap<string, number>> {
  const delays = new Map<string, number>();
  for (const group of groups) {
    calls.attributes++;
    const { Attributes = [] } = await elb.send(
      new DescribeTargetGroupAttributesCommand({ TargetGroupArn: group }),
    );
    const value = Attributes.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
    const seconds = Number(value);
    delays.set(
      group,
      value !== undefined && Number.isFinite(seconds) && seconds >= 0
        ? seconds
        : DEFAULT_DEREGISTRATION_DELAY_S,
    );
  }
  return delays;
}

/**
 * Polls until no registration given is draining any more, or the longest deregistration delay
 * (plus a margin) has passed. Returns those still draining then (none when all went).
 */
export async function waitDrained(
  elb: ElasticLoadBalancingV2Client,
  registrations: readonly Registration[],
  delays: ReadonlyMap<string, number>,
  clock: TrafficClock,
  calls: TrafficCalls,
): Promise<readonly TargetState[]> {
  const longest = Math.max(
    0,
    ...registrations.map((r) => delays.get(r.group) ?? DEFAULT_DEREGISTRATION_DELAY_S),
  );
  const start = clock.now();
  const deadline = start + longest * 1000 + DRAIN_MARGIN_MS;
  for (;;) {
    const states = await describeStates(elb, registrations, calls);
    const draining = states.filter((s) => s.state === 'draining');
    if (draining.length === 0 || clock.now() >= deadline || clock.signal.aborted) return draining;
    await clock.sleep(pollInterval(clock.now() - start, deadline - clock.now()), clock.signal);
  }
}

/**
 * Polls until every registration given is `healthy`, or `timeoutMs` has passed. Returns the last
 * state of each.
 */
export async function waitHealthy(
  elb: ElasticLoadBalancingV2Client,
  registrations: readonly Registration[],
  timeoutMs: number,
  clock: TrafficClock,
  calls: TrafficCalls,
  onStates?: (states: readonly TargetState[]) => void,
): Promise<{ readonly healthy: boolean; readonly states: readonly TargetState[] }> {
  const start = clock.now();
  const deadline = start + timeoutMs;
  for (;;) {
    const states = await describeStates(elb, registrations, calls);
    onStates?.(states);
    const healthy = states.every((s) => s.state === 'healthy');
    if (healthy || clock.now() >= deadline || clock.signal.aborted) return { healthy, states };
    await clock.sleep(pollInterval(clock.now() - start, deadline - clock.now()), clock.signal);
  }
}

/**
 * The wait's promise, as for the SSM command: a change is seen within max(1.5 s, 10 % of the
 * time waited so far), and never later than the deadline.
 */
export function pollInterval(elapsedMs: number, leftMs: number): number {
  return Math.max(0, Math.min(Math.max(1_000, elapsedMs / 10), 10_000, leftMs));
}

/** The state of each registration, one DescribeTargetHealth per group naming only them. */
async function describeStates(
  elb: ElasticLoadBalancingV2Client,
  registrations: readonly Registration[],
  calls: TrafficCalls,
): Promise<TargetState[]> {
  const states: TargetState[] = [];
  for (const [group, list] of byGroup(registrations)) {
    calls.describeHealth++;
    const { TargetHealthDescriptions = [] } = await elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: group, Targets: list.map(target) }),
    );
    for (const registration of list) {
      const described = TargetHealthDescriptions.find((d) => matches(d, registration));
      states.push({
        registration,
        // A target ELBv2 no longer lists has finished deregistering.
        state: described?.TargetHealth?.State ?? 'unused',
        reason: described?.TargetHealth?.Reason,
        description: described?.TargetHealth?.Description,
      });
    }
  }
  return states;
}

function matches(description: TargetHealthDescription, registration: Registration): boolean {
  return (
    description.Target?.Id === registration.instanceId &&
    (registration.port === undefined ||
      description.Target.Port === undefined ||
      description.Target.Port === registration.port)
  );
}

function target(registration: Registration): TargetDescription {
  return {
    Id: registration.instanceId,
    // Instance targets take no AvailabilityZone; the port is the one it was registered on.
    ...(registration.port === undefined ? {} : { Port: registration.port }),
  };
}

function byGroup(registrations: readonly Registration[]): Map<string, Registration[]> {
  const groups = new Map<string, Registration[]>();
  for (const registration of registrations) {
    const list = groups.get(registration.group) ?? [];
    list.push(registration);
    groups.set(registration.group, list);
  }
  return groups;
}
