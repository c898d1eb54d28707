// Secrets Manager: GetSecretValue, BatchGetSecretValue, ListSecrets and DescribeSecret. Secrets
// live in a region (a call sees only its own region's secrets, as on AWS), have ARNs with the
// 6-character random suffix, and versions with staging labels (AWSCURRENT, AWSPREVIOUS, custom).

import { randomBytes, randomUUID } from 'node:crypto';
import type { SandboxClock } from './clock.js';
import { ServiceError, validationError } from './errors.js';
import { type JsonInput, epochSeconds, paginate } from './json-input.js';

export type SecretPayload =
  | { readonly secretString: string; readonly secretBinary?: never }
  | { readonly secretBinary: Uint8Array | string; readonly secretString?: never };

export type SecretVersionSeed = SecretPayload & {
  readonly versionId?: string;
  /** Default: AWSCURRENT for the last version given, and AWSPREVIOUS for the one before it. */
  readonly stages?: readonly string[];
};

export interface SecretSeedBase {
  readonly name: string;
  /** Default: the sandbox's region. */
  readonly region?: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Every call on this secret is refused with AccessDeniedException (it is still listed). */
  readonly accessDenied?: boolean;
  /** Scheduled for deletion: reads fail, ListSecrets hides it unless IncludePlannedDeletion. */
  readonly deleted?: boolean;
}

/** Either one current value, or versions oldest first. `secretBinary` as a string is base64. */
export type SecretSeed = SecretSeedBase &
  (SecretPayload | { readonly versions: readonly SecretVersionSeed[] });

interface SecretVersion {
  readonly versionId: string;
  readonly string: string | undefined;
  readonly binary: Buffer | undefined;
  readonly created: number;
  readonly stages: Set<string>;
}

interface StoredSecret {
  readonly name: string;
  readonly region: string;
  readonly arn: string;
  readonly description: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  readonly created: number;
  lastChanged: number;
  accessDenied: boolean;
  deleted: number | undefined;
  readonly versions: SecretVersion[];
}

/** The fields of each operation that the call log may keep: ids and names, never values. */
export const SECRETS_LOGGED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  GetSecretValue: ['SecretId', 'VersionId', 'VersionStage'],
  BatchGetSecretValue: ['SecretIdList', 'Filters', 'MaxResults', 'NextToken'],
  ListSecrets: ['Filters', 'MaxResults', 'NextToken', 'IncludePlannedDeletion', 'SortOrder'],
  DescribeSecret: ['SecretId'],
};

const NAME_PATTERN = /^[a-zA-Z0-9/_+=.@-]{1,512}$/;

function notFound(): ServiceError {
  return new ServiceError(
    'ResourceNotFoundException',
    "Secrets Manager can't find the specified secret.",
  );
}

export class SecretStore {
  readonly #secrets: StoredSecret[] = [];

  constructor(
    private readonly clock: SandboxClock,
    private readonly accountId: string,
    private readonly defaultRegion: string,
  ) {}

  seed(seed: SecretSeed): { readonly arn: string } {
    const region = seed.region ?? this.defaultRegion;
    if (!NAME_PATTERN.test(seed.name)) throw new Error(`invalid secret name ${seed.name}`);
    if (this.#secrets.some((s) => s.region === region && s.name === seed.name)) {
      throw new Error(`secret ${seed.name} already exists in ${region}`);
    }
    const now = this.clock.now();
    const suffix = randomBytes(6)
      .toString('base64')
      .replace(/[^a-zA-Z0-9]/g, 'x')
      .slice(0, 6);
    const secret: StoredSecret = {
      name: seed.name,
      region,
      arn: `arn:aws:secretsmanager:${region}:${this.accountId}:secret:${seed.name}-${suffix}`,
      description: seed.description,
      tags: seed.tags ?? {},
      created: now,
      lastChanged: now,
      accessDenied: seed.accessDenied ?? false,
      deleted: seed.deleted ? now : undefined,
      versions: [],
    };
    const versions: readonly SecretVersionSeed[] =
      'versions' in seed
        ? seed.versions
        : [
            seed.secretString !== undefined
              ? { secretString: seed.secretString }
              : { secretBinary: seed.secretBinary },
          ];
    if (versions.length === 0) throw new Error(`secret ${seed.name} needs a value`);
    versions.forEach((version, index) => {
      const defaultStages =
        index === versions.length - 1
          ? ['AWSCURRENT']
          : index === versions.length - 2
            ? ['AWSPREVIOUS']
            : [];
      secret.versions.push(
        makeVersion(
          version,
          version.versionId ?? randomUUID(),
          now,
          version.stages ?? defaultStages,
        ),
      );
    });
    this.#secrets.push(secret);
    return { arn: secret.arn };
  }

