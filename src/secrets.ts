// Secrets Manager: resolve every `secret-ids` line to the secrets it names, read them in as few
// calls as the API allows (BatchGetSecretValue, 20 ids a call, calls in parallel), split JSON
// values into one output per leaf, and return the outputs with every string to mask. Nothing here
// prints: the caller masks before anything is shown.
//
// Compatible with aws-actions/aws-secretsmanager-get-secrets for what both accept: output names
// (upper-cased, other characters `_`, a leading digit prefixed with `_`), an ARN's output named
// after the secret's name, JSON keys appended with `_` at every level, arrays and non-string
// leaves as JSON text, and a blank alias (`,SECRET_ID`) naming a JSON secret's outputs by its keys
// alone. Deliberate differences: a binary secret is output as base64 (not decoded to text, which
// would garble it); an alias on a prefix prefixes the name of each matched secret below the prefix
// (`APP,prod/app/*` gives `APP_DB` for `prod/app/db`) instead of requiring a single match; with
// parse-json-secrets the whole JSON value is an output too; a prefix has no 100-secret limit.

import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  type SecretValueEntry,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import pLimit from 'p-limit';
import type { AwsClients } from './aws.js';
import { awsErrorFacts, describeAwsError, isAccessDenied, retryHint } from './aws-errors.js';
import { byCodeUnit, chunks } from './batches.js';
import type { IfMissing, SecretRequest, SecretsConfig } from './config.js';
import { ActionError, failWith } from './errors.js';
import { masksFor, partMasks } from './masks.js';
import { toOutputName } from './names.js';
import type { SecretManifestEntry, ValueOutput, ValueRead } from './outputs.js';

/** BatchGetSecretValue takes at most 20 ids in one call. */
export const BATCH_SIZE = 20;
/** ListSecrets returns at most 100 secrets a page. */
export const LIST_PAGE_SIZE = 100;
/**
 * Calls in flight at once: 200 secrets in one round trip, yet a bounded burst (throttling beyond
 * that is the SDK's adaptive retry mode's to absorb).
 */
export const DEFAULT_CONCURRENCY = 10;

export interface SecretsDeps {
  readonly clients: Pick<AwsClients, 'secretsManager'>;
  /** The action's region: secrets named by name or prefix are read there. */
  readonly region: string;
  readonly ifMissing: IfMissing;
  readonly concurrency?: number;
}

/** Calls made, by API: the figures the benchmarks report. */
export interface SecretsCalls {
  listSecrets: number;
  batchGetSecretValue: number;
  getSecretValue: number;
}

export interface SecretsRead extends ValueRead {
  readonly manifest: readonly SecretManifestEntry[];
  readonly calls: Readonly<SecretsCalls>;
}

/** One secret to read, and the `secret-ids` line it came from. */
interface Target {
  readonly request: SecretRequest;
  readonly region: string;
  /** What is sent as the secret id: a name, an ARN, or a partial ARN. */
  readonly id: string;
  /** How messages name it: the name or ARN as written, or the name a prefix matched. */
  readonly label: string;
}

interface SecretRecord {
  readonly name: string;
  readonly arn: string;
  readonly versionId: string;
  readonly value: { readonly kind: 'string' | 'binary'; readonly text: string };
}

type Outcome =
  | { readonly kind: 'read'; readonly record: SecretRecord }
  | {
      readonly kind: 'failed';
      readonly code: string;
      readonly message: string;
      /** The error a single call threw (GetSecretValue), when there was one. */
      readonly cause?: unknown;
    };

interface Listed {
  readonly name: string;
  readonly arn: string;
}

/**
 * Reads every secret `config` names. Throws an `ActionError` (or an `AggregateError` of them) for
 * every secret that could not be read, after applying `if-missing` to those that do not exist.
 */
