// Phase 3 from start to verdict against a mocked SSM and a fake clock.

import { S3Client } from '@aws-sdk/client-s3';
import {
  CancelCommandCommand,
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SSMClient,
  SendCommandCommand,
  type CommandStatus,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeployConfig } from '../../src/config.js';
import { AFTER_CANCEL_GAP_MS } from '../../src/deploy/collect.js';
import {
  AFTER_CANCEL_BUDGET_MS,
  runDeploy,
  type DeployOutcome,
  type DeployReport,
  type DeployRequest,
} from '../../src/deploy/deploy.js';
import { EXIT, markerPrefix } from '../../src/deploy/protocol.js';
import { ActionError } from '../../src/errors.js';
import { BASE_DEPLOY } from './fixtures/config.js';
import { FakeTime, awsError } from './fixtures/time.js';

const NONCE = 'abcdefabcdef';
const M = markerPrefix(NONCE);
const COMMAND = 'feedface-0000-0000-0000-000000000000';
const INSTANCE = 'i-0123456789abcdef0';
const BEFORE = '1'.repeat(40);
const AFTER = '2'.repeat(40);

const ssmClient = new SSMClient({ region: 'eu-west-1' });
const ssm = mockClient(ssmClient);
const s3 = mockClient(new S3Client({ region: 'eu-west-1' }));
let time: FakeTime;
let events: string[];

beforeEach(() => {
  ssm.reset();
  s3.reset();
  time = new FakeTime();
  events = [];
  ssm.on(SendCommandCommand).callsFake(() => {
    events.push('send');
    return { Command: { CommandId: COMMAND } };
  });
  ssm.on(CancelCommandCommand).resolves({});
});

function request(
  deploy: Partial<DeployConfig> = {},
  extra: Partial<DeployRequest> = {},
): DeployRequest {
  return {
    deploy: { ...BASE_DEPLOY, ...deploy },
    region: 'eu-west-1',
    dryRun: false,
    secretValues: new Set(),
    ...extra,
  };
}

function deploy(
  req: DeployRequest,
  signal: AbortSignal = new AbortController().signal,
): Promise<DeployOutcome> {
  return runDeploy(req, {
    ssm: ssmClient,
    sendSsm: ssmClient,
    sendAttempts: 8,
    s3: () => new S3Client({ region: 'eu-west-1' }),
    account: () => Promise.resolve('123456789012'),
    now: time.now,
    sleep: time.sleep,
    signal,
    nonce: () => NONCE,
    events: {
      onSent: (id) => events.push(`sent ${id}`),
      onProgress: (p) => events.push(`progress ${p.commandStatus ?? ''}`),
    },
  });
}

/** SSM lists the command with this status and these counts. */
function listCommandAs(
  Status: CommandStatus,
  TargetCount: number,
  CompletedCount: number,
  ErrorCount?: number,
): void {
  ssm.on(ListCommandsCommand).resolves({
    Commands: [
      {
        CommandId: COMMAND,
        Status,
        StatusDetails: Status,
        TargetCount,
        CompletedCount,
        ...(ErrorCount === undefined ? {} : { ErrorCount }),
      },
    ],
  });
}

async function report(req: DeployRequest, signal?: AbortSignal): Promise<DeployReport> {
  const outcome = await deploy(req, signal);
  if (outcome.kind !== 'done') throw new Error(`expected a finished deploy, got ${outcome.kind}`);
  return outcome.report;
}

const successOutput = [
  `${M}before=${BEFORE}`,
  `${M}target=${AFTER}`,
  `${M}deployed=${AFTER}`,
  `${M}stage=script`,
  'deployed!',
  `${M}exit=0`,
].join('\n');