  /** A new current value, as PutSecretValue does: AWSCURRENT moves, the old one becomes AWSPREVIOUS. */
  putValue(
    name: string,
    payload: SecretPayload,
    region = this.defaultRegion,
  ): { readonly versionId: string } {
    const secret = this.#secrets.find((s) => s.name === name && s.region === region);
    if (!secret) throw new Error(`no secret ${name} in ${region}`);
    for (const v of secret.versions) v.stages.delete('AWSPREVIOUS');
    for (const v of secret.versions) {
      if (v.stages.delete('AWSCURRENT')) v.stages.add('AWSPREVIOUS');
    }
    const versionId = randomUUID();
    secret.versions.push(makeVersion(payload, versionId, this.clock.now(), ['AWSCURRENT']));
    secret.lastChanged = this.clock.now();
    return { versionId };
  }

  setAccessDenied(name: string, denied: boolean, region = this.defaultRegion): void {
    const secret = this.#secrets.find((s) => s.name === name && s.region === region);
    if (!secret) throw new Error(`no secret ${name} in ${region}`);
    secret.accessDenied = denied;
  }

  arnOf(name: string, region = this.defaultRegion): string | undefined {
    return this.#secrets.find((s) => s.name === name && s.region === region)?.arn;
  }

  getSecretValue(input: JsonInput, region: string): object {
    const secretId = input.requiredString('SecretId', { min: 1, max: 2048 });
    const versionId = input.string('VersionId', { min: 32, max: 64 });
    const versionStage = input.string('VersionStage', { min: 1, max: 256 });
    const secret = this.#readable(secretId, region, 'GetSecretValue');
    return valueEntry(secret, pickVersion(secret, versionId, versionStage));
  }

  batchGetSecretValue(input: JsonInput, region: string): object {
    const ids = input.stringList('SecretIdList', { min: 1, max: 20 });
    const filters = input.objectList('Filters', { max: 10 });
    const maxResults = input.number('MaxResults', { min: 1, max: 20 });
    const nextToken = input.string('NextToken', { min: 1, max: 4096 });
    if ((ids === undefined) === (filters === undefined)) {
      throw new ServiceError(
        'InvalidParameterException',
        'Either SecretIdList or Filters must be specified, but not both.',
      );
    }
    if (ids !== undefined && (maxResults !== undefined || nextToken !== undefined)) {
      throw new ServiceError(
        'InvalidParameterException',
        'MaxResults and NextToken can be used only with Filters.',
      );
    }
    const values: object[] = [];
    const errors: object[] = [];
    const read = (id: string, secret: StoredSecret | undefined): void => {
      try {
        const found = secret ?? this.#readable(id, region, 'GetSecretValue');
        if (secret) this.#checkReadable(secret, 'GetSecretValue');
        values.push(valueEntry(found, pickVersion(found, undefined, undefined)));
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        errors.push({ SecretId: id, ErrorCode: error.code, Message: error.message });
      }
    };
    if (ids !== undefined) {
      for (const id of new Set(ids)) read(id, undefined);
      return { SecretValues: values, Errors: errors };
    }
    const matching = this.#filtered(filters ?? [], region, false);
    const { page, nextToken: next } = paginate(
      matching,
      `batch:${JSON.stringify(input.body.Filters)}`,
      maxResults ?? 20,
      nextToken,
      invalidToken,
    );
    for (const secret of page) read(secret.name, secret);
    return {
      SecretValues: values,
      Errors: errors,
      ...(next === undefined ? {} : { NextToken: next }),
    };
  }