export async function readSecrets(config: SecretsConfig, deps: SecretsDeps): Promise<SecretsRead> {
  const session = new Session(deps);
  const problems: ActionError[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];

  const resolved = await Promise.all(
    config.requests.map(async (request) => ({
      request,
      targets: await session.resolve(request, problems),
    })),
  );
  const shared = shareIds(resolved.flatMap(({ targets }) => targets ?? []));
  const outcomes = await session.read(shared, problems);

  const outputs: ValueOutput[] = [];
  const masks: string[] = [];
  const manifest: SecretManifestEntry[] = [];
  for (const { request, targets } of resolved) {
    if (targets === undefined) continue; // listing failed, which is already a problem
    if (targets.length === 0 && request.source.kind === 'prefix') {
      const what = `prefix ${request.source.prefix}* matched no secret`;
      missing(deps.ifMissing, request, what, problems, warnings, notes);
      continue;
    }
    for (const target of targets) {
      const outcome = outcomes.get(outcomeKey(shared.get(target) ?? target));
      if (outcome === undefined) continue; // its whole call failed, which is already a problem
      if (outcome.kind === 'failed') {
        secretFailure(deps.ifMissing, target, outcome, problems, warnings, notes);
        continue;
      }
      const made = secretOutputs(target, outcome.record, config.parseJson);
      if (made instanceof ActionError) {
        problems.push(made);
        continue;
      }
      outputs.push(...made.outputs);
      masks.push(...made.masks);
      warnings.push(...made.warnings);
      manifest.push(made.manifest);
      notes.push(
        `${where(request)}: ${outcome.record.name} → ${made.outputs.map((output) => output.name).join(', ')}`,
      );
    }
  }
  if (problems.length > 0) throw failWith(problems, warnings);
  const { listSecrets, batchGetSecretValue, getSecretValue } = session.calls;
  notes.push(
    `Read ${manifest.length} secret(s) with ${batchGetSecretValue} BatchGetSecretValue, ${getSecretValue} GetSecretValue and ${listSecrets} ListSecrets call(s).`,
  );
  return { outputs, masks, warnings, notes, manifest, calls: { ...session.calls } };
}

/** The calls of one read: clients per region, one limit on calls in flight, and their count. */
class Session {
  readonly calls: SecretsCalls = { listSecrets: 0, batchGetSecretValue: 0, getSecretValue: 0 };
  private readonly limit;

  constructor(private readonly deps: SecretsDeps) {
    this.limit = pLimit(deps.concurrency ?? DEFAULT_CONCURRENCY);
  }

  private client(region: string): SecretsManagerClient {
    return this.deps.clients.secretsManager(region);
  }

  /**
   * The secrets one line names; a prefix is listed (every page) and filtered exactly. Undefined
   * when listing failed, which is recorded in `problems`.
   */
  async resolve(request: SecretRequest, problems: ActionError[]): Promise<Target[] | undefined> {
    const { source } = request;
    const region = source.kind === 'arn' ? source.region : this.deps.region;
    if (source.kind === 'name') return [{ request, region, id: source.name, label: source.name }];
    if (source.kind === 'arn') return [{ request, region, id: source.arn, label: source.arn }];
    try {
      const listed = await this.list(source.prefix);
      return listed.map(({ name, arn }) => ({ request, region, id: arn, label: name }));
    } catch (error) {
      problems.push(
        new ActionError(
          `${where(request)}: listing the secrets whose names start with ${source.prefix} failed: ${describeAwsError(error)}`,
          {
            hint: isAccessDenied(awsErrorFacts(error).code)
              ? 'A prefix is resolved with ListSecrets: the role needs secretsmanager:ListSecrets (on "*").'
              : retryHint(error),
            cause: error,
          },
        ),
      );
      return undefined;
    }
  }

  /** Every secret whose name starts with `prefix`, sorted by name. */
  private async list(prefix: string): Promise<Listed[]> {
    const client = this.client(this.deps.region);
    const found: Listed[] = [];
    let token: string | undefined;
    do {
      const page = await this.limit(() => {
        this.calls.listSecrets += 1;
        return client.send(
          new ListSecretsCommand({
            Filters: [{ Key: 'name', Values: [prefix] }],
            MaxResults: LIST_PAGE_SIZE,
            ...(token === undefined ? {} : { NextToken: token }),
          }),
        );
      });
      // The name filter also matches later words of a name; only a true prefix counts.
      for (const entry of page.SecretList ?? [])
        if (entry.Name?.startsWith(prefix) === true && entry.ARN !== undefined)
          found.push({ name: entry.Name, arn: entry.ARN });
      token = page.NextToken;
    } while (token !== undefined);
    const byArn = new Map(found.map((entry) => [entry.arn, entry]));
    return [...byArn.values()].sort((a, b) => byCodeUnit(a.name, b.name));
  }

