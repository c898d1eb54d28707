// The rollout engine against mocked ELBv2 and CloudWatch and a stand-in for the SSM deploy: waves
// in order, traffic out and back per wave with exact calls, alarms before and during, fleet
// rollback, and registrations always put back.

import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DeregisterTargetsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
  type DescribeTargetHealthCommandInput,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeployConfig, RolloutConfig } from '../../src/config.js';
import type { DeployReport, InstanceResult } from '../../src/deploy/deploy.js';
import { runRollout, type RolloutDeps } from '../../src/rollout/engine.js';
import { planWaves } from '../../src/rollout/plan.js';
import { BASE_DEPLOY } from '../deploy/fixtures/config.js';
import { FakeTime } from '../deploy/fixtures/time.js';

const elbMock = mockClient(ElasticLoadBalancingV2Client);
const cwMock = mockClient(CloudWatchClient);
const elb = new ElasticLoadBalancingV2Client({ region: 'eu-west-1' });
const cloudWatch = new CloudWatchClient({ region: 'eu-west-1' });

const TG1 = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef';
const TG2 = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/api/fedcba9876543210';
const IDS = [
  'i-00000000000000001',
  'i-00000000000000002',
  'i-00000000000000003',
  'i-00000000000000004',
];
const OLD = 'a'.repeat(40);
const NEW = 'b'.repeat(40);

const ROLLOUT: RolloutConfig = {
  waves: [
    { kind: 'count', count: 1 },
    { kind: 'percent', percent: 50 },
    { kind: 'percent', percent: 100 },
  ],
  bakeSeconds: 0,
  alarms: [],
  targetGroups: [],
  healthTimeoutSeconds: 60,
};
const DEPLOY: DeployConfig = {
  ...BASE_DEPLOY,
  targets: { kind: 'tags', tags: [{ key: 'app', values: ['web'] }] },
  ref: { kind: 'sha', sha: NEW },
};

function instance(id: string, ok: boolean, sha: string, previous = OLD): InstanceResult {
  return {
    instanceId: id,
    status: ok ? 'Success' : 'Failed',
    statusDetails: ok ? 'Success' : 'Failed',
    responseCode: ok ? 0 : 1,
    durationMs: 1000,
    previousSha: previous,
    attemptedSha: sha,
    deployedSha: sha,
    rolledBack: false,
    healthy: null,
    success: ok,
    reason: ok ? undefined : 'deploy-script exited with 1',
    stdout: '',
    stderr: '',
    source: 'complete',
    stdoutTail: '',
    stderrTail: '',
  };
}

function report(instances: InstanceResult[], n: number): DeployReport {
  const ok = instances.every((i) => i.success);
  return {
    commandId: `command-${n}`,
    nonce: '000000000000',
    region: 'eu-west-1',
    consoleUrl: `https://console/command-${n}`,
    status: ok ? 'Success' : 'Failed',
    attempted: instances[0]?.attemptedSha ?? NEW,
    ending: { kind: 'finished', commandStatus: ok ? 'Success' : 'Failed' },
    cancel: undefined,
    instances,
    deployedSha: ok ? (instances[0]?.deployedSha ?? '') : '',
    problems: [],
    notes: [],
    pollCalls: 2,
    outputCalls: 0,
  };
}

/** A stand-in for SSM: records each command's instances and ref; `fails` fail at the new commit. */
class Fleet {
  readonly sent: { ids: string[]; ref: string; rollbackOnFailure: boolean }[] = [];
  constructor(private readonly fails: readonly string[] = []) {}
  readonly deployTo = (deploy: DeployConfig): Promise<DeployReport> => {
    if (deploy.targets.kind !== 'instances') throw new Error('a wave names its instances');
    const ids = [...deploy.targets.instanceIds];
    const ref = deploy.ref.kind === 'sha' ? deploy.ref.sha : deploy.ref.name;
    this.sent.push({ ids, ref, rollbackOnFailure: deploy.rollbackOnFailure });
    const back = ref !== NEW;
    return Promise.resolve(
      report(
        ids.map((id) =>
          !back && this.fails.includes(id)
            ? instance(id, false, NEW)
            : instance(id, true, ref, back ? NEW : OLD),
        ),
        this.sent.length,
      ),
    );
  };
}

