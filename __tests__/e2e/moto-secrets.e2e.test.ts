// Secrets Manager end to end against moto_server, an AWS implementation written elsewhere: the
// built action, run as the runner runs it, reads secrets that moto's own API created. Each case is
// also run against the sandbox holding the same data (copied from moto through the API), and both
// runs must show a workflow exactly the same outputs, masks, annotations, log and summary; on top
// of that, what does not depend on how outputs are named (plain names and aliases, plain string
// values, version pins, call counts) is asserted outright. Every run is scanned for leaks of every
// value seeded.

import {
  CreateSecretCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import type { SecretSpec } from '../../sandbox/runner/index.js';
import { expectMasked, fileSandbox, jsonSecretSpecs, versionId } from './helpers.js';
import { expectSameRuns, runOnBoth, type Backends, type RunPair } from './moto/differential.js';
import { mergeLabels, mirrorSecrets } from './moto/mirror.js';
import { MOTO_ACCOUNT, MOTO_REGION, fileMoto } from './moto/server.js';

const sandbox = fileSandbox();
const moto = fileMoto();
const backends = (): Backends => ({ sandbox: sandbox.current, moto: moto.current });

/** CreateSecret on moto, whose ClientRequestToken becomes the VersionId; returns the ARN. */
async function createSecret(
  name: string,
  value: string | Uint8Array,
  version: number,
  region: string = MOTO_REGION,
): Promise<string> {
  const { ARN } = await moto.current.clients.secretsManager(region).send(
    new CreateSecretCommand({
      Name: name,
      ClientRequestToken: versionId(version),
      ...(typeof value === 'string' ? { SecretString: value } : { SecretBinary: value }),
    }),
  );
  if (ARN === undefined) throw new Error(`moto gave no ARN for ${name}`);
  return ARN;
}

/** The parsed `secrets-manifest` output. */
function manifestOf(run: RunPair['moto']): unknown {
  return JSON.parse(run.outputs['secrets-manifest'] ?? 'null');
}

describe.concurrent('Secrets Manager, against moto and against the sandbox', () => {
  it('names, aliases, a full ARN in another region and a partial ARN: values and manifest', async () => {
    const eu = 'eu-west-1';
    const db = await createSecret('names/db-password', 'moto-db-password-0001', 1);
    const api = await createSecret('names/api-token', 'moto-api-token-0002', 2);
    const tlsEu = await createSecret('names/tls', 'eu-west-1-tls-value', 3, eu);
    const tlsUs = await createSecret('names/tls', 'us-east-1-tls-value', 4);
    const arns = mergeLabels(
      await mirrorSecrets(moto.current, sandbox.current, 'names/'),
      await mirrorSecrets(moto.current, sandbox.current, 'names/', eu),
    );
    const euArn = (backend: 'sandbox' | 'moto'): string =>
      [...arns[backend]].find(([, label]) => label.includes(` in ${eu}`))?.[0] ?? '';
    const secrets = [
      { name: 'names/db-password', value: 'moto-db-password-0001' },
      { name: 'names/api-token', value: 'moto-api-token-0002' },
      { name: 'names/tls in eu-west-1', value: 'eu-west-1-tls-value' },
      { name: 'names/tls in us-east-1', value: 'us-east-1-tls-value' },
    ];

    const pair = await runOnBoth(backends(), {
      inputs: (backend) => ({
        'secret-ids': [
          'DB,names/db-password',
          'names/api-token',
          `EU,${euArn(backend)}`,
          // A partial ARN (without the random suffix) is read in its own region too.
          euArn(backend).slice(0, -7),
          'US,names/tls',
        ].join('\n'),
      }),
      secrets,
    });

    expectSameRuns(pair, arns);
    const run = pair.moto;
    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.outputs).toEqual({
      DB: 'moto-db-password-0001',
      NAMES_API_TOKEN: 'moto-api-token-0002',
      EU: 'eu-west-1-tls-value',
      NAMES_TLS: 'eu-west-1-tls-value',
      US: 'us-east-1-tls-value',
      'secrets-manifest': expect.any(String),
    });
    expect(manifestOf(run)).toEqual({
      secrets: [
        { alias: 'DB', name: 'names/db-password', arn: db, versionId: versionId(1) },
        { alias: 'NAMES_API_TOKEN', name: 'names/api-token', arn: api, versionId: versionId(2) },
        { alias: 'EU', name: 'names/tls', arn: tlsEu, versionId: versionId(3) },
        { alias: 'NAMES_TLS', name: 'names/tls', arn: tlsEu, versionId: versionId(3) },
        { alias: 'US', name: 'names/tls', arn: tlsUs, versionId: versionId(4) },
      ],
    });
    expect(tlsEu).toMatch(
      new RegExp(`^arn:aws:secretsmanager:${eu}:${MOTO_ACCOUNT}:secret:names/tls-\\w{6}$`),
    );
    expectMasked(
      run,
      secrets.map((secret) => secret.value),
    );
  });

  it('a prefix matching 105 secrets: both ListSecrets pages, six BatchGetSecretValue calls', async () => {
    const names = Array.from(
      { length: 105 },
      (_, i) => `pages/app-${String(i + 1).padStart(3, '0')}`,
    );
    const value = (i: number): string => `pages-value-${String(i + 1).padStart(3, '0')}`;
    const limit = pLimit(8);
    await Promise.all(names.map((name, i) => limit(() => createSecret(name, value(i), 100 + i))));
    // Listed by ListSecrets' name filter, yet not below the prefix `pages/`.
    await createSecret('pagesx/app-001', 'decoy-value-1', 1);
    await createSecret('other/pages/app-001', 'decoy-value-2', 1);
    const arns = await mirrorSecrets(moto.current, sandbox.current, 'pages');
    await mirrorSecrets(moto.current, sandbox.current, 'other/pages/');
    const secrets: SecretSpec[] = [
      ...names.map((name, i) => ({ name, value: value(i) })),
      { name: 'pagesx/app-001', value: 'decoy-value-1' },
      { name: 'other/pages/app-001', value: 'decoy-value-2' },
    ];

    const pair = await runOnBoth(backends(), { inputs: { 'secret-ids': 'pages/*' }, secrets });

    expectSameRuns(pair, arns);
    const run = pair.moto;
    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.outputs).toEqual({
      ...Object.fromEntries(
        names.map((name, i) => [name.toUpperCase().replace(/[^A-Z0-9]/g, '_'), value(i)]),
      ),
      'secrets-manifest': expect.any(String),
    });
    expectMasked(
      run,
      names.map((_, i) => value(i)),
    );
    // 100 secrets a ListSecrets page, 20 a BatchGetSecretValue call.
    expect(run.maskedLog).toContain(
      'Read 105 secret(s) with 6 BatchGetSecretValue, 0 GetSecretValue and 2 ListSecrets call(s).',
    );
  });

  it('JSON leaves, multi-line, binary and oddly named secrets: the same outputs and masks as the sandbox', async () => {
    const db = JSON.stringify({
      username: 'app',
      password: 'pa55-w0rd!',
      port: 5432,
      enabled: true,
      hosts: ['db-a.internal', 'db-b.internal'],
      api: { key: 'k3y-abcdef-0123', region: { name: 'primary-site' } },
      '1st': 'digit-first-key-value',
    });
    const pretty = JSON.stringify({ token: 'pretty-token-1', n: 1 }, null, 2);
    const pem =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n';
    const text = 'binary-stored-text-secret-7a1c';
    const bytes = Uint8Array.from([0x00, 0x01, 0xfe, 0xff, 0x80, 0x0a, 0x41, 0x42, 0x43, 0x44]);
    const odd = 'p"q\'r & <s> %25 %0A ::warning::not-one \\ pässwörd-密码';
    await createSecret('kinds/db', db, 1);
    await createSecret('kinds/pretty', pretty, 2);
    await createSecret('kinds/pem', pem, 3);
    await createSecret('kinds/text-bin', Buffer.from(text, 'utf8'), 4);
    await createSecret('kinds/bytes', bytes, 5);
    await createSecret('kinds/9odd+name@x=1.2', odd, 6);
    const arns = await mirrorSecrets(moto.current, sandbox.current, 'kinds/');
    const secrets: SecretSpec[] = [
      ...jsonSecretSpecs('kinds/db', db),
      ...jsonSecretSpecs('kinds/pretty', pretty),
      { name: 'kinds/pem', value: pem },
      // A binary secret may be given as base64 or as the text it holds: neither may leak.
      { name: 'kinds/text-bin', value: text },
      { name: 'kinds/text-bin (base64)', value: Buffer.from(text).toString('base64') },
      { name: 'kinds/bytes (base64)', value: Buffer.from(bytes).toString('base64') },
      { name: 'kinds/9odd+name@x=1.2', value: odd },
    ];

    const pair = await runOnBoth(backends(), {
      inputs: {
        'secret-ids':
          'DB,kinds/db\nkinds/pretty\nkinds/pem\nkinds/text-bin\nkinds/bytes\n,kinds/9odd+name@x=1.2',
        'parse-json-secrets': 'true',
      },
      secrets,
    });

    expectSameRuns(pair, arns);
    const run = pair.moto;
    expect(run.exitCode).toBe(0);
    expect(run.outputs.KINDS_PEM).toBe(pem);
    // Whatever the outputs are named, each JSON leaf long enough to mask is one, and masked.
    const leaves = [
      'pa55-w0rd!',
      '5432',
      '["db-a.internal","db-b.internal"]',
      'k3y-abcdef-0123',
      'primary-site',
      'digit-first-key-value',
      'pretty-token-1',
    ];
    expect(Object.values(run.outputs)).toEqual(expect.arrayContaining([...leaves, odd]));
    expectMasked(run, [...leaves, odd, pem]);
  });

  it('version stages and version ids: AWSCURRENT, AWSPREVIOUS, a custom stage and a deprecated version', async () => {
    const name = 'stages/rotating';
    const client = moto.current.clients.secretsManager();
    const arn = await createSecret(name, 'rotating-value-1', 11);
    for (const n of [12, 13])
      await client.send(
        new PutSecretValueCommand({
          SecretId: name,
          SecretString: `rotating-value-${n - 10}`,
          ClientRequestToken: versionId(n),
        }),
      );
    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: name,
        VersionStage: 'canary',
        MoveToVersionId: versionId(12),
      }),
    );
    const arns = await mirrorSecrets(moto.current, sandbox.current, 'stages/');
    const secrets = [1, 2, 3].map((n) => ({ name: `${name} v${n}`, value: `rotating-value-${n}` }));

    const pair = await runOnBoth(backends(), {
      inputs: {
        'secret-ids': [
          `NOW,${name}`,
          `BEFORE,${name},AWSPREVIOUS`,
          `CANARY,${name},canary`,
          `FIRST,${name},${versionId(11)}`,
        ].join('\n'),
      },
      secrets,
    });

    expectSameRuns(pair, arns);
    const run = pair.moto;
    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    const entry = (alias: string, n: number) => ({ alias, name, arn, versionId: versionId(n) });
    expect(run.outputs).toEqual({
      NOW: 'rotating-value-3',
      BEFORE: 'rotating-value-2',
      CANARY: 'rotating-value-2',
      FIRST: 'rotating-value-1',
      'secrets-manifest': JSON.stringify({
        secrets: [entry('NOW', 13), entry('BEFORE', 12), entry('CANARY', 12), entry('FIRST', 11)],
      }),
    });
    expect(run.maskedLog).toContain(
      'Read 4 secret(s) with 1 BatchGetSecretValue, 3 GetSecretValue and 0 ListSecrets call(s).',
    );
  });

  it.each(['fail', 'warn'] as const)(
    'with if-missing: %s, a missing name and a prefix matching nothing',
    async (ifMissing) => {
      const space = `missing-${ifMissing}`;
      await createSecret(`${space}/present`, `${space}-present-value`, 1);
      const arns = await mirrorSecrets(moto.current, sandbox.current, `${space}/`);

      // Not a missing staging label: moto answers it with the message of a missing secret, where
      // AWS says "Secrets Manager can't find the specified secret value for staging label: …".
      const pair = await runOnBoth(backends(), {
        inputs: {
          'secret-ids': `${space}/present\n${space}/absent\n${space}/none-*`,
          'if-missing': ifMissing,
        },
        secrets: [{ name: `${space}/present`, value: `${space}-present-value` }],
      });

      expectSameRuns(pair, arns);
      const run = pair.moto;
      expect(run.exitCode).toBe(ifMissing === 'fail' ? 1 : 0);
      const messages = run.annotations.map((annotation) => annotation.message).join('\n');
      for (const missing of [`${space}/absent`, `${space}/none-`])
        expect(messages).toContain(missing);
      expect(run.annotations.map((annotation) => annotation.level)).toEqual(
        Array.from({ length: 2 }, () => (ifMissing === 'fail' ? 'error' : 'warning')),
      );
    },
  );
});