  /**
   * Reads every target: pinned versions one by one with GetSecretValue, the rest 20 ids to a
   * BatchGetSecretValue call, all calls in parallel within the limit.
   */
  async read(
    shared: ReadonlyMap<Target, Target>,
    problems: ActionError[],
  ): Promise<Map<string, Outcome>> {
    const outcomes = new Map<string, Outcome>();
    const batches = new Map<string, Set<string>>();
    const pinned = new Map<string, Target>();
    for (const target of new Set(shared.values())) {
      if (target.request.version !== undefined) pinned.set(outcomeKey(target), target);
      else {
        const ids = batches.get(target.region) ?? new Set<string>();
        ids.add(target.id);
        batches.set(target.region, ids);
      }
    }
    const work: Promise<void>[] = [];
    for (const [region, ids] of batches)
      for (const chunk of chunks([...ids], BATCH_SIZE))
        work.push(
          this.limit(() => this.batch(region, chunk)).then(
            (read) => {
              for (const [id, outcome] of read) outcomes.set(outcomeKey({ region, id }), outcome);
            },
            (error: unknown) => {
              problems.push(batchFailure(region, chunk, error));
            },
          ),
        );
    for (const [key, target] of pinned)
      work.push(
        this.limit(() => this.getPinned(target)).then((outcome) => {
          outcomes.set(key, outcome);
        }),
      );
    await Promise.all(work);
    return outcomes;
  }

  /** One BatchGetSecretValue call (and its further pages, should there be any). */
  private async batch(region: string, ids: readonly string[]): Promise<Map<string, Outcome>> {
    const client = this.client(region);
    const read = new Map<string, Outcome>();
    let token: string | undefined;
    do {
      this.calls.batchGetSecretValue += 1;
      const page = await client.send(
        new BatchGetSecretValueCommand({
          SecretIdList: [...ids],
          ...(token === undefined ? {} : { NextToken: token }),
        }),
      );
      for (const entry of page.SecretValues ?? [])
        for (const id of ids.filter((candidate) => answers(candidate, entry)))
          read.set(id, { kind: 'read', record: toRecord(entry, id) });
      for (const error of page.Errors ?? [])
        if (error.SecretId !== undefined && !read.has(error.SecretId))
          read.set(error.SecretId, {
            kind: 'failed',
            code: error.ErrorCode ?? 'UnknownError',
            message: error.Message ?? '',
          });
      token = page.NextToken;
    } while (token !== undefined);
    for (const id of ids)
      if (!read.has(id))
        read.set(id, {
          kind: 'failed',
          code: 'NoAnswer',
          message: 'Secrets Manager returned neither its value nor an error for it',
        });
    return read;
  }

  private async getPinned(target: Target): Promise<Outcome> {
    const { version } = target.request;
    this.calls.getSecretValue += 1;
    try {
      const answer = await this.client(target.region).send(
        new GetSecretValueCommand({
          SecretId: target.id,
          ...(version?.kind === 'id' ? { VersionId: version.versionId } : {}),
          ...(version?.kind === 'stage' ? { VersionStage: version.versionStage } : {}),
        }),
      );
      return { kind: 'read', record: toRecord(answer, target.id) };
    } catch (error) {
      const { code, message } = awsErrorFacts(error);
      return { kind: 'failed', code, message, cause: error };
    }
  }
}

/**
 * Secrets reached twice (by name and through a prefix, or by two prefixes) are read once: each
 * target maps to the target whose id is sent.
 */
function shareIds(targets: readonly Target[]): Map<Target, Target> {
  const direct = new Map<string, Target>();
  for (const target of targets)
    if (target.request.source.kind !== 'prefix') direct.set(outcomeKey(target), target);
  const shared = new Map<Target, Target>();
  for (const target of targets) {
    const byName =
      target.request.source.kind === 'prefix'
        ? direct.get(outcomeKey({ ...target, id: target.label }))
        : undefined;
    shared.set(target, direct.get(outcomeKey(target)) ?? byName ?? target);
  }
  return shared;
}

/** Identifies one read: a secret id in a region, at a pinned version or the current one. */
function outcomeKey(target: {
  readonly region: string;
  readonly id: string;
  readonly request?: Pick<SecretRequest, 'version'>;
}): string {
  const version = target.request?.version;
  const pin =
    version === undefined
      ? ''
      : version.kind === 'id'
        ? version.versionId
        : `@${version.versionStage}`;
  return `${target.region}\n${target.id}\n${pin}`;
}

