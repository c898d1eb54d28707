// A workflow cancelled while the deploy runs: the runner sends SIGINT to the step, the action
// cancels its SSM command, reports the state SSM then gives the instance, and nothing keeps
// running on the instance unseen. When SSM cannot be reached at that moment, the step says why the
// cancel failed and that the instance's state is unknown, and the post step (post-if: cancelled())
// cancels the command instead.
// A cancel that comes while SendCommand's answer is lost leaves the post step to find the command
// by its marker and cancel it.
// Each test has a sandbox of its own: one takes SSM offline for a while, one loses answers.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../sandbox/index.js';
import type { ActionRun } from '../../sandbox/runner/index.js';
import {
  WORKING_DIRECTORY,
  isRunning,
  pidIn,
  readInstanceFile,
  results,
  startWorld,
  until,
  type DeployWorld,
} from './deploy-fixture.js';

/** Runs until it is killed: its pid and its child's are kept to prove that they are gone. */
const DEPLOY_SH = `#!/usr/bin/env bash
echo $$ > /srv/deploy.pid
sleep 120 &
echo $! > /srv/sleep.pid
wait
echo finished > /srv/finished
`;

let worlds: [DeployWorld, DeployWorld, DeployWorld];
beforeAll(async () => {
  worlds = await Promise.all([
    startWorld(),
    startWorld(),
    // SendCommand is carried out and its answer lost; asking SSM about commands is slow, so the
    // main step is still looking for its command when the runner's patience ends.
    startWorld({
      settings: {
        resetRate: { SendCommand: 1 },
        resetWhen: 'after',
        latencyMs: { ListCommands: 8_000 },
      },
    }),
  ]);
});
afterAll(async () => {
  await Promise.all(worlds.map((world) => world.stop()));
});

/** Starts a deploy of a deploy.sh that never ends. */
function startNeverEndingDeploy(world: DeployWorld) {
  const repo = world.repo({ 'deploy.sh': '#!/usr/bin/env bash\necho first\n' });
  const [web] = world.instances(repo, 1) as [Instance];
  const sha = repo.commit({ 'deploy.sh': DEPLOY_SH }, 'a deploy that never ends');
  const handle = world.start(
    { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY },
    { sha },
  );
  return { handle, web };
}

/** …and waits until SSM reports it running. */
async function startLongDeploy(world: DeployWorld) {
  const { handle, web } = startNeverEndingDeploy(world);
  await handle.waitForLine(new RegExp(`^Deploy: .* · ${web.id}: InProgress$`));
  await until('deploy.sh to start its child', () => readInstanceFile(web, '/srv/sleep.pid'));
  return { handle, web };
}

/**
 * The instance runs nothing of the deploy any more, and deploy.sh never got to its end. SSM's
 * cancel is a SIGKILL to the script's process group, which takes effect a moment after the call
 * that asked for it: this waits for that moment, then checks.
 */
async function expectNothingLeft(world: DeployWorld, web: Instance, run: ActionRun) {
  const pids = [pidIn(web, '/srv/deploy.pid'), pidIn(web, '/srv/sleep.pid')];
  const command = await commandEnded(world, run.outputs['command-id'] ?? '', pids);
  expect(command.status).toBe('Cancelled');
  expect(command.invocations.map((i) => [i.instanceId, i.status])).toEqual([[web.id, 'Cancelled']]);
  expect(readInstanceFile(web, '/srv/finished')).toBeUndefined();
}

/** The command once it has ended and nothing of it runs any more, `pids` included. */
function commandEnded(world: DeployWorld, commandId: string, pids: readonly number[] = []) {
  return until('the command to end and its processes to be gone', () =>
    world.sandbox
      .commandHistory()
      .find(
        (c) =>
          c.commandId === commandId &&
          c.finishedAt !== undefined &&
          world.sandbox.runningScripts().length === 0 &&
          !pids.some(isRunning),
      ),
  );
}

/** What the main step says of the instance after the cancel: SSM's answer, or that it is unknown. */
type Aftermath =
  { readonly kind: 'cancelled' } | { readonly kind: 'unknown'; readonly lastSeen: string };

