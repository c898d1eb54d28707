// SSM goes away while the action waits: the sandbox stops listening (clients get connection
// refused) while the command runs on and finishes on the instances. When SSM comes back the action
// must pick up where it was and give the verdict of what really happened; when it never does, the
// action must fail clearly at its deadline, and never call a deploy it did not see a success.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAction, type ActionHandle } from '../../sandbox/runner/index.js';
import {
  NO_NETWORK,
  WORKING_DIRECTORY,
  assertNothingLeaked,
  assertNothingRunning,
  createWorld,
  deployPids,
  eventually,
  git,
  githubContext,
  type World,
  type WorldOptions,
} from './fixture.js';

const FAST_CLOCK = join(import.meta.dirname, 'fixtures', 'fast-clock.mjs');
const GATE = '/srv/release';

interface ResultOutput {
  readonly instanceId: string;
  readonly status: string;
  readonly responseCode: number | null;
  readonly deployedSha: string | null;
}

/** Starts a deploy whose script holds until the test releases it, with connection attempts logged. */
function start(
  world: World,
  extra: { readonly inputs?: Record<string, string>; readonly env?: Record<string, string> } = {},
): { handle: ActionHandle; connections: () => number } {
  const log = join(world.scratch, 'connections.log');
  const handle = startAction({
    inputs: world.deployInputs({ env: `HOLD=${GATE}`, ...extra.inputs }),
    env: world.env({ NO_NETWORK_LOG: log, ...extra.env }),
    github: githubContext(world),
    jobSecrets: world.jobSecrets,
    nodeArgs: ['--import', NO_NETWORK, '--import', FAST_CLOCK],
    timeoutMs: 40_000,
  });
  const connections = (): number =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('connect')).length
      : 0;
  return { handle, connections };
}

/** Waits until deploy.sh runs on every instance and the action has seen it InProgress. */
async function deployRunning(world: World, handle: ActionHandle): Promise<void> {
  await handle.waitForLine(/^Sent SSM command /);
  await eventually('deploy.sh running on every instance', () =>
    world.instances.every((instance) => existsSync(instance.path('/srv/deploy.pid'))),
  );
  await handle.waitForLine(/^Deploy: .*InProgress/);
}

/** Lets deploy.sh finish on every instance, and waits until SSM (the sandbox) has its result. */
async function releaseAndFinish(world: World, status: 'Success' | 'Failed'): Promise<void> {
  for (const instance of world.instances) writeFileSync(instance.path(GATE), '');
  await eventually(`the command ${status} in the sandbox`, () =>
    world.sandbox.commandHistory().some((c) => c.status === status && c.finishedAt !== undefined),
  );
}

async function withWorld(
  options: WorldOptions,
  test: (world: World) => Promise<void>,
): Promise<void> {
  const world = await createWorld(options);
  try {
    await test(world);
  } finally {
    await world.stop();
  }
}

describe.concurrent('SSM unreachable in the middle of the wait', () => {
  it('comes back: the action polled on through the outage and reports the success', async () => {
    await withWorld({ instances: 2 }, async (world) => {
      const { handle, connections } = start(world);
      await deployRunning(world, handle);
      await world.sandbox.stopServer();
      const stoppedAt = Date.now();
      await releaseAndFinish(world, 'Success');
      // The action tries again (and is refused) while SSM is away.
      const before = connections();
      await eventually('connection attempts during the outage', () => connections() >= before + 2);
      await world.sandbox.startServer();
      const run = await handle.done;

      expect(run.exitCode, run.maskedLog).toBe(0);
      expect(run.outputs.status).toBe('Success');
      expect(run.outputs['deployed-sha']).toBe(world.sha);
      const results = JSON.parse(run.outputs.results ?? '[]') as ResultOutput[];
      expect(results.map((r) => [r.status, r.deployedSha])).toEqual([
        ['Success', world.sha],
        ['Success', world.sha],
      ]);
      for (const instance of world.instances)
        expect(git(instance.path(WORKING_DIRECTORY), 'rev-parse', 'HEAD')).toBe(world.sha);
      // It learnt the result from SSM after the outage, not before.
      expect(world.sandbox.calls().filter((c) => c.time > stoppedAt).length).toBeGreaterThan(0);
      await assertNothingRunning(world);
      assertNothingLeaked(run, world);
    });
  });

  it('comes back after the script failed: the verdict is Failed, naming the instance', async () => {
    await withWorld({ instances: 1 }, async (world) => {
      const { handle, connections } = start(world, {
        inputs: { env: `HOLD=${GATE}\nEXIT_CODE=3` },
      });
      await deployRunning(world, handle);
      await world.sandbox.stopServer();
      await releaseAndFinish(world, 'Failed');
      const before = connections();
      await eventually('connection attempts during the outage', () => connections() >= before + 2);
      await world.sandbox.startServer();
      const run = await handle.done;

      const [instanceId] = world.instanceIds;
      expect(run.exitCode).toBe(1);
      expect(run.outputs.status).toBe('Failed');
      expect(run.outputs['deployed-sha']).toBe('');
      const results = JSON.parse(run.outputs.results ?? '[]') as ResultOutput[];
      expect(results).toEqual([
        expect.objectContaining({ instanceId, status: 'Failed', responseCode: 3 }),
      ]);
      expect(run.annotations).toContainEqual(
        expect.objectContaining({
          level: 'error',
          properties: { title: `Deploy failed on ${instanceId}` },
        }),
      );
      await assertNothingRunning(world);
      assertNothingLeaked(run, world);
    });
  });

  it('never comes back: it fails clearly at its deadline, never calling the unseen success a success', async () => {
    // SSM's own window in which a new command's invocation does not exist yet stays short: in
    // the action's fast time the real second it lasts would be longer than the action allows.
    await withWorld(
      { instances: 1, settings: { invocationDoesNotExistMs: 100 } },
      async (world) => {
        // timeout-seconds 5 gives the shortest deadline the action can have: 600 s of delivery
        // timeout, 5 s to run and a 120 s margin. The action's clock runs 100 times faster so that
        // it passes in about 7 s.
        const { handle } = start(world, {
          inputs: { 'timeout-seconds': '5' },
          env: { FAST_CLOCK: '100' },
        });
        await deployRunning(world, handle);
        await world.sandbox.stopServer();
        await releaseAndFinish(world, 'Success');
        const run = await handle.done;

        expect(run.exitCode).toBe(1);
        expect(run.outcome).toBe('failure');
        expect(run.outputs.status).toBe('TimedOut');
        expect(run.outputs['deployed-sha']).toBe('');
        const results = JSON.parse(run.outputs.results ?? '[]') as ResultOutput[];
        expect(results.map((r) => r.status)).not.toContain('Success');
        expect(run.maskedLog).not.toMatch(/Deploy Success/);
        expect(run.maskedLog).toMatch(
          /SSM has not answered for \d+ s \(.*\); still trying until the deadline\./,
        );
        const stopped = run.annotations.find((a) => a.properties.title === 'Deploy stopped');
        expect(stopped?.message).toMatch(
          /^The deploy did not finish within 725 s \(delivery timeout \+ timeout-seconds \+ a margin\)\. Cancelling SSM command [0-9a-f-]{36} failed \(.+\): it may still be running; see https:\/\//,
        );
        // The script really did succeed; the action could not know.
        expect(world.sandbox.commandHistory()[0]?.status).toBe('Success');
        expect(deployPids(world).length).toBeGreaterThan(0);
        await assertNothingRunning(world);
        assertNothingLeaked(run, world);
      },
    );
  });
});
