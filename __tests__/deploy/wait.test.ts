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
  MIN_INTERVAL_MS,
  NOT_FOUND_WINDOW_MS,
  pollInterval,
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

/** What the issue promises: a finished command noticed within max(1.5 s, 10% of its run time). */
const PROMISED_MIN_MS = 1_500;

describe('pollInterval', () => {
  it('is 1.4 s at first, then 9% of the time the command has run: inside the 1.5 s / 10% promise', () => {
    expect(pollInterval(0)).toBe(MIN_INTERVAL_MS);
    expect(pollInterval(15_000)).toBe(MIN_INTERVAL_MS);
    expect(pollInterval(60_000)).toBe(5_400);
    expect(pollInterval(600_000)).toBe(54_000);
    for (const elapsed of [0, 1_000, 15_000, 16_000, 60_000, 600_000, 3_600_000])
      expect(pollInterval(elapsed)).toBeLessThan(Math.max(PROMISED_MIN_MS, 0.1 * elapsed));
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

describe('the poll-call budget (a finished command is noticed within max(1.5 s, 10%))', () => {
  it.each([
    [60_000, 30],
    [600_000, 80],
  ])('one instance, a deploy of %i ms: at most %i calls', async (duration, budget) => {
    const start = time.t;
    const finish = oneFinishingAfter(duration);
    const outcome = await wait(request());
    expect(outcome.kind).toBe('finished');
    expect(callCount()).toBeLessThanOrEqual(budget);
    expect(time.t - finish).toBeLessThanOrEqual(Math.max(PROMISED_MIN_MS, 0.1 * (finish - start)));
  });

  it.each([
    [60_000, 30],
    [600_000, 80],
  ])(
    'three instances, a deploy of %i ms: at most %i calls, listing included',
    async (duration, budget) => {
      const start = time.t;
      const finish = fleetFinishingAfter(duration, 3);
      const outcome = await wait(request({ target: { kind: 'fleet' } }));
      expect(outcome.kind).toBe('finished');
      expect(callCount()).toBeLessThanOrEqual(budget);
      expect(time.t - finish).toBeLessThanOrEqual(
        Math.max(PROMISED_MIN_MS, 0.1 * (finish - start)),
      );
    },
  );

  it('the exact counts, for the record', async () => {
    const counts: Record<string, number> = {};
    for (const [name, duration] of [
      ['5 s', 5_000],
      ['60 s', 60_000],
      ['10 min', 600_000],
    ] as const) {
      time = new FakeTime();
      ssm.reset();
      oneFinishingAfter(duration);
      await wait(request());
      counts[name] = callCount();
    }
    expect(counts).toEqual({ '5 s': 4, '60 s': 27, '10 min': 54 });
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