function expectCancelledMainStep(
  run: ActionRun,
  web: Instance,
  stopped: RegExp,
  aftermath: Aftermath,
): void {
  expect(run.outcome).toBe('cancelled');
  // The step ended by itself after SIGINT, with a failure: it was not killed.
  expect(run.cancellation?.signals[0]?.signal).toBe('SIGINT');
  expect(run.signal).toBeNull();
  expect(run.exitCode).toBe(1);
  expect(run.log.map((entry) => entry.text)).toContain(
    'SIGINT: the runner is stopping this step (the workflow was cancelled, or timeout-minutes ran out); cancelling the SSM command.',
  );
  const main = run.annotations.filter((a) => a.stage === 'main');
  expect(main).toEqual([
    {
      stage: 'main',
      level: 'error',
      message: expect.stringMatching(stopped) as string,
      properties: { title: 'Deploy stopped' },
    },
    aftermath.kind === 'cancelled'
      ? {
          stage: 'main',
          level: 'error',
          message: `${web.id}: Cancelled, exit code 137: the command was cancelled`,
          properties: { title: `Deploy failed on ${web.id}` },
        }
      : {
          stage: 'main',
          level: 'error',
          message: `${web.id}: Unknown: the workflow was cancelled while it ran, and SSM could not be asked again (it was last seen ${aftermath.lastSeen}), so its result is unknown`,
          properties: { title: `Result unknown on ${web.id}` },
        },
  ]);
  expect(run.outputs.status).toBe('Cancelled');
  expect(run.outputs['deployed-sha']).toBe('');
  expect(results(run)).toEqual([
    aftermath.kind === 'cancelled'
      ? // What SSM said after the cancel: the instance's real final state, with its output.
        expect.objectContaining({
          instanceId: web.id,
          status: 'Cancelled',
          responseCode: 137,
          deployedSha: expect.stringMatching(/^[0-9a-f]{40}$/) as string,
          stdoutTail: expect.stringContaining('ssm-deploy: running ./deploy.sh') as string,
        })
      : {
          instanceId: web.id,
          status: 'Unknown',
          responseCode: null,
          durationMs: null,
          previousSha: null,
          deployedSha: null,
          rolledBack: false,
          healthy: null,
          stdoutTail: '',
          stderrTail: '',
        },
  ]);
}

