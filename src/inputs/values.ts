// What phases 1 and 2 read: secret-ids, parameters and versioned-buckets lines, and the output
// names they will set.

import type { ParameterRequest, SecretRequest, SecretSource, SecretVersion } from '../config.js';
import {
  PARAMETER_ARN,
  PARAMETER_NAME,
  SECRET_ARN,
  SECRET_NAME,
  SECRET_VERSION_ID,
  VARIABLE_NAME,
  bucketNameProblem,
  toOutputName,
  type NameTransformation,
} from '../names.js';
import { RESERVED_OUTPUTS, type InputName } from './declared.js';
import { lines, quote, type Problems } from './problems.js';

const MIN_PREFIX = 3;

export function parseSecretIds(raw: string, problems: Problems): SecretRequest[] {
  const requests: SecretRequest[] = [];
  // A line written twice is read once, as aws-secretsmanager-get-secrets does.
  const seen = new Set<string>();
  for (const { line, text } of lines(raw)) {
    if (seen.has(text)) continue;
    seen.add(text);
    const at = `line ${line}`;
    const fields = text.split(',').map((field) => field.trim());
    if (fields.length > 3) {
      problems.add(
        'secret-ids',
        `${at}: has ${fields.length} comma-separated fields; expected SECRET_ID, ALIAS,SECRET_ID or ALIAS,SECRET_ID,VERSION.`,
      );
      continue;
    }
    const [first = '', second, third] = fields;
    const [aliasText, id] = fields.length === 1 ? [undefined, first] : [first, second ?? ''];
    if (aliasText && !checkAlias('secret-ids', at, aliasText, problems, false)) continue;
    const source = parseSecretSource(id, at, problems);
    if (source === undefined) continue;
    // A blank alias (`,SECRET_ID`) is kept: it names a JSON secret's outputs by its keys alone.
    const alias = aliasText === '' && source.kind === 'prefix' ? undefined : aliasText;
    let version: SecretVersion | undefined;
    if (third !== undefined) {
      version = parseSecretVersion(third, at, problems);
      if (version === undefined) continue;
      if (source.kind === 'prefix') {
        problems.add(
          'secret-ids',
          `${at}: a version pin applies to one secret, not to a prefix (the id ends in "*").`,
        );
        continue;
      }
    }
    requests.push({ line, alias, source, version });
  }
  return requests;
}

function parseSecretSource(id: string, at: string, problems: Problems): SecretSource | undefined {
  if (id === '') return problems.add('secret-ids', `${at}: the secret id is empty.`);
  if (id.startsWith('arn:')) {
    const match = SECRET_ARN.exec(id);
    if (match?.[1] === undefined || match[2] === undefined)
      return problems.add(
        'secret-ids',
        `${at}: the id starts with arn: but is not a Secrets Manager ARN; expected arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME.`,
      );
    return { kind: 'arn', arn: id, region: match[1], name: match[2] };
  }
  if (id.endsWith('*')) {
    const prefix = id.slice(0, -1);
    if (prefix.length < MIN_PREFIX || prefix.includes('*') || !SECRET_NAME.test(prefix))
      return problems.add(
        'secret-ids',
        `${at}: the id ends in "*" but is not a usable prefix; expected at least ${MIN_PREFIX} characters of a secret name followed by one "*", e.g. prod/app/*.`,
      );
    return { kind: 'prefix', prefix };
  }
  if (!SECRET_NAME.test(id))
    return problems.add(
      'secret-ids',
      `${at}: the id is not a secret name; names use letters, digits and /_+=.@- (at most 512), or give an ARN, or a prefix ending in "*".`,
    );
  return { kind: 'name', name: id };
}

function parseSecretVersion(
  value: string,
  at: string,
  problems: Problems,
): SecretVersion | undefined {
  if (SECRET_VERSION_ID.test(value)) return { kind: 'id', versionId: value };
  if (/^[A-Za-z0-9_+=,.@-]{1,256}$/.test(value)) return { kind: 'stage', versionStage: value };
  return problems.add(
    'secret-ids',
    `${at}: the third field is neither a version id (a UUID) nor a staging label such as AWSPREVIOUS (letters, digits and _+=,.@-).`,
  );
}

/**
 * `reserved`: refuse an alias that is one of the action's own outputs. A secret's may be one: with
 * export-env it is then exported only (as aws-secretsmanager-get-secrets would), which only the
 * reading knows; see combineValues.
 */
