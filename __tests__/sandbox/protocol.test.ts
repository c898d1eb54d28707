// The wire level: unsigned requests refused as AWS refuses them, errors in each service's shape
// so the SDK raises the right exception class, retries where the SDK retries (throttling, resets)
// and not elsewhere, injected latency, and a call log that never holds a value.

import {
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  NoSuchBucket,
  NotFound,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-secrets-manager';
import {
  GetParameterCommand,
  GetParametersCommand,
  ParameterNotFound,
  PutParameterCommand,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, clients, sandbox, seededRandom } from './helpers.js';

afterEach(cleanUp);

async function post(
  url: string,
  target: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; type: string | undefined }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...headers },
    body: '{"Name":"/x"}',
  });
  const body = await response.text();
  return { status: response.status, body, type: (JSON.parse(body) as { __type?: string }).__type };
}

describe('signatures', () => {
  it('refuses unsigned JSON requests with MissingAuthenticationTokenException', async () => {
    const sb = await sandbox();
    const ssm = await post(sb.url, 'AmazonSSM.GetParameter');
    expect(ssm.status).toBe(400);
    expect(JSON.parse(ssm.body)).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
    const secrets = await post(sb.url, 'secretsmanager.GetSecretValue');
    expect(secrets.type).toBe('MissingAuthenticationTokenException');
    expect(sb.calls().map((c) => [c.operation, c.status, c.errorCode, c.region])).toEqual([
      ['GetParameter', 400, 'MissingAuthenticationTokenException', undefined],
      ['GetSecretValue', 400, 'MissingAuthenticationTokenException', undefined],
    ]);
  });

  it('refuses a malformed signature and one scoped to another service', async () => {
    const sb = await sandbox();
    const malformed = await post(sb.url, 'AmazonSSM.GetParameter', { authorization: 'Bearer abc' });
    expect(malformed.type).toBe('IncompleteSignatureException');
    const date = '20240102';
    const wrongScope = await post(sb.url, 'AmazonSSM.GetParameter', {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${date}/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`,
      'x-amz-date': `${date}T000000Z`,
    });
    expect(JSON.parse(wrongScope.body)).toEqual({
      __type: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'ssm'.",
    });
  });

  it('answers an unsigned S3 request with AccessDenied (403, XML)', async () => {
    const sb = await sandbox({ seed: { buckets: [{ name: 'plain' }] } });
    const response = await fetch(`${sb.url}/plain?versioning`);
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(
      /<Error><Code>AccessDenied<\/Code><Message>Access Denied<\/Message>/,
    );
  });
});

describe('errors map to the SDK exception classes', () => {
  it('SSM ParameterNotFound, with the empty message SSM sends', async () => {
    const sb = await sandbox();
    const { ssm } = clients(sb);
    const error = await ssm
      .send(new GetParameterCommand({ Name: '/missing' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterNotFound);
    expect((error as ParameterNotFound).$metadata.httpStatusCode).toBe(400);
  });

  it('Secrets Manager ResourceNotFoundException', async () => {
    const sb = await sandbox();
    const { secrets } = clients(sb);
    await expect(
      secrets.send(new GetSecretValueCommand({ SecretId: 'nope' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('S3 NoSuchBucket (404 with a body) and NotFound (HEAD, no body)', async () => {
    const sb = await sandbox();
    const { s3 } = clients(sb);
    const error = await s3
      .send(new GetObjectCommand({ Bucket: 'absent', Key: 'k' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoSuchBucket);
    expect((error as NoSuchBucket).$metadata.httpStatusCode).toBe(404);
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'absent' }))).rejects.toBeInstanceOf(
      NotFound,
    );
  });

  it('an unknown operation is UnknownOperationException', async () => {
    const sb = await sandbox();
    const response = await post(sb.url, 'AmazonSSM.DescribeDocument', {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/us-east-1/ssm/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`,
      'x-amz-date': '20240102T000000Z',
    });
    expect(JSON.parse(response.body)).toEqual({ __type: 'UnknownOperationException' });
  });
});

