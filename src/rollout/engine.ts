// The rollout: the fleet in waves, each taken out of its target groups and drained, deployed with
// one SSM command, put back and waited on until healthy, then baked under the alarms; a failure
// or an alarm stops it, and with rollback-on-failure every instance it changed goes back to the
// commit it had, wave by wave, the same way. Whatever ends the run, every registration it took
// out is put back. Plain data in and out; src/report/rollout.ts shows it.

import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DeployConfig, RolloutConfig } from '../config.js';
import type { DeployReport, InstanceResult, OverallStatus } from '../deploy/deploy.js';
import type { Sleep } from '../deploy/wait.js';
import { ActionError } from '../errors.js';
import { readAlarms, refuseToStart } from './alarms.js';
import { planWaves } from './plan.js';
import {
  describeRegistrations,
  deregistrationDelays,
  newTrafficCalls,
  putBack,
  takeOut,
  waitDrained,
  waitHealthy,
  type Registration,
  type TargetState,
  type TrafficCalls,
} from './traffic.js';

/** How often alarms are read during a bake. */
export const ALARM_POLL_MS = 5_000;

export type WaveOutcome = 'Success' | 'Failed' | 'Alarm' | 'Cancelled' | 'TimedOut' | 'NotStarted';

export interface WaveRecord {
  /** 1-based. */
  readonly wave: number;
  readonly instances: readonly string[];
  readonly start: number | undefined;
  readonly end: number | undefined;
  readonly outcome: WaveOutcome;
  readonly commandId: string | undefined;
}

export interface RolledBack {
  readonly instanceId: string;
  /** The commit it was brought back to. */
  readonly sha: string;
  readonly success: boolean;
  /** Its health-check and every target group it is registered in; null when neither checked. */
  readonly healthy: boolean | null;
  readonly reason: string | undefined;
}

export type TrafficEvent =
  'deregistered' | 'drained' | 'still draining' | 'registered' | 'healthy' | 'unhealthy';

export interface RolloutEvents {
  readonly onPlan?: (waves: readonly (readonly string[])[]) => void;
  readonly onWaveStart?: (wave: number, instanceIds: readonly string[], rollback: boolean) => void;
  readonly onTraffic?: (state: TargetState | Registration, event: TrafficEvent) => void;
  /** Every registration taken out and not yet put back, each time that changes. */
  readonly onOut?: (out: readonly Registration[]) => void;
  readonly onWaveEnd?: (record: WaveRecord) => void;
  readonly onBake?: (wave: number, seconds: number) => void;
  readonly onAlarm?: (firing: readonly string[]) => void;
  /**
   * The fleet rollback starts: `instanceIds` go back to the commit each had; `rolledBackThere` are
   * those whose own script already rolled back on the instance.
   */
  readonly onRollback?: (
    instanceIds: readonly string[],
    rolledBackThere: readonly string[],
  ) => void;
  readonly onPutBack?: (registrations: readonly Registration[], error: unknown) => void;
}

export interface RolloutDeps {
  /** One SSM command to exactly the instances of `deploy.targets`, followed to its verdict. */
  readonly deployTo: (deploy: DeployConfig) => Promise<DeployReport>;
  /** The instances the targets name, in a stable order. */
  readonly resolveInstances: () => Promise<readonly string[]>;
  /** Present when target-groups is set. */
  readonly elb: ElasticLoadBalancingV2Client | undefined;
  /** Present when alarms is set. */
  readonly cloudWatch: CloudWatchClient | undefined;
  readonly now: () => number;
  readonly sleep: Sleep;
  readonly signal: AbortSignal;
  readonly events?: RolloutEvents;
}

export interface RolloutCalls extends TrafficCalls {
  describeAlarms: number;
  commands: number;
}

export interface RolloutReport {
  /** Every wave's command as one report: the instances of every wave that ran, the overall status. */
  readonly report: DeployReport;
  readonly waves: readonly WaveRecord[];
  readonly waveOf: ReadonlyMap<string, number>;
  /** Alarms that stopped the rollout. */
  readonly alarm: readonly string[];
  /** Undefined when no fleet rollback was made. */
  readonly rollback: readonly RolledBack[] | undefined;
  /** Registrations that could not be put back (each also reported as it failed). */
  readonly leftOut: readonly Registration[];
  readonly calls: RolloutCalls;
}

