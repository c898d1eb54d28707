// Copies what a test seeded into moto (through moto's own API) into the sandbox, read back through
// the same API, so that one case can be run against both with exactly the same data: the same
// names, values, version ids and staging labels, parameter types and bucket states. Only what
// each service makes up itself differs, the random six characters of a secret's ARN, and
// `ArnLabels` names each ARN so that the two runs can be compared.

import { GetBucketVersioningCommand } from '@aws-sdk/client-s3';
import {
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  ListSecretsCommand,
  type SecretListEntry,
} from '@aws-sdk/client-secrets-manager';
import { GetParametersCommand } from '@aws-sdk/client-ssm';
import type { Sandbox, SecretVersionSeed } from '../../../sandbox/index.js';
import { MOTO_REGION, type MotoServer } from './server.js';

/** Each backend's ARN of a secret, mapped to one label for both, `<secret NAME in REGION>`. */
export interface ArnLabels {
  readonly sandbox: ReadonlyMap<string, string>;
  readonly moto: ReadonlyMap<string, string>;
}

export const secretLabel = (name: string, region: string = MOTO_REGION): string =>
  `<secret ${name} in ${region}>`;

/**
 * Every secret of `region` whose name starts with `prefix`, as moto holds it (every version, with
 * its staging labels, deprecated ones too), added to the sandbox.
 */
export async function mirrorSecrets(
  moto: MotoServer,
  sandbox: Sandbox,
  prefix: string,
  region: string = MOTO_REGION,
): Promise<ArnLabels> {
  const client = moto.clients.secretsManager(region);
  const listed: SecretListEntry[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListSecretsCommand({
        Filters: [{ Key: 'name', Values: [prefix] }],
        ...(token === undefined ? {} : { NextToken: token }),
      }),
    );
    listed.push(...(page.SecretList ?? []).filter((entry) => entry.Name?.startsWith(prefix)));
    token = page.NextToken;
  } while (token !== undefined);

  const sandboxArns = new Map<string, string>();
  const motoArns = new Map<string, string>();
  for (const { Name: name = '', ARN: arn = '' } of listed) {
    const { Versions = [] } = await client.send(
      new ListSecretVersionIdsCommand({ SecretId: arn, IncludeDeprecated: true }),
    );
    const versions: SecretVersionSeed[] = [];
    for (const { VersionId: versionId = '', VersionStages: stages = [] } of Versions) {
      const value = await client.send(
        new GetSecretValueCommand({ SecretId: arn, VersionId: versionId }),
      );
      versions.push(
        value.SecretBinary === undefined
          ? { secretString: value.SecretString ?? '', versionId, stages }
          : { secretBinary: value.SecretBinary, versionId, stages },
      );
    }
    const label = secretLabel(name, region);
    motoArns.set(arn, label);
    sandboxArns.set(sandbox.addSecret({ name, region, versions }).arn, label);
  }
  return { sandbox: sandboxArns, moto: motoArns };
}

/** These parameters as moto holds them (decrypted, with their types), added to the sandbox. */
export async function mirrorParameters(
  moto: MotoServer,
  sandbox: Sandbox,
  names: readonly string[],
): Promise<void> {
  for (let start = 0; start < names.length; start += 10) {
    const { Parameters = [], InvalidParameters = [] } = await moto.clients
      .ssm()
      .send(
        new GetParametersCommand({ Names: names.slice(start, start + 10), WithDecryption: true }),
      );
    if (InvalidParameters.length > 0)
      throw new Error(`moto does not hold ${InvalidParameters.join(', ')}`);
    for (const { Name = '', Value = '', Type = 'String' } of Parameters)
      sandbox.putParameter({ name: Name, value: Value, type: Type });
  }
}

/** These buckets, with the versioning state moto gives them, added to the sandbox. */
export async function mirrorBuckets(
  moto: MotoServer,
  sandbox: Sandbox,
  names: readonly string[],
): Promise<void> {
  for (const name of names) {
    const { Status } = await moto.clients
      .s3()
      .send(new GetBucketVersioningCommand({ Bucket: name }));
    sandbox.addBucket({ name, ...(Status === undefined ? {} : { versioning: Status }) });
  }
}

/** The labels of several mirrors together. */
export function mergeLabels(...all: readonly ArnLabels[]): ArnLabels {
  return {
    sandbox: new Map(all.flatMap((labels) => [...labels.sandbox])),
    moto: new Map(all.flatMap((labels) => [...labels.moto])),
  };
}
