import 'aws-sdk-client-mock-vitest/extend';
import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import type { IfMissing, SecretsConfig } from '../src/config.js';
import { ActionError, FailureWithWarnings } from '../src/errors.js';
import { describeFailure } from '../src/failure.js';
import { parseInputs } from '../src/inputs.js';
import { readSecrets, type SecretsRead } from '../src/secrets.js';
import {
  arnOf,
  fakeSecretsManager,
  secretsClients,
  versionIdOf,
  type FakeSecret,
  type FakeSecretsManager,
} from './helpers/fake-secrets-manager.js';

function config(secretIds: string, parseJson = false): SecretsConfig {
  const parsed = parseInputs(
    (name) =>
      name === 'secret-ids' ? secretIds : name === 'parse-json-secrets' ? String(parseJson) : '',
    { AWS_REGION: 'eu-west-1' },
  );
  if (parsed.config.secrets === undefined) throw new Error('test: no secrets parsed');
  return parsed.config.secrets;
}

function read(
  fake: FakeSecretsManager,
  secretIds: string,
  options: { parseJson?: boolean; ifMissing?: IfMissing; concurrency?: number } = {},
): Promise<SecretsRead> {
  return readSecrets(config(secretIds, options.parseJson), {
    clients: secretsClients({ 'eu-west-1': fake }),
    region: 'eu-west-1',
    ifMissing: options.ifMissing ?? 'fail',
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
}

/** The messages an error becomes, as the user would see them. */
async function failureOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    return [...describeFailure(error, false).messages];
  }
  throw new Error('expected the read to fail');
}

const many = (count: number, prefix = 'app/s'): FakeSecret[] =>
  Array.from({ length: count }, (_, index) => ({
    name: `${prefix}${String(index).padStart(3, '0')}`,
    value: `value-of-${prefix}-${index}`,
  }));

/** Every string that must never appear in a message. */
function valuesOf(secrets: readonly FakeSecret[]): string[] {
  return secrets.flatMap((secret) => [
    ...(secret.value === undefined ? [] : [secret.value]),
    ...Object.values(secret.versions ?? {}),
  ]);
}

function expectNoValueIn(texts: readonly string[], secrets: readonly FakeSecret[]): void {
  for (const value of valuesOf(secrets))
    for (const text of texts) expect(text.includes(value), `${text} shows ${value}`).toBe(false);
}

describe('readSecrets: batching', () => {
  it.each([
    [1, 1],
    [20, 1],
    [21, 2],
    [45, 3],
    [100, 5],
  ])(
    'reads %i named secrets in %i BatchGetSecretValue call(s) of at most 20 ids',
    async (count, calls) => {
      const secrets = many(count);
      const fake = fakeSecretsManager(secrets);
      const result = await read(fake, secrets.map((secret) => secret.name).join('\n'));

      expect(fake.stub).toHaveReceivedCommandTimes(BatchGetSecretValueCommand, calls);
      expect(fake.stub).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
      expect(fake.stub).toHaveReceivedCommandTimes(ListSecretsCommand, 0);
      const sent = fake.stub
        .commandCalls(BatchGetSecretValueCommand)
        .map((call) => call.args[0].input.SecretIdList ?? []);
      expect(sent.every((ids) => ids.length <= 20)).toBe(true);
      expect(sent.flat().sort()).toEqual(secrets.map((secret) => secret.name).sort());
      expect(result.outputs.map((output) => [output.name, output.value])).toEqual(
        secrets.map((secret) => [secret.name.toUpperCase().replace('/', '_'), secret.value]),
      );
      expect(result.calls).toEqual({
        listSecrets: 0,
        batchGetSecretValue: calls,
        getSecretValue: 0,
      });
    },
  );

  it('sends the batch calls in parallel, no more at once than the limit', async () => {
    const secrets = many(100);
    const ids = secrets.map((secret) => secret.name).join('\n');
    const wide = fakeSecretsManager(secrets);
    await read(wide, ids);
    expect(wide.maxInFlight).toBe(5);

    const narrow = fakeSecretsManager(secrets);
    await read(narrow, ids, { concurrency: 2 });
    expect(narrow.maxInFlight).toBe(2);
    expect(narrow.stub).toHaveReceivedCommandTimes(BatchGetSecretValueCommand, 5);
  });

  it('reads a secret asked for twice (by name and through a prefix) once', async () => {
    const secrets = many(3, 'svc/');
    const fake = fakeSecretsManager(secrets);
    const result = await read(fake, `svc/000\nsvc/*`);
    expect(fake.stub).toHaveReceivedCommandTimes(BatchGetSecretValueCommand, 1);
    const sent = fake.stub.commandCalls(BatchGetSecretValueCommand)[0]?.args[0].input.SecretIdList;
    expect(sent).toHaveLength(3);
    expect(result.manifest).toHaveLength(4);
  });
});

