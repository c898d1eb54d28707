// Rollouts end to end through dist/index.js against the sandbox: four instances found by tag, each
// running the web app behind a real load balancer on 127.0.0.1. Waves in order, traffic taken out
// and put back, a failed canary that stops the rollout, a fleet rolled back after a later wave
// fails, and registrations put back when the workflow is cancelled or the main step is killed.

import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance, TargetGroupInfo } from '../../sandbox/index.js';
import { WEB_DEPLOY_SH, WEB_HEALTH_CHECK } from '../../sandbox/world.js';
import { killAction } from '../faults/fixture.js';
import {
  WORKING_DIRECTORY,
  groupLines,
  headOf,
  startWorld,
  type DeployWorld,
  type Repo,
} from './deploy-fixture.js';

let world: DeployWorld;
let repo: Repo;
let fleet: Instance[];
let web: TargetGroupInfo;
const TAG = `web-${Math.random().toString(36).slice(2, 8)}`;

/** The deploy script, failing on one instance before the app is touched. */
const failOn = (instanceId: string): string =>
  WEB_DEPLOY_SH.replace(
    '. /srv/instance.env\n',
    `. /srv/instance.env\nif [ "$INSTANCE_ID" = ${instanceId} ]; then echo "refusing on purpose" >&2; exit 1; fi\n`,
  );