function deps(fleet: Fleet, extra: Partial<RolloutDeps> = {}): RolloutDeps & { time: FakeTime } {
  const time = new FakeTime();
  return {
    deployTo: fleet.deployTo,
    resolveInstances: () => Promise.resolve(IDS),
    elb,
    cloudWatch,
    now: time.now,
    sleep: time.sleep,
    signal: new AbortController().signal,
    time,
    ...extra,
  };
}

/** Target health per group as ELBv2 answers it: every registered target, or just those asked. */
type Registered = Record<string, { id: string; port: number }[]>;

function health(
  registered: Registered,
  state: (group: string, id: string) => string = () => 'healthy',
): void {
  elbMock.on(DescribeTargetHealthCommand).callsFake((input: DescribeTargetHealthCommandInput) => {
    const group = input.TargetGroupArn ?? '';
    const all = registered[group] ?? [];
    const asked = input.Targets ?? all.map((t) => ({ Id: t.id, Port: t.port }));
    return {
      TargetHealthDescriptions: asked.map((t): TargetHealthDescription => ({
        Target: { Id: t.Id, Port: t.Port },
        TargetHealth: { State: state(group, t.Id ?? '') as 'healthy' },
      })),
    };
  });
}

beforeEach(() => {
  elbMock.reset();
  cwMock.reset();
  elbMock.on(DeregisterTargetsCommand).resolves({});
  elbMock.on(RegisterTargetsCommand).resolves({});
  elbMock.on(DescribeTargetGroupAttributesCommand).resolves({
    Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
  });
});

describe('planWaves', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  it('makes cumulative waves, a percentage rounded down but at least one', () => {
    expect(planWaves(ROLLOUT.waves, ids.slice(0, 4))).toEqual([['a'], ['b'], ['c', 'd']]);
    expect(planWaves(ROLLOUT.waves, ids)).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    expect(
      planWaves(
        [
          { kind: 'percent', percent: 10 },
          { kind: 'percent', percent: 100 },
        ],
        ids,
      ),
    ).toEqual([['a'], ['b', 'c', 'd', 'e']]);
  });
  it('sends a step of more than 50 instances as consecutive waves of at most 50 (one command each)', () => {
    const fleet = Array.from({ length: 120 }, (_, i) => `i-${String(i).padStart(17, '0')}`);
    const waves = planWaves(ROLLOUT.waves, fleet);
    expect(waves.map((wave) => wave.length)).toEqual([1, 50, 9, 50, 10]);
    expect(waves.flat()).toEqual(fleet);
  });
  it('drops a wave that reaches no further on this fleet', () => {
    expect(
      planWaves(
        [
          { kind: 'count', count: 1 },
          { kind: 'percent', percent: 25 },
          { kind: 'percent', percent: 100 },
        ],
        ids.slice(0, 4),
      ),
    ).toEqual([['a'], ['b', 'c', 'd']]);
    expect(planWaves(ROLLOUT.waves, ['a'])).toEqual([['a']]);
    expect(
      planWaves(
        [
          { kind: 'count', count: 3 },
          { kind: 'percent', percent: 100 },
        ],
        ['a', 'b'],
      ),
    ).toEqual([['a', 'b']]);
  });
});

