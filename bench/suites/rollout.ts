// Rollouts behind the sandbox's load balancer: requests dropped during a rolling deploy with and
// without target-groups (steady load through the load balancer, every request counted), the blast
// radius of a broken commit, and the AWS calls a rollout makes per wave.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { runAction, type ActionRun } from '../../sandbox/runner/index.js';
import {
  WEB_HEALTH_CHECK,
  createWebFleet,
  pushBrokenRelease,
  pushRelease,
  WORKING_DIRECTORY,
} from '../../sandbox/world.js';
import { atMost, type Figure } from '../support/figures.js';
import { startLoad } from '../support/load.js';
import { summarize } from '../support/stats.js';
import type { Suite, SuiteContext } from './suite.js';

const RATE_PER_SECOND = 200;
const MIN_REQUESTS = 10_000;

interface WaveEntry {
  readonly instances: readonly string[];
  readonly start: string | null;
  readonly end: string | null;
  readonly outcome: string;
}

async function world(tag: string): Promise<{
  sandbox: Sandbox;
  work: string;
  fleet: Awaited<ReturnType<typeof createWebFleet>>;
}> {
  const sandbox = await startSandbox({
    settings: { invocationDoesNotExistMs: 0, deliveryDelayMs: 0 },
  });
  const work = mkdtempSync(join(tmpdir(), 'ssm-deploy-bench-rollout-'));
  const fleet = await createWebFleet(sandbox, work, {
    names: ['web-1', 'web-2', 'web-3', 'web-4'],
    tags: { app: tag },
    targetGroup: {
      name: 'web',
      port: 8080,
      healthCheck: { ...WEB_HEALTH_CHECK, intervalSeconds: 0.5 },
      deregistrationDelaySeconds: 2,
    },
  });
  return { sandbox, work, fleet };
}

async function deploy(
  context: SuiteContext,
  sandbox: Sandbox,
  inputs: Readonly<Record<string, string>>,
  sha: string,
): Promise<ActionRun> {
  return runAction({
    actionPath: context.actionPath,
    inputs: { 'working-directory': WORKING_DIRECTORY, ref: sha, ...inputs },
    env: sandbox.env(),
    github: { sha },
    stepHeader: false,
    timeoutMs: 300_000,
  });
}

