// The poller against a mocked SSM and a fake clock: state sequences, the InvocationDoesNotExist
// window, throttling, deadlines, cancellation, tag targets, pages, and the poll-call budgets.

import {
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SSMClient,
  type CommandInvocation,
  type CommandInvocationStatus,
  type CommandStatus,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  NOT_FOUND_WINDOW_MS,
  pollInterval,
  pollSchedule,
  waitForCommand,
  type Progress,
  type WaitRequest,
} from '../../src/deploy/wait.js';
import { FakeTime, awsError } from './fixtures/time.js';

const COMMAND = '11111111-2222-3333-4444-555555555555';
const INSTANCE = 'i-0123456789abcdef0';

const client = new SSMClient({ region: 'eu-west-1' });
const ssm = mockClient(client);
let time: FakeTime;

beforeEach(() => {
  time = new FakeTime();
  ssm.reset();
});

function request(overrides: Partial<WaitRequest> = {}): WaitRequest {
  return {
    commandId: COMMAND,
    target: { kind: 'one', instanceId: INSTANCE },
    sentAt: time.t,
    deadline: time.t + 3_600_000,
    ...overrides,
  };
}

function wait(
  req: WaitRequest,
  extra: { signal?: AbortSignal; progress?: Progress[]; notes?: string[] } = {},
) {
  return waitForCommand(req, {
    ssm: client,
    now: time.now,
    sleep: time.sleep,
    signal: extra.signal,
    onProgress: (p) => extra.progress?.push(p),
    onNote: (n) => extra.notes?.push(n),
  });
}

/** One instance whose command finishes `afterMs` after it was sent, with `status`. */
function oneFinishingAfter(afterMs: number, status = 'Success', details = status): number {
  const finish = time.t + afterMs;
  ssm.on(GetCommandInvocationCommand).callsFake(() =>
    time.t < finish
      ? { Status: 'InProgress', StatusDetails: 'InProgress', ResponseCode: -1 }
      : {
          Status: status,
          StatusDetails: details,
          ResponseCode: status === 'Success' ? 0 : 1,
          StandardOutputContent: 'done',
        },
  );
  return finish;
}

/** A fleet command whose own status turns to `status` `afterMs` after it was sent. */
function fleetFinishingAfter(afterMs: number, count: number, status = 'Success'): number {
  const finish = time.t + afterMs;
  ssm.on(ListCommandsCommand).callsFake(() => ({
    Commands: [
      {
        CommandId: COMMAND,
        Status: time.t < finish ? 'InProgress' : status,
        StatusDetails: time.t < finish ? 'InProgress' : status,
        TargetCount: count,
        CompletedCount: time.t < finish ? 0 : count,
        ErrorCount: 0,
        DeliveryTimedOutCount: 0,
      },
    ],
  }));
  ssm.on(ListCommandInvocationsCommand).callsFake(() => ({
    CommandInvocations: Array.from({ length: count }, (_, i) => ({
      InstanceId: `i-${String(i).padStart(17, '0')}`,
      Status: time.t < finish ? 'InProgress' : status,
    })),
  }));
  return finish;
}

function callCount(): number {
  return ssm.calls().length;
}

/** The promise: a finished command noticed within max(1.5 s, min(10% of its run time, 10 s)). */
function allowance(runMs: number): number {
  return Math.max(1_500, Math.min(0.1 * runMs, 10_000));
}

describe('pollInterval', () => {
  it('is 1.5 s at first, then 10% of the time the command has run, and never more than 10 s', () => {
    expect(pollInterval(0)).toBe(1_500);
    expect(pollInterval(15_000)).toBe(1_500);
    expect(pollInterval(60_000)).toBe(6_000);
    expect(pollInterval(100_000)).toBe(10_000);
    expect(pollInterval(600_000)).toBe(10_000);
    expect(pollInterval(6 * 3_600_000)).toBe(10_000);
  });

  it('keeps the promise for a command ending at any moment of six hours: no gap is longer than its start allows', () => {
    const times = [0, ...pollSchedule(6 * 3_600_000)];
    for (let index = 1; index < times.length; index++) {
      const from = times[index - 1] ?? 0;
      // A command that ends just after the poll at `from` is seen by the next one.
      expect((times[index] ?? 0) - from).toBeLessThanOrEqual(allowance(from));
    }
  });
});

