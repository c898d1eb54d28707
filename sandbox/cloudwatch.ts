// CloudWatch alarms (DescribeAlarms), as @aws-sdk/client-cloudwatch speaks it today: awsJson1_0
// with `X-Amz-Target: GraniteServiceVersion20100801.<Action>`, signed for `monitoring`, and errors
// that also carry the awsQuery code in `x-amzn-query-error` (the service is "query compatible").
//
// An alarm watches one count of a sandbox load balancer (HTTPCode_Target_5XX_Count, say): its
// state follows what that load balancer really counted, evaluated every 100 ms over the last
// `evaluationPeriods` periods, so it fires because of a bad deploy and not because a test set it.

import { ServiceError } from './errors.js';
import type { SandboxClock, Timer } from './clock.js';
import { COUNT_METRICS, type CountMetric } from './elbv2/metrics.js';
import type { LoadBalancer } from './elbv2/load-balancer.js';
import type { HostMetric } from './elbv2/target-group.js';
import { type JsonInput, epochSeconds, paginate } from './json-input.js';
import type { ServiceResponse } from './protocol.js';

export const CLOUDWATCH_TARGET_PREFIX = 'GraniteServiceVersion20100801';

export const CLOUDWATCH_LOGGED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  DescribeAlarms: [
    'AlarmNames',
    'AlarmNamePrefix',
    'StateValue',
    'AlarmTypes',
    'MaxRecords',
    'NextToken',
  ],
};

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
/** A count of the load balancer (summed) or a gauge of its target group. */
export type AlarmMetric = CountMetric | HostMetric;
export type AlarmStatistic = 'Sum' | 'Maximum' | 'Minimum' | 'Average';
const HOST_METRICS: readonly string[] = ['HealthyHostCount', 'UnHealthyHostCount'];
export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';
const COMPARISONS: readonly ComparisonOperator[] = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
];

export interface AlarmSeed {
  readonly name: string;
  readonly region?: string;
  readonly description?: string;
  /** The target group whose load balancer's count the alarm watches (by name). */
  readonly targetGroup: string;
  /** One of the counts a sandbox load balancer keeps (COUNT_METRICS), or HealthyHostCount /
   * UnHealthyHostCount. */
  readonly metric: AlarmMetric;
  /** `Sum` for a count (the only one allowed); for a host count `Maximum` (the default),
   * `Minimum` or `Average`. */
  readonly statistic?: AlarmStatistic;
  /** Sandbox seconds (fractions allowed). Default 60. */
  readonly periodSeconds?: number;
  /** Default 1. */
  readonly evaluationPeriods?: number;
  /** Default: evaluationPeriods. */
  readonly datapointsToAlarm?: number;
  readonly threshold: number;
  /** Default GreaterThanOrEqualToThreshold. */
  readonly comparison?: ComparisonOperator;
}

export interface AlarmTransition {
  /** Sandbox time, epoch ms. */
  readonly time: number;
  readonly from: AlarmState;
  readonly to: AlarmState;
  readonly reason: string;
}

export interface AlarmView {
  readonly name: string;
  readonly arn: string;
  readonly state: AlarmState;
  readonly reason: string;
  /** Every change of state so far, oldest first. */
  readonly history: readonly AlarmTransition[];
}

interface Alarm {
  readonly seed: AlarmSeed;
  readonly region: string;
  readonly arn: string;
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly comparison: ComparisonOperator;
  readonly statistic: AlarmStatistic;
  readonly balancer: LoadBalancer;
  readonly loadBalancerDimension: string;
  readonly targetGroupDimension: string;
  readonly created: number;
  state: AlarmState;
  reason: string;
  reasonData: string | undefined;
  updated: number;
  transitioned: number;
  readonly history: AlarmTransition[];
}

const EVALUATE_EVERY_MS = 100;

export interface CloudWatchContext {
  readonly clock: SandboxClock;
  readonly region: string;
  readonly accountId: string;
  readonly loadBalancer: (targetGroupName: string, region: string) => LoadBalancer | undefined;
}

