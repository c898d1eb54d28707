// The post step, cancellation as the runner does it, and the harness's own deadline.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionTimeoutError, runAction, startAction } from '../../sandbox/runner/index.js';
import type { ActionRun } from '../../sandbox/runner/index.js';
import {
  FIXTURES,
  SCRIPT,
  SCRIPT_ALWAYS,
  core,
  isAlive,
  out,
  script,
  type ScriptStep,
} from './fixtures.js';

// Short grace periods keep the suite fast; the runner's own are tested in cancel-default.test.ts.
const FAST = { sigintGraceMs: 300, sigtermGraceMs: 300 } as const;

const ready = out('ready\n');
const waits: ScriptStep = { do: 'wait' };

function signalsOf(run: ActionRun) {
  return run.cancellation?.signals.map(({ signal, target }) => ({ signal, target }));
}

/**
 * Timers fire no earlier than asked, but the two ends of a gap are read from the clock at slightly
 * different points of the harness's work, so a gap may read a millisecond or two short; on a busy
 * machine it may also run long. The tests check that a grace period is waited, not its precision.
 */
const CLOCK_SLACK_MS = 5;
const BUSY_MACHINE_MS = 5000;

function gapBetween(run: ActionRun, first: number, second: number): number {
  const signals = run.cancellation?.signals ?? [];
  return (signals[second]?.atMs ?? NaN) - (signals[first]?.atMs ?? NaN);
}

describe('the post step', () => {
  it('does not run under post-if: cancelled() when the main step succeeded', async () => {
    const run = await runAction({
      actionPath: SCRIPT,
      inputs: script([core('saveState', 'command-id', 'c-1')], [out('post ran\n')]),
    });
    expect(run.outcome).toBe('success');
    expect(run.post).toEqual({
      ran: false,
      reason: "post-if cancelled() is false: the main step's outcome was success.",
    });
    expect(run.jobLog).not.toContain('Post job cleanup.');
  });

  it('runs under post-if: cancelled() after a cancel, with the state and the masks', async () => {
    const run = await runAction({
      actionPath: SCRIPT,
      inputs: script(
        [
          core('saveState', 'command-id', 'c-0123'),
          core('setSecret', 'masked-in-main'),
          ready,
          waits,
        ],
        [out('post sees masked-in-main\n'), core('saveState', 'ignored', 'x')],
      ),
      cancel: { when: ({ log }) => log.some((entry) => entry.text === 'ready') },
      timing: FAST,
    });
    expect(run.outcome).toBe('cancelled');
    expect(run.post.ran).toBe(true);
    if (!run.post.ran) return;
    expect(run.post.stage).toBe('post');
    expect(run.post.outcome).toBe('success');
    expect(run.post.log.map((entry) => entry.text)).toEqual([
      'Post job cleanup.',
      'post saw {"STATE_command-id":"c-0123"}',
      'post sees ***',
    ]);
    expect(run.jobLog).toMatch(/ready\n.*Post job cleanup\.\n/s);
  });

  it('runs under post-if: always() whatever the outcome, with the same inputs', async () => {
    const run = await runAction({
      actionPath: SCRIPT_ALWAYS,
      inputs: {
        ...script([core('setFailed', 'main failed')], [out('greeting={{env:INPUT_GREETING}}\n')]),
        greeting: 'hey',
      },
    });
    expect(run.outcome).toBe('failure');
    expect(run.post.ran && run.post.log.map((entry) => entry.text)).toEqual([
      'Post job cleanup.',
      'post saw {}',
      'greeting=hey',
    ]);
  });
});