  listSecrets(input: JsonInput, region: string): object {
    const includeDeleted = input.boolean('IncludePlannedDeletion') ?? false;
    const maxResults = input.number('MaxResults', { min: 1, max: 100 }) ?? 100;
    const filters = input.objectList('Filters', { max: 10 }) ?? [];
    const sortOrder = input.string('SortOrder') ?? 'desc';
    if (sortOrder !== 'asc' && sortOrder !== 'desc') {
      throw validationError(
        'sortOrder',
        sortOrder,
        'Member must satisfy enum value set: [asc, desc]',
      );
    }
    const matching = this.#filtered(filters, region, includeDeleted);
    const ordered = sortOrder === 'asc' ? matching : [...matching].reverse();
    const scope = `list:${JSON.stringify(input.body.Filters ?? null)}:${sortOrder}:${String(includeDeleted)}`;
    const { page, nextToken } = paginate(
      ordered,
      scope,
      maxResults,
      input.string('NextToken'),
      invalidToken,
    );
    return {
      SecretList: page.map((secret) => ({
        ...this.#metadata(secret),
        SecretVersionsToStages: versionsToStages(secret),
      })),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  }

  describeSecret(input: JsonInput, region: string): object {
    const secretId = input.requiredString('SecretId', { min: 1, max: 2048 });
    const secret = this.#find(secretId, region);
    this.#checkAllowed(secret, 'DescribeSecret');
    return { ...this.#metadata(secret), VersionIdsToStages: versionsToStages(secret) };
  }

  handle(operation: string, input: JsonInput, region: string): object {
    switch (operation) {
      case 'GetSecretValue':
        return this.getSecretValue(input, region);
      case 'BatchGetSecretValue':
        return this.batchGetSecretValue(input, region);
      case 'ListSecrets':
        return this.listSecrets(input, region);
      case 'DescribeSecret':
        return this.describeSecret(input, region);
      default:
        throw new ServiceError('UnknownOperationException', undefined);
    }
  }

  #metadata(secret: StoredSecret): object {
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(secret.description === undefined ? {} : { Description: secret.description }),
      RotationEnabled: false,
      LastChangedDate: epochSeconds(secret.lastChanged),
      ...(secret.deleted === undefined ? {} : { DeletedDate: epochSeconds(secret.deleted) }),
      Tags: Object.entries(secret.tags).map(([Key, Value]) => ({ Key, Value })),
      CreatedDate: epochSeconds(secret.created),
      PrimaryRegion: secret.region,
    };
  }

  /** A secret by name, full ARN or partial ARN (without the random suffix), in `region` only. */
  #find(secretId: string, region: string): StoredSecret {
    const inRegion = this.#secrets.filter((s) => s.region === region);
    const found = secretId.startsWith('arn:')
      ? inRegion.find((s) => s.arn === secretId || s.arn.slice(0, -7) === secretId)
      : inRegion.find((s) => s.name === secretId);
    if (!found) throw notFound();
    return found;
  }

  #readable(secretId: string, region: string, action: string): StoredSecret {
    const secret = this.#find(secretId, region);
    this.#checkReadable(secret, action);
    return secret;
  }

  #checkReadable(secret: StoredSecret, action: string): void {
    this.#checkAllowed(secret, action);
    if (secret.deleted !== undefined) {
      throw new ServiceError(
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      );
    }
  }

  #checkAllowed(secret: StoredSecret, action: string): void {
    if (secret.accessDenied) {
      throw new ServiceError(
        'AccessDeniedException',
        `User: arn:aws:iam::${this.accountId}:user/sandbox is not authorized to perform: secretsmanager:${action} on resource: ${secret.name} because no identity-based policy allows the secretsmanager:${action} action`,
      );
    }
  }

  #filtered(
    filters: readonly JsonInput[],
    region: string,
    includeDeleted: boolean,
  ): StoredSecret[] {
    const tests = filters.map(readFilter);
    return this.#secrets.filter(
      (s) =>
        s.region === region &&
        (includeDeleted || s.deleted === undefined) &&
        tests.every((test) => test(s)),
    );
  }
}

