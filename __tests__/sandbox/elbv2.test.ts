// Elastic Load Balancing v2 through the real client (awsQuery), and the real load balancer in
// front of each target group: apps started on the instances by their deploy script over Run
// Command, requests through the load balancer, health checks, draining and ALB's own errors.

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  DeregisterTargetsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  InvalidTargetException,
  RegisterTargetsCommand,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index.js';
import {
  WEB_DEPLOY_SH,
  createInstances,
  createRepository,
  pushBrokenRelease,
  runOnInstances,
} from '../../sandbox/world.js';
import {
  alive,
  cleanUp,
  clients,
  eventually,
  invocationResult,
  run,
  sandbox,
  tempDir,
} from './helpers.js';
import { IS_ROOT, needsRoot } from '../helpers/needs-root.js';

afterEach(cleanUp);

const elbClients: ElasticLoadBalancingV2Client[] = [];
afterEach(() => {
  for (const client of elbClients.splice(0)) client.destroy();
});

function elb(sb: Sandbox, region?: string): ElasticLoadBalancingV2Client {
  const client = new ElasticLoadBalancingV2Client({ ...sb.clientConfig(region), maxAttempts: 1 });
  elbClients.push(client);
  return client;
}

const APP_PID_FILE = '/srv/app-state/app.pid';

/** The pid of the app WEB_DEPLOY_SH last started (its pid file holds the pid and start time). */
function appPid(pidFile: string): number {
  const pid = Number(readFileSync(pidFile, 'utf8').split(' ')[0]);
  expect(Number.isInteger(pid) && pid > 0, pidFile).toBe(true);
  return pid;
}

/** Quick health checks so that a test sees states change within a second or two. */
const FAST = {
  healthCheck: {
    path: '/healthz',
    intervalSeconds: 0.2,
    timeoutSeconds: 1,
    healthyThreshold: 2,
    unhealthyThreshold: 2,
  },
  deregistrationDelaySeconds: 1,
} as const;

async function deploy(ssm: SSMClient, instanceIds: readonly string[]): Promise<void> {
  const commandId = await run(ssm, ['cd /srv/app && ./deploy.sh'], {
    InstanceIds: [...instanceIds],
  });
  for (const id of instanceIds) {
    const result = await invocationResult(ssm, commandId, id, 30_000);
    expect(result.Status, result.StandardErrorContent).toBe('Success');
  }
}

interface Answer {
  readonly status: number;
  readonly instance: string | undefined;
  readonly text: string;
}

async function get(url: string): Promise<Answer> {
  const response = await fetch(url);
  const text = await response.text();
  let instance: string | undefined;
  try {
    instance = (JSON.parse(text) as { instance?: string }).instance;
  } catch {
    instance = undefined;
  }
  return { status: response.status, instance, text };
}

function states(sb: Sandbox, group: string): Record<string, string> {
  return Object.fromEntries(
    sb
      .targetGroup(group)
      .health()
      .map((t) => [t.id, t.state]),
  );
}