describe('cancellation', () => {
  it('sends SIGINT only, when the action stops on SIGINT', async () => {
    const run = await runAction({
      actionPath: SCRIPT,
      inputs: script([{ do: 'on-signal', signal: 'SIGINT', then: 'exit', code: 3 }, ready, waits]),
      cancel: { when: ({ log }) => log.some((entry) => entry.text === 'ready') },
      timing: FAST,
    });
    expect(run.outcome).toBe('cancelled');
    expect(run.cancellation?.reason).toBe('predicate');
    expect(signalsOf(run)).toEqual([{ signal: 'SIGINT', target: 'process' }]);
    expect(run.exitCode).toBe(3);
    expect(run.log.map((entry) => entry.text)).toContain('received SIGINT');
  });

  it('sends SIGTERM one grace period after SIGINT when the action ignores SIGINT', async () => {
    const run = await runAction({
      actionPath: SCRIPT,
      inputs: script([{ do: 'on-signal', signal: 'SIGINT', then: 'ignore' }, ready, waits]),
      cancel: { when: ({ log }) => log.some((entry) => entry.text === 'ready') },
      timing: { sigintGraceMs: 400, sigtermGraceMs: 5000 },
    });
    expect(signalsOf(run)).toEqual([
      { signal: 'SIGINT', target: 'process' },
      { signal: 'SIGTERM', target: 'process' },
    ]);
    expect(gapBetween(run, 0, 1)).toBeGreaterThanOrEqual(400 - CLOCK_SLACK_MS);
    expect(gapBetween(run, 0, 1)).toBeLessThan(400 + BUSY_MACHINE_MS);
    expect(run.signal).toBe('SIGTERM');
    expect(run.exitCode).toBeNull();
    expect(run.outcome).toBe('cancelled');
  });

  it('kills the process group when SIGINT and SIGTERM are both ignored', async () => {
    const handle = startAction({
      actionPath: SCRIPT,
      inputs: script([
        { do: 'on-signal', signal: 'SIGINT', then: 'ignore' },
        { do: 'on-signal', signal: 'SIGTERM', then: 'ignore' },
        { do: 'spawn-sleeper' },
        ready,
        waits,
      ]),
      timing: FAST,
    });
    const sleeper = Number(
      /^sleeper (\d+)$/.exec((await handle.waitForLine(/^sleeper /)).text)?.[1],
    );
    await handle.waitForLine('ready');
    handle.cancel();
    const run = await handle.done;
    expect(run.cancellation?.reason).toBe('handle');
    expect(signalsOf(run)).toEqual([
      { signal: 'SIGINT', target: 'process' },
      { signal: 'SIGTERM', target: 'process' },
      { signal: 'SIGKILL', target: 'process-group' },
    ]);
    expect(gapBetween(run, 1, 2)).toBeGreaterThanOrEqual(300 - CLOCK_SLACK_MS);
    expect(run.signal).toBe('SIGKILL');
    expect(run.log.map((entry) => entry.text)).toEqual(
      expect.arrayContaining(['received SIGINT', 'received SIGTERM']),
    );
    expect(isAlive(sleeper)).toBe(false);
  });

  it('cancels after a given time', async () => {
    const run = await runAction({
      actionPath: SCRIPT,
      inputs: script([waits]),
      cancel: { afterMs: 300 },
      timing: FAST,
    });
    expect(run.cancellation?.reason).toBe('timer');
    expect(run.cancellation?.requestedAtMs).toBeGreaterThanOrEqual(300 - CLOCK_SLACK_MS);
    expect(run.cancellation?.signals[0]?.atMs).toBeGreaterThanOrEqual(300 - CLOCK_SLACK_MS);
    // Node ends on SIGINT by default.
    expect(run.signal).toBe('SIGINT');
  });

  it('cancels when an output first appears in GITHUB_OUTPUT', async () => {
    const run = await runAction({
      actionPath: SCRIPT,
      inputs: script([
        { do: 'sleep', ms: 200 },
        core('setOutput', 'command-id', 'c-42'),
        out('output written\n'),
        waits,
      ]),
      cancel: { when: ({ outputs }) => outputs['command-id'] === 'c-42', pollMs: 20 },
      timing: FAST,
    });
    expect(run.cancellation?.reason).toBe('predicate');
    expect(run.cancellation?.requestedAtMs).toBeGreaterThanOrEqual(200 - CLOCK_SLACK_MS);
    expect(run.outputs['command-id']).toBe('c-42');
  });

  it('does not cancel a step that ended before the trigger', async () => {
    const run = await runAction({
      actionPath: SCRIPT,
      inputs: script([out('quick\n')]),
      cancel: { afterMs: 5000 },
    });
    expect(run.cancellation).toBeUndefined();
    expect(run.outcome).toBe('success');
    expect(run.totalDurationMs).toBeLessThan(5000);
  });
});

describe('waitForLine', () => {
  it('finds a line already written and one still to come, and gives up at its timeout', async () => {
    const handle = startAction({
      actionPath: SCRIPT,
      inputs: script([
        out('first\n'),
        { do: 'sleep', ms: 200 },
        out('second\n'),
        { do: 'sleep', ms: 300 },
      ]),
    });
    expect((await handle.waitForLine(/^second$/)).text).toBe('second');
    expect((await handle.waitForLine(/^fir/)).atMs).toBeGreaterThanOrEqual(0);
    await expect(handle.waitForLine('never', { timeoutMs: 50 })).rejects.toThrow(
      'No line matching never within 50 ms.',
    );
    await handle.done;
    await expect(handle.waitForLine('never')).rejects.toThrow(/ended without a line matching/);
  });

  it('gives up at once when the run fails before its action starts', async () => {
    const handle = startAction({ actionPath: join(FIXTURES, 'bad-default') });
    const line = handle.waitForLine('anything');
    await expect(handle.done).rejects.toThrow(/is not supported by the runner harness/);
    await expect(line).rejects.toThrow('The run ended before a matching line was written.');
  });
});

describe('the deadline', () => {
  it('kills a hung action with its whole group, fails clearly and cleans up', async () => {
    const handle = startAction({
      actionPath: SCRIPT,
      inputs: script([
        { do: 'on-signal', signal: 'SIGINT', then: 'ignore' },
        { do: 'on-signal', signal: 'SIGTERM', then: 'ignore' },
        { do: 'spawn-sleeper' },
        out('temp={{env:RUNNER_TEMP}}\n'),
        waits,
      ]),
      // Long enough for a busy machine to start node and reach the script's lines.
      timeoutMs: 4000,
    });
    const sleeper = Number(
      /^sleeper (\d+)$/.exec((await handle.waitForLine(/^sleeper /)).text)?.[1],
    );
    const temp = (await handle.waitForLine(/^temp=/)).text.slice('temp='.length);
    expect(existsSync(temp)).toBe(true);
    const error = await handle.done.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ActionTimeoutError);
    expect((error as ActionTimeoutError).message).toMatch(
      /^The action did not finish within 4000 ms: its main step was killed with its whole process group\. Last lines of the log:\n.*temp=/s,
    );
    expect((error as ActionTimeoutError).log.at(-1)?.text).toMatch(/^temp=/);
    expect(isAlive(sleeper)).toBe(false);
    expect(existsSync(temp)).toBe(false);
  });
});