describe('before anything is sent', () => {
  it('refuses an env value that is a secret read by this step, naming the key, never the value', async () => {
    const secret = 'hunter2-but-longer';
    const req = request(
      {
        env: [
          { name: 'DB_PASSWORD', value: secret },
          { name: 'DATABASE_URL', value: `postgres://app:${secret}@db/app` },
          { name: 'PORT', value: '5432' },
        ],
      },
      { secretValues: new Set([secret, '5432x', '54']) },
    );
    const error = await deploy(req).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    const message = (error as ActionError).message;
    expect(message).toMatch(/DB_PASSWORD is a secret read by this step/);
    expect(message).toMatch(/DATABASE_URL contains a secret/);
    expect(message).not.toMatch(/PORT/);
    expect(message).not.toContain(secret);
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });

  it('refuses a secret in any other input that reaches the command', async () => {
    const error = await deploy(
      request(
        { ref: { kind: 'name', name: 'release-s3cr3t-value' } },
        { secretValues: new Set(['s3cr3t-value']) },
      ),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/Input "ref" contains a secret/);
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });

  it('refuses a script too large for one SSM command', async () => {
    const error = await deploy(
      request({ env: [{ name: 'BIG', value: 'x'.repeat(60_000) }] }),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/over the 60000 that fit in one SSM command/);
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });

  it('dry run: the exact command and script, and no call at all', async () => {
    const outcome = await deploy(request({}, { dryRun: true }));
    expect(outcome.kind).toBe('dry-run');
    if (outcome.kind !== 'dry-run') return;
    expect(outcome.prepared.input.Parameters?.commands).toEqual([outcome.prepared.script]);
    expect(outcome.prepared.script).toContain(`[ssm-deploy:${NONCE}]`);
    expect(ssm.calls()).toHaveLength(0);
  });

  it('sends nothing when the workflow was already cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(deploy(request(), abort.signal)).rejects.toThrow(
      /cancelled before the command was sent/,
    );
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });
});

describe('sending', () => {
  it('wait: false sends once, reports the id, and does not poll', async () => {
    const outcome = await deploy(request({ wait: false }));
    expect(outcome).toMatchObject({ kind: 'sent', commandId: COMMAND });
    expect(ssm.calls()).toHaveLength(1);
    expect(events).toEqual(['send', `sent ${COMMAND}`]);
  });

  it('reports the command id before the first poll', async () => {
    ssm.on(GetCommandInvocationCommand).callsFake(() => {
      events.push('poll');
      return {
        Status: 'Success',
        StatusDetails: 'Success',
        ResponseCode: 0,
        StandardOutputContent: successOutput,
      };
    });
    await deploy(request());
    expect(events.slice(0, 3)).toEqual(['send', `sent ${COMMAND}`, 'poll']);
    expect(ssm).toHaveReceivedCommandWith(SendCommandCommand, {
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [INSTANCE],
      TimeoutSeconds: 600,
      Parameters: {
        commands: [expect.stringContaining('#!/bin/bash') as unknown as string],
        executionTimeout: ['900'],
      },
    });
  });
  it('sends nothing when the workflow is cancelled while beforeSend runs', async () => {
    const abort = new AbortController();
    const outcome = runDeploy(request(), {
      ssm: ssmClient,
      sendSsm: ssmClient,
      sendAttempts: 8,
      s3: () => new S3Client({ region: 'eu-west-1' }),
      account: () => Promise.resolve('123456789012'),
      now: time.now,
      sleep: time.sleep,
      signal: abort.signal,
      nonce: () => NONCE,
      beforeSend: () => {
        abort.abort();
        return Promise.resolve();
      },
    });
    await expect(outcome).rejects.toThrow(/cancelled before the command was sent/);
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });

  it('a send whose answer was lost is looked for and followed, never sent twice', async () => {
    ssm.on(SendCommandCommand).callsFake(() => {
      events.push('send');
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    });
    ssm.on(ListCommandsCommand).callsFake(() => {
      const script = ssm.commandCalls(SendCommandCommand)[0]?.args[0].input.Parameters?.commands;
      return {
        Commands: [{ CommandId: COMMAND, Status: 'InProgress', Parameters: { commands: script } }],
      };
    });
    ssm.on(GetCommandInvocationCommand).resolves({
      Status: 'Success',
      StatusDetails: 'Success',
      ResponseCode: 0,
      StandardOutputContent: successOutput,
    });
    const result = await report(request());
    expect(result).toMatchObject({ commandId: COMMAND, status: 'Success' });
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
    expect(events.slice(0, 2)).toEqual(['send', `sent ${COMMAND}`]);
  });

  it('a send that went unanswered and landed only after the resend: cancelled after the deploy if not started', async () => {
    const LATE = 'deadbeef-0000-0000-0000-000000000000';
    const RUNNING = 'beefcafe-0000-0000-0000-000000000000';
    let sends = 0;
    ssm.on(SendCommandCommand).callsFake(() => {
      sends++;
      if (sends === 1) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      return { Command: { CommandId: COMMAND } };
    });
    let waitDone = false;
    ssm.on(GetCommandInvocationCommand).callsFake(() => {
      waitDone = true;
      return {
        Status: 'Success',
        StatusDetails: 'Success',
        ResponseCode: 0,
        StandardOutputContent: successOutput,
      };
    });
    // SSM shows nothing while the send is looked for; by the end of the deploy, both commands.
    ssm.on(ListCommandsCommand).callsFake(() => {
      const script = ssm.commandCalls(SendCommandCommand)[0]?.args[0].input.Parameters?.commands;
      return {
        Commands: waitDone
          ? [
              { CommandId: COMMAND, Status: 'Success', Parameters: { commands: script } },
              { CommandId: LATE, Status: 'Pending', Parameters: { commands: script } },
              { CommandId: RUNNING, Status: 'InProgress', Parameters: { commands: script } },
            ]
          : [],
      };
    });
    const notes: string[] = [];
    const result = await runDeploy(request(), {
      ssm: ssmClient,
      sendSsm: ssmClient,
      sendAttempts: 8,
      s3: () => new S3Client({ region: 'eu-west-1' }),
      account: () => Promise.resolve('123456789012'),
      now: time.now,
      sleep: time.sleep,
      signal: new AbortController().signal,
      nonce: () => NONCE,
      events: { onNote: (note) => notes.push(note) },
    });
    expect(result.kind === 'done' && result.report.status).toBe('Success');
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 2);
    expect(ssm.commandCalls(CancelCommandCommand).map((c) => c.args[0].input)).toEqual([
      { CommandId: LATE },
    ]);
    // The one not started is cancelled; the one already running is left to finish.
    expect(notes.slice(-2)).toEqual([
      `SSM also has command ${LATE} with this deploy's marker, from a send that landed late; it was cancelled, so that ${COMMAND} alone deploys.`,
      `SSM also has command ${RUNNING} with this deploy's marker, from a send that landed late, and it has already started (InProgress): it is left to finish, and deploys the same commit again.`,
    ]);
  });

  it('a send answered at once: no lookup after the deploy', async () => {
    ssm.on(GetCommandInvocationCommand).resolves({
      Status: 'Success',
      StatusDetails: 'Success',
      ResponseCode: 0,
      StandardOutputContent: successOutput,
    });
    await report(request());
    expect(ssm).toHaveReceivedCommandTimes(ListCommandsCommand, 0);
  });
});

