// The main step with a deploy, through a stand-in for @actions/core, a mocked SSM, a fake clock
// and an injected signal source: the verdict reaches the exit code, and a cancelled workflow
// cancels the command.

import { BatchGetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  CancelCommandCommand,
  GetCommandInvocationCommand,
  GetParameterCommand,
  SSMClient,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CancelSignal, SignalSource } from '../../src/deploy/signals.js';
import { markerPrefix } from '../../src/deploy/protocol.js';
import type { Config } from '../../src/config.js';
import { run, whatCancelDoes } from '../../src/main.js';
import { BASE_DEPLOY } from './fixtures/config.js';
import * as fake from './fixtures/core.js';
import { FakeTime } from './fixtures/time.js';
import { stubEvent } from './fixtures/event.js';
import { instancesManaged, ssmOperations } from './fixtures/main-run.js';

vi.mock('@actions/core', () => import('./fixtures/core.js'));

const ssm = mockClient(SSMClient);
const secretsManager = mockClient(SecretsManagerClient);
const COMMAND = '0ddba11-0000-0000-0000-000000000000';
let time: FakeTime;

class FakeSignals implements SignalSource {
  private readonly handlers = new Set<(signal: CancelSignal) => void>();
  listen(handler: (signal: CancelSignal) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
  fire(signal: CancelSignal): void {
    for (const handler of this.handlers) handler(signal);
  }
  get listening(): number {
    return this.handlers.size;
  }
}

function given(inputs: Record<string, string>): void {
  fake.getInput.mockImplementation((name) => inputs[name] ?? '');
}

const DEPLOY = {
  'aws-region': 'eu-west-1',
  'instance-ids': 'i-0123456789abcdef0',
  'working-directory': '/srv/app',
  ref: 'c'.repeat(40),
};

beforeEach(() => {
  stubEvent();
  fake.resetCore();
  ssm.reset();
  instancesManaged(ssm);
  secretsManager.reset();
  time = new FakeTime();
  ssm.on(SendCommandCommand).resolves({ Command: { CommandId: COMMAND } });
  ssm.on(CancelCommandCommand).resolves({});
});

afterEach(() => {
  process.exitCode = undefined;
});

function stateWrites(): [string, unknown][] {
  return fake.saveState.mock.calls;
}

describe('run() with a deploy', () => {
  it('succeeds: outputs set, summary written, and nothing left for the post step', async () => {
    ssm.on(GetCommandInvocationCommand).callsFake(() => {
      const sent =
        ssm.commandCalls(SendCommandCommand)[0]?.args[0].input.Parameters?.commands?.[0] ?? '';
      const nonce = /\[ssm-deploy:([0-9a-f]{12})\]/.exec(sent)?.[1] ?? '';
      return {
        Status: 'Success',
        StatusDetails: 'Success',
        ResponseCode: 0,
        StandardOutputContent: `${markerPrefix(nonce)}deployed=${'c'.repeat(40)}\nok\n`,
      };
    });
    given(DEPLOY);
    const signals = new FakeSignals();
    await run({ signals, now: time.now, sleep: time.sleep });
    expect(process.exitCode).toBeUndefined();
    expect(fake.error).not.toHaveBeenCalled();
    expect(fake.setOutput).toHaveBeenCalledWith('status', 'Success');
    expect(fake.setOutput).toHaveBeenCalledWith('deployed-sha', 'c'.repeat(40));
    // Before the send, what finds the command without its id; then the id; then nothing.
    expect(stateWrites()).toEqual([
      ['sending-nonce', expect.stringMatching(/^[0-9a-f]{12}$/)],
      ['sending-at', expect.stringMatching(/^\d{13}$/)],
      ['region', 'eu-west-1'],
      ['command-id', COMMAND],
      ['region', 'eu-west-1'],
      ['accepted-at', expect.stringMatching(/^\d{13}$/)],
      ['sending-nonce', ''],
      ['command-id', ''],
      ['sending-nonce', ''],
    ]);
    const sent = ssm.commandCalls(SendCommandCommand)[0]?.args[0].input.Parameters?.commands?.[0];
    expect(sent).toContain(`[ssm-deploy:${String(stateWrites()[0]?.[1])}]`);
    expect(fake.summary.written).toBe(true);
    expect(signals.listening).toBe(0);
  });

  it('fails the step when an instance failed', async () => {
    ssm.on(GetCommandInvocationCommand).resolves({
      Status: 'Failed',
      StatusDetails: 'Failed',
      ResponseCode: 3,
      StandardErrorContent: 'broken',
    });
    given(DEPLOY);
    await run({ signals: new FakeSignals(), now: time.now, sleep: time.sleep });
    expect(process.exitCode).toBe(1);
    expect(fake.error).toHaveBeenCalledWith(
      expect.stringContaining('deploy-script failed with exit code 3'),
      {
        title: 'Deploy failed on i-0123456789abcdef0',
      },
    );
  });

  it('a cancelled workflow (SIGINT) cancels the command, says so, and fails the step', async () => {
    const signals = new FakeSignals();
    let polls = 0;
    ssm.on(GetCommandInvocationCommand).callsFake(() => {
      polls++;
      if (polls === 2) signals.fire('SIGINT');
      if (polls === 3) signals.fire('SIGTERM');
      return ssm.commandCalls(CancelCommandCommand).length === 0
        ? { Status: 'InProgress', StatusDetails: 'InProgress' }
        : { Status: 'Cancelled', StatusDetails: 'Cancelled', ResponseCode: 137 };
    });
    given(DEPLOY);
    await run({ signals, now: time.now, sleep: time.sleep });
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(CancelCommandCommand, { CommandId: COMMAND });
    // Two polls, then one look after the cancel, which found the instance Cancelled.
    expect(polls).toBe(3);
    expect(fake.error).toHaveBeenCalledWith(
      `Stopped by the runner (the workflow was cancelled, or timeout-minutes ran out). SSM command ${COMMAND} was cancelled on every instance still running it.`,
      { title: 'Deploy stopped' },
    );
    expect(fake.setOutput).toHaveBeenCalledWith('status', 'Cancelled');
    expect(process.exitCode).toBe(1);
    expect(stateWrites().slice(-2)).toEqual([
      ['command-id', ''],
      ['sending-nonce', ''],
    ]);
  });

  it('wait: false sets command-id and returns without polling', async () => {
    given({ ...DEPLOY, wait: 'false' });
    await run({ signals: new FakeSignals(), now: time.now, sleep: time.sleep });
    expect(fake.setOutput).toHaveBeenCalledWith('command-id', COMMAND);
    expect(ssmOperations(ssm)).toEqual(['DescribeInstanceInformation', 'SendCommand']);
    expect(process.exitCode).toBeUndefined();
  });

  it('dry-run checks the instances, prints the script and changes nothing', async () => {
    given({ ...DEPLOY, 'dry-run': 'true' });
    await run({ signals: new FakeSignals(), now: time.now, sleep: time.sleep });
    expect(ssmOperations(ssm)).toEqual(['DescribeInstanceInformation']);
    expect(fake.printed().some((line) => line.startsWith('#!/bin/bash'))).toBe(true);
    expect(process.exitCode).toBeUndefined();
  });
});

describe('run() cancelled before anything was sent', () => {
  it('while the secrets are read: stops at once, says where, sends nothing, and fails', async () => {
    const signals = new FakeSignals();
    // The call hangs, as one does behind a slow network: only the cancel can end the wait.
    secretsManager.on(BatchGetSecretValueCommand).callsFake(() => {
      signals.fire('SIGINT');
      return new Promise(() => undefined);
    });
    given({ ...DEPLOY, 'secret-ids': 'app/db' });
    const exits: number[] = [];
    await run({ signals, now: time.now, sleep: time.sleep, exit: (code) => exits.push(code) });

    expect(fake.printed()).toContain(
      'SIGINT: the runner is stopping this step (the workflow was cancelled, or timeout-minutes ran out); the step stops, and nothing is sent to the instances.',
    );
    expect(fake.error.mock.calls).toEqual([
      [
        'Stopped by the runner (the workflow was cancelled, or timeout-minutes ran out) while reading secrets; nothing was sent to the instances.',
        { title: 'Cancelled' },
      ],
    ]);
    expect(process.exitCode).toBe(1);
    expect(exits).toEqual([1]);
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
    expect(fake.setOutput).not.toHaveBeenCalled();
    expect(signals.listening).toBe(0);
  });

  it('in the deploy phase, before SendCommand: nothing is sent, and the step fails saying so', async () => {
    const signals = new FakeSignals();
    ssm.on(GetParameterCommand).callsFake(() => {
      signals.fire('SIGTERM');
      return { Parameter: { Name: '/deploys/shop', Value: '{}', Version: 1 } };
    });
    given({ ...DEPLOY, 'record-parameter': '/deploys/shop' });
    await run({ signals, now: time.now, sleep: time.sleep, exit: () => undefined });
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
    expect(fake.error).toHaveBeenCalledWith(
      'Stopped by the runner (the workflow was cancelled, or timeout-minutes ran out) while checking the target instances; nothing was sent to the instances.',
      { title: 'Cancelled' },
    );
    expect(process.exitCode).toBe(1);
    expect(signals.listening).toBe(0);
  });
});

describe('what a workflow cancel does, said when it is heard', () => {
  const deploying = { deploy: BASE_DEPLOY } as unknown as Config;
  const notWaiting = { deploy: { ...BASE_DEPLOY, wait: false } } as unknown as Config;
  const secretsOnly = { deploy: undefined } as unknown as Config;
  it.each([
    [{ sending: false, commandSent: false }, secretsOnly, 'the step stops'],
    [
      { sending: false, commandSent: false },
      deploying,
      'the step stops, and nothing is sent to the instances',
    ],
    [
      { sending: true, commandSent: false },
      deploying,
      'the SSM command being sent is cancelled if SSM took it',
    ],
    [{ sending: true, commandSent: true }, deploying, 'cancelling the SSM command'],
    [
      { sending: true, commandSent: true },
      notWaiting,
      'the SSM command was sent with wait: false, so it goes on running',
    ],
  ])('%o: %s', (state, config, said) => {
    expect(whatCancelDoes(state, config)).toBe(said);
  });
});
