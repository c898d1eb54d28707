import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../src/aws.js';
import { runBeforeDeploy, type BeforeDeployDeps } from '../src/before-deploy.js';
import type { Config } from '../src/config.js';
import { describeFailure } from '../src/failure.js';
import { parseInputs, type InputName } from '../src/inputs.js';
import { fakeParameterStore } from './helpers/fake-parameter-store.js';
import { fakeSecretsManager } from './helpers/fake-secrets-manager.js';

function config(inputs: Partial<Record<InputName, string>>): Config {
  return parseInputs((name) => inputs[name] ?? '', { AWS_REGION: 'eu-west-1' }).config;
}

function clients(): AwsClients {
  const secrets = fakeSecretsManager([
    {
      name: 'db',
      value: '{"password":"pa55-word","port":22,"tls":true,"ca":"line-one\\nline-two"}',
    },
  ]);
  const parameters = fakeParameterStore([
    { name: '/p/token', value: 'secure-token', type: 'SecureString' },
    { name: '/p/url', value: 'https://plain.example' },
  ]);
  return {
    secretsManager: () => secrets.client,
    ssm: () => parameters.client,
    s3: () => new S3Client({ region: 'eu-west-1' }),
  };
}

describe('runBeforeDeploy', () => {
  it('hands the deploy every value it masked, and only those', async () => {
    const before = await runBeforeDeploy(
      config({ 'secret-ids': 'db', 'parse-json-secrets': 'true', parameters: '/p/' }),
      { clients: clients(), env: {} },
    );
    expect(before.failure).toBeUndefined();
    const json = '{"password":"pa55-word","port":22,"tls":true,"ca":"line-one\\nline-two"}';
    expect(before.secretValues).toEqual(
      new Set([
        json,
        'pa55-word',
        'true',
        'line-one\nline-two',
        'line-one',
        'line-two',
        'secure-token',
      ]),
    );
    expect(before.values?.masks).toEqual([...before.secretValues]);
  });

  it('says once that there are no credentials, however many calls failed for it', async () => {
    const noCredentials = (): Error =>
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      });
    const secrets = new SecretsManagerClient({ region: 'eu-west-1' });
    const ssm = new SSMClient({ region: 'eu-west-1' });
    const s3 = new S3Client({ region: 'eu-west-1' });
    mockClient(secrets).onAnyCommand().rejects(noCredentials());
    mockClient(ssm).onAnyCommand().rejects(noCredentials());
    mockClient(s3).onAnyCommand().rejects(noCredentials());
    const before = await runBeforeDeploy(
      config({
        'secret-ids': 'a1\nb2\nprefix/*',
        parameters: '/p/one\n/q/',
        'versioned-buckets': 'bucket-one\nbucket-two',
      }),
      { clients: { secretsManager: () => secrets, ssm: () => ssm, s3: () => s3 }, env: {} },
    );
    expect(describeFailure(before.failure, false).messages).toEqual([
      expect.stringMatching(
        /CredentialsProviderError: Could not load credentials from any providers\nNo AWS credentials were found\. Add aws-actions\/configure-aws-credentials/,
      ),
    ]);
  });

  it('still shows the warnings of a phase that failed, and of one that did not', async () => {
    const secrets = fakeSecretsManager([
      { name: 'ok', value: 'ok-value' },
      { name: 'denied', error: 'AccessDeniedException' },
    ]);
    const parameters = fakeParameterStore([{ name: '/p/url', value: 'https://plain.example' }]);
    const before = await runBeforeDeploy(
      config({
        'secret-ids': 'ok\ngone\ndenied',
        parameters: '/p/url\n/p/absent',
        'if-missing': 'warn',
      }),
      {
        clients: {
          secretsManager: () => secrets.client,
          ssm: () => parameters.client,
          s3: () => new S3Client({ region: 'eu-west-1' }),
        },
        env: {},
      },
    );
    // What could be read is still set (as aws-secretsmanager-get-secrets exports it), though the
    // step fails.
    expect(before.values?.outputs.map((output) => output.name)).toEqual(['OK', 'P_URL']);
    expect(before.failure).toBeDefined();
    expect(before.warnings).toEqual([
      "secret-ids line 2: secret gone was not found: ResourceNotFoundException (Secrets Manager can't find the specified secret.); its outputs are not set.",
      'parameters line 2: Parameter Store reports /p/absent as not found (InvalidParameters); its output is not set.',
    ]);
    expect(describeFailure(before.failure, false).messages).toEqual([
      expect.stringMatching(
        /^secret-ids line 3: secret denied could not be read: AccessDeniedException/,
      ),
    ]);
  });

  it('a dry run reads what a real run reads: the values become masks, a misspelt name fails', async () => {
    const secrets = fakeSecretsManager([{ name: 'db', value: 'db-password-1' }]);
    const parameters = fakeParameterStore([
      { name: '/p/token', value: 'token-value-1', type: 'SecureString' },
    ]);
    const deps = {
      clients: {
        secretsManager: () => secrets.client,
        ssm: () => parameters.client,
        s3: () => new S3Client({ region: 'eu-west-1' }),
      },
      env: {},
    };
    const before = await runBeforeDeploy(
      config({ 'secret-ids': 'db', parameters: '/p/token', 'dry-run': 'true' }),
      deps,
    );
    expect(before.failure).toBeUndefined();
    expect([...before.secretValues].sort()).toEqual(['db-password-1', 'token-value-1']);

    const typo = await runBeforeDeploy(
      config({ 'secret-ids': 'dbb', parameters: '/p/tokn', 'dry-run': 'true' }),
      deps,
    );
    expect(describeFailure(typo.failure, false).messages).toEqual([
      expect.stringMatching(/^secret-ids line 1: secret dbb was not found/),
      expect.stringMatching(/^parameters line 1: .*\/p\/tokn/),
    ]);
  });
});