describe('readSecrets: prefixes', () => {
  it('lists every page, keeps only names that start with the prefix, and reads them by ARN', async () => {
    const matching = many(245, 'prod/app/');
    const others: FakeSecret[] = [
      { name: 'staging/prod/app/x', value: 'not-this-one-1' },
      { name: 'prod/apple', value: 'not-this-one-2' },
    ];
    const fake = fakeSecretsManager([...others, ...matching]);
    const result = await read(fake, 'prod/app/*');

    expect(fake.stub).toHaveReceivedCommandTimes(ListSecretsCommand, 3);
    expect(fake.stub).toHaveReceivedCommandWith(ListSecretsCommand, {
      Filters: [{ Key: 'name', Values: ['prod/app/'] }],
      MaxResults: 100,
    });
    expect(fake.stub).toHaveReceivedCommandTimes(BatchGetSecretValueCommand, 13);
    const sent = fake.stub
      .commandCalls(BatchGetSecretValueCommand)
      .flatMap((call) => call.args[0].input.SecretIdList ?? []);
    expect(sent.sort()).toEqual(matching.map((secret) => arnOf(secret.name)).sort());
    expect(result.outputs).toHaveLength(245);
    expect(result.outputs[0]).toMatchObject({ name: 'PROD_APP_000', value: matching[0]?.value });
  });

  it('45 secrets under a prefix take one ListSecrets and three BatchGetSecretValue calls', async () => {
    const fake = fakeSecretsManager(many(45, 'team/'));
    await read(fake, 'team/*');
    expect(fake.stub).toHaveReceivedCommandTimes(ListSecretsCommand, 1);
    expect(fake.stub).toHaveReceivedCommandTimes(BatchGetSecretValueCommand, 3);
  });

  it('with an alias, names each secret by the alias and the part of its name below the prefix', async () => {
    const fake = fakeSecretsManager([
      { name: 'prod/app/db-password', value: 'pw-123456' },
      { name: 'prod/app/api/key', value: 'key-123456' },
    ]);
    const result = await read(fake, 'APP,prod/app/*');
    expect(result.outputs.map((output) => output.name)).toEqual(['APP_API_KEY', 'APP_DB_PASSWORD']);
  });

  it.each<[IfMissing, 'throws' | 'warns' | 'notes']>([
    ['fail', 'throws'],
    ['warn', 'warns'],
    ['ignore', 'notes'],
  ])('a prefix that matches nothing, with if-missing: %s, %s', async (ifMissing, expected) => {
    const fake = fakeSecretsManager([{ name: 'other', value: 'other-value' }]);
    const promise = read(fake, 'nothing/*\nother', { ifMissing });
    if (expected === 'throws') {
      expect(await failureOf(promise)).toEqual([
        expect.stringMatching(/^secret-ids line 1: prefix nothing\/\* matched no secret\n/),
      ]);
      return;
    }
    const result = await promise;
    expect(result.outputs.map((output) => output.name)).toEqual(['OTHER']);
    const said = expected === 'warns' ? result.warnings : result.notes;
    expect(said).toContainEqual(expect.stringMatching(/prefix nothing\/\* matched no secret/));
    if (expected === 'notes') expect(result.warnings).toEqual([]);
  });

  it('fails clearly when ListSecrets is denied', async () => {
    const fake = fakeSecretsManager([]);
    fake.stub.on(ListSecretsCommand).rejects(
      new SecretsManagerServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'not authorized to perform: secretsmanager:ListSecrets',
      }),
    );
    const messages = await failureOf(read(fake, 'prod/*', { ifMissing: 'ignore' }));
    expect(messages).toEqual([
      expect.stringMatching(
        /^secret-ids line 1: listing the secrets whose names start with prod\/ failed: AccessDeniedException.*\n.*secretsmanager:ListSecrets/s,
      ),
    ]);
  });
});

