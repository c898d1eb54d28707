// A workflow cancelled at each phase of a run, as the runner cancels it (SIGINT, then SIGTERM
// 7.5 s later, then SIGKILL): while the secrets are being read, right after SendCommand, in the
// middle of the wait, and with the main step killed outright right after SendCommand so that only
// the post step is left to cancel. Whatever the moment, no SSM command may be left running, the
// log must say what happened, and no process may be left behind on the instances.

import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAction, type ActionRun } from '../../sandbox/runner/index.js';
import {
  SECRET_INPUTS,
  assertNothingLeaked,
  assertNothingRunning,
  connectionsTo,
  createWorld,
  deployPids,
  eventually,
  githubContext,
  killAction,
  type World,
  type WorldOptions,
} from './fixture.js';

/** deploy.sh waits for this file, which never appears: only a cancel ends it. */
const HOLD = { env: 'HOLD=/srv/never' } as const;

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

function start(world: World, extra: Readonly<Record<string, string>> = {}, workspace?: string) {
  return startAction({
    inputs: world.deployInputs({ ...SECRET_INPUTS, ...HOLD, ...extra }),
    env: world.env(),
    github: githubContext(world),
    jobSecrets: world.jobSecrets,
    timeoutMs: 40_000,
    ...(workspace === undefined ? {} : { workspace }),
  });
}

/** The command (there is one) and its invocations as the sandbox has them. */
function onlyCommand(world: World) {
  const history = world.sandbox.commandHistory();
  expect(history).toHaveLength(1);
  const [command] = history;
  if (command === undefined) throw new Error('no command');
  return command;
}

/** The status of each instance in the `results` output. */
function resultStatuses(run: ActionRun): string[] {
  return (JSON.parse(run.outputs.results ?? '[]') as { status: string }[]).map((r) => r.status);
}

/** The main step ended by itself after the runner's SIGINT, before the SIGTERM 7.5 s later. */
function endedAfterSigint(run: ActionRun): void {
  expect(run.outcome).toBe('cancelled');
  expect(run.cancellation?.signals.map((s) => s.signal)).toEqual(['SIGINT']);
}

describe.concurrent('a cancelled workflow', () => {
  it('while the secrets are read: nothing is sent, and the post step finds nothing to cancel', async () => {
    await withWorld(
      { settings: { latencyMs: { BatchGetSecretValue: 4_000, GetParameters: 4_000 } } },
      async (world) => {
        const handle = start(world);
        // The first call is on its way once a connection to the sandbox is open.
        await eventually(
          'a call to the sandbox in flight',
          () => connectionsTo(world.sandbox.port) > 0,
          20_000,
        );
        expect(world.sandbox.calls()).toEqual([]);
        handle.cancel();
        const run = await handle.done;

        endedAfterSigint(run);
        // The step stopped by itself, at once, and said where: it was not killed by the signal.
        expect(run.signal).toBeNull();
        expect(run.exitCode).toBe(1);
        expect(run.log.map((entry) => entry.text)).toContain(
          'SIGINT: the runner is stopping this step (the workflow was cancelled, or timeout-minutes ran out); the step stops, and nothing is sent to the instances.',
        );
        expect(run.annotations).toEqual([
          {
            stage: 'main',
            level: 'error',
            message:
              'Stopped by the runner (the workflow was cancelled, or timeout-minutes ran out) while reading secrets and parameters; nothing was sent to the instances.',
            properties: { title: 'Cancelled' },
          },
        ]);
        expect(world.sandbox.calls({ operation: 'SendCommand' })).toEqual([]);
        expect(world.sandbox.commandHistory()).toEqual([]);
        expect(run.outputs).toEqual({});
        expect(run.post.ran && run.post.maskedLog).toMatch(
          /No SSM command of this step is left running; nothing to cancel\./,
        );
        assertNothingLeaked(run, world);
      },
    );
  });

  it('right after SendCommand: the command is cancelled and the step says so', async () => {
    await withWorld({}, async (world) => {
      const handle = start(world);
      const sent = await handle.waitForLine(/^Sent SSM command /);
      handle.cancel();
      const run = await handle.done;

      endedAfterSigint(run);
      const command = onlyCommand(world);
      expect(sent.text).toContain(command.commandId);
      expect(command.status).toBe('Cancelled');
      expect(command.invocations.map((i) => i.status)).toEqual(['Cancelled', 'Cancelled']);
      expect(run.exitCode).toBe(1);
      expect(run.outputs.status).toBe('Cancelled');
      // The state SSM gave the instances after the cancel, not a guess from before it.
      expect(resultStatuses(run)).toEqual(['Cancelled', 'Cancelled']);
      expect(run.maskedLog).toContain(
        `##[error]Stopped by the runner (the workflow was cancelled, or timeout-minutes ran out). SSM command ${command.commandId} was cancelled on every instance still running it.`,
      );
      expect(run.post.ran && run.post.maskedLog).toMatch(/nothing to cancel/);
      await assertNothingRunning(world);
      assertNothingLeaked(run, world);
    });
  });

  it('mid-wait, with deploy.sh running on both instances: it is stopped there', async () => {
    await withWorld({}, async (world) => {
      const handle = start(world);
      await handle.waitForLine(/^Sent SSM command /);
      await eventually('deploy.sh and its child running on both instances', () => {
        const pids = deployPids(world);
        return pids.length === 4;
      });
      await handle.waitForLine(/^Deploy: .*InProgress/);
      const running = deployPids(world);
      handle.cancel();
      const run = await handle.done;

      endedAfterSigint(run);
      const command = onlyCommand(world);
      expect(command.status).toBe('Cancelled');
      expect(command.invocations.map((i) => [i.status, i.responseCode])).toEqual([
        ['Cancelled', 137],
        ['Cancelled', 137],
      ]);
      expect(run.outputs.status).toBe('Cancelled');
      expect(resultStatuses(run)).toEqual(['Cancelled', 'Cancelled']);
      expect(run.maskedLog).toContain(
        `##[error]Stopped by the runner (the workflow was cancelled, or timeout-minutes ran out). SSM command ${command.commandId} was cancelled`,
      );
      await assertNothingRunning(world);
      expect(deployPids(world)).toEqual(running);
      assertNothingLeaked(run, world);
    });
  });

  it('with the main step killed right after SendCommand: the post step cancels the command', async () => {
    await withWorld({}, async (world) => {
      const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'ssm-deploy-faults-ws-')));
      try {
        const handle = start(world, {}, workspace);
        await handle.waitForLine(/^Sent SSM command /);
        // Killed before it can hear the cancel: the runner's SIGINT reaches a dead process.
        killAction(workspace);
        handle.cancel();
        const run = await handle.done;

        expect(run.outcome).toBe('cancelled');
        expect(run.signal).toBe('SIGKILL');
        expect(world.sandbox.calls({ operation: 'CancelCommand' })).toHaveLength(1);
        const command = onlyCommand(world);
        expect(command.status).toBe('Cancelled');
        expect(run.post.ran).toBe(true);
        if (!run.post.ran) return;
        expect(run.post.exitCode).toBe(0);
        expect(run.post.annotations).toEqual([
          expect.objectContaining({
            level: 'warning',
            message: expect.stringContaining(
              `The main step was stopped (the workflow was cancelled, or timeout-minutes ran out) while SSM command ${command.commandId} was running; it has been cancelled on every instance still running it.`,
            ) as string,
          }),
        ]);
        await assertNothingRunning(world);
        assertNothingLeaked(run, world);
      } finally {
        rmSync(workspace, { recursive: true, force: true });
      }
    });
  });
});
