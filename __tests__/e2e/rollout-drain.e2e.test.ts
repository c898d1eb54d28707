// Draining through dist/index.js against the sandbox's load balancer: a slow request in flight to
// the canary when the rollout takes it out of its group is answered in full by the old app, the
// deploy waits until the drain is over, and no new request reaches the instance while it drains.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance, TargetGroupInfo } from '../../sandbox/index.js';
import { WEB_DEPLOY_SH, WEB_HEALTH_CHECK } from '../../sandbox/world.js';
import { WORKING_DIRECTORY, startWorld, type DeployWorld, type Repo } from './deploy-fixture.js';

let world: DeployWorld;
let repo: Repo;
let fleet: Instance[];
let web: TargetGroupInfo;
const TAG = `drain-${Math.random().toString(36).slice(2, 8)}`;
// Long enough that a slow request ends well inside it on a busy machine.
const DEREGISTRATION_DELAY_S = 6;
const SLOW_MS = 2_000;

interface Answer {
  readonly start: number;
  readonly end: number;
  readonly status: number;
  readonly instance: string | undefined;
  readonly commit: string | undefined;
}

async function ask(url: string): Promise<Answer> {
  const start = Date.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    const body = (await response.json().catch(() => ({}))) as {
      instance?: string;
      commit?: string;
    };
    return { start, end: Date.now(), status: response.status, ...body } as Answer;
  } catch {
    return { start, end: Date.now(), status: 0, instance: undefined, commit: undefined };
  }
}

beforeAll(async () => {
  world = await startWorld({ settings: { invocationDoesNotExistMs: 0, deliveryDelayMs: 0 } });
  repo = world.repo({ 'deploy.sh': WEB_DEPLOY_SH, VERSION: '1\n' });
  fleet = world.instances(repo, 2, { app: TAG });
  const first = await world.run(
    { targets: `tag:app=${TAG}`, 'working-directory': WORKING_DIRECTORY, ref: repo.head() },
    { sha: repo.head() },
  );
  expect(first.outputs.status).toBe('Success');
  web = await world.sandbox.addTargetGroup({
    name: 'drain',
    port: 8080,
    healthCheck: WEB_HEALTH_CHECK,
    deregistrationDelaySeconds: DEREGISTRATION_DELAY_S,
    targets: fleet.map((i) => i.id),
  });
  const deadline = Date.now() + 30_000;
  while (!web.health().every((t) => t.state === 'healthy') || web.health().length < 2) {
    if (Date.now() > deadline) throw new Error('targets not healthy');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 120_000);

afterAll(async () => {
  await world.stop();
});

describe('draining during a rollout', { timeout: 150_000 }, () => {
  it('lets a request in flight finish, sends no new request to the draining instance, and deploys after', async () => {
    const old = repo.head();
    const sha = repo.commit({ VERSION: '2\n' });
    world.sandbox.clearCalls();
    // Slow requests, one every 100 ms, from before the rollout starts until the canary is out:
    // some reach the canary before its deregistration and are still in flight after it.
    const slow: Promise<Answer>[] = [];
    const stopSlow = new AbortController();
    const slowLoop = (async () => {
      while (!stopSlow.signal.aborted) {
        slow.push(ask(`${web.url}/?delay=${SLOW_MS}`));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const handle = world.start(
      {
        targets: `tag:app=${TAG}`,
        'working-directory': WORKING_DIRECTORY,
        'target-groups': web.arn,
        ref: sha,
        rollout: '1, 100%',
      },
      { sha },
    );
    const line = await handle.waitForLine(/ · deregistered$/, { timeoutMs: 60_000 });
    stopSlow.abort();
    await slowLoop;
    const canary = /i-[0-9a-f]+/.exec(line.text)?.[0] ?? '';
    // New requests while the canary drains: each goes to the other instance.
    const fresh: Answer[] = [];
    const freshUntil = Date.now() + 1_500;
    while (Date.now() < freshUntil) fresh.push(await ask(web.url));
    const stillDraining = web.health().find((t) => t.id === canary)?.state;
    const slowAnswers = await Promise.all(slow);
    const run = await handle.done;

    expect(run.outputs.status).toBe('Success');
    const [deregistered] = world.sandbox.calls({ operation: 'DeregisterTargets' });
    const [canarySent] = world.sandbox.calls({ operation: 'SendCommand' });
    expect(deregistered).toBeDefined();
    expect(canarySent?.params.InstanceIds).toEqual([canary]);
    const deregisteredAt = deregistered?.time ?? 0;

    // Every slow request was answered in full; some were at the canary across its deregistration,
    // answered by the old app, and finished before the deploy was sent to it.
    expect(slowAnswers.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
    const acrossTheDrain = slowAnswers.filter(
      (a) => a.instance === canary && a.start < deregisteredAt && a.end > deregisteredAt,
    );
    expect(acrossTheDrain.length).toBeGreaterThan(0);
    for (const answer of acrossTheDrain) {
      expect(answer.commit).toBe(old);
      expect(answer.end).toBeLessThan(canarySent?.time ?? 0);
    }

    // While it drained, no new request reached it, and none failed.
    expect(stillDraining).toBe('draining');
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
    expect(fresh.filter((a) => a.instance === canary)).toEqual([]);
    expect(run.log.map((e) => e.text)).toContainEqual(
      expect.stringMatching(new RegExp(`^ {2}${canary} · \\S+ · drained$`)),
    );
  });
});