describe('readSecrets: versions, ARNs and regions', () => {
  it('reads a pinned version with GetSecretValue, by staging label or version id', async () => {
    const id = versionIdOf('db', 'v1');
    const fake = fakeSecretsManager([
      { name: 'db', value: 'current-pw', versions: { AWSPREVIOUS: 'previous-pw', [id]: 'v1-pw' } },
    ]);
    const result = await read(fake, `OLD,db,AWSPREVIOUS\nFIRST,db,${id}\nNOW,db`);
    expect(fake.stub).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
    expect(fake.stub).toHaveReceivedCommandWith(GetSecretValueCommand, {
      SecretId: 'db',
      VersionStage: 'AWSPREVIOUS',
    });
    expect(fake.stub).toHaveReceivedCommandWith(GetSecretValueCommand, {
      SecretId: 'db',
      VersionId: id,
    });
    expect(fake.stub).toHaveReceivedCommandTimes(BatchGetSecretValueCommand, 1);
    expect(result.outputs.map((output) => [output.name, output.value])).toEqual([
      ['OLD', 'previous-pw'],
      ['FIRST', 'v1-pw'],
      ['NOW', 'current-pw'],
    ]);
    expect(result.manifest.map((entry) => [entry.alias, entry.versionId])).toEqual([
      ['OLD', versionIdOf('db', 'AWSPREVIOUS')],
      ['FIRST', id],
      ['NOW', versionIdOf('db')],
    ]);
  });

  it('a pinned version that does not exist goes through if-missing', async () => {
    const fake = fakeSecretsManager([{ name: 'db', value: 'current-pw' }]);
    const result = await read(fake, 'OLD,db,AWSPREVIOUS\nNOW,db', { ifMissing: 'warn' });
    expect(result.outputs.map((output) => output.name)).toEqual(['NOW']);
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^secret-ids line 1: secret db was not found: ResourceNotFoundException/,
      ),
    ]);
  });

  it('reads a full ARN in its own region and names it after the secret', async () => {
    const home = fakeSecretsManager([{ name: 'local', value: 'local-value' }]);
    const west = fakeSecretsManager([{ name: 'shared/token', value: 'west-token' }], 'us-west-2');
    const result = await readSecrets(config(`local\n${arnOf('shared/token', 'us-west-2')}`), {
      clients: secretsClients({ 'eu-west-1': home, 'us-west-2': west }),
      region: 'eu-west-1',
      ifMissing: 'fail',
    });
    expect(home.stub).toHaveReceivedCommandExactlyOnceWith(BatchGetSecretValueCommand, {
      SecretIdList: ['local'],
    });
    expect(west.stub).toHaveReceivedCommandExactlyOnceWith(BatchGetSecretValueCommand, {
      SecretIdList: [arnOf('shared/token', 'us-west-2')],
    });
    expect(result.outputs.map((output) => [output.name, output.value])).toEqual([
      ['LOCAL', 'local-value'],
      ['SHARED_TOKEN', 'west-token'],
    ]);
  });

  it('matches a partial ARN (without the random suffix) to the secret it names', async () => {
    const fake = fakeSecretsManager([{ name: 'api', value: 'api-value' }]);
    const partial = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:api`;
    const result = await read(fake, `API_KEY,${partial}`);
    expect(result.outputs).toEqual([
      expect.objectContaining({ name: 'API_KEY', value: 'api-value' }),
    ]);
  });

  it('reports an id the batch answered with neither a value nor an error', async () => {
    const fake = fakeSecretsManager([]);
    fake.stub.on(BatchGetSecretValueCommand).resolves({ SecretValues: [], Errors: [] });
    expect(await failureOf(read(fake, 'ghost', { ifMissing: 'ignore' }))).toEqual([
      expect.stringMatching(/^secret-ids line 1: secret ghost could not be read: NoAnswer/),
    ]);
  });
});

describe('readSecrets: per-secret errors', () => {
  const secrets: FakeSecret[] = [
    { name: 'ok', value: 'ok-value' },
    { name: 'denied', error: 'AccessDeniedException' },
    { name: 'kms', error: 'DecryptionFailure' },
  ];

  it.each<IfMissing>(['fail', 'warn', 'ignore'])(
    'a missing secret under if-missing: %s',
    async (ifMissing) => {
      const fake = fakeSecretsManager([{ name: 'ok', value: 'ok-value' }]);
      const promise = read(fake, 'ok\nMISSING,gone', { ifMissing });
      if (ifMissing === 'fail') {
        expect(await failureOf(promise)).toEqual([
          expect.stringMatching(
            /^secret-ids line 2: secret gone was not found: ResourceNotFoundException .*\nCheck the name and the region, or set if-missing: warn/,
          ),
        ]);
        return;
      }
      const result = await promise;
      expect(result.outputs.map((output) => output.name)).toEqual(['OK']);
      if (ifMissing === 'warn')
        expect(result.warnings).toEqual([
          "secret-ids line 2: secret gone was not found: ResourceNotFoundException (Secrets Manager can't find the specified secret.); its outputs are not set.",
        ]);
      else {
        expect(result.warnings).toEqual([]);
        expect(result.notes).toContainEqual(expect.stringMatching(/gone was not found.*skipped/));
      }
    },
  );

  it.each<IfMissing>(['fail', 'warn', 'ignore'])(
    'access denied and decryption failures fail under if-missing: %s, each named with its code',
    async (ifMissing) => {
      const fake = fakeSecretsManager(secrets);
      const messages = await failureOf(read(fake, 'ok\ndenied\nkms', { ifMissing }));
      expect(messages).toEqual([
        expect.stringMatching(
          /^secret-ids line 2: secret denied could not be read: AccessDeniedException.*\nThe role may not read this secret: it needs secretsmanager:GetSecretValue/,
        ),
        expect.stringMatching(
          /^secret-ids line 3: secret kms could not be read: DecryptionFailure.*\n.*kms:Decrypt/,
        ),
      ]);
      expectNoValueIn(messages, secrets);
    },
  );

  it('a failure carries the warnings gathered before it, so a missing secret under warn is still named', async () => {
    const fake = fakeSecretsManager(secrets);
    const error = await read(fake, 'ok\nMISSING,gone\ndenied', { ifMissing: 'warn' }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(FailureWithWarnings);
    expect((error as FailureWithWarnings).warnings).toEqual([
      "secret-ids line 2: secret gone was not found: ResourceNotFoundException (Secrets Manager can't find the specified secret.); its outputs are not set.",
    ]);
    expect(describeFailure(error, false).messages).toEqual([
      expect.stringMatching(
        /^secret-ids line 3: secret denied could not be read: AccessDeniedException/,
      ),
    ]);
  });

  it('a whole batch call that keeps failing gives one clear message and no stack trace', async () => {
    const fake = fakeSecretsManager([]);
    fake.stub.on(BatchGetSecretValueCommand).rejects(
      new SecretsManagerServiceException({
        name: 'ThrottlingException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400, attempts: 8 },
        message: 'Rate exceeded',
      }),
    );
    const error = await read(fake, 'a1\nb2').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ActionError);
    const messages = describeFailure(error, false).messages;
    expect(messages).toEqual([
      'Reading 2 secret(s) in eu-west-1 with BatchGetSecretValue failed (a1, b2): ThrottlingException: Rate exceeded\nAWS kept throttling the calls after every retry. Try again, or raise AWS_MAX_ATTEMPTS.',
    ]);
    expect(messages.join('\n')).not.toMatch(/\bat .*:\d+:\d+/);
  });

  it('a denied batch call names the permission it needs', async () => {
    const fake = fakeSecretsManager([]);
    fake.stub.on(BatchGetSecretValueCommand).rejects(
      new SecretsManagerServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'not authorized to perform: secretsmanager:BatchGetSecretValue',
      }),
    );
    expect(await failureOf(read(fake, 'a1'))).toEqual([
      expect.stringMatching(/\nThe role needs secretsmanager:BatchGetSecretValue/),
    ]);
  });
});

describe('readSecrets: values, JSON and masks', () => {
  it('masks a plain value whole, and names it after the secret', async () => {
    const fake = fakeSecretsManager([{ name: '1st/db.password', value: 'hunter2' }]);
    const result = await read(fake, '1st/db.password');
    expect(result.outputs).toEqual([
      {
        name: '_1ST_DB_PASSWORD',
        value: 'hunter2',
        secret: true,
        source: 'secret 1st/db.password',
        identity: arnOf('1st/db.password'),
      },
    ]);
    expect(result.masks).toEqual(['hunter2']);
  });

  it('masks a multi-line value whole and line by line, trimmed', async () => {
    const value = '-----BEGIN KEY-----\n  abcdefgh  \r\n\n-----END KEY-----\n';
    const fake = fakeSecretsManager([{ name: 'tls', value }]);
    const result = await read(fake, 'tls');
    expect(result.masks).toEqual([value, '-----BEGIN KEY-----', 'abcdefgh', '-----END KEY-----']);
    expect(result.warnings).toEqual([]);
  });

  it('masks a multi-line value with a short line by its long lines only, and warns of the short ones', async () => {
    // The runner would register `xy` and `}` on their own from the whole value.
    const value = '-----BEGIN KEY-----\n  abcdefgh  \r\nxy\n\n}\n-----END KEY-----\n';
    const fake = fakeSecretsManager([{ name: 'tls', value }]);
    const result = await read(fake, 'tls');
    expect(result.masks).toEqual(['-----BEGIN KEY-----', 'abcdefgh', '-----END KEY-----']);
    expect(result.warnings).toEqual([
      'Secret tls: 1 line(s) of its value are shorter than 4 characters and are not masked on their own.',
    ]);
  });

  it('with parse-json-secrets, also outputs every leaf: nested keys joined, other leaves as JSON text', async () => {
    const value = JSON.stringify({
      user: 'admin-user',
      password: 'pa55word!',
      db: { host: 'db.internal', port: 5432, tls: { ca: 'ca-bundle-text' } },
      tags: ['a', 'b'],
      enabled: true,
      nothing: null,
      empty: {},
      'api-key': 'key\nwith lines',
    });
    const fake = fakeSecretsManager([{ name: 'prod/app', value }]);
    const result = await read(fake, 'APP,prod/app', { parseJson: true });
    expect(result.outputs.map((output) => [output.name, output.value])).toEqual([
      ['APP', value],
      ['APP_USER', 'admin-user'],
      ['APP_PASSWORD', 'pa55word!'],
      ['APP_DB_HOST', 'db.internal'],
      ['APP_DB_PORT', '5432'],
      ['APP_DB_TLS_CA', 'ca-bundle-text'],
      ['APP_TAGS', '["a","b"]'],
      ['APP_ENABLED', 'true'],
      ['APP_NOTHING', 'null'],
      ['APP_API_KEY', 'key\nwith lines'],
    ]);
    expect(result.outputs.every((output) => output.secret)).toBe(true);
    expect(result.outputs[4]?.source).toBe('key "db.port" of secret prod/app');
    expect(new Set(result.masks)).toEqual(
      new Set([
        value,
        'admin-user',
        'pa55word!',
        'db.internal',
        '5432',
        'ca-bundle-text',
        '["a","b"]',
        // Not 'key\nwith lines' whole: the runner would mask its line `key` everywhere.
        'with lines',
      ]),
    );
  });

  it('does not mask leaves shorter than 4 characters on their own, and names their keys only', async () => {
    const value = JSON.stringify({ pin: '007', on: 1, secret: 'long-enough', code: 'abcd' });
    const fake = fakeSecretsManager([{ name: 'cfg', value }]);
    const result = await read(fake, 'cfg', { parseJson: true });
    expect(result.masks).toEqual([value, 'long-enough', 'abcd']);
    expect(result.warnings).toEqual([
      'Secret cfg: the values of the JSON keys pin, on are shorter than 4 characters and are not masked on their own.',
    ]);
    expect(result.warnings.join('')).not.toMatch(/007/);
  });

  it('never masks the JSON literals true, false and null on their own, nor warns about them', async () => {
    const value = JSON.stringify({ debug: false, verbose: true, extra: null, port: 12345 });
    const fake = fakeSecretsManager([{ name: 'flags', value }]);
    const result = await read(fake, 'flags', { parseJson: true });
    expect(result.outputs.map((output) => output.value)).toEqual([
      value,
      'false',
      'true',
      'null',
      '12345',
    ]);
    expect(result.masks).toEqual([value, '12345']);
    expect(result.warnings).toEqual([]);
  });

  it("a blank alias names a JSON secret's leaves by their keys alone", async () => {
    const fake = fakeSecretsManager([
      { name: 'creds', value: '{"username":"alejandro","password":"EXAMPLE-PW"}' },
    ]);
    const result = await read(fake, ',creds', { parseJson: true });
    expect(result.outputs.map((output) => output.name)).toEqual(['CREDS', 'USERNAME', 'PASSWORD']);
  });

  it('leaves JSON alone without parse-json-secrets, and arrays and scalars even with it', async () => {
    const fake = fakeSecretsManager([
      { name: 'obj', value: '{"a":"bcdef"}' },
      { name: 'arr', value: '["x","y"]' },
      { name: 'num', value: '12345' },
    ]);
    expect((await read(fake, 'obj')).outputs.map((output) => output.name)).toEqual(['OBJ']);
    expect(
      (await read(fake, 'arr\nnum', { parseJson: true })).outputs.map((output) => output.name),
    ).toEqual(['ARR', 'NUM']);
  });

  it('a JSON key that gives no output name is an error naming the key', async () => {
    const fake = fakeSecretsManager([{ name: 'odd', value: '{"":"value-1234"}' }]);
    expect(await failureOf(read(fake, ',odd', { parseJson: true }))).toEqual([
      expect.stringMatching(
        /^secret-ids line 1: the JSON key "" of secret odd gives no output name/,
      ),
    ]);
  });

  it('outputs a binary secret as base64, masked in that form, never parsed as JSON', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 123, 125]);
    const fake = fakeSecretsManager([{ name: 'blob', binary: bytes }]);
    const result = await read(fake, 'blob', { parseJson: true });
    const base64 = Buffer.from(bytes).toString('base64');
    expect(result.outputs.map((output) => [output.name, output.value])).toEqual([['BLOB', base64]]);
    expect(result.masks).toEqual([base64]);
  });

  it('the manifest names each secret with its ARN and version id, and carries no value', async () => {
    const secrets: FakeSecret[] = [
      { name: 'db', value: 'db-secret-value' },
      { name: 'api', value: '{"token":"api-secret-token"}' },
    ];
    const fake = fakeSecretsManager(secrets);
    const result = await read(fake, 'DB,db\napi', { parseJson: true });
    expect(result.manifest).toEqual([
      { alias: 'DB', name: 'db', arn: arnOf('db'), versionId: versionIdOf('db') },
      { alias: 'API', name: 'api', arn: arnOf('api'), versionId: versionIdOf('api') },
    ]);
    expectNoValueIn(
      [JSON.stringify(result.manifest), ...result.notes],
      [...secrets, { name: 'token', value: 'api-secret-token' }],
    );
  });
});
