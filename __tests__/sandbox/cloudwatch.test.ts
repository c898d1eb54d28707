// CloudWatch alarms through the real client (awsJson1_0, query-compatible errors), whose state
// follows what a sandbox load balancer really counted: an app that answers 500s behind it fires
// the alarm, and the alarm clears once the errors stop.

import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  InvalidNextToken,
  InvalidParameterCombinationException,
} from '@aws-sdk/client-cloudwatch';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index.js';
import {
  WEB_DEPLOY_SH,
  createInstances,
  createRepository,
  createWebFleet,
  pushBrokenRelease,
  pushFixedRelease,
  runOnInstances,
} from '../../sandbox/world.js';
import {
  cleanUp,
  clients,
  eventually,
  invocationResult,
  run,
  sandbox,
  tempDir,
} from './helpers.js';

const made: CloudWatchClient[] = [];
afterEach(async () => {
  for (const client of made.splice(0)) client.destroy();
  await cleanUp();
});

function cloudwatch(sb: Sandbox, region?: string): CloudWatchClient {
  const client = new CloudWatchClient({ ...sb.clientConfig(region), maxAttempts: 1 });
  made.push(client);
  return client;
}

describe('CloudWatch DescribeAlarms', () => {
  it('describes alarms as the SDK reads them, filtered and paged', async () => {
    const sb = await sandbox({
      accountId: '111122223333',
      seed: {
        targetGroups: [{ name: 'web' }],
        alarms: [
          {
            name: 'web-5xx',
            description: 'targets answer 5xx',
            targetGroup: 'web',
            metric: 'HTTPCode_Target_5XX_Count',
            periodSeconds: 10,
            threshold: 5,
          },
          { name: 'web-503', targetGroup: 'web', metric: 'HTTPCode_ELB_503_Count', threshold: 1 },
          {
            name: 'web-quiet',
            targetGroup: 'web',
            metric: 'RequestCount',
            threshold: 1,
            comparison: 'LessThanThreshold',
          },
        ],
      },
    });
    const client = cloudwatch(sb);
    const { MetricAlarms, CompositeAlarms } = await client.send(
      new DescribeAlarmsCommand({ AlarmNames: ['web-5xx'] }),
    );
    expect(CompositeAlarms).toBeUndefined();
    const group = sb.targetGroup('web');
    expect(MetricAlarms).toEqual([
      {
        AlarmName: 'web-5xx',
        AlarmArn: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:web-5xx',
        AlarmDescription: 'targets answer 5xx',
        AlarmConfigurationUpdatedTimestamp: expect.any(Date),
        ActionsEnabled: true,
        OKActions: [],
        AlarmActions: [],
        InsufficientDataActions: [],
        StateValue: 'OK',
        StateReason: expect.stringMatching(
          /^Threshold Crossed: 1 datapoint \[0\.0 \(.*\)\] was not greater than or equal to the threshold \(5\.0\)\.$/,
        ),
        StateReasonData: expect.any(String),
        StateUpdatedTimestamp: expect.any(Date),
        StateTransitionedTimestamp: expect.any(Date),
        MetricName: 'HTTPCode_Target_5XX_Count',
        Namespace: 'AWS/ApplicationELB',
        Statistic: 'Sum',
        Dimensions: [
          { Name: 'TargetGroup', Value: group.arn.replace(/^.*:targetgroup/, 'targetgroup') },
          {
            Name: 'LoadBalancer',
            Value: group.loadBalancerArn.replace(/^.*:loadbalancer\//, ''),
          },
        ],
        Period: 10,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      },
    ]);
    expect(Math.abs(Number(MetricAlarms?.[0]?.StateUpdatedTimestamp) - sb.now())).toBeLessThan(
      5000,
    );

    // No request at all: "fewer than 1 request" is in ALARM; the others are OK.
    const inAlarm = await client.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }));
    expect(inAlarm.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['web-quiet']);
    const prefixed = await client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'web-5' }));
    expect(prefixed.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['web-503', 'web-5xx']);
    const first = await client.send(new DescribeAlarmsCommand({ MaxRecords: 2 }));
    expect(first.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['web-503', 'web-5xx']);
    const rest = await client.send(
      new DescribeAlarmsCommand({ MaxRecords: 2, NextToken: first.NextToken }),
    );
    expect(rest.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['web-quiet']);
    expect(rest.NextToken).toBeUndefined();
    const composite = await client.send(
      new DescribeAlarmsCommand({ AlarmTypes: ['CompositeAlarm'] }),
    );
    expect(composite).toMatchObject({ MetricAlarms: [], CompositeAlarms: [] });
    // Alarms belong to their region.
    const elsewhere = await cloudwatch(sb, 'eu-west-1').send(new DescribeAlarmsCommand({}));
    expect(elsewhere.MetricAlarms).toEqual([]);

    await expect(
      client.send(new DescribeAlarmsCommand({ NextToken: 'bogus' })),
    ).rejects.toBeInstanceOf(InvalidNextToken);
    await expect(
      client.send(new DescribeAlarmsCommand({ AlarmNames: ['a'], AlarmNamePrefix: 'a' })),
    ).rejects.toBeInstanceOf(InvalidParameterCombinationException);
    expect(sb.calls({ service: 'monitoring' }).map((c) => [c.operation, c.status])).toContainEqual([
      'DescribeAlarms',
      400,
    ]);
    const unsigned = await fetch(`${sb.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'GraniteServiceVersion20100801.DescribeAlarms',
      },
      body: '{}',
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({
      __type: expect.stringContaining('MissingAuthenticationToken'),
    });
  });

  it('fires on the 5xx the load balancer saw from a broken app, and clears when they stop', async () => {
    const sb = await sandbox();
    const repository = createRepository(tempDir(), WEB_DEPLOY_SH);
    const [id = ''] = createInstances(sb, repository, ['web-1'], {});
    pushBrokenRelease(repository, '1.1.0', 'errors');
    const { ssm } = clients(sb);
    const deployed = await run(
      ssm,
      ['cd /srv/app && git pull --quiet origin main && ./deploy.sh'],
      { InstanceIds: [id] },
    );
    expect((await invocationResult(ssm, deployed, id, 30_000)).Status).toBe('Success');
    const group = await sb.addTargetGroup({
      name: 'web',
      healthCheck: { path: '/healthz', intervalSeconds: 0.2 },
      targets: [id],
    });
    sb.addAlarm({
      name: 'web-5xx',
      targetGroup: 'web',
      metric: 'HTTPCode_Target_5XX_Count',
      // Long enough that the three requests below fall in one period even on a busy machine.
      periodSeconds: 6,
      threshold: 3,
    });
    // /healthz passes, so the target is healthy and takes requests; / answers 500.
    await eventually(() => (group.health()[0]?.state === 'healthy' ? true : undefined));
    const client = cloudwatch(sb);
    const describe = async () =>
      (await client.send(new DescribeAlarmsCommand({ AlarmNames: ['web-5xx'] }))).MetricAlarms?.[0];
    expect((await describe())?.StateValue).toBe('OK');
    for (let i = 0; i < 2; i += 1) expect((await fetch(group.url)).status).toBe(500);
    expect((await describe())?.StateValue).toBe('OK');
    expect((await fetch(group.url)).status).toBe(500);
    const fired = await describe();
    expect(fired?.StateValue).toBe('ALARM');
    expect(fired?.StateReason).toMatch(
      /^Threshold Crossed: 1 datapoint \[3\.0 \(.*\)\] was greater than or equal to the threshold \(3\.0\)\.$/,
    );
    // A period without errors: back to OK.
    await eventually(
      async () => ((await describe())?.StateValue === 'OK' ? true : undefined),
      30_000,
    );
    expect(sb.alarm('web-5xx').history.map((t) => t.to)).toEqual(['OK', 'ALARM', 'OK']);
  });

  it('follows the unhealthy host count of a target group: a broken deploy fires it, the fix clears it', async () => {
    const sb = await sandbox();
    const fleet = await createWebFleet(sb, tempDir(), {
      names: ['web-1'],
      targetGroup: {
        name: 'web',
        healthCheck: { path: '/healthz', intervalSeconds: 0.2, healthyThreshold: 2 },
      },
    });
    sb.addAlarm({
      name: 'web-unhealthy',
      targetGroup: 'web',
      metric: 'UnHealthyHostCount',
      periodSeconds: 1,
      threshold: 1,
    });
    const client = cloudwatch(sb);
    const describe = async () =>
      (await client.send(new DescribeAlarmsCommand({ AlarmNames: ['web-unhealthy'] })))
        .MetricAlarms?.[0];
    expect(await describe()).toMatchObject({
      StateValue: 'OK',
      Statistic: 'Maximum',
      MetricName: 'UnHealthyHostCount',
    });
    const pull = ['cd /srv/app && git pull --quiet origin main && ./deploy.sh'];
    pushBrokenRelease(fleet.repository, '1.1.0', 'health');
    await runOnInstances(sb, fleet.instanceIds, pull);
    await eventually(
      async () => ((await describe())?.StateValue === 'ALARM' ? true : undefined),
      30_000,
    );
    pushFixedRelease(fleet.repository, '1.1.1');
    await runOnInstances(sb, fleet.instanceIds, pull);
    await eventually(
      async () => ((await describe())?.StateValue === 'OK' ? true : undefined),
      30_000,
    );
    expect(sb.alarm('web-unhealthy').history.map((t) => t.to)).toEqual(['OK', 'ALARM', 'OK']);
    expect(() =>
      sb.addAlarm({
        name: 'summed',
        targetGroup: 'web',
        metric: 'HealthyHostCount',
        statistic: 'Sum',
        threshold: 1,
      }),
    ).toThrow(/statistic Sum is not kept for HealthyHostCount/);
  });
});
