// The benchmarks' load generator: every request it sends is accounted for (answered, failed and
// why, split by window), and through the sandbox's load balancer a rolling restart that drains
// each instance first loses no request.

import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DeregisterTargetsCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { percentile, startLoad } from '../../bench/support/load.js';
import { createWebFleet, pushRelease } from '../../sandbox/world.js';
import {
  cleanUp,
  clients,
  eventually,
  invocationResult,
  run,
  sandbox,
  tempDir,
} from './helpers.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  );
  await cleanUp();
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the load generator', () => {
  it('accounts for every request: answers, failures by kind, commits, and windows', async () => {
    let answered = 0;
    let errors = 0;
    const url = await listen(
      createServer((_req, res) => {
        answered += 1;
        // Every fourth request fails; the others name their commit.
        if (answered % 4 === 0) {
          errors += 1;
          res.writeHead(503);
        } else res.writeHead(200, { 'x-commit': answered % 2 === 0 ? 'b' : 'a' });
        res.end('x');
      }),
    );
    const load = startLoad({ url, ratePerSecond: 100 });
    await eventually(() => (load.sent() >= 20 ? true : undefined));
    const close = load.window('deploy');
    const sentAtOpen = load.sent();
    await eventually(() => (load.sent() >= sentAtOpen + 20 ? true : undefined));
    close();
    const sentAtClose = load.sent();
    await eventually(() => (load.sent() >= sentAtClose + 10 ? true : undefined));
    const report = await load.stop();
    const total = load.sent();
    await sleep(50);
    expect(load.sent()).toBe(total); // nothing is sent after stop()

    expect(report.all.requests).toBe(total);
    expect(answered).toBe(total);
    expect(report.all.failures).toBe(errors);
    expect(report.all.failureKinds).toEqual({ 'http-503': errors });
    expect((report.all.byCommit.a ?? 0) + (report.all.byCommit.b ?? 0)).toBe(total - errors);
    const deploy = report.windows.deploy;
    expect(deploy?.requests).toBeGreaterThanOrEqual(20);
    expect((deploy?.requests ?? 0) + report.outside.requests).toBe(total);
    expect(report.all.p50Ms).toBeLessThanOrEqual(report.all.p99Ms);
    expect(report.all.p99Ms).toBeLessThanOrEqual(report.all.maxMs);
  });

  it('counts a refused connection and a request with no answer in time as failures', async () => {
    const closed = await listen(createServer());
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
    const refused = startLoad({ url: closed, ratePerSecond: 50 });
    await eventually(() => (refused.sent() >= 3 ? true : undefined));
    const refusedReport = await refused.stop();
    expect(refusedReport.all.failureKinds).toEqual({ ECONNREFUSED: refusedReport.all.requests });

    const silent = await listen(createServer(() => undefined));
    const stalled = startLoad({ url: silent, ratePerSecond: 50, timeoutMs: 200 });
    await eventually(() => (stalled.sent() >= 3 ? true : undefined));
    const stalledReport = await stalled.stop();
    expect(stalledReport.all.failureKinds).toEqual({ timeout: stalledReport.all.requests });
    expect(stalledReport.all.p50Ms).toBeGreaterThanOrEqual(200);
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });

  it('sees no failure through the load balancer while each instance is drained, restarted on a new commit and registered again', async () => {
    const sb = await sandbox();
    const {
      repository,
      instanceIds: ids,
      targetGroup: group,
    } = await createWebFleet(sb, tempDir(), {
      names: ['web-1', 'web-2'],
      targetGroup: {
        name: 'web',
        healthCheck: { path: '/healthz', intervalSeconds: 0.2, healthyThreshold: 2 },
        deregistrationDelaySeconds: 0.5,
      },
    });
    expect(group.health().map((t) => t.state)).toEqual(['healthy', 'healthy']);
    const { ssm } = clients(sb);
    const deploy = async (id: string) => {
      const command = await run(
        ssm,
        ['cd /srv/app && git pull --quiet origin main && ./deploy.sh'],
        { InstanceIds: [id] },
      );
      expect((await invocationResult(ssm, command, id, 30_000)).Status).toBe('Success');
    };
    const healthy = (id: string) => group.health().find((t) => t.id === id)?.state === 'healthy';
    const newCommit = pushRelease(repository, '1.1.0');
    const elb = new ElasticLoadBalancingV2Client(sb.clientConfig());
    try {
      const load = startLoad({ url: group.url, ratePerSecond: 50 });
      const close = load.window('deploy');
      for (const id of ids) {
        const Targets = [{ Id: id }];
        await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: group.arn, Targets }));
        await eventually(() => (group.health().some((t) => t.id === id) ? undefined : true));
        await deploy(id);
        await elb.send(new RegisterTargetsCommand({ TargetGroupArn: group.arn, Targets }));
        await eventually(() => (healthy(id) ? true : undefined));
      }
      close();
      await sleep(300);
      const report = await load.stop();
      expect(report.all.failureKinds).toEqual({});
      expect(report.windows.deploy?.requests).toBeGreaterThan(0);
      expect(report.all.byCommit[newCommit]).toBeGreaterThan(0);
    } finally {
      elb.destroy();
    }
  });
});