describe('faults', () => {
  it('throttling is retried by the SDK, ParameterNotFound is not', async () => {
    const sb = await sandbox({ settings: { throttleRate: { GetParameter: 1 } } });
    const { ssm } = clients(sb, { maxAttempts: 3 });
    await expect(ssm.send(new GetParameterCommand({ Name: '/a' }))).rejects.toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
    });
    expect(
      sb.calls({ operation: 'GetParameter' }).map((c) => [c.status, c.errorCode, c.fault]),
    ).toEqual([
      [400, 'ThrottlingException', 'throttle'],
      [400, 'ThrottlingException', 'throttle'],
      [400, 'ThrottlingException', 'throttle'],
    ]);
    sb.configure({ throttleRate: 0 });
    sb.clearCalls();
    await expect(ssm.send(new GetParameterCommand({ Name: '/a' }))).rejects.toBeInstanceOf(
      ParameterNotFound,
    );
    expect(sb.calls({ operation: 'GetParameter' })).toHaveLength(1);
  });

  it('a throttled call succeeds once a retry gets through', async () => {
    const sb = await sandbox({ settings: { throttleRate: 0.3 }, random: seededRandom(7) });
    const { ssm } = clients(sb, { maxAttempts: 10 });
    sb.putParameter({ name: '/app/x', value: 'v' });
    for (let i = 0; i < 15; i++) {
      const result = await ssm.send(new GetParameterCommand({ Name: '/app/x' }));
      expect(result.Parameter?.Value).toBe('v');
    }
    const calls = sb.calls({ operation: 'GetParameter' });
    const throttled = calls.filter((c) => c.fault === 'throttle').length;
    expect(throttled).toBeGreaterThan(0);
    expect(calls.length).toBe(15 + throttled);
  });

  it('S3 throttling is SlowDown (503), retried', async () => {
    const sb = await sandbox({
      seed: { buckets: [{ name: 'bucket-one' }] },
      settings: { throttleRate: { GetBucketVersioning: 1 } },
    });
    const { s3 } = clients(sb, { maxAttempts: 2 });
    const error = await s3
      .send(new GetBucketVersioningCommand({ Bucket: 'bucket-one' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3ServiceException);
    expect(error).toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    expect(sb.calls({ operation: 'GetBucketVersioning' })).toHaveLength(2);
  });

  it('a reset connection is retried; with resetWhen "after" the call was carried out', async () => {
    const sb = await sandbox({ settings: { resetRate: { GetParameter: 1 } } });
    const { ssm } = clients(sb, { maxAttempts: 2 });
    await expect(ssm.send(new GetParameterCommand({ Name: '/a' }))).rejects.toThrow();
    expect(sb.calls({ operation: 'GetParameter' }).map((c) => [c.status, c.fault])).toEqual([
      [0, 'reset'],
      [0, 'reset'],
    ]);
    sb.configure({ resetRate: { PutParameter: 1 }, resetWhen: 'after' });
    const once = clients(sb, { maxAttempts: 1 });
    await expect(
      once.ssm.send(new PutParameterCommand({ Name: '/after', Value: 'v', Type: 'String' })),
    ).rejects.toThrow();
    sb.configure({ resetRate: 0 });
    const stored = await ssm.send(new GetParameterCommand({ Name: '/after' }));
    expect(stored.Parameter?.Version).toBe(1);
  });

  it('latency is added per operation', async () => {
    const sb = await sandbox({ settings: { latencyMs: { GetParameters: 250 } } });
    const { ssm } = clients(sb);
    await ssm.send(new GetParametersCommand({ Names: ['/a'] }));
    await expect(ssm.send(new GetParameterCommand({ Name: '/a' }))).rejects.toBeInstanceOf(
      ParameterNotFound,
    );
    const [slow] = sb.calls({ operation: 'GetParameters' });
    expect(slow?.durationMs).toBeGreaterThanOrEqual(250);
    expect(sb.calls({ operation: 'GetParameter' })[0]?.durationMs).toBeLessThan(250);
  });

  it('rejects settings that make no sense', async () => {
    const sb = await sandbox();
    expect(() => sb.configure({ throttleRate: 2 })).toThrow(/throttleRate/);
    expect(() => sb.configure({ timeScale: 0 })).toThrow(/timeScale/);
  });
});

describe('the call log', () => {
  it('keeps ids and names but never a secret, a parameter value or a script', async () => {
    const sb = await sandbox({
      seed: {
        secrets: [{ name: 'prod/db', secretString: 'SECRET-VALUE-1' }],
        parameters: [{ name: '/prod/token', value: 'PARAM-VALUE-2', type: 'SecureString' }],
      },
    });
    const instance = sb.addInstance();
    const { ssm, secrets } = clients(sb);
    await secrets.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));
    await secrets.send(new BatchGetSecretValueCommand({ SecretIdList: ['prod/db'] }));
    await ssm.send(new GetParameterCommand({ Name: '/prod/token', WithDecryption: true }));
    await ssm.send(
      new PutParameterCommand({ Name: '/prod/new', Value: 'PUT-VALUE-3', Type: 'SecureString' }),
    );
    await ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [instance.id],
        Parameters: { commands: ['echo SCRIPT-4'] },
      }),
    );
    const log = JSON.stringify(sb.calls());
    for (const value of ['SECRET-VALUE-1', 'PARAM-VALUE-2', 'PUT-VALUE-3', 'SCRIPT-4'])
      expect(log).not.toContain(value);
    expect(sb.calls().map((c) => [c.service, c.operation, c.params])).toEqual([
      ['secretsmanager', 'GetSecretValue', { SecretId: 'prod/db' }],
      ['secretsmanager', 'BatchGetSecretValue', { SecretIdList: ['prod/db'] }],
      ['ssm', 'GetParameter', { Name: '/prod/token', WithDecryption: true }],
      ['ssm', 'PutParameter', { Name: '/prod/new', Type: 'SecureString' }],
      ['ssm', 'SendCommand', { DocumentName: 'AWS-RunShellScript', InstanceIds: [instance.id] }],
    ]);
    expect(sb.calls().every((c) => c.region === 'us-east-1' && c.status === 200)).toBe(true);
  });

  it("tells retries from new calls by the SDK's attempt number and invocation id", async () => {
    const sb = await sandbox({ settings: { resetRate: { GetParameter: 1 } } });
    const { ssm } = clients(sb, { maxAttempts: 3 });
    await expect(ssm.send(new GetParameterCommand({ Name: '/a' }))).rejects.toThrow();
    sb.configure({ resetRate: 0 });
    await expect(ssm.send(new GetParameterCommand({ Name: '/a' }))).rejects.toBeInstanceOf(
      ParameterNotFound,
    );
    const calls = sb.calls({ operation: 'GetParameter' });
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3, 1]);
    const [first, second, third, fourth] = calls.map((c) => c.invocationId);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect([second, third]).toEqual([first, first]);
    expect(fourth).not.toBe(first);
  });
});
