// Sending the command exactly once: throttles and sends that never left are sent again with
// backoff; a send whose answer was lost is looked for by its marker nonce and adopted when SSM has
// it, sent again only when it has not.

import {
  CancelCommandCommand,
  ListCommandsCommand,
  SSMClient,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildSendCommandInput } from '../../src/deploy/command.js';
import { markerPrefix } from '../../src/deploy/protocol.js';
import {
  BACKOFF_CAP_MS,
  LOOKUP_MARGIN_MS,
  SETTLE_PAUSES_MS,
  SendUnresolved,
  THROTTLE_BASE_MS,
  classifySendFailure,
  sendExactlyOnce,
  type SendDeps,
} from '../../src/deploy/send.js';
import type { ActionError } from '../../src/errors.js';
import { BASE_DEPLOY } from './fixtures/config.js';
import { FakeTime, awsError } from './fixtures/time.js';

const NONCE = '0123456789ab';
const SCRIPT = `#!/bin/bash\nmark() { printf '${markerPrefix(NONCE)} %s=%s\\n' "$1" "$2"; }\n`;
const INPUT = buildSendCommandInput(BASE_DEPLOY, SCRIPT);
const COMMAND = 'c0mmand0-0000-0000-0000-000000000000';
const OTHER = '07he7000-0000-0000-0000-000000000000';
const EXPIRES = new Date('2030-01-01T00:00:00Z');

const sendClient = new SSMClient({ region: 'eu-west-1' });
const lookupClient = new SSMClient({ region: 'eu-west-1' });
const sends = mockClient(sendClient);
const lookups = mockClient(lookupClient);
let time: FakeTime;
let notes: string[];

beforeEach(() => {
  sends.reset();
  lookups.reset();
  time = new FakeTime();
  notes = [];
});

function deps(overrides: Partial<SendDeps> = {}): SendDeps {
  return {
    sendClient,
    ssm: lookupClient,
    now: time.now,
    sleep: time.sleep,
    // The longest backoff jitter allows, so that the bounds are what the test sees.
    random: () => 0.999,
    maxAttempts: 8,
    onNote: (note) => notes.push(note),
    ...overrides,
  };
}

/** What the SDK throws when the connection is reset before an answer arrives. */
function reset(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });
}

function serverError(): Error {
  return Object.assign(awsError('InternalServerError', 'oops'), {
    $metadata: { httpStatusCode: 500 },
  });
}

const ours = {
  CommandId: COMMAND,
  DocumentName: 'AWS-RunShellScript',
  ExpiresAfter: EXPIRES,
  Parameters: { commands: [SCRIPT], executionTimeout: ['900'] },
};
const someoneElses = {
  CommandId: OTHER,
  DocumentName: 'AWS-RunShellScript',
  Parameters: { commands: ['#!/bin/bash\necho [ssm-deploy:ffffffffffff] x=y'] },
};

describe('classifySendFailure', () => {
  it('tells a throttle, a send that never left, a refusal and an unknown outcome apart', () => {
    expect(classifySendFailure(awsError('ThrottlingException'))).toEqual({
      kind: 'not-sent',
      throttled: true,
    });
    expect(classifySendFailure(refused())).toEqual({ kind: 'not-sent', throttled: false });
    expect(
      classifySendFailure(
        Object.assign(awsError('InvalidInstanceId'), { $metadata: { httpStatusCode: 400 } }),
      ).kind,
    ).toBe('refused');
    expect(classifySendFailure(awsError('CredentialsProviderError')).kind).toBe('refused');
    expect(classifySendFailure(reset()).kind).toBe('ambiguous');
    expect(classifySendFailure(serverError()).kind).toBe('ambiguous');
    expect(classifySendFailure(awsError('TimeoutError')).kind).toBe('ambiguous');
  });
});

