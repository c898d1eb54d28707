// Collecting every instance's final result with as few calls as that takes, and the whole output
// from S3 when SSM cut it.

import { Readable } from 'node:stream';
import { GetObjectCommand, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import {
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  SSMClient,
  type CommandInvocation,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  RELIST_MAX_GAP_MS,
  collectRuns,
  splitSummary,
  type CollectRequest,
} from '../../src/deploy/collect.js';
import { outputKey } from '../../src/deploy/s3-output.js';
import { pollInterval, type Seen } from '../../src/deploy/wait.js';
import { FakeTime, awsError } from './fixtures/time.js';

const COMMAND = 'c0ffee00-0000-0000-0000-000000000000';
const ssmClient = new SSMClient({ region: 'eu-west-1' });
const s3Client = new S3Client({ region: 'eu-west-1' });
const ssm = mockClient(ssmClient);
const s3 = mockClient(s3Client);
let time: FakeTime;

beforeEach(() => {
  ssm.reset();
  s3.reset();
  time = new FakeTime();
});

const SEEN: Seen = {
  commandStatus: 'Success',
  statusDetails: 'Success',
  counts: undefined,
  instances: [],
  invocation: undefined,
  calls: 0,
};

/** The command finished 2 s after it was sent; the wait tolerates 60 s of SSM not knowing it. */
function fleet(instanceIds?: string[], overrides: Partial<CollectRequest> = {}): CollectRequest {
  return {
    commandId: COMMAND,
    target: { kind: 'fleet', instanceIds },
    outputS3: undefined,
    refresh: false,
    sentAt: time.t - 2_000,
    relistUntil: time.t - 2_000 + 60_000,
    ...overrides,
  };
}

function collect(request: CollectRequest, seen: Seen = SEEN) {
  return collectRuns(request, seen, {
    ssm: ssmClient,
    s3: () => s3Client,
    now: time.now,
    sleep: time.sleep,
  });
}

function listed(
  id: string,
  status: string,
  output: string,
  code = status === 'Success' ? 0 : 1,
  details = status,
): CommandInvocation {
  return {
    InstanceId: id,
    Status: status as CommandInvocation['Status'],
    StatusDetails: details,
    CommandPlugins: [
      {
        Name: 'aws:runShellScript',
        Output: output,
        ResponseCode: code,
        ResponseStartDateTime: new Date(1_000),
        ResponseFinishDateTime: new Date(4_500),
      },
    ],
  };
}

function body(text: string): NonNullable<GetObjectCommandOutput['Body']> {
  // The SDK's stream type adds transformToString to a Node stream; this is that, for a test.
  return Object.assign(Readable.from([Buffer.from(text)]), {
    transformToString: () => Promise.resolve(text),
  }) as unknown as NonNullable<GetObjectCommandOutput['Body']>;
}

describe('one instance', () => {
  it('uses the final invocation the wait already read, without another call', async () => {
    const seen: Seen = {
      ...SEEN,
      invocation: {
        $metadata: {},
        Status: 'Success',
        StatusDetails: 'Success',
        ResponseCode: 0,
        StandardOutputContent: 'out',
        StandardErrorContent: '',
        ExecutionStartDateTime: '2024-01-01T00:00:00.000Z',
        ExecutionEndDateTime: '2024-01-01T00:00:02.500Z',
      },
    };
    const { runs } = await collect(
      { ...fleet(), target: { kind: 'one', instanceId: 'i-1' } },
      seen,
    );
    expect(ssm.calls()).toHaveLength(0);
    expect(runs).toEqual([
      {
        instanceId: 'i-1',
        status: 'Success',
        statusDetails: 'Success',
        responseCode: 0,
        startedAt: Date.parse('2024-01-01T00:00:00.000Z'),
        endedAt: Date.parse('2024-01-01T00:00:02.500Z'),
        stdout: 'out',
        stderr: '',
        ssmOutput: 'out\n',
        source: 'complete',
      },
    ]);
  });

  it('reads it again after a cancel', async () => {
    ssm
      .on(GetCommandInvocationCommand)
      .resolves({ Status: 'Cancelled', StatusDetails: 'Cancelled', ResponseCode: -1 });
    const { runs } = await collect({
      ...fleet(),
      target: { kind: 'one', instanceId: 'i-1' },
      refresh: true,
    });
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 1);
    expect(runs[0]?.status).toBe('Cancelled');
  });

  it('marks output SSM cut at 24,000 characters', async () => {
    ssm
      .on(GetCommandInvocationCommand)
      .resolves({ Status: 'Success', ResponseCode: 0, StandardOutputContent: 'x'.repeat(24_000) });
    const { runs } = await collect({
      ...fleet(),
      target: { kind: 'one', instanceId: 'i-1' },
      refresh: true,
    });
    expect(runs[0]?.source).toBe('cut');
  });
});