describe('the verdict', () => {
  it('one instance that succeeded: Success, with the commits and the tails', async () => {
    ssm.on(GetCommandInvocationCommand).resolves({
      Status: 'Success',
      StatusDetails: 'Success',
      ResponseCode: 0,
      StandardOutputContent: successOutput,
      ExecutionStartDateTime: '2024-01-01T00:00:00Z',
      ExecutionEndDateTime: '2024-01-01T00:00:03Z',
    });
    const result = await report(request());
    expect(result).toMatchObject({
      status: 'Success',
      deployedSha: AFTER,
      commandId: COMMAND,
      problems: [],
      cancel: undefined,
    });
    expect(result.consoleUrl).toBe(
      `https://eu-west-1.console.aws.amazon.com/systems-manager/run-command/${COMMAND}?region=eu-west-1`,
    );
    expect(result.instances).toEqual([
      expect.objectContaining({
        instanceId: INSTANCE,
        status: 'Success',
        responseCode: 0,
        durationMs: 3_000,
        previousSha: BEFORE,
        deployedSha: AFTER,
        rolledBack: false,
        healthy: null,
        stdoutTail: 'deployed!',
      }),
    ]);
  });

  it('one instance whose deploy-script failed: Failed, with the reason', async () => {
    ssm.on(GetCommandInvocationCommand).resolves({
      Status: 'Failed',
      StatusDetails: 'Failed',
      ResponseCode: 3,
      StandardOutputContent: `${M}before=${BEFORE}\n${M}deployed=${AFTER}\n${M}stage=script\n`,
      StandardErrorContent: `npm ERR! missing script\n${M}script-exit=3\n${M}exit=3\n`,
    });
    const result = await report(request());
    expect(result.status).toBe('Failed');
    expect(result.instances[0]).toMatchObject({
      success: false,
      reason: 'deploy-script failed with exit code 3',
      stderrTail: 'npm ERR! missing script',
      deployedSha: AFTER,
    });
    expect(result.deployedSha).toBe('');
  });

  it('a rollback: Failed, rolled back, at the previous commit', async () => {
    ssm.on(GetCommandInvocationCommand).resolves({
      Status: 'Failed',
      StatusDetails: 'Failed',
      ResponseCode: EXIT.rolledBack,
      StandardOutputContent: `${M}before=${BEFORE}\n`,
    });
    const result = await report(request({ rollbackOnFailure: true }));
    expect(result.status).toBe('Failed');
    expect(result.instances[0]).toMatchObject({ rolledBack: true, deployedSha: BEFORE });
  });

  it('a fleet with one failure: Failed; the others reported; deployed-sha from the ones that succeeded', async () => {
    const ids = ['i-00000000000000001', 'i-00000000000000002', 'i-00000000000000003'];
    listCommandAs('Failed', 3, 3, 1);
    ssm.on(ListCommandInvocationsCommand).resolves({
      CommandInvocations: ids.map((id, i) => ({
        InstanceId: id,
        Status: i === 1 ? 'Failed' : 'Success',
        StatusDetails: i === 1 ? 'Failed' : 'Success',
        CommandPlugins: [{ Output: i === 1 ? '' : successOutput, ResponseCode: i === 1 ? 3 : 0 }],
      })),
    });
    ssm.on(GetCommandInvocationCommand).resolves({
      Status: 'Failed',
      StatusDetails: 'Failed',
      ResponseCode: 3,
      StandardErrorContent: 'exit 3 here',
    });
    const result = await report(request({ targets: { kind: 'instances', instanceIds: ids } }));
    expect(result.status).toBe('Failed');
    expect(result.instances.map((i) => i.success)).toEqual([true, false, true]);
    expect(result.deployedSha).toBe(AFTER);
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 1);
  });

  it('a fleet SSM counts as done but never lists: Failed, each instance unknown, with the counts', async () => {
    const ids = ['i-00000000000000001', 'i-00000000000000002'];
    listCommandAs('Success', 2, 2, 0);
    ssm.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: [] });
    const start = time.t;
    const result = await report(request({ targets: { kind: 'instances', instanceIds: ids } }));
    expect(result.status).toBe('Failed');
    expect(result.instances.map((i) => [i.instanceId, i.status, i.success, i.reason])).toEqual(
      ids.map((id) => [
        id,
        'Unknown',
        false,
        'SSM never listed its invocation, so its result is unknown',
      ]),
    );
    const seconds = Math.round((time.t - start) / 1000);
    // Listed again for as long as the wait tolerates SSM not knowing a command: 60 s from the send.
    expect(seconds).toBeGreaterThan(50);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(result.problems).toEqual([
      `SSM reports the command Success (2 of 2 finished, 0 failed), but had not listed 2 of its instances ${seconds} s after it was sent: their results were not seen, so the deploy is not reported as a success.`,
    ]);
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 0);
  });

  it('tag targets SSM lists fewer of than it counted: never a success', async () => {
    listCommandAs('Success', 2, 2);
    ssm.on(ListCommandInvocationsCommand).resolves({
      CommandInvocations: [
        {
          InstanceId: 'i-00000000000000001',
          Status: 'Success',
          StatusDetails: 'Success',
          CommandPlugins: [{ Output: successOutput, ResponseCode: 0 }],
        },
      ],
    });
    const result = await report(
      request({ targets: { kind: 'tags', tags: [{ key: 'Role', values: ['web'] }] } }),
    );
    expect(result.instances.map((i) => i.success)).toEqual([true]);
    expect(result.status).toBe('Failed');
    expect(result.problems[0]).toMatch(/but had not listed 1 of its instances/);
  });

  it('tags that match no instance: Failed, said plainly', async () => {
    listCommandAs('Success', 0, 0);
    ssm.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: [] });
    const result = await report(
      request({ targets: { kind: 'tags', tags: [{ key: 'Role', values: ['web'] }] } }),
    );
    expect(result.status).toBe('Failed');
    expect(result.problems).toEqual([
      'No instance matched the targets (SSM counted none for the command), so nothing was deployed. Check the tags, and that the instances are managed by SSM and online.',
    ]);
  });

  it('a command SSM reports as TimedOut: TimedOut', async () => {
    ssm
      .on(GetCommandInvocationCommand)
      .resolves({ Status: 'TimedOut', StatusDetails: 'Execution Timed Out', ResponseCode: 137 });
    expect((await report(request())).status).toBe('TimedOut');
  });
});