describe('sendExactlyOnce', () => {
  it('sends once when SSM answers', async () => {
    sends
      .on(SendCommandCommand)
      .resolves({ Command: { CommandId: COMMAND, ExpiresAfter: EXPIRES } });
    expect(await sendExactlyOnce(INPUT, NONCE, deps())).toEqual({
      commandId: COMMAND,
      expiresAt: EXPIRES.getTime(),
      adopted: false,
      attempts: 1,
    });
    expect(sends).toHaveReceivedCommandTimes(SendCommandCommand, 1);
    expect(sends).toHaveReceivedCommandWith(SendCommandCommand, INPUT);
    expect(lookups.calls()).toHaveLength(0);
    expect(notes).toEqual([]);
  });

  it('sends a throttled command again after a backoff with jitter, never looking for it', async () => {
    sends
      .on(SendCommandCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves({ Command: { CommandId: COMMAND } });
    const sent = await sendExactlyOnce(INPUT, NONCE, deps());
    expect(sent).toMatchObject({ commandId: COMMAND, adopted: false, attempts: 3 });
    expect(sends).toHaveReceivedCommandTimes(SendCommandCommand, 3);
    expect(lookups.calls()).toHaveLength(0);
    // Full jitter below base·2^(n-1): the longest the fixed random allows.
    expect(time.sleeps).toEqual([
      Math.floor(0.999 * THROTTLE_BASE_MS),
      Math.floor(0.999 * 2 * THROTTLE_BASE_MS),
    ]);
    expect(notes[0]).toBe(
      'SSM throttled SendCommand (ThrottlingException: Rate exceeded); sending it again in 1.0 s (attempt 2 of 8).',
    );
  });

  it('draws each backoff at random below its bound, and never above the cap', async () => {
    const draws = [0, 0.5, 0.25, 0.999, 0.999, 0.999, 0.999];
    sends.on(SendCommandCommand).rejects(awsError('ThrottlingException'));
    await expect(
      sendExactlyOnce(INPUT, NONCE, deps({ random: () => draws.shift() ?? 0.999 })),
    ).rejects.toThrow(/SendCommand failed 8 time\(s\), the last with ThrottlingException/);
    expect(sends).toHaveReceivedCommandTimes(SendCommandCommand, 8);
    expect(time.sleeps).toEqual([0, 1_000, 1_000, 7_992, 15_984, 19_980, 19_980]);
    expect(Math.max(...time.sleeps)).toBeLessThan(BACKOFF_CAP_MS);
  });

  it('adopts the command SSM received when the answer was lost, and sends nothing more', async () => {
    sends.on(SendCommandCommand).rejects(reset());
    lookups.on(ListCommandsCommand).resolves({ Commands: [someoneElses, ours] });
    const started = time.t;
    const sent = await sendExactlyOnce(INPUT, NONCE, deps());
    expect(sent).toEqual({
      commandId: COMMAND,
      expiresAt: EXPIRES.getTime(),
      adopted: true,
      attempts: 1,
    });
    expect(sends).toHaveReceivedCommandTimes(SendCommandCommand, 1);
    expect(lookups).toHaveReceivedCommandTimes(ListCommandsCommand, 1);
    expect(lookups).toHaveReceivedCommandWith(ListCommandsCommand, {
      Filters: [
        {
          key: 'InvokedAfter',
          value: new Date(started - LOOKUP_MARGIN_MS).toISOString().replace(/\.\d+Z$/, 'Z'),
        },
        { key: 'DocumentName', value: 'AWS-RunShellScript' },
      ],
      MaxResults: 50,
    });
    // It waited before looking, so that a send still in flight has landed.
    expect(time.sleeps).toEqual([SETTLE_PAUSES_MS[0]]);
    expect(notes).toEqual([
      `SendCommand got no answer (socket hang up), but SSM has command ${COMMAND} with this deploy's marker: it was received, so it is followed rather than sent again.`,
    ]);
  });

  it('sends again only when SSM still has no command with the marker 15 s on, every page read', async () => {
    sends
      .on(SendCommandCommand)
      .rejectsOnce(serverError())
      .resolves({ Command: { CommandId: COMMAND } });
    lookups
      .on(ListCommandsCommand)
      .callsFake((input: { NextToken?: string }) =>
        input.NextToken === undefined
          ? { Commands: [someoneElses], NextToken: 'page-2' }
          : { Commands: [{ ...someoneElses, CommandId: 'x' }] },
      );
    const started = time.t;
    const sent = await sendExactlyOnce(INPUT, NONCE, deps());
    expect(sent).toMatchObject({ commandId: COMMAND, adopted: false, attempts: 2 });
    // The first send may yet land: what to look for once the deploy has run.
    expect(sent.unsure).toEqual({ nonce: NONCE, since: started - LOOKUP_MARGIN_MS });
    expect(sends).toHaveReceivedCommandTimes(SendCommandCommand, 2);
    // Asked after each settle pause, two pages each time.
    expect(time.sleeps).toEqual([...SETTLE_PAUSES_MS]);
    expect(lookups).toHaveReceivedCommandTimes(ListCommandsCommand, 2 * SETTLE_PAUSES_MS.length);
    expect(lookups).toHaveReceivedNthCommandWith(ListCommandsCommand, 2, { NextToken: 'page-2' });
    expect(notes).toEqual([
      "SendCommand got no answer (InternalServerError: oops), and SSM showed no command with this deploy's marker 15.0 s later: it was not received, so it is sent again (attempt 2 of 8).",
    ]);
  });

  it('adopts a command that SSM shows only a few seconds after the send failed', async () => {
    const failedAt = time.t;
    sends.on(SendCommandCommand).rejects(awsError('TimeoutError', 'timed out'));
    lookups
      .on(ListCommandsCommand)
      .callsFake(() => ({ Commands: time.t - failedAt >= 6_000 ? [ours] : [] }));
    expect(await sendExactlyOnce(INPUT, NONCE, deps())).toMatchObject({
      commandId: COMMAND,
      adopted: true,
      attempts: 1,
    });
    expect(sends).toHaveReceivedCommandTimes(SendCommandCommand, 1);
    expect(time.sleeps).toEqual(SETTLE_PAUSES_MS.slice(0, 3));
  });

  it('follows the oldest of two commands with the marker and cancels the other', async () => {
    sends.on(SendCommandCommand).rejects(reset());
    const late = { ...ours, CommandId: OTHER, RequestedDateTime: new Date('2030-01-01T00:00:20Z') };
    const first = { ...ours, RequestedDateTime: new Date('2030-01-01T00:00:00Z') };
    lookups.on(ListCommandsCommand).resolves({ Commands: [late, first] });
    lookups.on(CancelCommandCommand).resolves({});
    expect(await sendExactlyOnce(INPUT, NONCE, deps())).toMatchObject({
      commandId: COMMAND,
      adopted: true,
    });
    expect(lookups).toHaveReceivedCommandTimes(CancelCommandCommand, 1);
    expect(lookups).toHaveReceivedCommandWith(CancelCommandCommand, { CommandId: OTHER });
    expect(notes.at(-1)).toBe(
      `SSM also has command ${OTHER} with this deploy's marker, from a send that landed late; it was cancelled, so that ${COMMAND} alone deploys.`,
    );
  });

  it('a server error is never taken for a clock refusal, whatever the SDK says of the clock', () => {
    const skewedServerError = Object.assign(awsError('InternalServerError'), {
      $metadata: { httpStatusCode: 500, clockSkewCorrected: true },
    });
    expect(classifySendFailure(skewedServerError).kind).toBe('ambiguous');
  });

  it('sends again after a refusal for the clock, which the SDK has set right', async () => {
    const skewed = Object.assign(awsError('InvalidSignatureException', 'Signature expired'), {
      $metadata: { httpStatusCode: 400, clockSkewCorrected: true },
    });
    expect(classifySendFailure(skewed).kind).toBe('not-sent');
    sends
      .on(SendCommandCommand)
      .rejectsOnce(skewed)
      .resolves({ Command: { CommandId: COMMAND } });
    expect(await sendExactlyOnce(INPUT, NONCE, deps())).toMatchObject({ attempts: 2 });
    expect(lookups.calls()).toHaveLength(0);
  });

  it('sends again, without looking, when the send never reached SSM', async () => {
    sends
      .on(SendCommandCommand)
      .rejectsOnce(refused())
      .resolves({ Command: { CommandId: COMMAND } });
    expect(await sendExactlyOnce(INPUT, NONCE, deps())).toMatchObject({ attempts: 2 });
    expect(lookups.calls()).toHaveLength(0);
    expect(notes[0]).toMatch(/^SendCommand did not reach SSM \(connect ECONNREFUSED/);
  });

  it('does not send again when it cannot tell whether SSM received the command', async () => {
    sends.on(SendCommandCommand).rejects(reset());
    lookups.on(ListCommandsCommand).rejects(awsError('AccessDeniedException', 'no ListCommands'));
    const error = await sendExactlyOnce(INPUT, NONCE, deps()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendUnresolved);
    expect((error as ActionError).message).toBe(
      'SendCommand got no answer (socket hang up), and SSM could not be asked whether it received the command (AccessDeniedException: no ListCommands). It is not sent again, so that the deploy cannot run twice; it may or may not be running.',
    );
    expect((error as ActionError).hint).toContain(`[ssm-deploy:${NONCE}]`);
    expect(sends).toHaveReceivedCommandTimes(SendCommandCommand, 1);
  });

  it('passes a refusal on at once, with its hint', async () => {
    sends.on(SendCommandCommand).rejects(
      Object.assign(awsError('InvalidInstanceId', 'not in a valid state'), {
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const error = await sendExactlyOnce(INPUT, NONCE, deps()).catch((e: unknown) => e);
    expect((error as ActionError).message).toBe(
      'SSM refused the command: InvalidInstanceId: not in a valid state',
    );
    expect(sends).toHaveReceivedCommandTimes(SendCommandCommand, 1);
    expect(lookups.calls()).toHaveLength(0);
  });

  it('gives up after its attempts, having looked after the last, and says nothing was deployed', async () => {
    sends.on(SendCommandCommand).rejects(reset());
    lookups.on(ListCommandsCommand).resolves({ Commands: [] });
    await expect(sendExactlyOnce(INPUT, NONCE, deps({ maxAttempts: 3 }))).rejects.toThrow(
      "SendCommand failed 3 time(s), the last without an answer (socket hang up); SSM showed no command with this deploy's marker 15.0 s after each, so as far as SSM shows nothing was deployed.",
    );
    expect(sends).toHaveReceivedCommandTimes(SendCommandCommand, 3);
    expect(lookups).toHaveReceivedCommandTimes(ListCommandsCommand, 3 * SETTLE_PAUSES_MS.length);
  });

  it('a cancelled workflow stops the retries of a throttled send: nothing was sent', async () => {
    const abort = new AbortController();
    sends.on(SendCommandCommand).callsFake(() => {
      abort.abort();
      throw awsError('ThrottlingException');
    });
    await expect(sendExactlyOnce(INPUT, NONCE, deps({ signal: abort.signal }))).rejects.toThrow(
      'The workflow was cancelled before SSM took the command; nothing was sent, so nothing was deployed.',
    );
    expect(sends).toHaveReceivedCommandTimes(SendCommandCommand, 1);
  });

  it('a cancelled workflow still looks for a send whose answer was lost, so it can be cancelled', async () => {
    const abort = new AbortController();
    sends.on(SendCommandCommand).callsFake(() => {
      abort.abort();
      throw reset();
    });
    lookups.on(ListCommandsCommand).resolves({ Commands: [ours] });
    expect(await sendExactlyOnce(INPUT, NONCE, deps({ signal: abort.signal }))).toMatchObject({
      commandId: COMMAND,
      adopted: true,
    });
    // Asked at once, without the settle pauses.
    expect(time.sleeps).toEqual([]);
  });

  it('a cancelled workflow, and SSM not showing the command yet: unresolved, for the post step', async () => {
    const abort = new AbortController();
    sends.on(SendCommandCommand).callsFake(() => {
      abort.abort();
      throw reset();
    });
    lookups.on(ListCommandsCommand).resolves({ Commands: [] });
    const error = await sendExactlyOnce(INPUT, NONCE, deps({ signal: abort.signal })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SendUnresolved);
    expect((error as Error).message).toContain('the post step looks for it once more');
    expect(sends).toHaveReceivedCommandTimes(SendCommandCommand, 1);
    expect(lookups).toHaveReceivedCommandTimes(ListCommandsCommand, 1);
  });
});
