// run() through phases 1 and 2 with @actions/core recorded call by call and every AWS client
// faked: masks come before anything that could show a value, outputs and variables are set,
// failures are reported after what worked, and a dry run reads and changes nothing.
import 'aws-sdk-client-mock-vitest/extend';
import { BatchGetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import {
  GetBucketVersioningCommand,
  PutBucketVersioningCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InputName } from '../src/inputs.js';
import { run } from '../src/main.js';
import { fakeParameterStore, type FakeParameterStore } from './helpers/fake-parameter-store.js';
import {
  fakeSecretsManager,
  type FakeSecret,
  type FakeSecretsManager,
} from './helpers/fake-secrets-manager.js';

type Event = readonly [string, ...unknown[]];

const state = vi.hoisted(() => {
  const inputs: Partial<Record<string, string>> = {};
  const events: Event[] = [];
  return { events, inputs };
});

vi.mock('@actions/core', () => {
  const record =
    (kind: string) =>
    (...args: unknown[]): void => {
      state.events.push([kind, ...args]);
    };
  const summary = {
    addHeading: (...args: unknown[]) => (record('summary')(...args), summary),
    addTable: (...args: unknown[]) => (record('summary')(...args), summary),
    addList: (...args: unknown[]) => (record('summary')(...args), summary),
    write: () => (record('summary.write')(), Promise.resolve(summary)),
  };
  return {
    getInput: (name: string) => state.inputs[name] ?? '',
    setSecret: record('setSecret'),
    setOutput: record('setOutput'),
    exportVariable: record('exportVariable'),
    info: record('info'),
    warning: record('warning'),
    error: record('error'),
    debug: record('debug'),
    notice: record('notice'),
    startGroup: record('startGroup'),
    endGroup: record('endGroup'),
    isDebug: () => false,
    ExitCode: { Success: 0, Failure: 1 },
    summary,
  };
});

const SECRETS: FakeSecret[] = [
  { name: 'prod/db', value: '{"user":"db-admin","password":"Tr0ub4dor&3","port":22,"tls":true}' },
  { name: 'prod/key', value: '-----BEGIN KEY-----\nMIIEvQIBADANBgkq\n-----END KEY-----' },
  { name: 'prod/api-token', value: 'tok_live_0123456789' },
];
const SECURE = 'secure-param-value';

let secrets: FakeSecretsManager;
let parameters: FakeParameterStore;
let s3: AwsClientStub<S3Client>;
let bucketStatus: Record<string, string | undefined>;

beforeEach(() => {
  state.events.length = 0;
  state.inputs = {};
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  vi.stubEnv('GITHUB_STEP_SUMMARY', '/dev/null');
  secrets = fakeSecretsManager(SECRETS, 'eu-west-1', true);
  parameters = fakeParameterStore(
    [
      { name: '/prod/db/host', value: 'db.internal' },
      { name: '/prod/db/secret', value: SECURE, type: 'SecureString' },
    ],
    true,
  );
  bucketStatus = { 'assets-prod': 'Suspended', 'logs-prod': 'Enabled', 'new-prod': undefined };
  s3 = mockClient(S3Client);
  s3.on(GetBucketVersioningCommand).callsFake((input: { Bucket: string }) => {
    if (!(input.Bucket in bucketStatus))
      throw new S3ServiceException({
        name: 'NoSuchBucket',
        $fault: 'client',
        $metadata: { httpStatusCode: 404 },
        message: 'The specified bucket does not exist',
      });
    const status = bucketStatus[input.Bucket];
    return status === undefined ? {} : { Status: status };
  });
  s3.on(PutBucketVersioningCommand).resolves({});
});

afterEach(() => {
  secrets.stub.restore();
  parameters.stub.restore();
  s3.restore();
  vi.unstubAllEnvs();
  process.exitCode = undefined;
});

async function runWith(inputs: Partial<Record<InputName, string>>): Promise<void> {
  state.inputs = inputs;
  await run();
}

const of = (kind: string): Event[] => state.events.filter(([event]) => event === kind);
function outputs(): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const [, name, value] of of('setOutput')) set[String(name)] = value;
  return set;
}

/** Every value that must never be shown unmasked. */
const SECRET_STRINGS = [
  ...SECRETS.map((secret) => secret.value ?? ''),
  'db-admin',
  'Tr0ub4dor&3',
  'MIIEvQIBADANBgkq',
  SECURE,
];

/** Any recorded argument as text (undefined stays empty). */
function asText(arg: unknown): string {
  return arg === undefined ? '' : JSON.stringify(arg);
}

/** Each of `values` is registered as a mask before any event that carries it. */
function expectMaskedFirst(values: readonly string[]): void {
  for (const value of values) {
    const masked = state.events.findIndex(([kind, mask]) => kind === 'setSecret' && mask === value);
    expect(masked, `${value} is masked`).toBeGreaterThanOrEqual(0);
    const shown = state.events.findIndex(
      ([kind, ...args]) =>
        kind !== 'setSecret' &&
        args.some((arg) => (typeof arg === 'string' ? arg : asText(arg)).includes(value)),
    );
    if (shown >= 0)
      expect(masked, `${value} masked before ${String(state.events[shown]?.[0])}`).toBeLessThan(
        shown,
      );
  }
}