describe('a fleet', () => {
  it('lists with details, and reads the full output of the failed instance only', async () => {
    ssm.on(ListCommandInvocationsCommand).resolves({
      CommandInvocations: [
        listed('i-b', 'Failed', 'partial\n----------ERROR-------\nboom', 3),
        listed('i-a', 'Success', 'fine'),
        listed('i-c', 'Success', 'fine too'),
      ],
    });
    ssm.on(GetCommandInvocationCommand).resolves({
      Status: 'Failed',
      StatusDetails: 'Failed',
      ResponseCode: 3,
      StandardOutputContent: 'partial and more',
      StandardErrorContent: 'boom, with the whole story',
    });
    const { runs, notes } = await collect(fleet(['i-a', 'i-b', 'i-c']));
    expect(ssm).toHaveReceivedCommandTimes(ListCommandInvocationsCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(ListCommandInvocationsCommand, {
      CommandId: COMMAND,
      Details: true,
      MaxResults: 50,
    });
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(GetCommandInvocationCommand, {
      CommandId: COMMAND,
      InstanceId: 'i-b',
    });
    // A summary the agent did not cut is the whole output.
    expect(runs.map((r) => [r.instanceId, r.source, r.stderr])).toEqual([
      ['i-a', 'complete', ''],
      ['i-b', 'complete', 'boom, with the whole story'],
      ['i-c', 'complete', ''],
    ]);
    expect(runs[0]).toMatchObject({ startedAt: 1_000, endedAt: 4_500, responseCode: 0 });
    expect(notes).toEqual([]);
  });

  it('reads the full output of a cut summary in a small deploy, not in a large one', async () => {
    const cut = 'x'.repeat(1_200) + '\n---Output truncated---';
    ssm
      .on(GetCommandInvocationCommand)
      .resolves({ Status: 'Success', ResponseCode: 0, StandardOutputContent: 'x'.repeat(5_000) });
    ssm.on(ListCommandInvocationsCommand).resolves({
      CommandInvocations: [listed('i-a', 'Success', cut), listed('i-b', 'Success', 'short')],
    });
    const small = await collect(fleet(['i-a', 'i-b']));
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 1);
    expect(small.runs.map((r) => [r.instanceId, r.source])).toEqual([
      ['i-a', 'complete'],
      ['i-b', 'complete'],
    ]);

    ssm.reset();
    const many = Array.from({ length: 12 }, (_, i) =>
      listed(`i-${String(i).padStart(2, '0')}`, 'Success', cut),
    );
    ssm.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: many });
    const { runs } = await collect(fleet());
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 0);
    expect(runs.every((r) => r.source === 'summary')).toBe(true);
  });

  it('takes a summary cut on stderr alone as cut, and an uncut one as the whole output', async () => {
    ssm.on(ListCommandInvocationsCommand).resolves({
      CommandInvocations: Array.from({ length: 12 }, (_, i) =>
        listed(
          `i-${String(i).padStart(2, '0')}`,
          'Success',
          i === 0 ? 'out\n----------ERROR-------\nerr\n---Error truncated----' : 'out',
        ),
      ),
    });
    const { runs } = await collect(fleet());
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 0);
    expect(runs.map((r) => r.source)).toEqual(['summary', ...Array<string>(11).fill('complete')]);
  });

  it('after a long deploy, lists again every 2 s at most within the tolerance, not at its slow pace', async () => {
    // A 10-minute deploy: the wait's pace is a minute by now, the tolerance after the end 6 s.
    const request = fleet(['i-a', 'i-b'], {
      sentAt: time.t - 600_000,
      relistUntil: time.t + 6_000,
    });
    const listedFrom = time.t + 3_000;
    ssm.on(ListCommandInvocationsCommand).callsFake(() => ({
      CommandInvocations: [
        listed('i-a', 'Success', 'ok a'),
        time.t < listedFrom
          ? listed('i-b', 'InProgress', '', -1, 'InProgress')
          : listed('i-b', 'Success', 'ok b'),
      ],
    }));
    const { runs, unlisted } = await collect(request);
    expect(runs.map((r) => [r.instanceId, r.status, r.unknown])).toEqual([
      ['i-a', 'Success', undefined],
      ['i-b', 'Success', undefined],
    ]);
    expect(unlisted).toBe(0);
    expect(time.sleeps).toEqual([RELIST_MAX_GAP_MS, RELIST_MAX_GAP_MS]);
  });

  it('asks nothing more about an instance the command never reached', async () => {
    ssm.on(ListCommandInvocationsCommand).resolves({
      CommandInvocations: [
        listed('i-a', 'Failed', '', -1, 'Undeliverable'),
        listed('i-b', 'TimedOut', '', -1, 'Delivery Timed Out'),
      ],
    });
    const { runs } = await collect(fleet(['i-a', 'i-b']));
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 0);
    expect(runs.map((r) => r.source)).toEqual(['none', 'none']);
  });

  it("lists again at the wait's pace until SSM lists the invocations it was slow to list", async () => {
    const request = fleet(['i-a', 'i-b']);
    // SSM counts the command finished at once, but lists its invocations only 8 s after the send.
    ssm.on(ListCommandInvocationsCommand).callsFake(() => ({
      CommandInvocations:
        time.t < request.sentAt + 8_000
          ? []
          : [listed('i-a', 'Success', 'ok a'), listed('i-b', 'Success', 'ok b')],
    }));
    const { runs, unlisted, notes } = await collect(request);
    expect(runs.map((r) => [r.instanceId, r.status, r.unknown])).toEqual([
      ['i-a', 'Success', undefined],
      ['i-b', 'Success', undefined],
    ]);
    expect(unlisted).toBe(0);
    expect(notes).toEqual([]);
    // The wait's own interval, early on: its minimum, and one listing after each sleep.
    expect(time.sleeps.length).toBeGreaterThan(1);
    expect(new Set(time.sleeps)).toEqual(new Set([pollInterval(0)]));
    expect(ssm).toHaveReceivedCommandTimes(ListCommandInvocationsCommand, time.sleeps.length + 1);
  });

  it('says the result of an instance SSM never listed is unknown, once the window has passed', async () => {
    const request = fleet(['i-a', 'i-z']);
    ssm
      .on(ListCommandInvocationsCommand)
      .resolves({ CommandInvocations: [listed('i-a', 'Success', 'ok')] });
    const { runs, unlisted, notes } = await collect(request, {
      ...SEEN,
      instances: [{ instanceId: 'i-z', status: 'Pending', statusDetails: 'Pending' }],
    });
    expect(runs.find((r) => r.instanceId === 'i-z')).toEqual({
      instanceId: 'i-z',
      status: 'Unknown',
      statusDetails: '',
      responseCode: undefined,
      startedAt: undefined,
      endedAt: undefined,
      stdout: '',
      stderr: '',
      ssmOutput: '',
      source: 'none',
      unknown:
        'SSM never listed its invocation (it was last seen Pending), so its result is unknown',
    });
    expect(unlisted).toBe(1);
    expect(notes).toEqual([]);
    // Listed again until the end of the window, the last listing at its very end, never after.
    const sleeps = time.sleeps;
    expect(sleeps.length).toBeGreaterThan(10);
    expect(ssm).toHaveReceivedCommandTimes(ListCommandInvocationsCommand, sleeps.length + 1);
    expect(time.t).toBe(request.relistUntil);
    // The result of an instance that was not listed is never asked for one by one.
    expect(ssm).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 0);
  });

  it('an instance still listed unfinished after the command finished: unknown, not a success', async () => {
    ssm.on(ListCommandInvocationsCommand).resolves({
      CommandInvocations: [
        listed('i-a', 'Success', 'ok'),
        { ...listed('i-b', 'InProgress', '', -1), CommandPlugins: [] },
      ],
    });
    const { runs } = await collect(fleet(['i-a', 'i-b'], { relistUntil: time.t }));
    expect(runs.map((r) => [r.instanceId, r.status, r.unknown])).toEqual([
      ['i-a', 'Success', undefined],
      [
        'i-b',
        'InProgress',
        'SSM still listed it as InProgress after the command had finished, so its result is unknown',
      ],
    ]);
    expect(ssm).toHaveReceivedCommandTimes(ListCommandInvocationsCommand, 1);
  });

  it('tag targets: counts the instances SSM counted but never listed', async () => {
    ssm
      .on(ListCommandInvocationsCommand)
      .resolves({ CommandInvocations: [listed('i-a', 'Success', 'ok')] });
    const { runs, unlisted } = await collect(fleet(undefined, { relistUntil: time.t + 3_000 }), {
      ...SEEN,
      counts: { target: 3, completed: 3, errors: 0, deliveryTimedOut: 0 },
    });
    expect(runs.map((r) => r.instanceId)).toEqual(['i-a']);
    expect(unlisted).toBe(2);
    // At once, then at the wait's pace (1.5 s), the last at the very end of the 3 s window.
    expect(time.sleeps).toEqual([1_500, 1_500]);
    expect(ssm).toHaveReceivedCommandTimes(ListCommandInvocationsCommand, 3);
  });

  it.each([
    [
      'a refusal asks for the permission',
      awsError('AccessDeniedException', 'not authorized to perform: ssm:ListCommandInvocations'),
      'AccessDeniedException: not authorized to perform: ssm:ListCommandInvocations; the role needs the ssm:ListCommandInvocations permission',
    ],
    [
      'throttling asks for more attempts, not a permission',
      awsError('ThrottlingException', 'Rate exceeded'),
      'ThrottlingException: Rate exceeded; AWS throttled it after every retry: raise AWS_MAX_ATTEMPTS, and see each instance on the command page',
    ],
    [
      'a known error gives its own hint',
      awsError('ExpiredTokenException', 'The security token included in the request is expired'),
      "ExpiredTokenException: The security token included in the request is expired; The AWS credentials have expired. Raise role-duration-seconds in configure-aws-credentials, or run it closer to this step. Each instance's result is on the command page",
    ],
    [
      'anything else points to the command page',
      awsError('InternalServerError', 'try later'),
      'InternalServerError: try later; see each instance on the command page',
    ],
  ])('tag targets never listed for an error: %s', async (_, error, listingError) => {
    ssm.on(ListCommandInvocationsCommand).rejects(error);
    const collected = await collect(fleet(undefined, { relistUntil: time.t + 3_000 }), {
      ...SEEN,
      counts: { target: 2, completed: 2, errors: 0, deliveryTimedOut: 0 },
    });
    expect(collected.unlisted).toBe(2);
    expect(collected.listingError).toBe(listingError);
    expect(collected.notes).toEqual([]);
  });

  it('a listing that failed but hid no instance is a note, with no advice', async () => {
    ssm
      .on(ListCommandInvocationsCommand)
      .resolvesOnce({
        CommandInvocations: [{ ...listed('i-a', 'InProgress', '', -1), CommandPlugins: [] }],
      })
      .rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const collected = await collect(fleet(['i-a'], { relistUntil: time.t + 3_000 }));
    expect(collected.unlisted).toBe(0);
    expect(collected.listingError).toBeUndefined();
    expect(collected.notes).toEqual([
      'Could not list the instances of the command: ThrottlingException: Rate exceeded',
    ]);
  });

  it('tag targets: lists again while SSM has listed fewer instances than it counted', async () => {
    ssm
      .on(ListCommandInvocationsCommand)
      .resolvesOnce({ CommandInvocations: [listed('i-a', 'Success', 'ok')] })
      .resolves({
        CommandInvocations: [listed('i-a', 'Success', 'ok'), listed('i-b', 'Success', 'ok')],
      });
    const { runs, notes } = await collect(fleet(undefined), {
      ...SEEN,
      counts: { target: 2, completed: 2, errors: 0, deliveryTimedOut: 0 },
    });
    expect(runs).toHaveLength(2);
    expect(notes).toEqual([]);
    expect(ssm).toHaveReceivedCommandTimes(ListCommandInvocationsCommand, 2);
  });

  it('reads all pages', async () => {
    ssm
      .on(ListCommandInvocationsCommand)
      .resolvesOnce({ CommandInvocations: [listed('i-a', 'Success', 'ok')], NextToken: 'next' })
      .resolvesOnce({ CommandInvocations: [listed('i-b', 'Success', 'ok')] });
    const { runs } = await collect(fleet(['i-a', 'i-b']));
    expect(runs.map((r) => r.instanceId)).toEqual(['i-a', 'i-b']);
    expect(ssm).toHaveReceivedNthCommandWith(ListCommandInvocationsCommand, 2, {
      NextToken: 'next',
    });
  });
});