describe('runRollout', () => {
  it('deploys wave by wave, each taken out of its target groups, drained, put back and healthy', async () => {
    const rollout = { ...ROLLOUT, targetGroups: [TG1, TG2] };
    // The third instance is in no group; the first is in both, on different ports.
    const registered: Registered = {
      [TG1]: [
        { id: IDS[0] ?? '', port: 80 },
        { id: IDS[1] ?? '', port: 80 },
        { id: IDS[3] ?? '', port: 80 },
      ],
      [TG2]: [{ id: IDS[0] ?? '', port: 8080 }],
    };
    let drainPolls = 0;
    health(registered, () => 'healthy');
    // The first look after the deregistration still sees it draining.
    elbMock.on(DescribeTargetHealthCommand).callsFake((input: DescribeTargetHealthCommandInput) => {
      const all = registered[input.TargetGroupArn ?? ''] ?? [];
      const asked = input.Targets ?? all.map((t) => ({ Id: t.id, Port: t.port }));
      const state =
        input.Targets !== undefined && elbMock.commandCalls(RegisterTargetsCommand).length === 0
          ? drainPolls++ === 0
            ? 'draining'
            : 'unused'
          : 'healthy';
      return {
        TargetHealthDescriptions: asked.map((t) => ({
          Target: { Id: t.Id, Port: t.Port },
          TargetHealth: { State: state as 'healthy' },
        })),
      };
    });
    const fleet = new Fleet();
    const d = deps(fleet);
    const outs: number[] = [];
    const result = await runRollout(DEPLOY, rollout, {
      ...d,
      events: { onOut: (out) => outs.push(out.length) },
    });

    expect(fleet.sent.map((s) => s.ids)).toEqual([[IDS[0]], [IDS[1]], [IDS[2], IDS[3]]]);
    expect(result.report.status).toBe('Success');
    expect(result.waves.map((w) => w.outcome)).toEqual(['Success', 'Success', 'Success']);
    expect(result.waves.map((w) => w.commandId)).toEqual(['command-1', 'command-2', 'command-3']);
    expect(result.report.instances.map((i) => i.instanceId)).toEqual(IDS);
    expect(result.leftOut).toEqual([]);
    // Wave 1: out of both groups (one call each), back into both; waves 2 and 3: TG1 only.
    const deregistered = elbMock.commandCalls(DeregisterTargetsCommand).map((c) => c.args[0].input);
    expect(deregistered).toEqual([
      { TargetGroupArn: TG1, Targets: [{ Id: IDS[0], Port: 80 }] },
      { TargetGroupArn: TG2, Targets: [{ Id: IDS[0], Port: 8080 }] },
      { TargetGroupArn: TG1, Targets: [{ Id: IDS[1], Port: 80 }] },
      { TargetGroupArn: TG1, Targets: [{ Id: IDS[3], Port: 80 }] },
    ]);
    expect(elbMock.commandCalls(RegisterTargetsCommand).map((c) => c.args[0].input)).toEqual(
      deregistered,
    );
    // The third instance was never registered, so it is not registered now.
    expect(
      JSON.stringify(elbMock.commandCalls(RegisterTargetsCommand).map((c) => c.args[0].input)),
    ).not.toContain(IDS[2]);
    expect(elbMock).toHaveReceivedCommandTimes(DescribeTargetGroupAttributesCommand, 2);
    expect(outs.at(-1)).toBe(0);
    expect(cwMock.calls()).toHaveLength(0);
  });

  it('sends nothing and changes no traffic when an alarm is in ALARM before the rollout', async () => {
    cwMock.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        { AlarmName: 'web-5xx', StateValue: 'ALARM' },
        { AlarmName: 'latency', StateValue: 'OK' },
      ],
    });
    const fleet = new Fleet();
    await expect(
      runRollout(
        DEPLOY,
        { ...ROLLOUT, alarms: ['web-5xx', 'latency'], targetGroups: [TG1] },
        deps(fleet),
      ),
    ).rejects.toThrow('Alarm "web-5xx" is in ALARM before the rollout; nothing was sent.');
    expect(fleet.sent).toEqual([]);
    expect(elbMock.calls()).toHaveLength(0);
    expect(cwMock).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
      AlarmNames: ['web-5xx', 'latency'],
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
    });
  });

  it('refuses to start when an alarm does not exist', async () => {
    cwMock.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const fleet = new Fleet();
    await expect(runRollout(DEPLOY, { ...ROLLOUT, alarms: ['gone'] }, deps(fleet))).rejects.toThrow(
      'CloudWatch knows no alarm named "gone"',
    );
    expect(fleet.sent).toEqual([]);
  });

  it('stops when an alarm fires during a bake and rolls back what it changed', async () => {
    // OK before, OK after wave 1, ALARM during wave 2's bake.
    cwMock
      .on(DescribeAlarmsCommand)
      .resolvesOnce({ MetricAlarms: [{ AlarmName: 'web-5xx', StateValue: 'OK' }] })
      .resolvesOnce({ MetricAlarms: [{ AlarmName: 'web-5xx', StateValue: 'OK' }] })
      .resolvesOnce({ MetricAlarms: [{ AlarmName: 'web-5xx', StateValue: 'OK' }] })
      .resolvesOnce({ MetricAlarms: [{ AlarmName: 'web-5xx', StateValue: 'OK' }] })
      .resolves({ MetricAlarms: [{ AlarmName: 'web-5xx', StateValue: 'ALARM' }] });
    const fleet = new Fleet();
    const d = deps(fleet);
    const result = await runRollout(
      { ...DEPLOY, rollbackOnFailure: true },
      { ...ROLLOUT, alarms: ['web-5xx'], bakeSeconds: 10 },
      d,
    );
    expect(result.waves.map((w) => w.outcome)).toEqual(['Success', 'Alarm', 'NotStarted']);
    expect(result.alarm).toEqual(['web-5xx']);
    expect(result.report.status).toBe('Failed');
    expect(result.report.problems.join('\n')).toContain('"web-5xx" went into ALARM');
    // The last wave changed first, each to the commit it had.
    expect(fleet.sent.slice(2)).toEqual([
      { ids: [IDS[1]], ref: OLD, rollbackOnFailure: false },
      { ids: [IDS[0]], ref: OLD, rollbackOnFailure: false },
    ]);
    expect(result.rollback?.map((r) => [r.instanceId, r.success, r.healthy])).toEqual([
      [IDS[1], true, null],
      [IDS[0], true, null],
    ]);
    expect(result.report.instances.every((i) => i.rolledBack)).toBe(true);
    // Bakes sleep in steps of at most 5 s, and never past the bake.
    expect(d.time.sleeps).toEqual([5000, 5000]);
  });

  it('a canary that rolled itself back on the instance is not rolled back again, and is named', async () => {
    const sent: string[][] = [];
    const deployTo = (deploy: DeployConfig): Promise<DeployReport> => {
      const ids = deploy.targets.kind === 'instances' ? [...deploy.targets.instanceIds] : [];
      sent.push(ids);
      // The script's own rollback: deploy-script failed at NEW, the checkout is back at OLD.
      return Promise.resolve(
        report(
          ids.map((id) => ({
            ...instance(id, false, NEW),
            deployedSha: OLD,
            rolledBack: true,
            reason: 'deploy-script failed; rolled back on the instance',
          })),
          sent.length,
        ),
      );
    };
    const calls: [readonly string[], readonly string[]][] = [];
    const result = await runRollout(
      { ...DEPLOY, rollbackOnFailure: true },
      ROLLOUT,
      deps(new Fleet(), {
        deployTo,
        elb: undefined,
        events: { onRollback: (ids, there) => calls.push([ids, there]) },
      }),
    );
    expect(sent).toEqual([[IDS[0]]]);
    expect(calls).toEqual([[[], [IDS[0]]]]);
    expect(result.rollback).toEqual([]);
  });

  it('stops at a failed canary: nothing else is deployed', async () => {
    const fleet = new Fleet([IDS[0] ?? '']);
    const result = await runRollout(DEPLOY, ROLLOUT, deps(fleet, { elb: undefined }));
    expect(fleet.sent.map((s) => s.ids)).toEqual([[IDS[0]]]);
    expect(result.waves.map((w) => w.outcome)).toEqual(['Failed', 'NotStarted', 'NotStarted']);
    expect(result.report.status).toBe('Failed');
    expect(result.rollback).toBeUndefined();
    expect(result.report.problems.join('\n')).toContain(`wave 3 (${IDS[2]}, ${IDS[3]})`);
  });

  it('rolls the whole fleet back when a later wave fails, through the target groups again', async () => {
    const registered = { [TG1]: IDS.map((id) => ({ id, port: 80 })) };
    health(registered, () => 'healthy');
    const fleet = new Fleet([IDS[3] ?? '']);
    const result = await runRollout(
      { ...DEPLOY, rollbackOnFailure: true },
      { ...ROLLOUT, targetGroups: [TG1] },
      deps(fleet),
    );
    expect(result.waves.map((w) => w.outcome)).toEqual(['Success', 'Success', 'Failed']);
    // Wave 3 (the failed instance too: its checkout had moved), then wave 2, then wave 1.
    expect(fleet.sent.slice(3).map((s) => [s.ids, s.ref])).toEqual([
      [[IDS[2], IDS[3]], OLD],
      [[IDS[1]], OLD],
      [[IDS[0]], OLD],
    ]);
    expect(result.rollback?.map((r) => [r.instanceId, r.healthy])).toEqual([
      [IDS[2], true],
      [IDS[3], true],
      [IDS[1], true],
      [IDS[0], true],
    ]);
    expect(result.report.instances.map((i) => [i.rolledBack, i.deployedSha])).toEqual(
      IDS.map(() => [true, OLD]),
    );
    // 3 waves + 3 rollbacks: each out and back in once.
    expect(elbMock).toHaveReceivedCommandTimes(DeregisterTargetsCommand, 6);
    expect(elbMock).toHaveReceivedCommandTimes(RegisterTargetsCommand, 6);
  });

  it('fails a wave whose target does not become healthy, naming the group and the reason', async () => {
    const registered = { [TG1]: IDS.map((id) => ({ id, port: 80 })) };
    health(registered, (_group, id) => (id === IDS[0] ? 'unhealthy' : 'healthy'));
    const fleet = new Fleet();
    const d = deps(fleet);
    const result = await runRollout(DEPLOY, { ...ROLLOUT, targetGroups: [TG1] }, d);
    expect(result.waves[0]?.outcome).toBe('Failed');
    expect(fleet.sent).toHaveLength(1);
    const canary = result.report.instances[0];
    expect(canary?.success).toBe(false);
    expect(canary?.reason).toBe(
      'not healthy in target group targetgroup/web/0123456789abcdef within 60 s (unhealthy)',
    );
    // Health is polled until the timeout, no longer.
    expect(d.time.now() - 1_700_000_000_000).toBeGreaterThanOrEqual(60_000);
    expect(d.time.now() - 1_700_000_000_000).toBeLessThan(80_000);
    expect(elbMock).toHaveReceivedCommandTimes(RegisterTargetsCommand, 1);
  });

  it('puts every instance it took out back when the deploy throws', async () => {
    const registered = { [TG1]: IDS.map((id) => ({ id, port: 80 })) };
    health(registered, () =>
      elbMock.commandCalls(RegisterTargetsCommand).length === 0 ? 'unused' : 'healthy',
    );
    const boom = new Error('SSM refused the command');
    const notes: string[] = [];
    await expect(
      runRollout(
        DEPLOY,
        { ...ROLLOUT, targetGroups: [TG1] },
        {
          ...deps(new Fleet()),
          deployTo: () => Promise.reject(boom),
          events: { onPutBack: (regs, error) => notes.push(`${regs.length} ${String(error)}`) },
        },
      ),
    ).rejects.toBe(boom);
    expect(elbMock.commandCalls(RegisterTargetsCommand).map((c) => c.args[0].input)).toEqual([
      { TargetGroupArn: TG1, Targets: [{ Id: IDS[0], Port: 80 }] },
    ]);
    expect(notes).toEqual(['1 undefined']);
  });

  it('puts instances back and sends nothing when the workflow is cancelled while they drain', async () => {
    const registered = { [TG1]: IDS.map((id) => ({ id, port: 80 })) };
    const abort = new AbortController();
    health(registered, () => {
      // Cancelled while the first wave drains.
      if (elbMock.commandCalls(DeregisterTargetsCommand).length > 0) abort.abort();
      return elbMock.commandCalls(DeregisterTargetsCommand).length > 0 ? 'draining' : 'healthy';
    });
    const fleet = new Fleet();
    await expect(
      runRollout(
        DEPLOY,
        { ...ROLLOUT, targetGroups: [TG1] },
        { ...deps(fleet), signal: abort.signal },
      ),
    ).rejects.toThrow('cancelled before the first wave was sent; nothing was deployed');
    expect(fleet.sent).toEqual([]);
    expect(elbMock).toHaveReceivedCommandTimes(RegisterTargetsCommand, 1);
  });

  it('puts instances back when a cancelled wave comes back, and starts no other', async () => {
    const registered = { [TG1]: IDS.map((id) => ({ id, port: 80 })) };
    health(registered, () => 'healthy');
    const abort = new AbortController();
    const fleet = new Fleet();
    const result = await runRollout(
      { ...DEPLOY, rollbackOnFailure: true },
      { ...ROLLOUT, targetGroups: [TG1] },
      {
        ...deps(fleet),
        signal: abort.signal,
        deployTo: async (config) => {
          const sent = await fleet.deployTo(config);
          if (fleet.sent.length < 2) return sent;
          abort.abort();
          return { ...sent, status: 'Cancelled', ending: { kind: 'workflow-cancelled' } };
        },
      },
    );
    expect(result.waves.map((w) => w.outcome)).toEqual(['Success', 'Cancelled', 'NotStarted']);
    expect(result.report.status).toBe('Cancelled');
    expect(fleet.sent).toHaveLength(2);
    // No rollback in the few seconds a cancel leaves; both waves' instances are back in.
    expect(elbMock).toHaveReceivedCommandTimes(RegisterTargetsCommand, 2);
    expect(result.leftOut).toEqual([]);
  });

  it('puts instances back when a wave times out, and starts no other', async () => {
    const registered = { [TG1]: IDS.map((id) => ({ id, port: 80 })) };
    health(registered, () => 'healthy');
    const fleet = new Fleet();
    const result = await runRollout(
      DEPLOY,
      { ...ROLLOUT, targetGroups: [TG1] },
      {
        ...deps(fleet),
        deployTo: async (config) => {
          const sent = await fleet.deployTo(config);
          return { ...sent, status: 'TimedOut', ending: { kind: 'deadline', deadlineSeconds: 1 } };
        },
      },
    );
    expect(result.waves.map((w) => w.outcome)).toEqual(['TimedOut', 'NotStarted', 'NotStarted']);
    expect(result.report.status).toBe('TimedOut');
    expect(elbMock).toHaveReceivedCommandTimes(DeregisterTargetsCommand, 1);
    expect(elbMock).toHaveReceivedCommandTimes(RegisterTargetsCommand, 1);
    expect(result.leftOut).toEqual([]);
  });

  it('says which registrations it could not put back', async () => {
    const registered = { [TG1]: IDS.map((id) => ({ id, port: 80 })) };
    health(registered, () => 'unused');
    elbMock.on(RegisterTargetsCommand).rejects(new Error('AccessDenied'));
    const boom = new Error('SSM refused the command');
    const seen: unknown[] = [];
    await expect(
      runRollout(
        DEPLOY,
        { ...ROLLOUT, targetGroups: [TG1] },
        {
          ...deps(new Fleet()),
          deployTo: () => Promise.reject(boom),
          events: { onPutBack: (_r, error) => seen.push(error) },
        },
      ),
    ).rejects.toBe(boom);
    expect(seen.map(String)).toEqual(['Error: AccessDenied']);
  });
});
