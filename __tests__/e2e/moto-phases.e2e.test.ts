// Parameter Store, versioned buckets and dry runs end to end against moto_server: the built action,
// run as the runner runs it, against data made through moto's own API, whose state is read back
// through the same API after each run. Each case is also run against the sandbox holding the same
// data and must show a workflow exactly the same; parameter outputs, bucket states and what a dry
// run leaves untouched are asserted outright too.
//
// Left out, where moto departs from AWS: parameters named with a `:version` or `:label` selector
// (moto's GetParameters answer has no `Selector`, so no answer can be matched to the name asked
// for), parameters named by ARN (moto reports an ARN in GetParameters as invalid), and a bucket in
// another region (moto answers for it in any region, where S3 redirects to the bucket's own).

import {
  CreateBucketCommand,
  GetBucketVersioningCommand,
  PutBucketVersioningCommand,
} from '@aws-sdk/client-s3';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, type ParameterType } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { expectMasked, fileSandbox } from './helpers.js';
import { expectSameRuns, runOnBoth, type Backends } from './moto/differential.js';
import { mirrorBuckets, mirrorParameters, mirrorSecrets } from './moto/mirror.js';
import { fileMoto } from './moto/server.js';

const sandbox = fileSandbox();
const moto = fileMoto();
const backends = (): Backends => ({ sandbox: sandbox.current, moto: moto.current });

async function putParameters(
  parameters: readonly (readonly [string, string, ParameterType?])[],
): Promise<void> {
  for (const [name, value, type = 'String'] of parameters)
    await moto.current.clients
      .ssm()
      .send(new PutParameterCommand({ Name: name, Value: value, Type: type }));
  await mirrorParameters(
    moto.current,
    sandbox.current,
    parameters.map(([name]) => name),
  );
}

async function createBuckets(
  buckets: readonly (readonly [string, ('Enabled' | 'Suspended')?])[],
): Promise<void> {
  const s3 = moto.current.clients.s3();
  for (const [name, versioning] of buckets) {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    if (versioning !== undefined)
      await s3.send(
        new PutBucketVersioningCommand({
          Bucket: name,
          VersioningConfiguration: { Status: versioning },
        }),
      );
  }
  await mirrorBuckets(
    moto.current,
    sandbox.current,
    buckets.map(([name]) => name),
  );
}

/** The versioning state moto holds for each bucket now. */
async function motoVersioning(buckets: readonly string[]): Promise<(string | undefined)[]> {
  const s3 = moto.current.clients.s3();
  return Promise.all(
    buckets.map(
      async (bucket) => (await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status,
    ),
  );
}

describe.concurrent('Parameter Store, against moto and against the sandbox', () => {
  it('by name (15 names, two GetParameters calls) and by path (23 parameters, three pages); SecureString values masked', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `/byname/n${String(i).padStart(2, '0')}`);
    const below = Array.from(
      { length: 23 },
      (_, i) => `/svc/${['api', 'web/edge', 'worker'][i % 3] ?? ''}/p${String(i).padStart(2, '0')}`,
    );
    await putParameters([
      ['/byname/url', 'https://byname.example.test'],
      ['/byname/hosts', 'a.example.test,b.example.test', 'StringList'],
      ['/byname/token', 'byname-token-secret', 'SecureString'],
      ...names.map((name, i) => [name, `number-${i}`] as const),
      ...below.map((name, i) => [name, `svc-value-${i}`] as const),
      ['/svc/api/key', 'svc-api-key-secret-1', 'SecureString'],
      // Not below /svc/: a sibling whose name only starts alike.
      ['/svcx/decoy', 'decoy-value'],
    ]);
    const secrets = [
      { name: '/byname/token', value: 'byname-token-secret' },
      { name: '/svc/api/key', value: 'svc-api-key-secret-1' },
    ];

    const pair = await runOnBoth(backends(), {
      inputs: {
        parameters: [
          '/byname/url',
          'HOSTS,/byname/hosts',
          'TOKEN,/byname/token',
          ...names,
          'SVC,/svc/',
        ].join('\n'),
      },
      secrets,
    });

    expectSameRuns(pair);
    const run = pair.moto;
    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    const { 'secrets-manifest': manifest, ...values } = run.outputs;
    const svcOutput = (name: string): string =>
      `SVC_${name
        .slice('/svc/'.length)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '_')}`;
    expect(values).toEqual({
      BYNAME_URL: 'https://byname.example.test',
      HOSTS: 'a.example.test,b.example.test',
      TOKEN: 'byname-token-secret',
      ...Object.fromEntries(
        names.map((name, i) => [name.slice(1).toUpperCase().replace('/', '_'), `number-${i}`]),
      ),
      ...Object.fromEntries(below.map((name, i) => [svcOutput(name), `svc-value-${i}`])),
      SVC_API_KEY: 'svc-api-key-secret-1',
    });
    expect(JSON.parse(manifest ?? '')).toMatchObject({
      parameters: expect.arrayContaining([
        { alias: 'TOKEN', name: '/byname/token', version: 1 },
        { alias: 'SVC_API_KEY', name: '/svc/api/key', version: 1 },
      ]),
    });
    expectMasked(run, ['byname-token-secret', 'svc-api-key-secret-1']);
    for (const plain of ['https://byname.example.test', 'number-0', 'svc-value-0'])
      expect(run.masks).not.toContain(plain);
    expect(run.maskedLog).toContain(
      'Read 39 parameter(s) with 2 GetParameters and 3 GetParametersByPath call(s).',
    );
  });

  it.each(['fail', 'warn'] as const)(
    'with if-missing: %s, a name Parameter Store reports as invalid and a path holding nothing',
    async (ifMissing) => {
      const space = `/missing-${ifMissing}`;
      await putParameters([[`${space}/present`, 'present-value']]);

      const pair = await runOnBoth(backends(), {
        inputs: {
          parameters: `${space}/present\n${space}/absent\n${space}/nothing/`,
          'if-missing': ifMissing,
        },
        secrets: [],
      });

      expectSameRuns(pair);
      const run = pair.moto;
      expect(run.exitCode).toBe(ifMissing === 'fail' ? 1 : 0);
      expect(run.annotations.map((annotation) => annotation.level)).toEqual(
        Array.from({ length: 2 }, () => (ifMissing === 'fail' ? 'error' : 'warning')),
      );
      const messages = run.annotations.map((annotation) => annotation.message).join('\n');
      expect(messages).toContain(`${space}/absent`);
      expect(messages).toContain(`${space}/nothing/`);
    },
  );
});