describe('one instance (GetCommandInvocation)', () => {
  it('follows Pending → InProgress → Success and returns the final invocation', async () => {
    let behaviour = ssm.on(GetCommandInvocationCommand);
    const states: CommandInvocationStatus[] = ['Pending', 'InProgress', 'InProgress', 'Success'];
    for (const Status of states)
      behaviour = behaviour.resolvesOnce({
        Status,
        StatusDetails: Status,
        ResponseCode: Status === 'Success' ? 0 : -1,
      });
    const progress: Progress[] = [];
    const outcome = await wait(request(), { progress });
    expect(outcome.kind).toBe('finished');
    expect(outcome.seen.invocation?.Status).toBe('Success');
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 4);
    expect(ssm).toHaveReceivedCommandWith(GetCommandInvocationCommand, {
      CommandId: COMMAND,
      InstanceId: INSTANCE,
    });
    // A line whenever something changed: three changes, not four polls.
    expect(progress.map((p) => p.instances[0]?.status)).toEqual([
      'Pending',
      'InProgress',
      'Success',
    ]);
  });

  it.each([
    ['Success', 'Success'],
    ['Failed', 'Failed'],
    ['TimedOut', 'Execution Timed Out'],
    ['TimedOut', 'Delivery Timed Out'],
    ['Cancelled', 'Cancelled'],
    ['Cancelling', 'Cancelling'],
    ['Failed', 'Undeliverable'],
    ['Failed', 'Terminated'],
  ] satisfies [CommandInvocationStatus, string][])(
    'ends on the terminal state %s (%s)',
    async (Status, StatusDetails) => {
      ssm
        .on(GetCommandInvocationCommand)
        .resolvesOnce({ Status: 'InProgress' })
        .resolves({ Status, StatusDetails, ResponseCode: -1 });
      const outcome = await wait(request());
      expect(outcome.kind).toBe('finished');
      expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 2);
    },
  );

  it('does not take ResponseCode -1 of a pending invocation for the end', async () => {
    ssm
      .on(GetCommandInvocationCommand)
      .resolvesOnce({ Status: 'Pending', ResponseCode: -1 })
      .resolvesOnce({ Status: 'Delayed', StatusDetails: 'Delayed', ResponseCode: -1 })
      .resolves({ Status: 'Failed', StatusDetails: 'Undeliverable', ResponseCode: -1 });
    const outcome = await wait(request());
    expect(outcome.kind).toBe('finished');
    expect(outcome.seen.commandStatus).toBe('Failed');
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 3);
  });

  it('retries InvocationDoesNotExist quietly right after sending', async () => {
    const known = time.t + 2_500;
    ssm.on(GetCommandInvocationCommand).callsFake(() => {
      if (time.t < known) throw awsError('InvocationDoesNotExist');
      return { Status: 'Success', StatusDetails: 'Success', ResponseCode: 0 };
    });
    const notes: string[] = [];
    const outcome = await wait(request(), { notes });
    expect(outcome.kind).toBe('finished');
    expect(notes).toEqual([]);
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 2);
  });

  it('fails clearly when the invocation still does not exist after the window', async () => {
    ssm.on(GetCommandInvocationCommand).rejects(awsError('InvocationDoesNotExist'));
    const outcome = await wait(request());
    expect(outcome.kind).toBe('lost');
    if (outcome.kind !== 'lost') return;
    expect(outcome.reason).toMatch(new RegExp(`no record of command ${COMMAND} on ${INSTANCE}`));
    const calls = callCount();
    // It stopped at the window, not at the deadline an hour later.
    expect(time.t - request().sentAt).toBeLessThan(NOT_FOUND_WINDOW_MS + 10_000);
    expect(calls).toBeLessThan(30);
  });

  it('is not failed by throttling: it keeps polling until the result is seen', async () => {
    const finish = time.t + 30_000;
    let call = 0;
    ssm.on(GetCommandInvocationCommand).callsFake(() => {
      call++;
      if (call % 2 === 1) throw awsError('ThrottlingException', 'Rate exceeded');
      return time.t < finish
        ? { Status: 'InProgress' }
        : { Status: 'Success', StatusDetails: 'Success', ResponseCode: 0 };
    });
    const outcome = await wait(request());
    expect(outcome.kind).toBe('finished');
    expect(outcome.seen.commandStatus).toBe('Success');
  });

  it('rides out a network failure for minutes, says so, and never reports a result it has not seen', async () => {
    const back = time.t + 150_000;
    ssm.on(GetCommandInvocationCommand).callsFake(() => {
      if (time.t < back) throw awsError('TimeoutError', 'socket hang up');
      return { Status: 'Failed', StatusDetails: 'Failed', ResponseCode: 3 };
    });
    const notes: string[] = [];
    const outcome = await wait(request(), { notes });
    expect(outcome.kind).toBe('finished');
    expect(outcome.seen.commandStatus).toBe('Failed');
    expect(notes.length).toBeGreaterThanOrEqual(1);
    expect(notes[0]).toMatch(
      /SSM has not answered for \d+ s \(TimeoutError: socket hang up\); still trying until the deadline/,
    );
  });

  it('stops at once on an error polling cannot cure', async () => {
    ssm
      .on(GetCommandInvocationCommand)
      .rejects(awsError('AccessDeniedException', 'not allowed: ssm:GetCommandInvocation'));
    const outcome = await wait(request());
    expect(outcome.kind).toBe('lost');
    if (outcome.kind === 'lost')
      expect(outcome.reason).toMatch(/AccessDeniedException: not allowed/);
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 1);
  });

  it('ends at its deadline, never after it', async () => {
    ssm.on(GetCommandInvocationCommand).resolves({ Status: 'InProgress' });
    const req = request({ deadline: time.t + 1_000_000 });
    const outcome = await wait(req);
    expect(outcome.kind).toBe('deadline');
    expect(time.t).toBe(req.deadline);
    expect(outcome.seen.commandStatus).toBe('InProgress');
  });

  it('ends as soon as the workflow is cancelled, with no further call', async () => {
    const abort = new AbortController();
    let calls = 0;
    ssm.on(GetCommandInvocationCommand).callsFake(() => {
      calls++;
      if (calls === 3) abort.abort();
      return { Status: 'InProgress' };
    });
    const outcome = await wait(request(), { signal: abort.signal });
    expect(outcome.kind).toBe('aborted');
    expect(calls).toBe(3);
  });
});