describe('run(): secrets, parameters and versioned buckets', () => {
  it('masks every secret value before any output or log line, then sets the outputs', async () => {
    await runWith({
      'secret-ids': 'DB,prod/db\nprod/key\nprod/api-token',
      'parse-json-secrets': 'true',
      parameters: '/prod/db/',
      'versioned-buckets': 'assets-prod\nlogs-prod\nnew-prod',
    });
    expect(of('error')).toEqual([]);
    expect(process.exitCode).toBeUndefined();
    expectMaskedFirst(SECRET_STRINGS);
    // Every mask comes before the first output is set or the first warning is printed.
    const lastMask = state.events.findLastIndex(([kind]) => kind === 'setSecret');
    const firstOutput = state.events.findIndex(
      ([kind]) => kind === 'setOutput' || kind === 'warning',
    );
    expect(lastMask).toBeLessThan(firstOutput);
    // Every leaf of four characters or more is masked, literals too (as aws-secretsmanager-get-secrets
    // masks them); a shorter one is not.
    expect(of('setSecret').map(([, mask]) => mask)).toContain('true');

    const set = outputs();
    // parse-json-secrets: the leaves, not the whole value (as aws-secretsmanager-get-secrets).
    expect(set).not.toHaveProperty('DB');
    expect(set).toMatchObject({
      DB_USER: 'db-admin',
      DB_PASSWORD: 'Tr0ub4dor&3',
      DB_PORT: '22',
      DB_TLS: 'true',
      PROD_KEY: SECRETS[1]?.value,
      PROD_API_TOKEN: 'tok_live_0123456789',
      HOST: 'db.internal',
      SECRET: SECURE,
    });
    expect(JSON.parse(String(set.versioning))).toEqual([
      { bucket: 'assets-prod', before: 'Suspended', after: 'Enabled', changed: true },
      { bucket: 'logs-prod', before: 'Enabled', after: 'Enabled', changed: false },
      { bucket: 'new-prod', before: 'Unversioned', after: 'Enabled', changed: true },
    ]);
    const manifest = String(set['secrets-manifest']);
    expect(JSON.parse(manifest)).toMatchObject({
      secrets: [
        { alias: 'DB', name: 'prod/db' },
        { alias: 'PROD_KEY' },
        { alias: 'PROD_API_TOKEN' },
      ],
      parameters: [
        { alias: 'HOST', name: '/prod/db/host', version: 1 },
        { alias: 'SECRET', name: '/prod/db/secret', version: 1 },
      ],
    });
    for (const value of SECRET_STRINGS) expect(manifest).not.toContain(value);
    expect(of('exportVariable')).toEqual([]);
    expect(of('warning')).toEqual([
      ['warning', expect.stringMatching(/JSON keys port are shorter than 4 characters/)],
    ]);
    expect(of('info').map(([, line]) => line)).toEqual(
      expect.arrayContaining([
        'assets-prod: versioning Suspended → Enabled',
        'logs-prod: versioning already Enabled, left alone',
        'new-prod: versioning Unversioned → Enabled',
      ]),
    );
    // The summary names outputs and buckets, never a value.
    const summary = JSON.stringify(of('summary'));
    expect(summary).toContain('DB_PASSWORD');
    expect(summary).toContain('assets-prod');
    for (const value of SECRET_STRINGS)
      expect(summary).not.toContain(JSON.stringify(value).slice(1, -1));
    expect(of('summary.write')).toHaveLength(1);
    expect(secrets.stub).toHaveReceivedCommandTimes(BatchGetSecretValueCommand, 1);
    expect(parameters.stub).toHaveReceivedCommandTimes(GetParametersByPathCommand, 2);
    expect(s3).toHaveReceivedCommandTimes(PutBucketVersioningCommand, 2);
  });

  it('with export-env, exports every output as a variable, after masking', async () => {
    await runWith({
      'secret-ids': 'API,prod/api-token',
      parameters: '/prod/db/',
      'export-env': 'true',
    });
    expect(of('error')).toEqual([]);
    expect(of('exportVariable')).toEqual([
      ['exportVariable', 'API', 'tok_live_0123456789'],
      ['exportVariable', 'HOST', 'db.internal'],
      ['exportVariable', 'SECRET', SECURE],
    ]);
    expectMaskedFirst(['tok_live_0123456789', SECURE]);
  });

  it('with export-env, refuses to overwrite a variable that is set, and sets nothing', async () => {
    vi.stubEnv('HOST', 'already-here');
    await runWith({
      'secret-ids': 'API,prod/api-token',
      parameters: '/prod/db/',
      'export-env': 'true',
    });
    expect(of('error')).toEqual([
      [
        'error',
        expect.stringMatching(
          /^export-env would overwrite the environment variable HOST, which is already set, with parameter \/prod\/db\/host\./,
        ),
      ],
    ]);
    expect(process.exitCode).toBe(1);
    expect(of('exportVariable')).toEqual([]);
    expect(of('setOutput')).toEqual([]);
    for (const value of SECRET_STRINGS)
      expect(JSON.stringify(state.events)).not.toContain(JSON.stringify(value).slice(1, -1));
  });

  it('refuses two secrets whose names are only known after reading and give one output', async () => {
    await runWith({ 'secret-ids': 'prod/*\nPROD_KEY,prod/api-token' });
    expect(of('error')).toEqual([
      [
        'error',
        expect.stringMatching(
          /^The output PROD_KEY would be set by both secret prod\/key and secret prod\/api-token\./,
        ),
      ],
    ]);
    expect(of('setOutput')).toEqual([]);
  });

  it('reports the buckets it changed even when a secret is missing, then fails', async () => {
    await runWith({ 'secret-ids': 'prod/gone', 'versioned-buckets': 'assets-prod' });
    expect(s3).toHaveReceivedCommandTimes(PutBucketVersioningCommand, 1);
    expect(JSON.parse(String(outputs().versioning))).toEqual([
      { bucket: 'assets-prod', before: 'Suspended', after: 'Enabled', changed: true },
    ]);
    // What was read (nothing here) is still set: the manifest lists no secret.
    expect(JSON.parse(String(outputs()['secrets-manifest']))).toEqual({ secrets: [] });
    expect(of('error')).toEqual([
      ['error', expect.stringMatching(/^secret-ids line 1: secret prod\/gone was not found/)],
    ]);
    expect(process.exitCode).toBe(1);
  });

  it('sets the secret outputs and fails, with one annotation per failed bucket', async () => {
    await runWith({
      'secret-ids': 'prod/api-token',
      'versioned-buckets': 'gone-1\ngone-2\nlogs-prod',
    });
    expect(outputs()).toHaveProperty('PROD_API_TOKEN');
    expect(of('error').map(([, message]) => String(message).split('\n')[0])).toEqual([
      'Bucket gone-1 does not exist (NoSuchBucket: The specified bucket does not exist).',
      'Bucket gone-2 does not exist (NoSuchBucket: The specified bucket does not exist).',
    ]);
    expect(JSON.parse(String(outputs().versioning))).toEqual([
      {
        bucket: 'gone-1',
        before: null,
        after: null,
        changed: false,
        error: 'Bucket gone-1 does not exist (NoSuchBucket: The specified bucket does not exist).',
      },
      {
        bucket: 'gone-2',
        before: null,
        after: null,
        changed: false,
        error: 'Bucket gone-2 does not exist (NoSuchBucket: The specified bucket does not exist).',
      },
      expect.objectContaining({ bucket: 'logs-prod', after: 'Enabled' }),
    ]);
    expect(process.exitCode).toBe(1);
  });

  it('in a dry run reads every value as a real run does, masks it, sets no output of it, changes nothing', async () => {
    await runWith({
      'secret-ids': 'DB,prod/db\nprod/*',
      parameters: '/prod/db/\nX,/prod/db/host',
      'versioned-buckets': 'assets-prod\nlogs-prod',
      'export-env': 'true',
      'dry-run': 'true',
    });
    expect(of('error')).toEqual([]);
    expect(s3).toHaveReceivedCommandTimes(PutBucketVersioningCommand, 0);
    expect(s3).toHaveReceivedCommandTimes(GetBucketVersioningCommand, 2);
    // Read to prove they can be, and masked before anything is printed.
    expect(of('setSecret').map(([, value]) => value)).toEqual(
      expect.arrayContaining([SECURE, 'MIIEvQIBADANBgkq']),
    );
    expect(Object.keys(outputs())).toEqual(['versioning', 'status']);
    expect(outputs().status).toBe('DryRun');
    expect(of('exportVariable')).toEqual([]);
    const log = of('info').map(([, line]) => line);
    expect(log).toEqual(
      expect.arrayContaining([
        'assets-prod: versioning Suspended; would be enabled',
        'logs-prod: versioning already Enabled, left alone',
        'Dry run: every check passed; nothing was sent or changed.',
      ]),
    );
    expect(of('startGroup')).toContainEqual([
      'startGroup',
      'Dry run: secrets and parameters read and masked, no output set; buckets checked, nothing changed',
    ]);
  });

  it('a dry run fails on a misspelt secret, parameter or bucket, naming each', async () => {
    await runWith({
      'secret-ids': 'prod/dbb',
      parameters: '/prod/db/hots',
      'versioned-buckets': 'assets-prdo',
      'dry-run': 'true',
    });
    expect(of('error').map(([, message]) => String(message))).toEqual([
      expect.stringMatching(/^secret-ids line 1: secret prod\/dbb was not found/),
      expect.stringMatching(/^parameters line 1: .*\/prod\/db\/hots/),
      expect.stringMatching(/^Bucket assets-prdo/),
    ]);
    expect(outputs().status).toBeUndefined();
    expect(process.exitCode).toBe(1);
  });
});