/** Whether a batch entry is the answer for `id`: a name, a full ARN, or an ARN without its suffix. */
function answers(id: string, entry: SecretValueEntry): boolean {
  if (id === entry.Name || id === entry.ARN) return true;
  // A partial ARN leaves out the six random characters Secrets Manager appends.
  return (
    id.startsWith('arn:') &&
    entry.ARN?.startsWith(`${id}-`) === true &&
    entry.ARN.length === id.length + 7
  );
}

function toRecord(
  entry: Pick<SecretValueEntry, 'ARN' | 'Name' | 'VersionId' | 'SecretString' | 'SecretBinary'>,
  id: string,
): SecretRecord {
  const value =
    entry.SecretString !== undefined
      ? { kind: 'string' as const, text: entry.SecretString }
      : entry.SecretBinary !== undefined
        ? { kind: 'binary' as const, text: Buffer.from(entry.SecretBinary).toString('base64') }
        : { kind: 'string' as const, text: '' };
  return {
    name: entry.Name ?? id,
    arn: entry.ARN ?? id,
    versionId: entry.VersionId ?? '',
    value,
  };
}

function where(request: SecretRequest): string {
  return `secret-ids line ${request.line}`;
}

function batchFailure(region: string, ids: readonly string[], error: unknown): ActionError {
  const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? `, and ${ids.length - 5} more` : '');
  const { code } = awsErrorFacts(error);
  return new ActionError(
    `Reading ${ids.length} secret(s) in ${region} with BatchGetSecretValue failed (${shown}): ${describeAwsError(error)}`,
    {
      hint: isAccessDenied(code)
        ? 'The role needs secretsmanager:BatchGetSecretValue (on "*") as well as secretsmanager:GetSecretValue on each secret.'
        : retryHint(error),
      cause: error,
    },
  );
}

/** Reports a secret that could not be read: by name and error code, never with a value. */
function secretFailure(
  ifMissing: IfMissing,
  target: Target,
  failure: Outcome & { readonly kind: 'failed' },
  problems: ActionError[],
  warnings: string[],
  notes: string[],
): void {
  const what = target.label;
  const said = failure.message ? ` (${failure.message})` : '';
  if (failure.code === 'ResourceNotFoundException') {
    missing(
      ifMissing,
      target.request,
      `secret ${what} was not found: ${failure.code}${said}`,
      problems,
      warnings,
      notes,
    );
    return;
  }
  const hint = isAccessDenied(failure.code)
    ? `The role may not read this secret: it needs secretsmanager:GetSecretValue on it (and kms:Decrypt on its key if it is encrypted with a customer managed key). if-missing does not apply to access denied.`
    : failure.code === 'DecryptionFailure'
      ? 'Secrets Manager could not decrypt the secret with its KMS key: the role needs kms:Decrypt on that key, and the key must be enabled and its policy must allow the role.'
      : failure.code === 'InvalidRequestException'
        ? 'Secrets Manager answers this for a secret scheduled for deletion: restore it, or remove it from secret-ids.'
        : failure.cause === undefined
          ? undefined
          : retryHint(failure.cause);
  problems.push(
    new ActionError(
      `${where(target.request)}: secret ${what} could not be read: ${failure.code}${said}`,
      {
        ...(hint === undefined ? {} : { hint }),
        ...(failure.cause === undefined ? {} : { cause: failure.cause }),
      },
    ),
  );
}

/** Applies `if-missing` to something that does not exist. */
function missing(
  ifMissing: IfMissing,
  request: SecretRequest,
  what: string,
  problems: ActionError[],
  warnings: string[],
  notes: string[],
): void {
  const message = `${where(request)}: ${what}`;
  if (ifMissing === 'fail')
    problems.push(
      new ActionError(message, {
        hint: 'Check the name and the region, or set if-missing: warn (or ignore) to go on without it.',
      }),
    );
  else if (ifMissing === 'warn') warnings.push(`${message}; its outputs are not set.`);
  else notes.push(`${message}; skipped (if-missing: ignore).`);
}

interface MadeOutputs {
  readonly outputs: ValueOutput[];
  readonly masks: string[];
  readonly warnings: string[];
  readonly manifest: SecretManifestEntry;
}