export class CloudWatchService {
  readonly #alarms: Alarm[] = [];
  #timer: Timer | undefined;

  constructor(private readonly ctx: CloudWatchContext) {}

  addAlarm(seed: AlarmSeed): AlarmView {
    const region = seed.region ?? this.ctx.region;
    if (!/^[^\p{Cc}]{1,255}$/u.test(seed.name))
      throw new Error(
        `alarm name must be 1-255 characters without control characters: ${seed.name}`,
      );
    if (this.#alarms.some((a) => a.seed.name === seed.name && a.region === region))
      throw new Error(`alarm ${seed.name} already exists in ${region}`);
    const isHost = HOST_METRICS.includes(seed.metric);
    if (!isHost && !(COUNT_METRICS as readonly string[]).includes(seed.metric))
      throw new Error(
        `alarm ${seed.name}: metric must be one of ${[...COUNT_METRICS, ...HOST_METRICS].join(', ')}`,
      );
    const statistic = seed.statistic ?? (isHost ? 'Maximum' : 'Sum');
    if (isHost ? statistic === 'Sum' : statistic !== 'Sum')
      throw new Error(
        `alarm ${seed.name}: statistic ${statistic} is not kept for ${seed.metric} (${isHost ? 'Maximum, Minimum or Average' : 'Sum'})`,
      );
    const balancer = this.ctx.loadBalancer(seed.targetGroup, region);
    if (!balancer)
      throw new Error(`alarm ${seed.name}: no target group ${seed.targetGroup} in ${region}`);
    const period = seed.periodSeconds ?? 60;
    if (!Number.isFinite(period) || period <= 0)
      throw new Error(`alarm ${seed.name}: periodSeconds must be positive`);
    const evaluationPeriods = seed.evaluationPeriods ?? 1;
    const datapointsToAlarm = seed.datapointsToAlarm ?? evaluationPeriods;
    if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1)
      throw new Error(`alarm ${seed.name}: evaluationPeriods must be a positive whole number`);
    if (
      !Number.isInteger(datapointsToAlarm) ||
      datapointsToAlarm < 1 ||
      datapointsToAlarm > evaluationPeriods
    )
      throw new Error(`alarm ${seed.name}: datapointsToAlarm must be from 1 to evaluationPeriods`);
    const comparison = seed.comparison ?? 'GreaterThanOrEqualToThreshold';
    if (!COMPARISONS.includes(comparison))
      throw new Error(`alarm ${seed.name}: comparison must be one of ${COMPARISONS.join(', ')}`);
    if (!Number.isFinite(seed.threshold))
      throw new Error(`alarm ${seed.name}: threshold must be a number`);
    const now = this.ctx.clock.now();
    const group = balancer.group;
    const alarm: Alarm = {
      seed,
      region,
      arn: `arn:aws:cloudwatch:${region}:${this.ctx.accountId}:alarm:${seed.name}`,
      period,
      evaluationPeriods,
      datapointsToAlarm,
      comparison,
      statistic,
      balancer,
      loadBalancerDimension: group.loadBalancerArn.replace(/^.*:loadbalancer\//, ''),
      targetGroupDimension: group.arn.replace(/^.*:(targetgroup\/)/, '$1'),
      created: now,
      state: 'INSUFFICIENT_DATA',
      reason: 'Unchecked: Initial alarm creation',
      reasonData: undefined,
      updated: now,
      transitioned: now,
      history: [],
    };
    this.#alarms.push(alarm);
    this.#evaluate(alarm);
    this.#tick();
    return view(alarm);
  }

  alarm(name: string, region = this.ctx.region): AlarmView | undefined {
    const alarm = this.#alarms.find((a) => a.seed.name === name && a.region === region);
    if (!alarm) return undefined;
    this.#evaluate(alarm);
    return view(alarm);
  }

  stop(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  handle(operation: string, input: JsonInput, region: string): object {
    if (operation !== 'DescribeAlarms')
      throw new ServiceError('UnknownOperationException', undefined);
    return this.#describeAlarms(input, region);
  }

  #describeAlarms(input: JsonInput, region: string): object {
    const names = input.stringList('AlarmNames', { max: 100 });
    const prefix = input.string('AlarmNamePrefix', { min: 1, max: 255 });
    if (names !== undefined && prefix !== undefined)
      throw new ServiceError(
        'InvalidParameterCombination',
        'AlarmNamePrefix and AlarmNames cannot be specified together.',
      );
    const types = input.stringList('AlarmTypes') ?? ['MetricAlarm'];
    for (const type of types) {
      if (type !== 'MetricAlarm' && type !== 'CompositeAlarm')
        throw new ServiceError(
          'ValidationError',
          `1 validation error detected: Value '[${types.join(', ')}]' at 'alarmTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [CompositeAlarm, MetricAlarm]]`,
        );
    }
    const stateValue = input.string('StateValue');
    if (stateValue !== undefined && !['OK', 'ALARM', 'INSUFFICIENT_DATA'].includes(stateValue))
      throw new ServiceError(
        'ValidationError',
        `1 validation error detected: Value '${stateValue}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]`,
      );
    const maxRecords = input.number('MaxRecords', { min: 1, max: 100 }) ?? 50;
    const selected = this.#alarms
      .filter((a) => a.region === region)
      .filter((a) => names === undefined || names.includes(a.seed.name))
      .filter((a) => prefix === undefined || a.seed.name.startsWith(prefix))
      .sort((a, b) => (a.seed.name < b.seed.name ? -1 : a.seed.name > b.seed.name ? 1 : 0));
    for (const alarm of selected) this.#evaluate(alarm);
    const matching = types.includes('MetricAlarm')
      ? selected.filter((a) => stateValue === undefined || a.state === stateValue)
      : [];
    const scope = JSON.stringify([region, names, prefix, types, stateValue]);
    const { page, nextToken } = paginate(
      matching,
      scope,
      maxRecords,
      input.string('NextToken'),
      () => new ServiceError('InvalidNextToken', 'The service returned an invalid next token.'),
    );
    return {
      MetricAlarms: page.map(describe),
      ...(types.includes('CompositeAlarm') ? { CompositeAlarms: [] } : {}),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  }

  #tick(): void {
    if (this.#timer) return;
    this.#timer = this.ctx.clock.afterReal(EVALUATE_EVERY_MS, () => {
      this.#timer = undefined;
      for (const alarm of this.#alarms) this.#evaluate(alarm);
      this.#tick();
    });
  }

  #evaluate(alarm: Alarm): void {
    const now = this.ctx.clock.now();
    const periodMs = alarm.period * 1000;
    // The most recent periods, newest first, each a datapoint; the load balancer counts zeros
    // too, so no period is missing.
    const datapoints: { readonly start: number; readonly value: number }[] = [];
    for (let i = 0; i < alarm.evaluationPeriods; i += 1) {
      const end = now - i * periodMs;
      const start = end - periodMs;
      datapoints.push({ start, value: datapoint(alarm, start, end) });
    }
    const breaching = datapoints.filter((d) =>
      breaches(d.value, alarm.comparison, alarm.seed.threshold),
    );
    const state: AlarmState = breaching.length >= alarm.datapointsToAlarm ? 'ALARM' : 'OK';
    if (state === alarm.state) return;
    const shown = (state === 'ALARM' ? breaching : datapoints).slice(0, alarm.datapointsToAlarm);
    const points = shown.map((d) => `${d.value.toFixed(1)} (${stamp(d.start)})`).join(', ');
    const verb = state === 'ALARM' ? 'was' : 'was not';
    const noun = shown.length === 1 ? 'datapoint' : 'datapoints';
    const reason = `Threshold Crossed: ${shown.length} ${noun} [${points}] ${verb} ${phrase(alarm.comparison)} the threshold (${alarm.seed.threshold.toFixed(1)}).`;
    alarm.history.push({ time: now, from: alarm.state, to: state, reason });
    alarm.state = state;
    alarm.reason = reason;
    alarm.reasonData = JSON.stringify({
      version: '1.0',
      queryDate: new Date(now).toISOString().replace('Z', '+0000'),
      statistic: alarm.statistic,
      period: alarm.period,
      recentDatapoints: datapoints.map((d) => d.value),
      threshold: alarm.seed.threshold,
      evaluatedDatapoints: shown.map((d) => ({
        timestamp: new Date(d.start).toISOString().replace('Z', '+0000'),
        sampleCount: 1,
        value: d.value,
      })),
    });
    alarm.updated = now;
    alarm.transitioned = now;
  }
}