describe('runBeforeDeploy, phases in turn', () => {
  const inputs = config({
    'secret-ids': 'db',
    parameters: '/p/url',
    'versioned-buckets': 'bucket-one',
  });

  /** Secrets Manager answering `db` once `answer` settles (or failing, with `fail`). */
  function heldSecrets(answer: Promise<void>, fail = false): SecretsManagerClient {
    const client = new SecretsManagerClient({ region: 'eu-west-1' });
    mockClient(client)
      .onAnyCommand()
      .callsFake(async () => {
        await answer;
        if (fail) throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
        return {
          SecretValues: [
            {
              ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
              Name: 'db',
              VersionId: 'v1',
              SecretString: 'db-password-1',
            },
          ],
          Errors: [],
        };
      });
    return client;
  }

  /** What a run needs, with Secrets Manager as given; `loads` records each SDK loaded, in order. */
  function recorded(
    secretsManager: SecretsManagerClient,
    firstRequest?: Promise<void>,
  ): { deps: BeforeDeployDeps; loads: string[] } {
    const parameters = fakeParameterStore([{ name: '/p/url', value: 'https://plain.example' }]);
    const s3 = new S3Client({ region: 'eu-west-1' });
    mockClient(s3).onAnyCommand().resolves({ Status: 'Enabled' });
    const loads: string[] = [];
    return {
      loads,
      deps: {
        clients: {
          secretsManager: () => secretsManager,
          ssm: () => parameters.client,
          s3: () => s3,
        },
        load: (service) => {
          loads.push(service);
          return Promise.resolve();
        },
        env: {},
        ...(firstRequest === undefined ? {} : { firstRequest }),
      },
    };
  }

  const turns = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

  it('starts the first phase at once and the others once its first request is written', async () => {
    const written = Promise.withResolvers<undefined>();
    const answer = Promise.withResolvers<undefined>();
    const { deps, loads } = recorded(heldSecrets(answer.promise), written.promise);
    const before = runBeforeDeploy(inputs, deps);
    await turns();
    expect(loads).toEqual(['secretsManager']);

    written.resolve(undefined);
    await turns();
    // The others run while the first phase still waits for its answer.
    expect(loads).toEqual(['secretsManager', 'ssm', 's3']);
    answer.resolve(undefined);
    const result = await before;
    expect(result.failure).toBeUndefined();
    expect(result.values?.outputs.map((output) => output.name)).toEqual(['DB', 'P_URL']);
    expect(result.buckets?.map((bucket) => bucket.bucket)).toEqual(['bucket-one']);
  });

  it('starts the others once the first phase has ended, though no request was written', async () => {
    const { deps, loads } = recorded(
      heldSecrets(Promise.resolve(), true),
      new Promise(() => undefined),
    );
    const before = await runBeforeDeploy(inputs, deps);
    // (Secrets Manager's a second time: the failed phase's module is asked for its partial read.)
    expect(loads.slice(0, 3)).toEqual(['secretsManager', 'ssm', 's3']);
    expect(describeFailure(before.failure, false).messages).toEqual([
      expect.stringMatching(
        /^Reading 1 secret\(s\) in eu-west-1 with BatchGetSecretValue failed \(db\): AccessDeniedException/,
      ),
    ]);
    expect(before.buckets?.map((bucket) => bucket.bucket)).toEqual(['bucket-one']);
  });

  it('without firstRequest, starts every phase at once', async () => {
    const answer = Promise.withResolvers<undefined>();
    const { deps, loads } = recorded(heldSecrets(answer.promise));
    const before = runBeforeDeploy(inputs, deps);
    await turns();
    expect(loads).toEqual(['secretsManager', 'ssm', 's3']);
    answer.resolve(undefined);
    expect((await before).failure).toBeUndefined();
  });
});