interface StageResult {
  readonly report: DeployReport | undefined;
  /** Instance → why it is not healthy in its target groups. */
  readonly unhealthy: ReadonlyMap<string, string>;
  readonly registered: ReadonlySet<string>;
}

export async function runRollout(
  deploy: DeployConfig,
  rollout: RolloutConfig,
  deps: RolloutDeps,
): Promise<RolloutReport> {
  const { events = {}, signal } = deps;
  // A function, not the property: the signal is aborted from outside while this awaits.
  const cancelled = (): boolean => signal.aborted;
  const calls: RolloutCalls = { ...newTrafficCalls(), describeAlarms: 0, commands: 0 };
  const cloudWatch =
    rollout.alarms.length > 0 ? required(deps.cloudWatch, 'CloudWatch') : undefined;
  const elb = rollout.targetGroups.length > 0 ? required(deps.elb, 'ELBv2') : undefined;

  if (cloudWatch !== undefined) refuseToStart(await readAlarms(cloudWatch, rollout.alarms, calls));
  const instanceIds = await deps.resolveInstances();
  if (instanceIds.length === 0)
    throw new ActionError('No instance matched the targets, so nothing was deployed.');
  const plan = planWaves(rollout.waves, instanceIds);
  events.onPlan?.(plan);

  const registered =
    elb === undefined
      ? []
      : await describeRegistrations(elb, rollout.targetGroups, instanceIds, calls);
  const delays =
    elb === undefined || registered.length === 0
      ? new Map<string, number>()
      : await deregistrationDelays(elb, [...new Set(registered.map((r) => r.group))], calls);

  const out = new Map<string, Registration>();
  const clock = { now: deps.now, sleep: deps.sleep, signal };
  const records: WaveRecord[] = plan.map((instances, index) => ({
    wave: index + 1,
    instances,
    start: undefined,
    end: undefined,
    outcome: 'NotStarted',
    commandId: undefined,
  }));
  const results = new Map<string, InstanceResult>();
  const reports: DeployReport[] = [];
  const waveOf = new Map<string, number>();
  let alarm: readonly string[] = [];
  let rollback: RolledBack[] | undefined;
  const leftOut: Registration[] = [];

  /** Out of traffic, deployed, back in and healthy: one wave, forwards or backwards. */
  const stage = async (
    ids: readonly string[],
    config: DeployConfig,
    wave: number,
    isRollback: boolean,
  ): Promise<StageResult> => {
    events.onWaveStart?.(wave, ids, isRollback);
    const mine = registered.filter((r) => ids.includes(r.instanceId));
    const unhealthy = new Map<string, string>();
    if (elb !== undefined && mine.length > 0) {
      // Recorded before the call: a deregistration whose answer is lost may still have happened.
      for (const r of mine) out.set(key(r), r);
      events.onOut?.([...out.values()]);
      await takeOut(elb, mine, calls);
      for (const r of mine) events.onTraffic?.(r, 'deregistered');
      const draining = await waitDrained(elb, mine, delays, clock, calls);
      for (const r of mine)
        events.onTraffic?.(
          draining.find((s) => s.registration === r) ?? r,
          draining.some((s) => s.registration === r) ? 'still draining' : 'drained',
        );
    }
    // A cancel while draining sends nothing: the instances go straight back in.
    const report = cancelled() ? undefined : await deployTo(config);
    if (elb !== undefined && mine.length > 0) {
      await putBack(elb, mine, calls);
      for (const r of mine) out.delete(key(r));
      events.onOut?.([...out.values()]);
      for (const r of mine) events.onTraffic?.(r, 'registered');
      if (!cancelled()) {
        const health = await waitHealthy(
          elb,
          mine,
          rollout.healthTimeoutSeconds * 1000,
          clock,
          calls,
        );
        for (const state of health.states) {
          events.onTraffic?.(state, state.state === 'healthy' ? 'healthy' : 'unhealthy');
          if (state.state !== 'healthy')
            unhealthy.set(
              state.registration.instanceId,
              `not healthy in target group ${groupName(state.registration.group)} within ${rollout.healthTimeoutSeconds} s (${state.state}${state.reason === undefined ? '' : `: ${state.reason}`})`,
            );
        }
      }
    }
    return { report, unhealthy, registered: new Set(mine.map((r) => r.instanceId)) };
  };

  const deployTo = async (config: DeployConfig): Promise<DeployReport> => {
    calls.commands++;
    return deps.deployTo(config);
  };

  try {
    for (const [index, ids] of plan.entries()) {
      if (cancelled()) break;
      const start = deps.now();
      const config: DeployConfig = {
        ...deploy,
        targets: { kind: 'instances', instanceIds: ids },
        rollout: undefined,
      };
      const result = await stage(ids, config, index + 1, false);
      for (const id of ids) waveOf.set(id, index + 1);
      if (result.report !== undefined) reports.push(result.report);
      for (const instance of result.report?.instances ?? [])
        results.set(instance.instanceId, withTraffic(instance, result));
      let outcome = waveOutcome(result);
      if (outcome === 'Success' && cloudWatch !== undefined) {
        events.onBake?.(index + 1, rollout.bakeSeconds);
        alarm = await bake(cloudWatch, rollout, clock, calls);
        if (alarm.length > 0) {
          outcome = 'Alarm';
          events.onAlarm?.(alarm);
        }
      } else if (outcome === 'Success' && rollout.bakeSeconds > 0) {
        events.onBake?.(index + 1, rollout.bakeSeconds);
        await deps.sleep(rollout.bakeSeconds * 1000, signal);
      }
      if (outcome === 'Success' && cancelled()) outcome = 'Cancelled';
      const record: WaveRecord = {
        ...records[index],
        wave: index + 1,
        instances: ids,
        start,
        end: deps.now(),
        outcome,
        commandId: result.report?.commandId,
      };
      records[index] = record;
      events.onWaveEnd?.(record);
      if (outcome !== 'Success') break;
    }

    const failed = records.some((r) => r.outcome === 'Failed' || r.outcome === 'Alarm');
    if (failed && deploy.rollbackOnFailure && !cancelled()) {
      rollback = [];
      const changed = [...results.values()].filter(
        (r) => r.previousSha !== null && !r.rolledBack && r.deployedSha !== r.previousSha,
      );
      events.onRollback?.(
        changed.map((r) => r.instanceId),
        [...results.values()].filter((r) => r.rolledBack).map((r) => r.instanceId),
      );
      // The last wave first: the instances most recently changed are the least proven.
      for (const wave of [...records].reverse()) {
        if (cancelled()) break;
        const inWave = changed.filter((r) => wave.instances.includes(r.instanceId));
        for (const [sha, ids] of bySha(inWave)) {
          if (cancelled()) break;
          const config: DeployConfig = {
            ...deploy,
            targets: { kind: 'instances', instanceIds: ids },
            ref: { kind: 'sha', sha },
            rollbackOnFailure: false,
            rollout: undefined,
          };
          const result = await stage(ids, config, wave.wave, true);
          if (result.report !== undefined) reports.push(result.report);
          for (const id of ids) {
            const back = result.report?.instances.find((i) => i.instanceId === id);
            const reason = result.unhealthy.get(id) ?? back?.reason;
            rollback.push({
              instanceId: id,
              sha,
              success: back?.success === true && back.deployedSha === sha,
              healthy: result.registered.has(id)
                ? !result.unhealthy.has(id) && back?.healthy !== false
                : (back?.healthy ?? null),
              reason:
                back === undefined ? 'the rollback was not sent (the run was cancelled)' : reason,
            });
            const before = results.get(id);
            if (before !== undefined && back?.success === true)
              results.set(id, {
                ...before,
                rolledBack: true,
                deployedSha: back.deployedSha,
                healthy: withTraffic(back, result).healthy,
              });
          }
        }
      }
    }
  } finally {
    if (elb !== undefined && out.size > 0) {
      const left = [...out.values()];
      try {
        await putBack(elb, left, calls);
        out.clear();
        events.onOut?.([]);
        events.onPutBack?.(left, undefined);
      } catch (error) {
        leftOut.push(...left);
        events.onPutBack?.(left, error);
      }
    }
  }

  if (reports.length === 0)
    throw new ActionError(
      cancelled()
        ? 'The workflow was cancelled before the first wave was sent; nothing was deployed.'
        : 'No wave was sent.',
    );
  return {
    report: mergeReports(reports, [...results.values()], records, alarm, cancelled()),
    waves: records,
    waveOf,
    alarm,
    rollback,
    leftOut,
    calls,
  };
}