describe.concurrent('a cancelled workflow', () => {
  it('the step cancels its SSM command, says so, and the post step finds nothing to do', async () => {
    const [world] = worlds;
    const { handle, web } = await startLongDeploy(world);
    handle.cancel();
    const run = await handle.done;

    const commandId = run.outputs['command-id'] ?? '';
    expectCancelledMainStep(
      run,
      web,
      new RegExp(
        `^Stopped by the runner \\(the workflow was cancelled, or timeout-minutes ran out\\)\\. SSM command ${commandId} was cancelled on every instance still running it\\.$`,
      ),
      { kind: 'cancelled' },
    );
    await expectNothingLeft(world, web, run);
    expect(world.sandbox.calls({ operation: 'CancelCommand' }).map((c) => c.params)).toEqual([
      { CommandId: commandId },
    ]);
    if (!run.post.ran) throw new Error('the post step did not run');
    expect(run.post.exitCode).toBe(0);
    expect(run.post.annotations).toEqual([]);
    expect(run.post.log.map((entry) => entry.text)).toEqual([
      'Post job cleanup.',
      'No SSM command of this step is left running; nothing to cancel.',
    ]);
  });

  it('when SSM cannot be reached at that moment, the post step cancels the command', async () => {
    const [, world] = worlds;
    const { handle, web } = await startLongDeploy(world);
    await world.sandbox.stopServer();
    handle.cancel();
    await handle.waitForLine(/Cancelling SSM command \S+ failed/);
    await world.sandbox.startServer();
    const run = await handle.done;

    const commandId = run.outputs['command-id'] ?? '';
    const link = `https://us-east-1.console.aws.amazon.com/systems-manager/run-command/${commandId}?region=us-east-1`;
    expectCancelledMainStep(
      run,
      web,
      // The real cause, not the abort of a request cut off when time ran out.
      new RegExp(
        `^Stopped by the runner \\(the workflow was cancelled, or timeout-minutes ran out\\)\\. Cancelling SSM command ${commandId} failed \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${world.sandbox.port}\\): it may still be running; see ${link.replace(/[.?]/g, '\\$&')}$`,
      ),
      { kind: 'unknown', lastSeen: 'InProgress' },
    );
    if (!run.post.ran) throw new Error('the post step did not run');
    expect(run.post.exitCode).toBe(0);
    expect(run.post.annotations).toEqual([
      {
        stage: 'post',
        level: 'warning',
        message: `The main step was stopped (the workflow was cancelled, or timeout-minutes ran out) while SSM command ${commandId} was running; it has been cancelled on every instance still running it. ${link}`,
        properties: { title: 'Deploy cancelled' },
      },
    ]);
    await expectNothingLeft(world, web, run);
  });

  it('while SendCommand went unanswered: the post step finds the command by its marker and cancels it', async () => {
    const [, , world] = worlds;
    const { handle, web } = startNeverEndingDeploy(world);
    const sent = await until('SSM to have the command', () => world.sandbox.commandHistory()[0]);
    handle.cancel();
    const run = await handle.done;

    expect(run.outcome).toBe('cancelled');
    expect(run.exitCode).toBe(1);
    expect(run.log.map((entry) => entry.text)).toContain(
      'SIGINT: the runner is stopping this step (the workflow was cancelled, or timeout-minutes ran out); the SSM command being sent is cancelled if SSM took it.',
    );
    expect(run.annotations.filter((a) => a.stage === 'main')).toEqual([
      {
        stage: 'main',
        level: 'error',
        message: 'Cancelling the SSM command took too long; the post step will try again.',
        properties: {},
      },
    ]);
    // The main step never learnt the command's id.
    expect(run.outputs['command-id']).toBeUndefined();
    expect(world.sandbox.calls({ operation: 'SendCommand' })).toHaveLength(1);

    if (!run.post.ran) throw new Error('the post step did not run');
    expect(run.post.exitCode).toBe(0);
    expect(run.post.log.map((entry) => entry.text)).toContain(
      `SSM took this step's command (${sent.commandId}) though its answer was lost.`,
    );
    expect(run.post.annotations).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining(
          `The main step was stopped (the workflow was cancelled, or timeout-minutes ran out) while SSM command ${sent.commandId} was running; it has been cancelled`,
        ) as string,
      }),
    ]);
    expect(world.sandbox.calls({ operation: 'CancelCommand' }).map((c) => c.params)).toEqual([
      { CommandId: sent.commandId },
    ]);
    const command = await commandEnded(world, sent.commandId);
    expect(command.status).toBe('Cancelled');
    expect(readInstanceFile(web, '/srv/finished')).toBeUndefined();
  });
});

describe('a step stopped by its timeout-minutes', () => {
  it('when SSM cannot be reached at that moment, the post step still cancels the command', async () => {
    // The runner stops the step as it does on a cancel, but the step's outcome is failure, so a
    // post step that runs only when cancelled() would leave the deploy running unseen.
    const world = await startWorld();
    try {
      const repo = world.repo({ 'deploy.sh': '#!/usr/bin/env bash\necho first\n' });
      const [web] = world.instances(repo, 1) as [Instance];
      const sha = repo.commit({ 'deploy.sh': DEPLOY_SH }, 'a deploy that never ends');
      let timeUp = false;
      const handle = world.start(
        { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY },
        { sha, harness: { cancel: { when: () => timeUp, stepTimeout: true } } },
      );
      await handle.waitForLine(new RegExp(`^Deploy: .* · ${web.id}: InProgress$`));
      await until('deploy.sh to start its child', () => readInstanceFile(web, '/srv/sleep.pid'));
      await world.sandbox.stopServer();
      timeUp = true;
      await handle.waitForLine(/Cancelling SSM command \S+ failed/);
      await world.sandbox.startServer();
      const run = await handle.done;

      expect(run.outcome).toBe('failure');
      expect(run.log.map((entry) => entry.text)).toContain(
        'SIGINT: the runner is stopping this step (the workflow was cancelled, or timeout-minutes ran out); cancelling the SSM command.',
      );
      const commandId = run.outputs['command-id'] ?? '';
      if (!run.post.ran) throw new Error('the post step did not run');
      expect(run.post.exitCode).toBe(0);
      expect(run.post.annotations).toEqual([
        expect.objectContaining({
          level: 'warning',
          message: expect.stringMatching(
            new RegExp(
              `^The main step was stopped \\(.*\\) while SSM command ${commandId} was running; it has been cancelled`,
            ),
          ) as string,
        }),
      ]);
      await expectNothingLeft(world, web, run);
    } finally {
      await world.stop();
    }
  });
});