describe('output from S3', () => {
  const outputS3 = { bucket: 'deploy-logs', keyPrefix: 'shop/', owner: '123456789012' };

  it('replaces output SSM cut with the whole of it; a stream S3 has no object for stays as SSM gave it', async () => {
    ssm.on(GetCommandInvocationCommand).resolves({
      Status: 'Failed',
      ResponseCode: 3,
      StandardOutputContent: 'y'.repeat(24_000),
      StandardErrorContent: 'boom',
    });
    s3.on(GetObjectCommand, {
      Key: `shop/${COMMAND}/i-1/awsrunShellScript/0.awsrunShellScript/stdout`,
    }).resolves({
      Body: body('y'.repeat(30_000) + '\nthe end'),
    });
    s3.on(GetObjectCommand, {
      Key: `shop/${COMMAND}/i-1/awsrunShellScript/0.awsrunShellScript/stderr`,
    }).rejects(awsError('NoSuchKey'));
    const { runs, notes } = await collect({
      ...fleet(),
      target: { kind: 'one', instanceId: 'i-1' },
      refresh: true,
      outputS3,
    });
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 2);
    // Only the end, and only from a bucket of this account.
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, {
      Bucket: 'deploy-logs',
      Range: 'bytes=-1048576',
      ExpectedBucketOwner: '123456789012',
    });
    expect(runs[0]?.stdout.endsWith('the end')).toBe(true);
    // The markers are read from SSM's copy, never from what the bucket holds.
    expect(runs[0]?.ssmOutput).toBe(`${'y'.repeat(24_000)}\nboom`);
    expect(runs[0]?.stderr).toBe('boom');
    expect(runs[0]?.source).toBe('s3');
    expect(notes).toEqual([]);
  });

  it('does not touch S3 for output SSM returned whole, and says so when S3 fails', async () => {
    ssm
      .on(GetCommandInvocationCommand)
      .resolves({ Status: 'Success', ResponseCode: 0, StandardOutputContent: 'short' });
    await collect({
      ...fleet(),
      target: { kind: 'one', instanceId: 'i-1' },
      refresh: true,
      outputS3,
    });
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 0);

    ssm
      .on(GetCommandInvocationCommand)
      .resolves({ Status: 'Failed', ResponseCode: 1, StandardOutputContent: 'z'.repeat(24_000) });
    s3.on(GetObjectCommand).rejects(awsError('AccessDenied', 'no s3:GetObject'));
    const { runs, notes } = await collect({
      ...fleet(),
      target: { kind: 'one', instanceId: 'i-1' },
      refresh: true,
      outputS3,
    });
    expect(runs[0]?.source).toBe('cut');
    expect(notes[0]).toMatch(
      /Could not read the stdout of i-1 from s3:\/\/deploy-logs\/shop\/.*AccessDenied: no s3:GetObject/,
    );
  });

  it('knows where SSM puts each stream', () => {
    expect(outputKey(undefined, 'c', 'i-1', 'stdout')).toBe(
      'c/i-1/awsrunShellScript/0.awsrunShellScript/stdout',
    );
    expect(outputKey('logs//', 'c', 'i-1', 'stderr')).toBe(
      'logs/c/i-1/awsrunShellScript/0.awsrunShellScript/stderr',
    );
  });
});

describe('splitSummary', () => {
  it('splits the 2,500-character summary into stdout and stderr', () => {
    expect(splitSummary('out')).toEqual({ stdout: 'out', stderr: '' });
    expect(splitSummary('out\n----------ERROR-------\nerr')).toEqual({
      stdout: 'out',
      stderr: 'err',
    });
    expect(splitSummary('\n----------ERROR-------\nerr')).toEqual({ stdout: '', stderr: 'err' });
  });
});