describe('work alongside each poll (the CloudWatch output)', () => {
  it('runs once per poll, whatever the poll answered, and is awaited before the verdict', async () => {
    let polls = 0;
    ssm.on(GetCommandInvocationCommand).callsFake(() => {
      polls++;
      if (polls === 2) throw awsError('ThrottlingException');
      return polls < 4 ? { Status: 'InProgress' } : { Status: 'Success', ResponseCode: 0 };
    });
    const started: number[] = [];
    let finished = 0;
    const outcome = await waitForCommand(request(), {
      ssm: client,
      now: time.now,
      sleep: time.sleep,
      alongside: async () => {
        started.push(polls);
        await Promise.resolve();
        finished++;
      },
    });
    expect(outcome.kind).toBe('finished');
    expect(polls).toBe(4);
    // Started before each poll's answer was in, and every one finished before the wait returned.
    expect(started).toEqual([0, 1, 2, 3]);
    expect(finished).toBe(4);
  });
});

describe('the poll schedule (a finished command is noticed within max(1.5 s, min(10%, 10 s)))', () => {
  /** One instance whose command ends `duration` ms after SendCommand: polls and notice delay. */
  async function deploy(duration: number): Promise<{ polls: number; noticeMs: number }> {
    time = new FakeTime();
    ssm.reset();
    const finish = oneFinishingAfter(duration);
    const outcome = await wait(request());
    expect(outcome.kind).toBe('finished');
    return { polls: callCount(), noticeMs: time.t - finish };
  }

  it('pins the polls and the notice delay of 5 s, 60 s, 10 min and 30 min deploys', async () => {
    const seen: Record<string, { polls: number; noticeMs: number }> = {};
    for (const [name, duration] of [
      ['5 s', 5_000],
      ['60 s', 60_000],
      ['10 min', 600_000],
      ['30 min', 1_800_000],
    ] as const)
      seen[name] = await deploy(duration);
    expect(seen).toEqual({
      '5 s': { polls: 4, noticeMs: 1_000 },
      '60 s': { polls: 25, noticeMs: 2_650 },
      '10 min': { polls: 80, noticeMs: 896 },
      '30 min': { polls: 200, noticeMs: 896 },
    });
  });

  it.each([
    [5_000, 4],
    [60_000, 30],
    [600_000, 80],
    [1_800_000, 200],
  ])(
    'a deploy of %i ms ending at any point of a gap: at most %i polls, within the promise',
    async (duration, budget) => {
      // Ending just after a poll is the worst case: the next one is a whole interval away.
      const before = pollSchedule(duration).at(-1) ?? 0;
      for (const ends of [before + 1, duration]) {
        const { polls, noticeMs } = await deploy(ends);
        expect(polls).toBeLessThanOrEqual(budget);
        expect(noticeMs).toBeLessThanOrEqual(allowance(ends));
      }
    },
  );

  it('sends a poll early by as long as the last one took, so that its answer comes in time', async () => {
    const finish = time.t + 600_000;
    const sentAt: number[] = [];
    ssm.on(GetCommandInvocationCommand).callsFake(() => {
      sentAt.push(time.t);
      time.t += 300;
      return time.t < finish
        ? { Status: 'InProgress', StatusDetails: 'InProgress', ResponseCode: -1 }
        : { Status: 'Success', StatusDetails: 'Success', ResponseCode: 0 };
    });
    const start = time.t;
    await wait(request());
    const answers = sentAt.map((at) => at + 300 - start);
    // From the second poll on, each answer comes on the schedule.
    expect(answers.slice(1)).toEqual(pollSchedule(answers.at(-1) ?? 0).slice(1));
    expect(time.t - finish).toBeLessThanOrEqual(10_000);
  });

  it('three instances, a 10 min deploy: at most 80 status polls, and a listing at least every minute', async () => {
    const start = time.t;
    const finish = fleetFinishingAfter(600_000, 3);
    const outcome = await wait(request({ target: { kind: 'fleet' } }));
    expect(outcome.kind).toBe('finished');
    expect(ssm).toHaveReceivedCommandTimes(ListCommandsCommand, 80);
    expect(ssm.commandCalls(ListCommandInvocationsCommand).length).toBeLessThanOrEqual(11);
    expect(time.t - finish).toBeLessThanOrEqual(allowance(finish - start));
  });
});

