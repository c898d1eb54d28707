// The demo's second half: a rolling deploy behind the sandbox's load balancer while requests keep
// coming, told wave by wave from the action's own log, then a broken release stopped at the canary
// and rolled back. The requests are counted here, by the demo, not taken from the action's word.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from './index.js';
import { runAction, type ActionRun } from './runner/index.js';
import {
  WEB_HEALTH_CHECK,
  WORKING_DIRECTORY,
  createWebFleet,
  pushBrokenRelease,
  pushRelease,
} from './world.js';

const NAMES = ['shop-1', 'shop-2', 'shop-3', 'shop-4'];
const HEALTH_CHECK = '. /srv/instance.env && curl -fsS "http://127.0.0.1:$APP_PORT/healthz"';

export type Heading = (text: string) => void;

/** Requests through the load balancer, one every `everyMs`, each counted by how it ended. */
class Trickle {
  #sent = 0;
  #failed = 0;
  readonly #byVersion = new Map<string, number>();
  readonly #stop = new AbortController();
  readonly #loop: Promise<void>;

  constructor(url: string, everyMs: number) {
    this.#loop = this.#run(url, everyMs);
  }

  async #run(url: string, everyMs: number): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (!this.#stop.signal.aborted) {
      const request = this.#one(url).finally(() => inFlight.delete(request));
      inFlight.add(request);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
    await Promise.all(inFlight);
  }

  async #one(url: string): Promise<void> {
    this.#sent += 1;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      const body = (await response.json().catch(() => ({}))) as { version?: string };
      if (response.status !== 200) this.#failed += 1;
      else {
        const version = body.version ?? '?';
        this.#byVersion.set(version, (this.#byVersion.get(version) ?? 0) + 1);
      }
    } catch {
      this.#failed += 1;
    }
  }

  /** Stops sending, waits for the answers still due, and says how it went. */
  async stop(): Promise<{ sent: number; failed: number; byVersion: string }> {
    this.#stop.abort();
    await this.#loop;
    const byVersion = [...this.#byVersion]
      .map(([version, count]) => `${count} by ${version}`)
      .join(', ');
    return { sent: this.#sent, failed: this.#failed, byVersion };
  }
}

interface Result {
  readonly instanceId: string;
  readonly status: string;
  readonly responseCode: number;
  readonly deployedSha?: string | null;
}

/**
 * What each line of the rollout's log means, in plain words, with instance names; each instance's
 * deploy (from the `results` output) told as it happened, between its drain and its return.
 */
function narrateRollout(run: ActionRun, nameOf: (id: string) => string): void {
  const gloss: Readonly<Record<string, string>> = {
    deregistered: 'out of the group: deregistered, so the load balancer sends it no new request',
    drained: 'drained: its requests in flight have finished',
    'still draining': 'still draining when the wait ended',
    registered: 'back in the group: registered',
    healthy: 'healthy: the load balancer sends it requests again',
    unhealthy: 'not healthy',
  };
  const results = JSON.parse(run.outputs.results ?? '[]') as Result[];
  const named = (text: string): string => text.replace(/i-[0-9a-f]{17}/g, (id) => nameOf(id));
  for (const { text } of run.log) {
    const traffic =
      /^ {2}(i-[0-9a-f]+) · \S+ · (deregistered|drained|still draining|registered|healthy|unhealthy)/.exec(
        text,
      );
    if (traffic) {
      const [, id = '', event = ''] = traffic;
      const result = results.find((r) => r.instanceId === id);
      if (event === 'registered' && result !== undefined)
        console.log(
          `     ${nameOf(id)} deployed: ${result.status}, exit ${result.responseCode}, now at ${result.deployedSha?.slice(0, 7) ?? '?'}`,
        );
      console.log(`     ${nameOf(id)} ${gloss[event] ?? event}`);
    } else if (/^Wave \d+\/\d+: /.test(text))
      console.log(`   ${named(text).replace(/ \(\d{4}-.*\)$/, '')}`);
    else if (/^(Rollout in |Wave \d+: |Rolling back wave |rollback-on-failure: )/.test(text))
      console.log(`   ${named(text)}`);
    else if (/^(##\[error\])?i-[0-9a-f]{17}: /.test(text))
      console.log(`   ${named(text.replace(/^##\[error\]/, '').split('\n')[0] ?? '')}`);
  }
}

async function deployBehindTheBalancer(
  sandbox: Sandbox,
  arn: string,
  url: string,
  sha: string,
  extra: Readonly<Record<string, string>>,
): Promise<{ run: ActionRun; traffic: Awaited<ReturnType<Trickle['stop']>> }> {
  const inputs = {
    targets: 'tag:Role=shop',
    'working-directory': WORKING_DIRECTORY,
    ref: sha,
    rollout: '1, 50%, 100%',
    'target-groups': arn,
    'health-check': HEALTH_CHECK,
    ...extra,
  };
  console.log(
    Object.entries(inputs)
      .filter(([k]) => k !== 'targets' && k !== 'working-directory')
      .map(
        ([k, v]) =>
          `   ${k}: ${k === 'target-groups' ? 'the ARN of target group shop' : k === 'ref' ? v.slice(0, 7) : v}`,
      )
      .join('\n'),
  );
  const trickle = new Trickle(url, 25);
  const run = await runAction({
    inputs,
    env: sandbox.env(),
    github: { sha, repository: 'acme/shop' },
    stepHeader: false,
    timeoutMs: 120_000,
  });
  return { run, traffic: await trickle.stop() };
}

/**
 * Four instances running a web app behind a load balancer: a release rolled out in three waves
 * with no request failing, then a broken one stopped at the canary. Returns whether both went as
 * they should.
 */
export async function demoRollout(
  sandbox: Sandbox,
  work: string,
  heading: Heading,
): Promise<boolean> {
  heading('Four instances running a web app behind a load balancer');
  const dir = join(work, 'shop');
  mkdirSync(dir);
  const fleet = await createWebFleet(sandbox, dir, {
    names: NAMES,
    tags: { Role: 'shop' },
    targetGroup: {
      name: 'shop',
      port: 8080,
      healthCheck: WEB_HEALTH_CHECK,
      deregistrationDelaySeconds: 1,
    },
  });
  const { targetGroup, repository } = fleet;
  const nameOf = (id: string): string => sandbox.instance(id).name ?? id;
  console.log(`   ${NAMES.join(', ')} (tag Role=shop) serve release 1.0.0, all healthy`);
  console.log(`   target group shop, its load balancer at ${targetGroup.url}`);
  console.log('   a request every 25 ms goes through the load balancer while each deploy runs');

  heading('A rolling deploy of release 2.0.0, one wave at a time');
  const good = pushRelease(repository, '2.0.0');
  const rolled = await deployBehindTheBalancer(sandbox, targetGroup.arn, targetGroup.url, good, {});
  narrateRollout(rolled.run, nameOf);
  console.log(
    `\n   status: ${rolled.run.outputs.status ?? '(none)'}; through the load balancer: ${rolled.traffic.sent} requests, ${rolled.traffic.failed} failed (answered ${rolled.traffic.byVersion})`,
  );

  heading('A broken release (its app exits at once), with rollback-on-failure');
  const broken = pushBrokenRelease(repository, '2.1.0', 'crash');
  const stopped = await deployBehindTheBalancer(sandbox, targetGroup.arn, targetGroup.url, broken, {
    'rollback-on-failure': 'true',
  });
  narrateRollout(stopped.run, nameOf);
  const waves = JSON.parse(stopped.run.outputs.waves ?? '[]') as { outcome: string }[];
  const untouched = waves.filter((w) => w.outcome === 'NotStarted').length;
  const healthy = targetGroup.health().filter((t) => t.state === 'healthy').length;
  console.log(
    `\n   status: ${stopped.run.outputs.status ?? '(none)'} (step ${stopped.run.outcome}): stopped at the canary, ${untouched} wave(s) never started; ${healthy} of ${NAMES.length} instances healthy`,
  );
  console.log(
    `   through the load balancer: ${stopped.traffic.sent} requests, ${stopped.traffic.failed} failed (answered ${stopped.traffic.byVersion})`,
  );
  return (
    rolled.run.outcome === 'success' &&
    rolled.traffic.failed === 0 &&
    stopped.run.outputs.status === 'Failed' &&
    stopped.traffic.failed === 0
  );
}