/** Watches the alarms for the bake time (read at least once, right after the wave). */
async function bake(
  cloudWatch: CloudWatchClient,
  rollout: RolloutConfig,
  clock: { now: () => number; sleep: Sleep; signal: AbortSignal },
  calls: RolloutCalls,
): Promise<readonly string[]> {
  const end = clock.now() + rollout.bakeSeconds * 1000;
  for (;;) {
    const { firing } = await readAlarms(cloudWatch, rollout.alarms, calls);
    if (firing.length > 0) return firing;
    const left = end - clock.now();
    if (left <= 0 || clock.signal.aborted) return [];
    await clock.sleep(Math.min(ALARM_POLL_MS, left), clock.signal);
  }
}

function waveOutcome(result: StageResult): WaveOutcome {
  const report = result.report;
  if (report === undefined) return 'Cancelled';
  if (report.status === 'Cancelled') return 'Cancelled';
  if (report.status === 'TimedOut') return 'TimedOut';
  if (report.status !== 'Success' || result.unhealthy.size > 0) return 'Failed';
  return 'Success';
}

/**
 * An instance put back into target groups is healthy only when its health-check passed (or had
 * none) and every group found it healthy; one that was in no group keeps the health-check's word.
 */
function withTraffic(instance: InstanceResult, result: StageResult): InstanceResult {
  if (!result.registered.has(instance.instanceId)) return instance;
  const reason = result.unhealthy.get(instance.instanceId);
  if (reason === undefined) return { ...instance, healthy: instance.healthy !== false };
  return { ...instance, healthy: false, success: false, reason: instance.reason ?? reason };
}