describe('the end of the output (cloudwatch-log-group) brings the next poll forward', () => {
  it('one instance: its last line read while SSM still says InProgress, the next poll comes at once', async () => {
    const start = time.t;
    // SSM says the command has ended 2 s after its output does, at 302 s.
    const finish = oneFinishingAfter(302_000);
    const polls: number[] = [];
    const outcome = await waitForCommand(request(), {
      ssm: client,
      now: time.now,
      sleep: time.sleep,
      alongside: () => {
        polls.push(time.t - start);
        return Promise.resolve(time.t - start >= 300_000 ? new Set([INSTANCE]) : new Set());
      },
    });
    expect(outcome.kind).toBe('finished');
    const hinted = polls.findIndex((at) => at >= 300_000);
    const at = polls[hinted] ?? 0;
    // At once, then every 1.5 s until SSM agrees: 2 s after the end, not up to 10 s.
    expect(polls.slice(hinted, hinted + 3)).toEqual([at, at, at + 1_500]);
    expect(time.t - finish).toBeLessThan(1_500);
  });

  it('a fleet: only once every instance has shown its end', async () => {
    const start = time.t;
    const finish = fleetFinishingAfter(302_000, 3);
    const polls: number[] = [];
    const ids = ['i-00000000000000000', 'i-00000000000000001', 'i-00000000000000002'];
    await waitForCommand(request({ target: { kind: 'fleet' } }), {
      ssm: client,
      now: time.now,
      sleep: time.sleep,
      alongside: () => {
        const elapsed = time.t - start;
        polls.push(elapsed);
        // Two instances end at 200 s: no hint; the third at 300 s.
        return Promise.resolve(
          new Set(elapsed >= 300_000 ? ids : elapsed >= 200_000 ? ids.slice(0, 2) : []),
        );
      },
    });
    const gaps = polls.slice(1).map((at, index) => at - (polls[index] ?? 0));
    const around200 = polls.findIndex((at) => at >= 200_000);
    expect(gaps[around200]).toBe(10_000);
    expect(time.t - finish).toBeLessThan(1_500);
  });
});

