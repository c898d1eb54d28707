// Parameter Store: read the `parameters` lines (names 10 to a GetParameters call, paths with
// GetParametersByPath, every page), and return one output per parameter with the SecureString
// values to mask. Names Parameter Store reports as invalid go through `if-missing`; none is
// dropped without a word.

import {
  GetParametersByPathCommand,
  GetParametersCommand,
  type Parameter,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import pLimit from 'p-limit';
import type { AwsClients } from './aws.js';
import { awsErrorFacts, describeAwsError, isAccessDenied, retryHint } from './aws-errors.js';
import type { IfMissing, ParameterRequest } from './config.js';
import { byCodeUnit, chunks } from './batches.js';
import { ActionError, failWith } from './errors.js';
import { parameterOutputName } from './inputs.js';
import { masksFor } from './masks.js';
import { toOutputName } from './names.js';
import type { ParameterManifestEntry, ValueOutput, ValueRead } from './outputs.js';

/** GetParameters takes at most 10 names in one call. */
export const NAMES_PER_CALL = 10;
/** GetParametersByPath returns at most 10 parameters a page. */
export const PATH_PAGE_SIZE = 10;
/** Calls in flight at once; Parameter Store's default throughput is 40 calls a second. */
export const DEFAULT_CONCURRENCY = 8;

export interface ParametersDeps {
  readonly clients: Pick<AwsClients, 'ssm'>;
  /** The action's region: parameters are read there, except those named by an ARN of another. */
  readonly region: string;
  readonly ifMissing: IfMissing;
  readonly concurrency?: number;
}

export interface ParametersCalls {
  getParameters: number;
  getParametersByPath: number;
  describeParameters: number;
}

export interface ParametersRead extends ValueRead {
  readonly manifest: readonly ParameterManifestEntry[];
  readonly calls: Readonly<ParametersCalls>;
}

type NamedRequest = ParameterRequest & { readonly kind: 'name' };
type PathRequest = ParameterRequest & { readonly kind: 'path' };

type NameOutcome =
  | { readonly kind: 'read'; readonly parameter: Parameter }
  /** `reported`: listed in InvalidParameters (else neither returned nor listed). */
  | { readonly kind: 'invalid'; readonly reported: boolean };

/**
 * Reads every parameter `requests` names. Throws an `ActionError` (or an `AggregateError` of them)
 * for every line that could not be read, after applying `if-missing` to what does not exist.
 */
export async function readParameters(
  requests: readonly ParameterRequest[],
  deps: ParametersDeps,
): Promise<ParametersRead> {
  const client = deps.clients.ssm(deps.region);
  const limit = pLimit(deps.concurrency ?? DEFAULT_CONCURRENCY);
  const calls: ParametersCalls = {
    getParameters: 0,
    getParametersByPath: 0,
    describeParameters: 0,
  };
  const problems: ActionError[] = [];

  const named = requests.filter((request): request is NamedRequest => request.kind === 'name');
  // A parameter named by ARN is read in the ARN's region; the rest in the action's.
  const byRegion = new Map<string, Set<string>>();
  for (const { name } of named) {
    const region = arnRegion(name) ?? deps.region;
    byRegion.set(region, (byRegion.get(region) ?? new Set<string>()).add(name));
  }
  const byName = new Map<string, NameOutcome>();
  const pathResults = new Map<PathRequest, Parameter[]>();
  await Promise.all([
    ...[...byRegion].flatMap(([region, names]) =>
      chunks([...names], NAMES_PER_CALL).map((chunk) =>
        limit(async () => {
          calls.getParameters += 1;
          const answer = await deps.clients
            .ssm(region)
            .send(new GetParametersCommand({ Names: chunk, WithDecryption: true }));
          for (const name of chunk) {
            const parameter = answer.Parameters?.find((candidate) => answers(name, candidate));
            if (parameter !== undefined) byName.set(name, { kind: 'read', parameter });
            else
              byName.set(name, {
                kind: 'invalid',
                reported: answer.InvalidParameters?.includes(name) === true,
              });
          }
        }).catch((error: unknown) => {
          problems.push(callFailure(`Reading ${list(chunk)} with GetParameters`, error));
        }),
      ),
    ),
    ...requests
      .filter((request): request is PathRequest => request.kind === 'path')
      .map(async (request) => {
        try {
          pathResults.set(
            request,
            await readPath(client, request.path, (call) => limit(call), calls),
          );
        } catch (error) {
          problems.push(
            callFailure(`parameters line ${request.line}: reading ${request.path}`, error),
          );
        }
      }),
  ]);

  const outputs: ValueOutput[] = [];
  const masks: string[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];
  const manifest: ParameterManifestEntry[] = [];
  const add = (name: string, parameter: Parameter, source: string): void => {
    const value = parameter.Value ?? '';
    const secret = parameter.Type === 'SecureString';
    outputs.push({
      name,
      value,
      secret,
      source,
      identity: `${parameter.ARN ?? parameter.Name ?? ''}:${parameter.Version ?? ''}`,
    });
    if (secret) {
      const made = masksFor(value);
      masks.push(...made.masks);
      if (made.shortLines > 0)
        warnings.push(
          `Parameter ${parameter.Name ?? name}: ${made.shortLines} line(s) of its value are shorter than 4 characters and are not masked on their own.`,
        );
    }
    manifest.push({ alias: name, name: parameter.Name ?? '', version: parameter.Version ?? 0 });
  };
  const missing = (line: number, what: string): void => {
    const message = `parameters line ${line}: ${what}`;
    if (deps.ifMissing === 'fail')
      problems.push(
        new ActionError(message, {
          hint: 'Check the name, the region and any :version or :label selector, or set if-missing: warn (or ignore) to go on without it.',
        }),
      );
    else if (deps.ifMissing === 'warn') warnings.push(`${message}; its output is not set.`);
    else notes.push(`${message}; skipped (if-missing: ignore).`);
  };

  for (const request of requests) {
    if (request.kind === 'name') {
      const outcome = byName.get(request.name);
      if (outcome === undefined) continue; // its call failed, which is already a problem
      if (outcome.kind === 'invalid') {
        missing(
          request.line,
          outcome.reported
            ? `Parameter Store reports ${request.name} as not found (InvalidParameters)`
            : `Parameter Store returned neither ${request.name} nor an error for it`,
        );
        continue;
      }
      const name = parameterOutputName(request);
      add(name, outcome.parameter, `parameter ${request.name}`);
      notes.push(`parameters line ${request.line}: ${request.name} → ${name}`);
      continue;
    }
    const found = pathResults.get(request);
    if (found === undefined) continue;
    if (found.length === 0) {
      missing(request.line, `no parameter was found below ${request.path}`);
      continue;
    }
    const set: string[] = [];
    for (const parameter of found) {
      const name = pathOutputName(request, parameter.Name ?? '');
      add(name, parameter, `parameter ${parameter.Name ?? ''}`);
      set.push(name);
    }
    notes.push(`parameters line ${request.line}: ${request.path} → ${set.join(', ')}`);
  }
  if (problems.length > 0) throw failWith(problems, warnings);
  notes.push(
    `Read ${manifest.length} parameter(s) with ${calls.getParameters} GetParameters and ${calls.getParametersByPath} GetParametersByPath call(s).`,
  );
  return { outputs, masks, warnings, notes, manifest, calls: { ...calls } };
}

/** Every parameter below `path`, at any depth, sorted by name. */
async function readPath(
  client: SSMClient,
  path: string,
  limit: <T>(call: () => Promise<T>) => Promise<T>,
  calls: ParametersCalls,
): Promise<Parameter[]> {
  const found: Parameter[] = [];
  let token: string | undefined;
  do {
    const page = await limit(() => {
      calls.getParametersByPath += 1;
      return client.send(
        new GetParametersByPathCommand({
          Path: hierarchy(path),
          Recursive: true,
          WithDecryption: true,
          MaxResults: PATH_PAGE_SIZE,
          ...(token === undefined ? {} : { NextToken: token }),
        }),
      );
    });
    for (const parameter of page.Parameters ?? [])
      if (parameter.Name?.startsWith(path) === true) found.push(parameter);
    // A page may hold fewer than asked for, even none, and still not be the last.
    token = page.NextToken;
  } while (token !== undefined);
  return found.sort((a, b) => byCodeUnit(a.Name ?? '', b.Name ?? ''));
}

/** The region of a parameter named by ARN; undefined for a plain name. */
function arnRegion(name: string): string | undefined {
  return name.startsWith('arn:') ? name.split(':')[3] : undefined;
}

/** The path as Parameter Store's API spells a hierarchy: without the trailing `/`, except `/`. */
function hierarchy(path: string): string {
  return path === '/' ? path : path.replace(/\/+$/, '');
}

/**
 * Whether a returned parameter answers the name asked for. GetParameters returns its results in
 * alphabetical order, a selector (`:3`, `:label`) apart from the name, and a name asked for by ARN
 * either as that ARN or as the plain name.
 */
function answers(asked: string, parameter: Parameter): boolean {
  const selector = parameter.Selector ?? '';
  return [parameter.Name, parameter.ARN].some(
    (form) => form !== undefined && `${form}${selector}` === asked,
  );
}

/** A path's parameter is named after the part of its name below the path, after the alias. */
export function pathOutputName(request: PathRequest, parameterName: string): string {
  const rest = toOutputName(parameterName.slice(request.path.length));
  return request.alias === undefined ? rest : `${request.alias}_${rest}`;
}

function callFailure(what: string, error: unknown): ActionError {
  const { code, message } = awsErrorFacts(error);
  const kms = code === 'InvalidKeyId' || /\bkms\b|decrypt/i.test(message);
  return new ActionError(`${what} failed: ${describeAwsError(error)}`, {
    hint: kms
      ? 'A SecureString could not be decrypted: the role needs kms:Decrypt on the key that encrypts it.'
      : isAccessDenied(code)
        ? 'The role needs ssm:GetParameters on each parameter named, ssm:GetParametersByPath on each path, and kms:Decrypt on the keys of SecureString parameters encrypted with a customer managed key.'
        : retryHint(error),
    cause: error,
  });
}

function list(names: readonly string[]): string {
  return names.length <= 3
    ? names.join(', ')
    : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}