/** The reports of every command as one: what the step's outputs and summary show. */
function mergeReports(
  reports: readonly DeployReport[],
  instances: readonly InstanceResult[],
  records: readonly WaveRecord[],
  alarm: readonly string[],
  cancelled: boolean,
): DeployReport {
  const [last] = reports.slice(-1);
  if (last === undefined) throw new Error('no report to merge');
  const outcomes = records.map((r) => r.outcome);
  const status: OverallStatus =
    cancelled || outcomes.includes('Cancelled')
      ? 'Cancelled'
      : outcomes.includes('TimedOut')
        ? 'TimedOut'
        : outcomes.every((o) => o === 'Success')
          ? 'Success'
          : 'Failed';
  const shas = new Set(instances.filter((i) => i.success).map((i) => i.deployedSha));
  const [only] = shas;
  const notStarted = records.filter((r) => r.outcome === 'NotStarted');
  return {
    ...last,
    status,
    instances,
    deployedSha: shas.size === 1 && typeof only === 'string' ? only : '',
    problems: [
      ...reports.flatMap((r) => r.problems),
      ...(alarm.length > 0
        ? [
            `${alarm.length === 1 ? 'Alarm' : 'Alarms'} ${alarm.map((n) => JSON.stringify(n)).join(', ')} went into ALARM during the rollout.`,
          ]
        : []),
      ...(notStarted.length > 0 && status !== 'Success'
        ? [
            `Not deployed: ${notStarted.map((r) => `wave ${r.wave} (${r.instances.join(', ')})`).join('; ')}.`,
          ]
        : []),
    ],
    notes: reports.flatMap((r) => r.notes),
    pollCalls: reports.reduce((sum, r) => sum + r.pollCalls, 0),
    outputCalls: reports.reduce((sum, r) => sum + r.outputCalls, 0),
  };
}

function bySha(instances: readonly InstanceResult[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const instance of instances) {
    if (instance.previousSha === null) continue;
    groups.set(instance.previousSha, [
      ...(groups.get(instance.previousSha) ?? []),
      instance.instanceId,
    ]);
  }
  return groups;
}

function key(r: Registration): string {
  return `${r.group} ${r.instanceId} ${String(r.port)}`;
}

/** `targetgroup/NAME/ID` of an ARN, the part a person recognises. */
export function groupName(arn: string): string {
  return arn.slice(arn.indexOf(':targetgroup/') + 1);
}

function required<T>(client: T | undefined, name: string): T {
  if (client === undefined) throw new Error(`The rollout needs a ${name} client`);
  return client;
}