describe.concurrent('versioned buckets, against moto and against the sandbox', () => {
  it('enables versioning where it is absent or Suspended and leaves Enabled alone; moto holds Enabled after', async () => {
    const buckets = ['moto-never', 'moto-suspended', 'moto-enabled'];
    await createBuckets([
      ['moto-never'],
      ['moto-suspended', 'Suspended'],
      ['moto-enabled', 'Enabled'],
    ]);

    const pair = await runOnBoth(backends(), {
      inputs: { 'versioned-buckets': buckets.join('\n') },
      secrets: [],
    });

    expectSameRuns(pair);
    const run = pair.moto;
    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.outputs).toEqual({
      versioning: JSON.stringify([
        { bucket: 'moto-never', before: 'Unversioned', after: 'Enabled', changed: true },
        { bucket: 'moto-suspended', before: 'Suspended', after: 'Enabled', changed: true },
        { bucket: 'moto-enabled', before: 'Enabled', after: 'Enabled', changed: false },
      ]),
    });
    expect(await motoVersioning(buckets)).toEqual(['Enabled', 'Enabled', 'Enabled']);
  });

  it('a bucket that does not exist fails the step, naming it; the others are still handled', async () => {
    await createBuckets([['moto-present']]);

    const pair = await runOnBoth(backends(), {
      inputs: { 'versioned-buckets': 'moto-present\nmoto-no-such-bucket' },
      secrets: [],
    });

    expectSameRuns(pair);
    const run = pair.moto;
    expect(run.exitCode).toBe(1);
    expect(run.annotations).toHaveLength(1);
    expect(run.annotations[0]?.message).toContain('Bucket moto-no-such-bucket does not exist');
    expect(await motoVersioning(['moto-present'])).toEqual(['Enabled']);
  });
});

describe.concurrent('dry run, against moto and against the sandbox', () => {
  it('secrets, parameters and buckets that exist: nothing changed, no value in any output', async () => {
    const secretsClient = moto.current.clients.secretsManager();
    for (const [name, value] of [
      ['dry/db', 'dry-db-password-1'],
      ['dry/list/one', 'dry-list-value-1'],
      ['dry/list/two', 'dry-list-value-2'],
    ] as const)
      await secretsClient.send(new CreateSecretCommand({ Name: name, SecretString: value }));
    const arns = await mirrorSecrets(moto.current, sandbox.current, 'dry/');
    await putParameters([
      ['/dry/token', 'dry-token-secret-1', 'SecureString'],
      ['/dry/path/url', 'https://dry.example.test'],
    ]);
    await createBuckets([['moto-dry-never']]);
    const secrets = [
      { name: 'dry/db', value: 'dry-db-password-1' },
      { name: 'dry/list/one', value: 'dry-list-value-1' },
      { name: 'dry/list/two', value: 'dry-list-value-2' },
      { name: '/dry/token', value: 'dry-token-secret-1' },
    ];

    const pair = await runOnBoth(backends(), {
      inputs: {
        'dry-run': 'true',
        'secret-ids': 'DB,dry/db\ndry/list/*',
        parameters: '/dry/token\n/dry/path/',
        'versioned-buckets': 'moto-dry-never',
      },
      secrets,
      // A dry run reads no value into an output.
      valueOutputs: [],
    });

    expectSameRuns(pair, arns);
    const run = pair.moto;
    expect(run.exitCode).toBe(0);
    expect(await motoVersioning(['moto-dry-never'])).toEqual([undefined]);
    expect(sandbox.current.bucketVersioning('moto-dry-never')).toBeUndefined();
  });

  it('misspelt names: whatever the dry run makes of them, both make the same, and nothing is changed', async () => {
    await createBuckets([['moto-dry-typo']]);

    const pair = await runOnBoth(backends(), {
      inputs: {
        'dry-run': 'true',
        'secret-ids': 'typo/dbb\ntypo/nothing-*',
        parameters: '/typo/tokn\n/typo/path/',
        'versioned-buckets': 'moto-dry-typo\nmoto-dry-no-such-bucket',
      },
      secrets: [],
      valueOutputs: [],
    });

    expectSameRuns(pair);
    expect(pair.moto.exitCode).toBe(1);
    expect(await motoVersioning(['moto-dry-typo'])).toEqual([undefined]);
  });
});