function datapoint(alarm: Alarm, start: number, end: number): number {
  const metric = alarm.seed.metric;
  if (metric === 'HealthyHostCount' || metric === 'UnHealthyHostCount') {
    const statistic = alarm.statistic === 'Sum' ? 'Maximum' : alarm.statistic;
    return alarm.balancer.group.hostStatistic(metric, statistic, start, end);
  }
  return alarm.balancer.metrics.sum(metric, start, end);
}

function breaches(value: number, comparison: ComparisonOperator, threshold: number): boolean {
  switch (comparison) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
  }
}

function phrase(comparison: ComparisonOperator): string {
  switch (comparison) {
    case 'GreaterThanOrEqualToThreshold':
      return 'greater than or equal to';
    case 'GreaterThanThreshold':
      return 'greater than';
    case 'LessThanThreshold':
      return 'less than';
    case 'LessThanOrEqualToThreshold':
      return 'less than or equal to';
  }
}

/** CloudWatch's `dd/MM/yy HH:mm:ss` in a state reason. */
function stamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

function view(alarm: Alarm): AlarmView {
  return {
    name: alarm.seed.name,
    arn: alarm.arn,
    state: alarm.state,
    reason: alarm.reason,
    history: [...alarm.history],
  };
}

function describe(alarm: Alarm): object {
  return {
    AlarmName: alarm.seed.name,
    AlarmArn: alarm.arn,
    ...(alarm.seed.description === undefined ? {} : { AlarmDescription: alarm.seed.description }),
    AlarmConfigurationUpdatedTimestamp: epochSeconds(alarm.created),
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: [],
    InsufficientDataActions: [],
    StateValue: alarm.state,
    StateReason: alarm.reason,
    ...(alarm.reasonData === undefined ? {} : { StateReasonData: alarm.reasonData }),
    StateUpdatedTimestamp: epochSeconds(alarm.updated),
    StateTransitionedTimestamp: epochSeconds(alarm.transitioned),
    MetricName: alarm.seed.metric,
    Namespace: 'AWS/ApplicationELB',
    Statistic: alarm.statistic,
    Dimensions: alarm.seed.metric.startsWith('HTTPCode_ELB_')
      ? [{ Name: 'LoadBalancer', Value: alarm.loadBalancerDimension }]
      : [
          { Name: 'TargetGroup', Value: alarm.targetGroupDimension },
          { Name: 'LoadBalancer', Value: alarm.loadBalancerDimension },
        ],
    Period: alarm.period,
    EvaluationPeriods: alarm.evaluationPeriods,
    DatapointsToAlarm: alarm.datapointsToAlarm,
    Threshold: alarm.seed.threshold,
    ComparisonOperator: alarm.comparison,
    TreatMissingData: 'notBreaching',
  };
}

/** The awsJson1_0 error, with the awsQuery code the SDK reads from `x-amzn-query-error`. */
export function cloudWatchErrorResponse(error: ServiceError): ServiceResponse {
  const code = error.code === 'ValidationException' ? 'ValidationError' : error.code;
  const shape =
    {
      InvalidParameterValue: 'InvalidParameterValueException',
      InvalidParameterCombination: 'InvalidParameterCombinationException',
    }[code] ?? code;
  return {
    status: error.status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-query-error': `${code};${error.status >= 500 ? 'Receiver' : 'Sender'}`,
    },
    body: JSON.stringify(
      error.hasMessage
        ? { __type: `com.amazonaws.cloudwatch#${shape}`, message: error.message }
        : { __type: `com.amazonaws.cloudwatch#${shape}` },
    ),
  };
}