describe('ending early', () => {
  it('at its deadline it cancels the command and reports TimedOut', async () => {
    ssm
      .on(GetCommandInvocationCommand)
      .resolves({ Status: 'InProgress', StatusDetails: 'InProgress' });
    const start = time.t;
    const result = await report(request());
    expect(result.status).toBe('TimedOut');
    expect(result.ending).toEqual({ kind: 'deadline', deadlineSeconds: 600 + 900 + 120 });
    expect(time.t - start).toBeGreaterThanOrEqual((600 + 900 + 120) * 1000);
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(CancelCommandCommand, { CommandId: COMMAND });
    expect(result.cancel).toEqual({ kind: 'requested' });
  });

  it("takes SSM's own expiry when it is later than its reckoning", async () => {
    ssm
      .on(SendCommandCommand)
      .resolves({ Command: { CommandId: COMMAND, ExpiresAfter: new Date(time.t + 5_000_000) } });
    ssm.on(GetCommandInvocationCommand).resolves({ Status: 'InProgress' });
    const result = await report(request());
    expect(result.ending).toEqual({ kind: 'deadline', deadlineSeconds: 5_000 + 120 });
  });

  it('when the workflow is cancelled it cancels the command, then reads the final state SSM reaches', async () => {
    const abort = new AbortController();
    let polls = 0;
    ssm.on(GetCommandInvocationCommand).callsFake(() => {
      polls++;
      if (polls === 2) abort.abort();
      if (ssm.commandCalls(CancelCommandCommand).length === 0)
        return { Status: 'InProgress', StatusDetails: 'InProgress', ResponseCode: -1 };
      // SSM is still carrying the cancel out at the first look.
      return polls === 3
        ? { Status: 'Cancelling', StatusDetails: 'Cancelling', ResponseCode: -1 }
        : { Status: 'Cancelled', StatusDetails: 'Cancelled', ResponseCode: 137 };
    });
    const result = await report(request(), abort.signal);
    expect(result.status).toBe('Cancelled');
    expect(result.ending).toEqual({ kind: 'workflow-cancelled' });
    expect(result.cancel).toEqual({ kind: 'requested' });
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 1);
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 4);
    expect(time.sleeps.at(-1)).toBe(AFTER_CANCEL_GAP_MS);
    expect(result.instances).toEqual([
      expect.objectContaining({
        instanceId: INSTANCE,
        status: 'Cancelled',
        responseCode: 137,
        success: false,
        reason: 'the command was cancelled',
      }),
    ]);
  });

  it('when SSM still reports the instance running once the time is up, its final state is unknown', async () => {
    const abort = new AbortController();
    let endedAt = 0;
    ssm.on(GetCommandInvocationCommand).callsFake(() => {
      if (!abort.signal.aborted) {
        abort.abort();
        endedAt = time.t;
      }
      return { Status: 'InProgress', StatusDetails: 'InProgress', ResponseCode: -1 };
    });
    const result = await report(request(), abort.signal);
    expect(result.instances).toEqual([
      expect.objectContaining({
        status: 'InProgress',
        reason:
          'SSM still reported it InProgress when the step had to stop, after the cancel, so its final state is unknown',
      }),
    ]);
    // It looked again every half second, never past the time the runner leaves.
    expect(time.t - endedAt).toBeLessThanOrEqual(AFTER_CANCEL_BUDGET_MS);
    expect(ssm).toHaveReceivedCommandTimes(
      GetCommandInvocationCommand,
      1 + AFTER_CANCEL_BUDGET_MS / AFTER_CANCEL_GAP_MS,
    );
  });

  it('when the workflow is cancelled before the first poll, it asks SSM after the cancel', async () => {
    const abort = new AbortController();
    ssm.on(SendCommandCommand).callsFake(() => {
      abort.abort();
      return { Command: { CommandId: COMMAND } };
    });
    ssm
      .on(GetCommandInvocationCommand)
      .rejectsOnce(awsError('InvocationDoesNotExist'))
      .resolves({ Status: 'Cancelled', StatusDetails: 'Cancelled', ResponseCode: -1 });
    const result = await report(request(), abort.signal);
    expect(result.status).toBe('Cancelled');
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 1);
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 2);
    expect(result.instances).toEqual([
      expect.objectContaining({
        instanceId: INSTANCE,
        status: 'Cancelled',
        success: false,
        reason: 'the command was cancelled',
      }),
    ]);
  });

  it('a cancel that fails is reported with its real cause; what SSM was not asked again is unknown', async () => {
    const abort = new AbortController();
    let polls = 0;
    ssm.on(GetCommandInvocationCommand).callsFake(() => {
      polls++;
      if (polls === 2) abort.abort();
      return { Status: 'InProgress', StatusDetails: 'InProgress', ResponseCode: -1 };
    });
    ssm
      .on(CancelCommandCommand)
      .rejects(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' }),
      );
    const result = await report(request(), abort.signal);
    expect(result.cancel?.kind).toBe('failed');
    expect(result.cancel?.kind === 'failed' && (result.cancel.error as Error).message).toBe(
      'connect ECONNREFUSED 127.0.0.1:4566',
    );
    // Tried again within the time the runner leaves, then no look at the instances.
    expect(ssm.commandCalls(CancelCommandCommand).length).toBeGreaterThan(1);
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 2);
    expect(result.instances).toEqual([
      expect.objectContaining({
        status: 'Unknown',
        success: false,
        reason:
          'the workflow was cancelled while it ran, and SSM could not be asked again (it was last seen InProgress), so its result is unknown',
      }),
    ]);
  });

  it('when the workflow is cancelled, an instance already failed keeps its own reason', async () => {
    const abort = new AbortController();
    ssm.on(ListCommandsCommand).callsFake(() => {
      abort.abort();
      return {
        Commands: [
          {
            CommandId: COMMAND,
            Status: 'InProgress',
            TargetCount: 2,
            CompletedCount: 1,
            ErrorCount: 1,
          },
        ],
      };
    });
    ssm.on(ListCommandInvocationsCommand).callsFake(() => ({
      CommandInvocations: [
        {
          InstanceId: 'i-0000000000000000a',
          Status: 'Failed',
          StatusDetails: 'Failed',
          CommandPlugins: [{ ResponseCode: 3, Output: 'broken' }],
        },
        ssm.commandCalls(CancelCommandCommand).length === 0
          ? { InstanceId: 'i-0000000000000000b', Status: 'InProgress', StatusDetails: 'InProgress' }
          : { InstanceId: 'i-0000000000000000b', Status: 'Cancelled', StatusDetails: 'Cancelled' },
      ],
    }));
    const result = await report(
      request({
        targets: { kind: 'instances', instanceIds: ['i-0000000000000000a', 'i-0000000000000000b'] },
      }),
      abort.signal,
    );
    expect(result.status).toBe('Cancelled');
    expect(result.instances.map((i) => [i.instanceId, i.status, i.reason])).toEqual([
      ['i-0000000000000000a', 'Failed', 'deploy-script failed with exit code 3'],
      ['i-0000000000000000b', 'Cancelled', 'the command was cancelled'],
    ]);
    // The look after the cancel is one listing, never a call per instance.
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 0);
  });

  it('when it loses sight of the command it cancels it and says why', async () => {
    ssm
      .on(GetCommandInvocationCommand)
      .rejects(awsError('AccessDeniedException', 'no ssm:GetCommandInvocation'));
    const result = await report(request());
    expect(result.status).toBe('Failed');
    expect(result.problems[0]).toMatch(/polling SSM failed: AccessDeniedException/);
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 1);
  });

  it('reports a cancel that failed', async () => {
    ssm.on(GetCommandInvocationCommand).resolves({ Status: 'InProgress' });
    ssm.on(CancelCommandCommand).rejects(awsError('ThrottlingException'));
    const result = await report(request({ timeoutSeconds: 5 }));
    expect(result.cancel?.kind).toBe('failed');
  });
});