function checkAlias(
  input: InputName,
  at: string,
  alias: string,
  problems: Problems,
  reserved = true,
): boolean {
  if (!VARIABLE_NAME.test(alias)) {
    problems.add(
      input,
      `${at}: the alias is not a valid output name; use letters, digits and _, not starting with a digit.`,
    );
    return false;
  }
  if (reserved && (RESERVED_OUTPUTS as readonly string[]).includes(alias.toLowerCase())) {
    problems.add(
      input,
      `${at}: the alias is the name of one of the action's own outputs (${RESERVED_OUTPUTS.join(', ')}).`,
    );
    return false;
  }
  return true;
}

export function parseParameters(raw: string, problems: Problems): ParameterRequest[] {
  const requests: ParameterRequest[] = [];
  for (const { line, text } of lines(raw)) {
    const at = `line ${line}`;
    const fields = text.split(',').map((field) => field.trim());
    if (fields.length > 2) {
      problems.add(
        'parameters',
        `${at}: has ${fields.length} comma-separated fields; expected NAME, ALIAS,NAME or a path ending in "/".`,
      );
      continue;
    }
    const [aliasText, name = ''] = fields.length === 1 ? [undefined, fields[0]] : fields;
    const alias = aliasText === undefined || aliasText === '' ? undefined : aliasText;
    if (alias !== undefined && !checkAlias('parameters', at, alias, problems)) continue;
    if (name.endsWith('/')) {
      if (
        !name.startsWith('/') ||
        !PARAMETER_NAME.test(name.slice(0, -1) || 'x') ||
        name.includes(':')
      )
        problems.add(
          'parameters',
          `${at}: the name ends in "/" but is not a parameter path; a path starts and ends with "/" and uses letters, digits and _.-/ between, e.g. /prod/app/.`,
        );
      else requests.push({ kind: 'path', line, alias, path: name });
      continue;
    }
    if (!PARAMETER_NAME.test(name) && !PARAMETER_ARN.test(name)) {
      problems.add(
        'parameters',
        `${at}: the name is not a parameter name; names use letters, digits and _.-/ (optionally :VERSION or :LABEL), or give an ARN, or a path ending in "/".`,
      );
      continue;
    }
    requests.push({ kind: 'name', line, alias, name });
  }
  return requests;
}

/** Output name of a named parameter: its alias, or its name without the leading "/" or selector. */
export function parameterOutputName(request: ParameterRequest & { kind: 'name' }): string {
  if (request.alias !== undefined) return request.alias;
  const bare = request.name.startsWith('arn:')
    ? request.name.slice(request.name.indexOf(':parameter/') + ':parameter/'.length)
    : request.name;
  return toOutputName(bare.replace(/^\/+/, '').replace(/:[^/]*$/, ''));
}

/**
 * Output names that are known before any call (aliases, and the names of secrets and parameters
 * asked for by name) must be unique; prefixes and paths are checked once their contents are known.
 */
export function checkOutputNames(
  secrets: readonly SecretRequest[],
  parameters: readonly ParameterRequest[],
  options: { readonly transformation: NameTransformation; readonly parseJson: boolean },
  problems: Problems,
): void {
  const seen = new Map<string, string>();
  const claim = (name: string, owner: string, input: InputName): void => {
    const key = name.toUpperCase();
    const previous = seen.get(key);
    if (previous === undefined) seen.set(key, owner);
    else
      problems.add(
        input,
        `${owner} and ${previous} would both set the same output; give one of them another alias.`,
      );
  };
  // With parse-json-secrets a JSON secret's value is no output (its leaves are): only reading tells.
  for (const request of options.parseJson ? [] : secrets) {
    const owner = `secret-ids line ${request.line}`;
    if (request.alias && request.source.kind !== 'prefix')
      claim(request.alias, owner, 'secret-ids');
    else if (!request.alias && request.source.kind === 'name')
      claim(toOutputName(request.source.name, options.transformation), owner, 'secret-ids');
  }
  for (const request of parameters)
    if (request.kind === 'name')
      claim(parameterOutputName(request), `parameters line ${request.line}`, 'parameters');
}

export function parseBuckets(input: InputName, raw: string, problems: Problems): string[] {
  const buckets: string[] = [];
  for (const { line, text } of lines(raw)) {
    for (const name of text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')) {
      if (name.startsWith('s3://') || name.startsWith('arn:')) {
        problems.add(
          input,
          `line ${line}: ${quote(name)}: give the bucket's name alone, without "s3://" or an ARN.`,
        );
        continue;
      }
      const problem = bucketNameProblem(name);
      if (problem !== undefined)
        problems.add(input, `line ${line}: ${quote(name)} is not a bucket name: it ${problem}.`);
      else if (!buckets.includes(name)) buckets.push(name);
    }
  }
  return buckets;
}