/** A rolling deploy under steady load; `targetGroups` false leaves traffic control out. */
async function underLoad(context: SuiteContext, targetGroups: boolean) {
  const { sandbox, work, fleet } = await world('bench');
  try {
    const load = startLoad({ url: fleet.targetGroup.url, ratePerSecond: RATE_PER_SECOND });
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const sha = pushRelease(fleet.repository, '2.0.0');
    sandbox.clearCalls();
    const close = load.window('deploy');
    const run = await deploy(
      context,
      sandbox,
      {
        targets: 'tag:app=bench',
        rollout: '1, 50%, 100%',
        ...(targetGroups ? { 'target-groups': fleet.targetGroup.arn } : {}),
      },
      sha,
    );
    close();
    if (run.outputs.status !== 'Success')
      throw new Error(`the rollout ended ${run.outputs.status ?? run.outcome}`);
    // At least MIN_REQUESTS in all, and some after the deploy too.
    const until = Date.now() + 5_000;
    while (load.sent() < MIN_REQUESTS || Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const report = await load.stop();
    const calls = sandbox.calls();
    return { report, calls, waves: JSON.parse(run.outputs.waves ?? '[]') as WaveEntry[] };
  } finally {
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

async function blastRadius(context: SuiteContext) {
  const { sandbox, work, fleet } = await world('blast');
  try {
    const old = pushRelease(fleet.repository, '1.0.1');
    const first = await deploy(
      context,
      sandbox,
      { targets: 'tag:app=blast', 'target-groups': fleet.targetGroup.arn },
      old,
    );
    if (first.outputs.status !== 'Success') throw new Error('the first deploy failed');
    const broken = pushBrokenRelease(fleet.repository, '1.1.0', 'crash');
    sandbox.clearCalls();
    const run = await deploy(
      context,
      sandbox,
      {
        targets: 'tag:app=blast',
        rollout: '1, 100%',
        'rollback-on-failure': 'true',
        'target-groups': fleet.targetGroup.arn,
      },
      broken,
    );
    const waves = JSON.parse(run.outputs.waves ?? '[]') as WaveEntry[];
    const reached = sandbox
      .calls({ operation: 'SendCommand' })
      .flatMap((c) => (c.params as { InstanceIds?: string[] }).InstanceIds ?? []);
    const healthy = fleet.targetGroup.health().every((t) => t.state === 'healthy');
    const [canary] = waves;
    return {
      reached: new Set(reached).size,
      status: run.outputs.status,
      healthy,
      recoveryMs:
        canary?.start === null || canary?.start === undefined || canary.end === null
          ? Number.NaN
          : Date.parse(canary.end) - Date.parse(canary.start),
    };
  } finally {
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

export const rolloutSuite: Suite = {
  name: 'rollout',
  title: 'Rolling deploys behind a load balancer',
  async run(context) {
    const figures: Figure[] = [];
    const suite = 'rollout';
    context.progress('rollout: 1, 50%, 100% with target-groups under load');
    const drained = await underLoad(context, true);
    context.progress('rollout: the same without target-groups');
    const inPlace = await underLoad(context, false);
    const deployWindow = (r: typeof drained) => r.report.windows.deploy;
    figures.push(
      {
        suite,
        name: 'rolling deploy with target-groups: failed requests',
        unit: 'calls',
        value: drained.report.all.failures,
        target: atMost(0, 'max'),
        note: `${drained.report.all.requests} requests at ${RATE_PER_SECOND}/s through the load balancer, ${deployWindow(drained)?.requests ?? 0} during the deploy (failures there: ${deployWindow(drained)?.failures ?? 0}, outside it: ${drained.report.outside.failures}); by kind ${JSON.stringify(drained.report.all.failureKinds)}; 4 instances, apps restarting on deploy`,
      },
      {
        suite,
        name: 'with target-groups: p50 / p99 latency during the deploy',
        unit: 'ms',
        value: summarize([deployWindow(drained)?.p50Ms ?? 0, deployWindow(drained)?.p99Ms ?? 0]),
        note: `p50 ${deployWindow(drained)?.p50Ms ?? 0} ms, p99 ${deployWindow(drained)?.p99Ms ?? 0} ms during; outside p50 ${drained.report.outside.p50Ms} ms, p99 ${drained.report.outside.p99Ms} ms`,
      },
      {
        suite,
        name: 'rolling deploy without target-groups: failed requests',
        unit: 'calls',
        value: inPlace.report.all.failures,
        note: `${inPlace.report.all.requests} requests, ${deployWindow(inPlace)?.failures ?? 0} failed during the deploy and ${inPlace.report.outside.failures} outside it; by kind ${JSON.stringify(inPlace.report.all.failureKinds)}; p99 during ${deployWindow(inPlace)?.p99Ms ?? 0} ms`,
      },
    );
    const elbCalls = drained.calls.filter((c) => c.service === 'elasticloadbalancing').length;
    const describeHealth = drained.calls.filter(
      (c) => c.operation === 'DescribeTargetHealth',
    ).length;
    figures.push(
      {
        suite,
        name: 'ELBv2 calls per wave',
        unit: 'calls',
        value: Math.round((elbCalls / drained.waves.length) * 10) / 10,
        note: `${elbCalls} ELBv2 calls over ${drained.waves.length} waves, ${describeHealth} of them DescribeTargetHealth (one per target group per look)`,
      },
      {
        suite,
        name: 'SSM calls per wave',
        unit: 'calls',
        value:
          Math.round(
            (drained.calls.filter((c) => c.service === 'ssm').length / drained.waves.length) * 10,
          ) / 10,
      },
    );
    context.progress('rollout: blast radius of a broken commit with 1, 100%');
    const blast = await blastRadius(context);
    figures.push(
      {
        suite,
        name: 'broken commit with rollout 1, 100%: instances reached',
        unit: 'calls',
        value: blast.reached,
        target: atMost(1, 'max'),
        note: `status ${blast.status ?? '?'}; fleet healthy after: ${String(blast.healthy)}`,
      },
      {
        suite,
        name: 'broken canary: from its deploy to a healthy fleet on the old commit',
        unit: 'ms',
        value: blast.recoveryMs,
        note: 'the canary wave from its start (out of the group) to its end (rolled back, back in, healthy)',
      },
    );
    return figures;
  },
};