async function untilHealthy(): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const health = web.health();
    if (health.length === fleet.length && health.every((t) => t.state === 'healthy')) return;
    if (Date.now() > deadline)
      throw new Error(`targets not healthy: ${JSON.stringify(health.map((t) => t.state))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function inputs(extra: Readonly<Record<string, string>>): Record<string, string> {
  return {
    targets: `tag:app=${TAG}`,
    'working-directory': WORKING_DIRECTORY,
    'target-groups': web.arn,
    ...extra,
  };
}

interface WaveEntry {
  readonly wave: number;
  readonly instances: readonly string[];
  readonly outcome: string;
}

const ordered = (): string[] => fleet.map((i) => i.id).sort();

function firstInstance(): Instance {
  const [instance] = fleet;
  if (instance === undefined) throw new Error('no fleet');
  return instance;
}

beforeAll(async () => {
  world = await startWorld({ settings: { invocationDoesNotExistMs: 0, deliveryDelayMs: 0 } });
  repo = world.repo({ 'deploy.sh': WEB_DEPLOY_SH, VERSION: '1\n' });
  fleet = world.instances(repo, 4, { app: TAG });
  // The apps are started by a first deploy, then the group sees them become healthy.
  const first = await world.run(
    { targets: `tag:app=${TAG}`, 'working-directory': WORKING_DIRECTORY, ref: repo.head() },
    { sha: repo.head() },
  );
  expect(first.outputs.status).toBe('Success');
  web = await world.sandbox.addTargetGroup({
    name: 'web',
    port: 8080,
    healthCheck: WEB_HEALTH_CHECK,
    deregistrationDelaySeconds: 1,
    targets: fleet.map((i) => i.id),
  });
  await untilHealthy();
  world.sandbox.addAlarm({
    name: 'web-5xx',
    targetGroup: 'web',
    metric: 'HTTPCode_Target_5XX_Count',
    periodSeconds: 2,
    evaluationPeriods: 1,
    threshold: 3,
  });
}, 120_000);

afterAll(async () => {
  await world.stop();
});

// Each run waits on real deploys, drains and health checks: generous for a busy machine.
describe('rollout behind a load balancer', { timeout: 150_000 }, () => {
  it('deploys tag targets in waves, each out of the group, deployed, back in and healthy', async () => {
    const sha = repo.commit({ VERSION: '2\n' });
    world.sandbox.clearCalls();
    const run = await world.run(inputs({ ref: sha, rollout: '1, 50%, 100%' }), { sha });

    expect(run.outputs.status).toBe('Success');
    const waves = JSON.parse(run.outputs.waves ?? '[]') as WaveEntry[];
    const ids = ordered();
    expect(waves.map((w) => [w.wave, w.instances, w.outcome])).toEqual([
      [1, [ids[0]], 'Success'],
      [2, [ids[1]], 'Success'],
      [3, [ids[2], ids[3]], 'Success'],
    ]);
    const results = JSON.parse(run.outputs.results ?? '[]') as {
      instanceId: string;
      wave: number;
    }[];
    expect(results.map((r) => [r.instanceId, r.wave])).toEqual([
      [ids[0], 1],
      [ids[1], 2],
      [ids[2], 3],
      [ids[3], 3],
    ]);
    for (const instance of fleet) expect(headOf(instance)).toBe(sha);
    // One command per wave, each to that wave's instances only.
    const sent = world.sandbox
      .calls({ operation: 'SendCommand' })
      .map((c) => (c.params as { InstanceIds?: string[] }).InstanceIds);
    expect(sent).toEqual([[ids[0]], [ids[1]], [ids[2], ids[3]]]);
    expect(world.sandbox.calls({ operation: 'DeregisterTargets' })).toHaveLength(3);
    expect(world.sandbox.calls({ operation: 'RegisterTargets' })).toHaveLength(3);
    expect(web.health().map((t) => t.state)).toEqual(['healthy', 'healthy', 'healthy', 'healthy']);
    expect(run.log.map((e) => e.text)).toContain(
      `Rollout in 3 wave(s): 1) ${ids[0]}; 2) ${ids[1]}; 3) ${ids[2]}, ${ids[3]}`,
    );
    const answer = (await (await fetch(web.url)).json()) as { commit: string };
    expect(answer.commit).toBe(sha);
  });

  it('a dry run shows the waves, target groups, alarms and bake, and sends and deregisters nothing', async () => {
    const before = headOf(firstInstance());
    const sha = repo.commit({ VERSION: '1.5\n' });
    world.sandbox.clearCalls();
    const run = await world.run(
      inputs({
        ref: sha,
        rollout: '1, 50%, 100%',
        alarms: 'web-5xx',
        'bake-seconds': '20',
        'dry-run': 'true',
      }),
      { sha },
    );

    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('DryRun');
    const ids = ordered();
    const group = web.arn.slice(web.arn.indexOf(':targetgroup/') + 1);
    expect(groupLines(run, 'Dry run: the rollout plan').filter((l) => !l.startsWith('::'))).toEqual(
      [
        'Dry run: the rollout would deploy 4 instance(s) in 3 wave(s), each starting only once the one before succeeded:',
        `  Wave 1: ${ids[0] ?? ''}`,
        `  Wave 2: ${ids[1] ?? ''}`,
        `  Wave 3: ${ids[2] ?? ''}, ${ids[3] ?? ''}`,
        `  Target groups: ${group}; each wave is taken out of them, drained, deployed, put back and must be healthy within 60 s.`,
        '  Alarms: web-5xx; one in ALARM stops the rollout.',
        '  Bake: 20 s after each wave.',
      ],
    );
    expect(run.maskedLog).toContain('Dry run: nothing was sent.');
    expect(world.sandbox.calls({ operation: 'SendCommand' })).toEqual([]);
    expect(world.sandbox.calls({ operation: 'DeregisterTargets' })).toEqual([]);
    for (const instance of fleet) expect(headOf(instance)).toBe(before);
  });

  it('stops at a failed canary: the broken commit reaches one instance, which is rolled back', async () => {
    const good = headOf(firstInstance());
    const broken = repo.commit({ BROKEN: 'crash\n', VERSION: '3\n' });
    world.sandbox.clearCalls();
    const run = await world.run(
      inputs({ ref: broken, rollout: '1, 100%', 'rollback-on-failure': 'true' }),
      { sha: broken },
    );

    expect(run.outputs.status).toBe('Failed');
    expect(run.exitCode).toBe(1);
    const waves = JSON.parse(run.outputs.waves ?? '[]') as WaveEntry[];
    expect(waves.map((w) => w.outcome)).toEqual(['Failed', 'NotStarted']);
    const sent = world.sandbox.calls({ operation: 'SendCommand' });
    expect(sent).toHaveLength(1);
    for (const instance of fleet) expect(headOf(instance)).toBe(good);
    const results = JSON.parse(run.outputs.results ?? '[]') as { rolledBack: boolean }[];
    expect(results.map((r) => r.rolledBack)).toEqual([true]);
    await untilHealthy();
    repo.commit({ BROKEN: null });
  });

  it('rolls the whole fleet back when a later wave fails', async () => {
    const good = headOf(firstInstance());
    const ids = ordered();
    const sha = repo.commit({ 'deploy.sh': failOn(ids[3] ?? ''), VERSION: '4\n' });
    world.sandbox.clearCalls();
    const run = await world.run(
      inputs({ ref: sha, rollout: '1, 50%, 100%', 'rollback-on-failure': 'true' }),
      { sha },
    );

    expect(run.outputs.status).toBe('Failed');
    const waves = JSON.parse(run.outputs.waves ?? '[]') as WaveEntry[];
    expect(waves.map((w) => w.outcome)).toEqual(['Success', 'Success', 'Failed']);
    for (const instance of fleet) expect(headOf(instance)).toBe(good);
    // Three waves, then the rollback: wave 3's good instance, wave 2, wave 1, each to `good`.
    const sent = world.sandbox
      .calls({ operation: 'SendCommand' })
      .map((c) => (c.params as { InstanceIds?: string[] }).InstanceIds);
    expect(sent).toEqual([[ids[0]], [ids[1]], [ids[2], ids[3]], [ids[2]], [ids[1]], [ids[0]]]);
    const results = JSON.parse(run.outputs.results ?? '[]') as { rolledBack: boolean }[];
    expect(results.map((r) => r.rolledBack)).toEqual([true, true, true, true]);
    for (const id of [ids[0], ids[1], ids[2]])
      expect(run.log.map((e) => e.text)).toContain(
        `${id ?? ''}: rolled back to ${good.slice(0, 7)}, healthy.`,
      );
    await untilHealthy();
    repo.commit({ 'deploy.sh': WEB_DEPLOY_SH });
  });

  it('stops and rolls back when an alarm fires from the 5xx the load balancer saw during a bake', async () => {
    const good = headOf(firstInstance());
    // The app answers / with 500 while /healthz passes: only real traffic shows it.
    const bad = repo.commit({ BROKEN: 'errors\n', VERSION: '4.5\n' });
    world.sandbox.clearCalls();
    const traffic = new AbortController();
    const requests = (async () => {
      while (!traffic.signal.aborted) {
        await fetch(web.url).then(
          (r) => r.arrayBuffer(),
          () => undefined,
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const run = await world.run(
      inputs({
        ref: bad,
        rollout: '1, 100%',
        alarms: 'web-5xx',
        'bake-seconds': '20',
        'rollback-on-failure': 'true',
      }),
      { sha: bad },
    );
    traffic.abort();
    await requests;

    expect(run.outputs.status).toBe('Failed');
    const waves = JSON.parse(run.outputs.waves ?? '[]') as WaveEntry[];
    expect(waves.map((w) => w.outcome)).toEqual(['Alarm', 'NotStarted']);
    // It fired from the canary's 500s (and is OK again once the rollback ended them).
    expect(world.sandbox.alarm('web-5xx').history.map((t) => t.to)).toContain('ALARM');
    expect(web.counts().HTTPCode_Target_5XX_Count).toBeGreaterThanOrEqual(3);
    expect(run.annotations.map((a) => a.message).join('\n')).toContain(
      'Alarm "web-5xx" went into ALARM during the rollout.',
    );
    for (const instance of fleet) expect(headOf(instance)).toBe(good);
    await untilHealthy();
    repo.commit({ BROKEN: null });
  });

  it('puts the instances it took out back when the workflow is cancelled', async () => {
    const sha = repo.commit({ VERSION: '5\n' });
    world.sandbox.clearCalls();
    const handle = world.start(inputs({ ref: sha, rollout: '1, 100%' }), { sha });
    await handle.waitForLine(/ · deregistered$/, { timeoutMs: 30_000 });
    handle.cancel();
    const run = await handle.done;

    expect(run.outcome).toBe('cancelled');
    expect(world.sandbox.calls({ operation: 'RegisterTargets' })).toHaveLength(1);
    expect(
      web
        .health()
        .map((t) => t.id)
        .sort(),
    ).toEqual(ordered());
    await untilHealthy();
  });

  it('puts them back from the post step when the main step is killed', async () => {
    const sha = repo.commit({ VERSION: '6\n' });
    world.sandbox.clearCalls();
    const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'ssm-deploy-rollout-ws-')));
    try {
      const handle = world.start(inputs({ ref: sha, rollout: '1, 100%' }), {
        sha,
        harness: { workspace },
      });
      await handle.waitForLine(/ · deregistered$/, { timeoutMs: 30_000 });
      killAction(workspace);
      handle.cancel();
      const run = await handle.done;

      expect(run.signal).toBe('SIGKILL');
      expect(run.post.ran).toBe(true);
      expect(run.post.ran && run.post.log.map((e) => e.text).join('\n')).toContain(
        'Put back into their target groups (the main step was stopped first):',
      );
      expect(
        web
          .health()
          .map((t) => t.id)
          .sort(),
      ).toEqual(ordered());
      await untilHealthy();
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