describe('a fleet (ListCommands, and ListCommandInvocations by the page)', () => {
  it('takes the verdict from the command, not from a partial invocation list (tag targets)', async () => {
    let poll = 0;
    ssm.on(ListCommandsCommand).callsFake(() => {
      poll++;
      // Tag targets resolve late: no targets at first, then a list that shows two of three.
      const Status = poll <= 3 ? 'Pending' : poll <= 8 ? 'InProgress' : 'Success';
      return {
        Commands: [
          {
            CommandId: COMMAND,
            Status,
            StatusDetails: Status,
            TargetCount: poll <= 3 ? 0 : 3,
            CompletedCount: poll <= 8 ? (poll <= 3 ? 0 : 2) : 3,
            ErrorCount: 0,
          },
        ],
      };
    });
    const partial: CommandInvocation[] = [
      { InstanceId: 'i-00000000000000001', Status: 'Success' },
      { InstanceId: 'i-00000000000000002', Status: 'Success' },
    ];
    ssm.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: partial });
    const progress: Progress[] = [];
    const outcome = await wait(request({ target: { kind: 'fleet' } }), { progress });
    expect(outcome.kind).toBe('finished');
    expect(poll).toBe(9);
    expect(outcome.seen.counts).toEqual({
      target: 3,
      completed: 3,
      errors: 0,
      deliveryTimedOut: 0,
    });
    expect(progress.some((p) => p.counts?.target === 0)).toBe(true);
  });

  it('retries a command not listed yet quietly, within the window', async () => {
    ssm
      .on(ListCommandsCommand)
      .resolvesOnce({ Commands: [] })
      .rejectsOnce(awsError('InvalidCommandId'))
      .resolves({
        Commands: [
          {
            CommandId: COMMAND,
            Status: 'Success',
            StatusDetails: 'Success',
            TargetCount: 2,
            CompletedCount: 2,
          },
        ],
      });
    const outcome = await wait(request({ target: { kind: 'fleet' } }));
    expect(outcome.kind).toBe('finished');
    expect(ssm).toHaveReceivedCommandTimes(ListCommandsCommand, 3);
  });

  it('lists 120 instances in pages of 50: three calls a listing, never one per instance', async () => {
    const instances = Array.from({ length: 120 }, (_, i) => ({
      InstanceId: `i-${String(i).padStart(17, '0')}`,
      Status: 'InProgress',
    }));
    ssm
      .on(ListCommandInvocationsCommand)
      .callsFake((input: { NextToken?: string; MaxResults?: number }) => {
        const from = Number(input.NextToken ?? '0');
        const page = instances.slice(from, from + (input.MaxResults ?? 50));
        return {
          CommandInvocations: page,
          ...(from + 50 < instances.length ? { NextToken: String(from + 50) } : {}),
        };
      });
    let poll = 0;
    ssm.on(ListCommandsCommand).callsFake(() => {
      poll++;
      return {
        Commands: [
          {
            CommandId: COMMAND,
            Status: poll < 3 ? 'InProgress' : 'Success',
            TargetCount: 120,
            CompletedCount: poll < 3 ? 0 : 120,
          },
        ],
      };
    });
    const progress: Progress[] = [];
    const outcome = await wait(request({ target: { kind: 'fleet' } }), { progress });
    expect(outcome.kind).toBe('finished');
    expect(ssm).toHaveReceivedCommandTimes(ListCommandsCommand, 3);
    // One listing (the first poll), three pages.
    expect(ssm).toHaveReceivedCommandTimes(ListCommandInvocationsCommand, 3);
    const pages = ssm.commandCalls(ListCommandInvocationsCommand).map((call) => call.args[0].input);
    expect(pages).toEqual([
      { CommandId: COMMAND, MaxResults: 50 },
      { CommandId: COMMAND, MaxResults: 50, NextToken: '50' },
      { CommandId: COMMAND, MaxResults: 50, NextToken: '100' },
    ]);
    expect(progress[0]?.instances).toHaveLength(120);
    // The last report still carries that one listing, and says how old it is.
    const [first, last] = [progress[0], progress.at(-1)];
    expect(last?.listedAtMs).toBe(first?.elapsedMs);
    expect(last?.elapsedMs).toBeGreaterThan(last?.listedAtMs ?? Infinity);
  });

  it.each(['Success', 'Failed', 'TimedOut', 'Cancelled', 'Cancelling'] satisfies CommandStatus[])(
    'ends on the command status %s',
    async (Status) => {
      ssm.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: [] });
      ssm.on(ListCommandsCommand).resolves({
        Commands: [{ CommandId: COMMAND, Status, StatusDetails: Status, TargetCount: 2 }],
      });
      const outcome = await wait(request({ target: { kind: 'fleet' } }));
      expect(outcome.kind).toBe('finished');
      expect(outcome.seen.commandStatus).toBe(Status);
    },
  );

  it('a failing listing never decides anything: the command status still does', async () => {
    ssm.on(ListCommandInvocationsCommand).rejects(awsError('ThrottlingException'));
    fleetFinishingAfter(20_000, 2, 'Failed');
    ssm.on(ListCommandInvocationsCommand).rejects(awsError('ThrottlingException'));
    const outcome = await wait(request({ target: { kind: 'fleet' } }));
    expect(outcome.kind).toBe('finished');
    expect(outcome.seen.commandStatus).toBe('Failed');
  });
});
