import { CancelCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildSendCommandInput, cancelCommand, refusal } from '../../src/deploy/command.js';
import { scriptJsonBytes } from '../../src/deploy/script.js';
import { consoleUrl } from '../../src/deploy/status.js';
import {
  DELIVERY_TIMEOUT_SECONDS,
  deliveryTimeoutSeconds,
  waves,
} from '../../src/deploy/timeouts.js';
import { ActionError } from '../../src/errors.js';
import { BASE_DEPLOY } from './fixtures/config.js';
import { FakeTime, awsError } from './fixtures/time.js';

const client = new SSMClient({ region: 'eu-west-1' });
const ssm = mockClient(client);
beforeEach(() => {
  ssm.reset();
});

const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-${String(i).padStart(17, '0')}`);

describe('waves and the delivery timeout', () => {
  it.each([
    [1, '50', 1],
    [50, '50', 1],
    [50, '10', 5],
    [7, '3', 3],
    [10, '25%', 5],
    [3, '10%', 3],
  ])('%i instances at max-concurrency %s: %i wave(s)', (count, maxConcurrency, expected) => {
    expect(waves({ targets: { kind: 'instances', instanceIds: ids(count) }, maxConcurrency })).toBe(
      expected,
    );
  });

  it('tag targets: waves known from a percentage, unknown (one) from a count', () => {
    const tags = { kind: 'tags' as const, tags: [{ key: 'Role', values: ['web'] }] };
    expect(waves({ targets: tags, maxConcurrency: '20%' })).toBe(5);
    expect(waves({ targets: tags, maxConcurrency: '10' })).toBe(1);
  });

  it('is ten minutes, plus one execution timeout per extra wave', () => {
    expect(deliveryTimeoutSeconds(BASE_DEPLOY)).toBe(DELIVERY_TIMEOUT_SECONDS);
    expect(
      deliveryTimeoutSeconds({
        ...BASE_DEPLOY,
        targets: { kind: 'instances', instanceIds: ids(20) },
        maxConcurrency: '5',
      }),
    ).toBe(600 + 3 * 900);
    expect(
      deliveryTimeoutSeconds({
        ...BASE_DEPLOY,
        timeoutSeconds: 172_800,
        targets: { kind: 'instances', instanceIds: ids(50) },
        maxConcurrency: '1',
      }),
    ).toBe(2_592_000);
  });
});

describe('buildSendCommandInput', () => {
  it('instance ids, with the script, the timeouts, rate control and the comment', () => {
    expect(buildSendCommandInput(BASE_DEPLOY, 'echo hi')).toEqual({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: ['i-0123456789abcdef0'],
      Parameters: { commands: ['echo hi'], executionTimeout: ['900'] },
      TimeoutSeconds: 600,
      MaxConcurrency: '50',
      MaxErrors: '0',
      Comment: 'acme/shop@main run 42',
    });
  });

  it('tag targets and S3 output', () => {
    const input = buildSendCommandInput(
      {
        ...BASE_DEPLOY,
        targets: {
          kind: 'tags',
          tags: [
            { key: 'Role', values: ['web', 'api'] },
            { key: 'Env', values: ['prod'] },
          ],
        },
        outputS3: { bucket: 'deploy-logs', keyPrefix: 'shop/' },
        comment: '',
      },
      'x',
    );
    expect(input.Targets).toEqual([
      { Key: 'tag:Role', Values: ['web', 'api'] },
      { Key: 'tag:Env', Values: ['prod'] },
    ]);
    expect(input.InstanceIds).toBeUndefined();
    expect(input).toMatchObject({ OutputS3BucketName: 'deploy-logs', OutputS3KeyPrefix: 'shop/' });
    expect(input).not.toHaveProperty('Comment');
    expect(input).not.toHaveProperty('CloudWatchOutputConfig');
  });

  it('CloudWatch output: the group, enabled', () => {
    expect(
      buildSendCommandInput({ ...BASE_DEPLOY, cloudWatchLogGroup: '/deploys/shop' }, 'x')
        .CloudWatchOutputConfig,
    ).toEqual({ CloudWatchLogGroupName: '/deploys/shop', CloudWatchOutputEnabled: true });
  });

  it('measures the script as SSM does: JSON-encoded UTF-8', () => {
    expect(scriptJsonBytes('a"b\né')).toBe(Buffer.byteLength('"a\\"b\\né"'));
  });
});

/** As SSM answers it: a 400. */
function invalidCommandId(): Error {
  return Object.assign(awsError('InvalidCommandId'), { $metadata: { httpStatusCode: 400 } });
}

describe("SSM's refusal and cancelCommand", () => {
  it('says what to check when SSM refuses the command, and passes other errors through', () => {
    const error = refusal(
      awsError('InvalidInstanceId', 'Instances [[i-0123456789abcdef0]] not in a valid state'),
    );
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).message).toBe(
      'SSM refused the command: InvalidInstanceId: Instances [[i-0123456789abcdef0]] not in a valid state',
    );
    expect((error as ActionError).hint).toMatch(/runs the SSM agent/);
    const other = awsError('ValidationException');
    expect(refusal(other)).toBe(other);
  });

  it('cancel: requested, unknown command, or failed', async () => {
    ssm
      .on(CancelCommandCommand)
      .resolvesOnce({})
      .rejectsOnce(awsError('InvalidCommandId'))
      .rejectsOnce(awsError('ThrottlingException'));
    expect(await cancelCommand(client, 'c-1')).toEqual({ kind: 'requested' });
    expect(await cancelCommand(client, 'c-1')).toEqual({ kind: 'unknown-command' });
    expect((await cancelCommand(client, 'c-1')).kind).toBe('failed');
    expect(ssm).toHaveReceivedCommandWith(CancelCommandCommand, { CommandId: 'c-1' });
  });

  it('cancel in a hurry: tries again until its deadline, and reports the real cause, not the abort', async () => {
    const time = new FakeTime();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {
      code: 'ECONNREFUSED',
    });
    const aborted = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    ssm.on(CancelCommandCommand).rejectsOnce(refused).rejectsOnce(refused).rejects(aborted);
    const within = { deadline: time.t + 5_000, now: time.now, sleep: time.sleep };
    const result = await cancelCommand(client, 'c-1', within);
    expect(result.kind === 'failed' && result.error).toBe(refused);
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 3);
    expect(time.sleeps).toEqual([250, 500]);

    ssm.reset();
    ssm.on(CancelCommandCommand).rejects(aborted);
    const silent = await cancelCommand(client, 'c-1', { ...within, deadline: time.t + 5_000 });
    expect(silent.kind === 'failed' && (silent.error as Error).message).toBe(
      'SSM did not answer within 5 s',
    );

    ssm.reset();
    ssm.on(CancelCommandCommand).rejects(refused);
    const start = time.t;
    await cancelCommand(client, 'c-1', { ...within, deadline: start + 5_000 });
    // 250, 500, then 1000 ms apart: never past the deadline.
    expect(time.sleeps.slice(-6)).toEqual([250, 500, 1_000, 1_000, 1_000, 1_000]);
    expect(time.t - start).toBeLessThanOrEqual(5_000);
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 7);
  });

  it('cancel right after the send: InvalidCommandId is SSM catching up, tried again, never "unknown"', async () => {
    const time = new FakeTime();
    const within = {
      deadline: time.t + 5_000,
      now: time.now,
      sleep: time.sleep,
      acceptedAt: time.t - 2_000,
    };
    ssm.on(CancelCommandCommand).rejectsOnce(invalidCommandId()).resolves({});
    expect(await cancelCommand(client, 'c-1', within)).toEqual({ kind: 'requested' });
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 2);

    ssm.reset();
    ssm.on(CancelCommandCommand).rejects(invalidCommandId());
    const still = await cancelCommand(client, 'c-1', { ...within, deadline: time.t + 5_000 });
    // Failed, so the post step tries again: SSM may yet know the command.
    expect(still.kind === 'failed' && (still.error as Error).name).toBe('InvalidCommandId');

    // Long after the send, SSM not knowing the command means what it says.
    ssm.reset();
    ssm.on(CancelCommandCommand).rejects(invalidCommandId());
    expect(
      await cancelCommand(client, 'c-1', {
        ...within,
        deadline: time.t + 5_000,
        acceptedAt: time.t - 120_000,
      }),
    ).toEqual({ kind: 'unknown-command' });
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 1);
  });

  it('cancel with no time left: still tried once, and the message says how long it waited', async () => {
    const time = new FakeTime();
    const aborted = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    ssm.on(CancelCommandCommand).rejects(aborted);
    const late = await cancelCommand(client, 'c-1', {
      deadline: time.t - 800,
      now: time.now,
      sleep: time.sleep,
    });
    expect(ssm).toHaveReceivedCommandTimes(CancelCommandCommand, 1);
    expect(late.kind === 'failed' && (late.error as Error).message).toBe(
      'SSM did not answer within 0 s',
    );
  });

  it('links the command in the console of its region', () => {
    expect(consoleUrl('eu-west-1', 'c-1')).toBe(
      'https://eu-west-1.console.aws.amazon.com/systems-manager/run-command/c-1?region=eu-west-1',
    );
  });
});
