// A Secrets Manager stand-in for unit tests, behind aws-sdk-client-mock: secrets live in a list,
// BatchGetSecretValue answers with values and per-secret Errors, ListSecrets pages and (like the
// real name filter) also matches names that merely contain the prefix, so the code's own exact
// filtering is what the tests see.
import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
  SecretsManagerServiceException,
  type BatchGetSecretValueCommandInput,
  type GetSecretValueCommandInput,
  type ListSecretsCommandInput,
  type SecretValueEntry,
} from '@aws-sdk/client-secrets-manager';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { AwsClients } from '../../src/aws.js';

export const ACCOUNT = '123456789012';

export interface FakeSecret {
  readonly name: string;
  readonly value?: string;
  readonly binary?: Uint8Array;
  /** Older versions by id or staging label. */
  readonly versions?: Readonly<Record<string, string>>;
  /** Per-secret error code BatchGetSecretValue reports instead of the value. */
  readonly error?: string;
}

export function arnOf(name: string, region = 'eu-west-1'): string {
  return `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}-AbC123`;
}

export function versionIdOf(name: string, label = 'AWSCURRENT'): string {
  const hex = Buffer.from(`${name}|${label}`).toString('hex').padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export interface FakeSecretsManager {
  readonly client: SecretsManagerClient;
  readonly stub: AwsClientStub<SecretsManagerClient>;
  /** Largest number of calls that were in flight at once. */
  maxInFlight: number;
}

/**
 * One fake region. Calls answer after a macrotask, so parallel calls really overlap. With
 * `everyClient`, every SecretsManagerClient made anywhere is this fake (for tests of main.ts).
 */
export function fakeSecretsManager(
  secrets: readonly FakeSecret[],
  region = 'eu-west-1',
  everyClient = false,
): FakeSecretsManager {
  const client = new SecretsManagerClient({ region });
  const stub = mockClient(everyClient ? SecretsManagerClient : client);
  const fake: FakeSecretsManager = { client, stub, maxInFlight: 0 };
  let inFlight = 0;
  const answer = async <T>(make: () => T): Promise<T> => {
    inFlight += 1;
    fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight -= 1;
    return make();
  };
  const find = (id: string): FakeSecret | undefined =>
    secrets.find(
      (secret) =>
        id === secret.name ||
        id === arnOf(secret.name, region) ||
        arnOf(secret.name, region).startsWith(`${id}-`),
    );
  const entry = (secret: FakeSecret): SecretValueEntry => ({
    ARN: arnOf(secret.name, region),
    Name: secret.name,
    VersionId: versionIdOf(secret.name),
    ...(secret.binary === undefined
      ? { SecretString: secret.value ?? '' }
      : { SecretBinary: secret.binary }),
    VersionStages: ['AWSCURRENT'],
  });

  stub.on(BatchGetSecretValueCommand).callsFake((input: BatchGetSecretValueCommandInput) =>
    answer(() => {
      const ids = input.SecretIdList ?? [];
      if (ids.length > 20) throw new Error('test fake: more than 20 ids in one call');
      const values: SecretValueEntry[] = [];
      const errors = [];
      for (const id of ids) {
        const secret = find(id);
        if (secret === undefined)
          errors.push({
            SecretId: id,
            ErrorCode: 'ResourceNotFoundException',
            Message: "Secrets Manager can't find the specified secret.",
          });
        else if (secret.error !== undefined)
          errors.push({ SecretId: id, ErrorCode: secret.error, Message: `${secret.error} for it` });
        else values.push(entry(secret));
      }
      return { SecretValues: values, Errors: errors };
    }),
  );

  stub.on(GetSecretValueCommand).callsFake((input: GetSecretValueCommandInput) =>
    answer(() => {
      const secret = find(input.SecretId ?? '');
      const label = input.VersionId ?? input.VersionStage ?? 'AWSCURRENT';
      const value = label === 'AWSCURRENT' ? secret?.value : secret?.versions?.[label];
      if (secret === undefined || value === undefined)
        throw new SecretsManagerServiceException({
          name: 'ResourceNotFoundException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
          message: "Secrets Manager can't find the specified secret value.",
        });
      return {
        ARN: arnOf(secret.name, region),
        Name: secret.name,
        VersionId: input.VersionId ?? versionIdOf(secret.name, label),
        SecretString: value,
      };
    }),
  );

  stub.on(ListSecretsCommand).callsFake((input: ListSecretsCommandInput) =>
    answer(() => {
      const word = input.Filters?.[0]?.Values?.[0] ?? '';
      // Like the service's filter, looser than a prefix: any name containing the value.
      const matching = secrets.filter((secret) => secret.name.includes(word));
      const size = input.MaxResults ?? 100;
      const start = Number(input.NextToken ?? 0);
      const page = matching.slice(start, start + size);
      return {
        SecretList: page.map((secret) => ({ ARN: arnOf(secret.name, region), Name: secret.name })),
        ...(start + size < matching.length ? { NextToken: String(start + size) } : {}),
      };
    }),
  );
  return fake;
}

/** A clients object whose Secrets Manager client depends on the region asked for. */
export function secretsClients(
  byRegion: Readonly<Record<string, FakeSecretsManager>>,
  defaultRegion = 'eu-west-1',
): Pick<AwsClients, 'secretsManager'> {
  return {
    secretsManager: (region = defaultRegion) => {
      const fake = byRegion[region];
      if (fake === undefined) throw new Error(`test: no fake Secrets Manager in ${region}`);
      return fake.client;
    },
  };
}