/** The outputs of one secret: its whole value, and with parse-json-secrets one per JSON leaf. */
function secretOutputs(
  target: Target,
  record: SecretRecord,
  parseJson: boolean,
): MadeOutputs | ActionError {
  const { request } = target;
  const name = outputName(request, record);
  const source = `secret ${record.name}`;
  const whole = masksFor(record.value.text);
  const outputs: ValueOutput[] = [
    { name, value: record.value.text, secret: true, source, identity: record.arn },
  ];
  const masks = [...whole.masks];
  const warnings: string[] = [];
  const unmaskedKeys: string[] = [];
  let shortLines = whole.shortLines;

  const parsed =
    parseJson && record.value.kind === 'string' ? jsonObject(record.value.text) : undefined;
  if (parsed !== undefined) {
    // A blank alias (`,SECRET_ID`) names the outputs by the keys alone.
    const prefix = request.alias === '' ? '' : name;
    for (const leaf of jsonLeaves(parsed, prefix, [])) {
      const keyPath = leaf.path.join('.');
      if (leaf.name === '')
        return new ActionError(
          `${where(request)}: the JSON key ${JSON.stringify(keyPath)} of secret ${record.name} gives no output name.`,
          { hint: 'Give the secret an alias, or read it without parse-json-secrets.' },
        );
      outputs.push({
        name: leaf.name,
        value: leaf.text,
        secret: true,
        source: `key ${JSON.stringify(keyPath)} of ${source}`,
        identity: `${record.arn}#${keyPath}`,
      });
      // `true`, `false` and `null` can hide nothing, and masking them would garble every log.
      if (leaf.literal) continue;
      const parts = partMasks(leaf.text);
      if (parts === undefined) {
        if (leaf.text !== '') unmaskedKeys.push(keyPath);
      } else {
        masks.push(...parts.masks);
        shortLines += parts.shortLines;
      }
    }
  }
  if (unmaskedKeys.length > 0)
    warnings.push(
      `Secret ${record.name}: the values of the JSON keys ${unmaskedKeys.join(', ')} are shorter than 4 characters and are not masked on their own.`,
    );
  if (shortLines > 0)
    warnings.push(
      `Secret ${record.name}: ${shortLines} line(s) of its value are shorter than 4 characters and are not masked on their own.`,
    );
  return {
    outputs,
    masks,
    warnings,
    manifest: { alias: name, name: record.name, arn: record.arn, versionId: record.versionId },
  };
}

/** The output name of a secret's whole value. */
function outputName(request: SecretRequest, record: SecretRecord): string {
  const { source } = request;
  if (source.kind === 'prefix') return prefixOutputName(request, record.name);
  if (request.alias !== undefined && request.alias !== '') return request.alias;
  // By name, the name as written (as aws-secretsmanager-get-secrets does); by ARN, the name
  // Secrets Manager returns, without the ARN's random suffix.
  return toOutputName(source.kind === 'name' ? source.name : record.name);
}

/** A prefix's secret: named after its whole name, or with an alias, after the part below it. */
function prefixOutputName(request: SecretRequest, secretName: string): string {
  const { source, alias } = request;
  if (source.kind !== 'prefix' || alias === undefined || alias === '')
    return toOutputName(secretName);
  const rest = secretName.slice(source.prefix.length).replace(/^[^A-Za-z0-9]+/, '');
  return rest === '' ? alias : `${alias}_${toOutputName(rest)}`;
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Leaf {
  readonly name: string;
  readonly path: readonly string[];
  readonly text: string;
  /** A JSON `true`, `false` or `null`. */
  readonly literal: boolean;
}

/** Every leaf of a JSON object: nested objects are descended into, anything else is a leaf. */
function jsonLeaves(
  object: Record<string, unknown>,
  prefix: string,
  path: readonly string[],
): Leaf[] {
  return Object.entries(object).flatMap(([key, value]) => {
    const name = prefix === '' ? toOutputName(key) : `${prefix}_${toOutputName(key)}`;
    const at = [...path, key];
    if (isObject(value)) return jsonLeaves(value, name, at);
    return [
      {
        name,
        path: at,
        text: typeof value === 'string' ? value : JSON.stringify(value),
        literal: value === null || typeof value === 'boolean',
      },
    ];
  });
}