function makeVersion(
  payload: SecretPayload,
  versionId: string,
  created: number,
  stages: readonly string[],
): SecretVersion {
  const binary = payload.secretBinary;
  return {
    versionId,
    string: payload.secretString,
    binary:
      binary === undefined
        ? undefined
        : typeof binary === 'string'
          ? Buffer.from(binary, 'base64')
          : Buffer.from(binary),
    created,
    stages: new Set(stages),
  };
}

function pickVersion(
  secret: StoredSecret,
  versionId: string | undefined,
  stage: string | undefined,
): SecretVersion {
  if (versionId !== undefined) {
    const version = secret.versions.find((v) => v.versionId === versionId);
    if (!version) {
      throw new ServiceError(
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
      );
    }
    if (stage !== undefined && !version.stages.has(stage)) {
      throw new ServiceError(
        'InvalidRequestException',
        `You provided a VersionStage that is not associated to the provided VersionId.`,
      );
    }
    return version;
  }
  const wanted = stage ?? 'AWSCURRENT';
  const version = secret.versions.find((v) => v.stages.has(wanted));
  if (!version) {
    throw new ServiceError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for staging label: ${wanted}`,
    );
  }
  return version;
}

function valueEntry(secret: StoredSecret, version: SecretVersion): object {
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    ...(version.string === undefined ? {} : { SecretString: version.string }),
    ...(version.binary === undefined ? {} : { SecretBinary: version.binary.toString('base64') }),
    VersionStages: [...version.stages],
    CreatedDate: epochSeconds(version.created),
  };
}

function versionsToStages(secret: StoredSecret): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const v of secret.versions) if (v.stages.size > 0) result[v.versionId] = [...v.stages];
  return result;
}

function invalidToken(): ServiceError {
  return new ServiceError('InvalidNextTokenException', 'The NextToken value is invalid.');
}

const FILTER_KEYS = [
  'description',
  'name',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
  'all',
];

/** A ListSecrets filter: values OR together (a leading `!` negates one), filters AND. */
function readFilter(filter: JsonInput): (secret: StoredSecret) => boolean {
  const key = filter.requiredString('Key');
  if (!FILTER_KEYS.includes(key)) {
    throw validationError(
      'filters.1.member.key',
      key,
      `Member must satisfy enum value set: [${FILTER_KEYS.join(', ')}]`,
    );
  }
  const values = filter.stringList('Values', { min: 1, max: 10 }) ?? [];
  const fields = (secret: StoredSecret): string[] => {
    switch (key) {
      case 'name':
        return [secret.name];
      case 'description':
        return secret.description === undefined ? [] : [secret.description];
      case 'tag-key':
        return Object.keys(secret.tags);
      case 'tag-value':
        return Object.values(secret.tags);
      case 'primary-region':
        return [secret.region];
      case 'owning-service':
        return [];
      default:
        return [
          secret.name,
          secret.description ?? '',
          ...Object.keys(secret.tags),
          ...Object.values(secret.tags),
        ];
    }
  };
  const caseless = key === 'description' || key === 'all';
  return (secret) => {
    const candidates = fields(secret).map((f) => (caseless ? f.toLowerCase() : f));
    return values.some((raw) => {
      const negate = raw.startsWith('!');
      const value = caseless ? raw.slice(negate ? 1 : 0).toLowerCase() : raw.slice(negate ? 1 : 0);
      const hit =
        key === 'all'
          ? candidates.some((c) => c.includes(value))
          : candidates.some((c) => c.startsWith(value));
      return negate ? !hit : hit;
    });
  };
}