describe('Elastic Load Balancing v2 API', () => {
  it('describes target groups, their attributes and their targets as the SDK reads them', async () => {
    const sb = await sandbox({ accountId: '111122223333' });
    const web = sb.addInstance({ name: 'web-1' });
    const group = await sb.addTargetGroup({
      name: 'web',
      port: 8080,
      healthCheck: { path: '/healthz', intervalSeconds: 300 },
      deregistrationDelaySeconds: 45,
      targets: ['web-1'],
    });
    await sb.addTargetGroup({ name: 'api' });
    const client = elb(sb);

    const { TargetGroups } = await client.send(new DescribeTargetGroupsCommand({ Names: ['web'] }));
    expect(TargetGroups).toEqual([
      {
        TargetGroupArn: group.arn,
        TargetGroupName: 'web',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: expect.stringMatching(/^vpc-/),
        HealthCheckProtocol: 'HTTP',
        HealthCheckPort: 'traffic-port',
        HealthCheckEnabled: true,
        HealthCheckIntervalSeconds: 300,
        HealthCheckTimeoutSeconds: 5,
        HealthyThresholdCount: 5,
        UnhealthyThresholdCount: 2,
        HealthCheckPath: '/healthz',
        Matcher: { HttpCode: '200' },
        LoadBalancerArns: [group.loadBalancerArn],
        TargetType: 'instance',
        ProtocolVersion: 'HTTP1',
        IpAddressType: 'ipv4',
      },
    ]);
    expect(group.arn).toMatch(
      /^arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup\/web\/[0-9a-f]{16}$/,
    );

    const byArn = await client.send(
      new DescribeTargetGroupsCommand({ TargetGroupArns: [group.arn] }),
    );
    expect(byArn.TargetGroups?.map((g) => g.TargetGroupName)).toEqual(['web']);
    const first = await client.send(new DescribeTargetGroupsCommand({ PageSize: 1 }));
    expect(first.TargetGroups?.map((g) => g.TargetGroupName)).toEqual(['web']);
    const second = await client.send(
      new DescribeTargetGroupsCommand({ PageSize: 1, Marker: first.NextMarker }),
    );
    expect(second.TargetGroups?.map((g) => g.TargetGroupName)).toEqual(['api']);
    expect(second.NextMarker).toBeUndefined();

    const attributes = await client.send(
      new DescribeTargetGroupAttributesCommand({ TargetGroupArn: group.arn }),
    );
    expect(attributes.Attributes).toContainEqual({
      Key: 'deregistration_delay.timeout_seconds',
      Value: '45',
    });

    // Nothing listens on web-1's port: registered, and in its first health check.
    const health = await client.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: group.arn }),
    );
    expect(health.TargetHealthDescriptions).toEqual([
      {
        Target: { Id: web.id, Port: 8080 },
        HealthCheckPort: '8080',
        TargetHealth: expect.objectContaining({ State: 'initial' }),
      },
    ]);
    expect(sb.calls({ service: 'elasticloadbalancing' }).map((c) => c.operation)).toEqual([
      'DescribeTargetGroups',
      'DescribeTargetGroups',
      'DescribeTargetGroups',
      'DescribeTargetGroups',
      'DescribeTargetGroupAttributes',
      'DescribeTargetHealth',
    ]);
  });

  it('answers the errors AWS answers, with the SDK exception classes', async () => {
    const sb = await sandbox();
    const web = sb.addInstance();
    const group = await sb.addTargetGroup({ name: 'web' });
    const client = elb(sb);
    const missing = group.arn.replace(/[0-9a-f]{16}$/, '0000000000000000');

    await expect(
      client.send(new DescribeTargetHealthCommand({ TargetGroupArn: missing })),
    ).rejects.toBeInstanceOf(TargetGroupNotFoundException);
    await expect(
      client.send(new DescribeTargetGroupsCommand({ Names: ['nope'] })),
    ).rejects.toMatchObject({
      name: 'TargetGroupNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      client.send(
        new RegisterTargetsCommand({
          TargetGroupArn: group.arn,
          Targets: [{ Id: 'i-0123456789abcdef0' }],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidTargetException);
    await expect(
      client.send(
        new RegisterTargetsCommand({ TargetGroupArn: group.arn, Targets: [{ Id: 'web-1' }] }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: "Instance ID 'web-1' is not valid",
    });
    await expect(
      client.send(new DescribeTargetHealthCommand({ TargetGroupArn: 'not-an-arn' })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    // A target group belongs to its region.
    await expect(
      elb(sb, 'eu-west-1').send(new DescribeTargetHealthCommand({ TargetGroupArn: group.arn })),
    ).rejects.toBeInstanceOf(TargetGroupNotFoundException);
    // Deregistering a target that is not registered succeeds, as AWS documents.
    await client.send(
      new DeregisterTargetsCommand({ TargetGroupArn: group.arn, Targets: [{ Id: web.id }] }),
    );
    const unused = await client.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: group.arn, Targets: [{ Id: web.id }] }),
    );
    expect(unused.TargetHealthDescriptions?.[0]?.TargetHealth).toEqual({
      State: 'unused',
      Reason: 'Target.NotRegistered',
      Description: 'Target is not registered to the target group',
    });

    // Throttled as ELB throttles, which the SDK retries.
    sb.configure({ throttleRate: { DescribeTargetGroups: 1 } });
    await expect(client.send(new DescribeTargetGroupsCommand({}))).rejects.toMatchObject({
      name: 'Throttling',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 },
    });
    const retrying = new ElasticLoadBalancingV2Client({ ...sb.clientConfig(), maxAttempts: 3 });
    elbClients.push(retrying);
    sb.clearCalls();
    await expect(retrying.send(new DescribeTargetGroupsCommand({}))).rejects.toMatchObject({
      name: 'Throttling',
    });
    expect(sb.calls({ operation: 'DescribeTargetGroups' }).map((c) => c.attempt)).toEqual([
      1, 2, 3,
    ]);
    sb.configure({ throttleRate: 0 });

    const unsigned = await fetch(`${sb.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeTargetGroups&Version=2015-12-01',
    });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    sb.clearCalls();
    await client
      .send(
        new RegisterTargetsCommand({
          TargetGroupArn: group.arn,
          Targets: [{ Id: 'web-1', Port: 81 }],
        }),
      )
      .catch(() => undefined);
    expect(
      sb.calls({ operation: 'RegisterTargets' }).map((c) => [c.errorCode, c.params.Targets]),
    ).toEqual([['ValidationError', ['web-1:81']]]);
  });
});

describe('the load balancer', () => {
  async function fleet(names: readonly string[]) {
    const sb = await sandbox();
    const repository = createRepository(tempDir(), WEB_DEPLOY_SH);
    const ids = createInstances(sb, repository, names, { Role: 'web' });
    const { ssm } = clients(sb);
    return { sb, repository, ids, ssm };
  }

  it('sends requests only to healthy registered targets, in turn, and drains a deregistered one', async () => {
    const { sb, ids, ssm } = await fleet(['web-1', 'web-2']);
    const [one = '', two = ''] = ids;
    // Draining lasts long enough to be seen even on a busy machine.
    const group = await sb.addTargetGroup({ name: 'web', ...FAST, deregistrationDelaySeconds: 3 });
    // Nothing registered: ALB answers 503 itself.
    const empty = await get(group.url);
    expect(empty.status).toBe(503);
    expect(empty.text).toContain('503 Service Temporarily Unavailable');

    await deploy(ssm, ids);
    const client = elb(sb);
    await client.send(
      new RegisterTargetsCommand({
        TargetGroupArn: group.arn,
        Targets: [{ Id: one }, { Id: two }],
      }),
    );
    await eventually(() => {
      const now = states(sb, 'web');
      return now[one] === 'healthy' && now[two] === 'healthy' ? true : undefined;
    });
    const seen = new Set<string | undefined>();
    for (let i = 0; i < 6; i += 1) {
      const answer = await get(group.url);
      expect(answer.status).toBe(200);
      seen.add(answer.instance);
    }
    expect(seen).toEqual(new Set([one, two]));

    await client.send(
      new DeregisterTargetsCommand({ TargetGroupArn: group.arn, Targets: [{ Id: one }] }),
    );
    const draining = await client.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: group.arn }),
    );
    expect(
      draining.TargetHealthDescriptions?.find((d) => d.Target?.Id === one)?.TargetHealth,
    ).toEqual({
      State: 'draining',
      Reason: 'Target.DeregistrationInProgress',
      Description: 'Target deregistration is in progress',
    });
    for (let i = 0; i < 4; i += 1) expect((await get(group.url)).instance).toBe(two);
    // The deregistration delay ends: it leaves the group.
    await eventually(async () => {
      const { TargetHealthDescriptions = [] } = await client.send(
        new DescribeTargetHealthCommand({ TargetGroupArn: group.arn }),
      );
      return TargetHealthDescriptions.length === 1 ? TargetHealthDescriptions : undefined;
    });
    expect(sb.targetGroup('web').counts()).toMatchObject({
      HTTPCode_ELB_503_Count: 1,
      HTTPCode_Target_2XX_Count: 10,
      RequestCount: 11,
    });
  });

  it('lets a request in flight to a draining target finish', async () => {
    const { sb, ids, ssm } = await fleet(['web-1', 'web-2']);
    const [one = '', two = ''] = ids;
    const group = await sb.addTargetGroup({
      name: 'web',
      ...FAST,
      deregistrationDelaySeconds: 5,
      targets: [one],
    });
    await deploy(ssm, ids);
    await eventually(() => (states(sb, 'web')[one] === 'healthy' ? true : undefined));
    const slow = get(`${group.url}/?delay=1500`);
    await eventually(() => (sb.targetGroup('web').counts().RequestCount === 1 ? true : undefined));
    const client = elb(sb);
    await client.send(
      new RegisterTargetsCommand({ TargetGroupArn: group.arn, Targets: [{ Id: two }] }),
    );
    await client.send(
      new DeregisterTargetsCommand({ TargetGroupArn: group.arn, Targets: [{ Id: one }] }),
    );
    await eventually(() => (states(sb, 'web')[two] === 'healthy' ? true : undefined));
    expect((await get(group.url)).instance).toBe(two);
    const finished = await slow;
    expect(finished).toMatchObject({ status: 200, instance: one });
  });

  it('health-checks each target: a broken app goes unhealthy, one that does not listen fails its checks, and with only unhealthy targets the group fails open', async () => {
    const { sb, repository, ids, ssm } = await fleet(['web-1', 'web-2']);
    const [one = '', two = ''] = ids;
    pushBrokenRelease(repository, '1.1.0', 'health');
    // web-1 runs the broken release; web-2 runs nothing at all.
    const pull = await run(ssm, ['cd /srv/app && git pull --quiet origin main && ./deploy.sh'], {
      InstanceIds: [one],
    });
    expect((await invocationResult(ssm, pull, one, 30_000)).Status).toBe('Success');
    const group = await sb.addTargetGroup({ name: 'web', ...FAST, targets: [one, two] });
    const client = elb(sb);
    const described = await eventually(async () => {
      const { TargetHealthDescriptions = [] } = await client.send(
        new DescribeTargetHealthCommand({ TargetGroupArn: group.arn }),
      );
      return TargetHealthDescriptions.every((d) => d.TargetHealth?.State === 'unhealthy')
        ? TargetHealthDescriptions
        : undefined;
    });
    expect(Object.fromEntries(described.map((d) => [d.Target?.Id, d.TargetHealth]))).toEqual({
      [one]: {
        State: 'unhealthy',
        Reason: 'Target.ResponseCodeMismatch',
        Description: 'Health checks failed with these codes: [500]',
      },
      [two]: {
        State: 'unhealthy',
        Reason: 'Target.FailedHealthChecks',
        Description: 'Health checks failed',
      },
    });
    // Fail open: every target gets requests, so web-1's 500s and web-2's refusals reach clients.
    const answers = await Promise.all([1, 2, 3, 4].map(() => get(group.url)));
    expect(answers.map((a) => a.status).sort()).toEqual([500, 500, 502, 502]);
    expect(sb.targetGroup('web').counts()).toMatchObject({
      HTTPCode_Target_5XX_Count: 2,
      HTTPCode_ELB_502_Count: 2,
      HTTPCode_ELB_5XX_Count: 2,
    });
  });

  it('answers 504 itself when a target sends nothing for the idle timeout', async () => {
    const { sb, ids, ssm } = await fleet(['web-1']);
    await deploy(ssm, ids);
    const group = await sb.addTargetGroup({
      name: 'web',
      ...FAST,
      idleTimeoutSeconds: 0.5,
      targets: ids,
    });
    await eventually(() => (states(sb, 'web')[ids[0] ?? ''] === 'healthy' ? true : undefined));
    const slow = await get(`${group.url}/?delay=3000`);
    expect(slow.status).toBe(504);
    expect(slow.text).toContain('504 Gateway Time-out');
    expect((await get(group.url)).status).toBe(200);
    expect(sb.targetGroup('web').counts()).toMatchObject({
      HTTPCode_ELB_504_Count: 1,
      HTTPCode_Target_2XX_Count: 1,
    });
  });

  it('a commit whose app crashes at start fails its deploy script, naming why', async () => {
    const { sb, repository, ids } = await fleet(['web-1']);
    pushBrokenRelease(repository, '1.1.0', 'crash');
    await expect(
      runOnInstances(sb, ids, ['cd /srv/app && git pull --quiet origin main && ./deploy.sh']),
    ).rejects.toThrow(/Failed: .*the app exited:.*BROKEN says crash/s);
  });

  it.skipIf(!IS_ROOT)(
    'a deploy script that runs as another user starts the app too',
    needsRoot('hands the checkout to another Unix user (chown)'),
    async () => {
      const { sb, ids } = await fleet(['web-1']);
      await runOnInstances(sb, ids, [
        'chown -R nobody /srv/app',
        'cd /srv/app && runuser -u nobody -- ./deploy.sh',
      ]);
      const instance = sb.instance(ids[0] ?? '');
      const answer = await get(`http://127.0.0.1:${instance.appPort}/`);
      expect(answer).toMatchObject({ status: 200, instance: instance.id });
    },
  );

  it('the apps deploy scripts start are stopped with the sandbox', async () => {
    const { sb, ids, ssm } = await fleet(['web-1']);
    await deploy(ssm, ids);
    const instance = sb.instance(ids[0] ?? '');
    const pid = appPid(instance.path(APP_PID_FILE));
    expect(alive(pid)).toBe(true);
    const env = readFileSync(instance.path('/srv/instance.env'), 'utf8');
    expect(env).toContain(`APP_PORT='${instance.appPort}'`);
    await sb.stop();
    expect(alive(pid)).toBe(false);
  });

  it('the next deploy stops the app the last one started, and starts its own', async () => {
    const { sb, ids, ssm } = await fleet(['web-1']);
    const pidFile = sb.instance(ids[0] ?? '').path(APP_PID_FILE);
    await deploy(ssm, ids);
    const first = appPid(pidFile);
    await deploy(ssm, ids);
    const second = appPid(pidFile);
    expect(second).not.toBe(first);
    expect(alive(first)).toBe(false);
    expect(alive(second)).toBe(true);
  });

  it('does not signal another process that has the pid the old app had', async () => {
    const { sb, ids, ssm } = await fleet(['web-1']);
    const pidFile = sb.instance(ids[0] ?? '').path(APP_PID_FILE);
    await deploy(ssm, ids);
    const app = appPid(pidFile);
    process.kill(app, 'SIGKILL');
    await eventually(() => (alive(app) ? undefined : true));
    // The app has exited and its pid went to another process: the pid file now names a live
    // process with another start time.
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const [, started] = readFileSync(pidFile, 'utf8').trim().split(' ');
      writeFileSync(pidFile, `${String(other.pid)} ${started ?? ''}\n`);
      await deploy(ssm, ids);
      expect(alive(other.pid ?? 0)).toBe(true);
      expect(alive(appPid(pidFile))).toBe(true);
    } finally {
      other.kill('SIGKILL');
    }
  });
});
