// Every input of action.yml, read once and validated into one immutable `Config` before any AWS
// call. All problems are collected and reported together, each naming its input.

import type {
  Config,
  DeployConfig,
  EnvVar,
  GitRef,
  IfMissing,
  ParameterRequest,
  RecordConfig,
  RunContext,
  SecretRequest,
  SecretSource,
  SecretVersion,
  TagTarget,
  Targets,
} from './config.js';
import { InputError, type InputProblem } from './errors.js';
import {
  FULL_SHA,
  INSTANCE_ID,
  LOG_GROUP,
  MAX_CONCURRENCY,
  MAX_ERRORS,
  PARAMETER_ARN,
  PARAMETER_NAME,
  REGION,
  SECRET_ARN,
  SECRET_NAME,
  SECRET_VERSION_ID,
  UNIX_USER,
  VARIABLE_NAME,
  bucketNameProblem,
  gitRefProblem,
  hasControlCharacter,
  toOutputName,
} from './names.js';

/** Every input action.yml declares; the metadata test holds the two lists equal. */
export const INPUT_NAMES = [
  'aws-region',
  'secret-ids',
  'if-missing',
  'parse-json-secrets',
  'export-env',
  'parameters',
  'versioned-buckets',
  'instance-ids',
  'targets',
  'working-directory',
  'ref',
  'git-pull',
  'deploy-script',
  'run-as',
  'env',
  'timeout-seconds',
  'max-concurrency',
  'max-errors',
  'wait',
  'comment',
  'output-s3-bucket',
  'output-s3-key-prefix',
  'cloudwatch-log-group',
  'rollback-on-failure',
  'record-parameter',
  'github-token',
  'environment',
  'allow-older',
  'dry-run',
] as const;

export type InputName = (typeof INPUT_NAMES)[number];

/**
 * Defaults, applied when an input is empty. They equal action.yml's (the metadata test checks),
 * and also hold when the action is run without the runner filling defaults in.
 */
export const INPUT_DEFAULTS = {
  'if-missing': 'fail',
  'parse-json-secrets': 'false',
  'export-env': 'false',
  'git-pull': 'true',
  'deploy-script': './deploy.sh',
  'timeout-seconds': '900',
  'max-concurrency': '50',
  'max-errors': '0',
  wait: 'true',
  'rollback-on-failure': 'false',
  'allow-older': 'false',
  'dry-run': 'false',
} as const satisfies Partial<Record<InputName, string>>;

/**
 * Inputs whose feature is not built yet: using one fails clearly instead of being ignored.
 * Empty once every feature of DESIGN.md exists.
 */
export const NOT_IMPLEMENTED: ReadonlySet<InputName> = new Set<InputName>([
  'cloudwatch-log-group',
  'record-parameter',
  'github-token',
  'environment',
]);

/** Inputs that only mean something when deploying (when `instance-ids` or `targets` is set). */
const DEPLOY_ONLY_INPUTS = [
  'working-directory',
  'run-as',
  'env',
  'comment',
  'output-s3-bucket',
  'output-s3-key-prefix',
  'cloudwatch-log-group',
  'record-parameter',
  'environment',
] as const satisfies readonly InputName[];

/** Step outputs of the action itself; a secret or parameter output may not take their names. */
export const RESERVED_OUTPUTS = [
  'command-id',
  'status',
  'results',
  'deployed-sha',
  'versioning',
  'secrets-manifest',
] as const;

export const MAX_INSTANCE_IDS = 50;
export const MAX_TARGETS = 5;
export const MAX_TAG_VALUES = 50;
export const TIMEOUT_BOUNDS = { min: 5, max: 172_800 } as const;
export const COMMENT_MAX = 100;
const QUOTE_MAX = 60;
const MIN_PREFIX = 3;

export type ReadInput = (name: InputName) => string;
export type Environment = Readonly<Record<string, string | undefined>>;

export interface ParsedInputs {
  readonly config: Config;
  /** Things worth saying that do not stop the run. */
  readonly warnings: readonly string[];
}

/** Shows a value in a message: JSON-quoted (so control characters are visible) and truncated. */
export function quote(value: string): string {
  const cut = value.length > QUOTE_MAX ? `${value.slice(0, QUOTE_MAX)}…` : value;
  return JSON.stringify(cut);
}

/** A multi-line input as numbered items: blank lines and `#` comments dropped, items trimmed. */
export function lines(raw: string): { line: number; text: string }[] {
  return raw
    .split(/\r?\n/)
    .map((text, index) => ({ line: index + 1, text: text.trim() }))
    .filter(({ text }) => text !== '' && !text.startsWith('#'));
}

class Problems {
  readonly list: InputProblem[] = [];
  add(input: InputName | undefined, message: string): undefined {
    this.list.push({ input, message });
    return undefined;
  }
}

/**
 * Reads every input through `read` (so a test can see exactly which ones are read) and returns the
 * configuration, or throws an `InputError` listing every problem found.
 */
export function parseInputs(
  read: ReadInput,
  env: Environment,
  notImplemented: ReadonlySet<InputName> = NOT_IMPLEMENTED,
): ParsedInputs {
  const problems = new Problems();
  const warnings: string[] = [];
  const raw = readAll(read);
  const given = (name: InputName): boolean => raw[name] !== '';

  for (const name of INPUT_NAMES) {
    if (notImplemented.has(name) && given(name))
      problems.add(name, 'is not implemented yet in this version of ssm-deploy; remove it.');
  }

  const bool = (name: keyof typeof INPUT_DEFAULTS & InputName): boolean =>
    parseBoolean(name, raw[name] || INPUT_DEFAULTS[name], problems) ?? false;

  const region = parseRegion(raw['aws-region'], env, problems);
  const dryRun = bool('dry-run');
  const ifMissing = parseIfMissing(raw['if-missing'] || INPUT_DEFAULTS['if-missing'], problems);
  const exportEnv = bool('export-env');
  const parseJson = bool('parse-json-secrets');
  const secretRequests = parseSecretIds(raw['secret-ids'], problems);
  const parameterRequests = parseParameters(raw.parameters, problems);
  const buckets = parseBuckets('versioned-buckets', raw['versioned-buckets'], problems);
  checkOutputNames(secretRequests, parameterRequests, problems);

  const run = runContext(env);
  const deploy = parseDeploy(raw, given, bool, run, env, problems);
  const record = parseRecord(raw, bool, problems, warnings);

  const deploying = given('instance-ids') || given('targets');
  if (!deploying) {
    for (const name of DEPLOY_ONLY_INPUTS)
      if (given(name))
        problems.add(name, 'applies only to a deploy; also set instance-ids or targets.');
    for (const name of ['rollback-on-failure', 'allow-older'] as const)
      if (bool(name))
        problems.add(name, 'applies only to a deploy; also set instance-ids or targets.');
  }

  const asked = (name: InputName): boolean => lines(raw[name]).length > 0;
  if (!deploying && !asked('secret-ids') && !asked('parameters') && !asked('versioned-buckets'))
    problems.add(
      undefined,
      'Nothing to do: set at least one of secret-ids, parameters, versioned-buckets, instance-ids or targets.',
    );

  if (problems.list.length > 0) throw new InputError(problems.list);

  const config: Config = {
    region: region ?? '',
    dryRun,
    ifMissing: ifMissing ?? 'fail',
    exportEnv,
    secrets: secretRequests.length > 0 ? { requests: secretRequests, parseJson } : undefined,
    parameters: parameterRequests.length > 0 ? parameterRequests : undefined,
    versionedBuckets: buckets.length > 0 ? buckets : undefined,
    deploy,
    record,
    run,
  };
  return { config: deepFreeze(config), warnings };
}

function readAll(read: ReadInput): Record<InputName, string> {
  const values = {} as Record<InputName, string>;
  for (const name of INPUT_NAMES) values[name] = read(name).trim();
  return values;
}

function parseBoolean(name: InputName, value: string, problems: Problems): boolean | undefined {
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return problems.add(name, `${quote(value)} is not a boolean; use true or false.`);
}

function parseRegion(input: string, env: Environment, problems: Problems): string | undefined {
  const [value, from] = input
    ? [input, 'the input']
    : env.AWS_REGION
      ? [env.AWS_REGION, 'AWS_REGION']
      : env.AWS_DEFAULT_REGION
        ? [env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION']
        : [undefined, undefined];
  if (value === undefined)
    return problems.add(
      'aws-region',
      'no region is known; set aws-region (for example us-east-1), or AWS_REGION in the environment (aws-actions/configure-aws-credentials does).',
    );
  if (!REGION.test(value))
    return problems.add(
      'aws-region',
      `${quote(value)} (from ${from}) is not a region code; expected something like us-east-1 or eu-central-2.`,
    );
  return value;
}

function parseIfMissing(value: string, problems: Problems): IfMissing | undefined {
  const lower = value.toLowerCase();
  if (lower === 'fail' || lower === 'warn' || lower === 'ignore') return lower;
  return problems.add('if-missing', `${quote(value)} is not one of fail, warn, ignore.`);
}

function parseSecretIds(raw: string, problems: Problems): SecretRequest[] {
  const requests: SecretRequest[] = [];
  for (const { line, text } of lines(raw)) {
    const at = `line ${line}`;
    const fields = text.split(',').map((field) => field.trim());
    if (fields.length > 3) {
      problems.add(
        'secret-ids',
        `${at}: ${quote(text)} has ${fields.length} fields; expected SECRET_ID, ALIAS,SECRET_ID or ALIAS,SECRET_ID,VERSION.`,
      );
      continue;
    }
    const [first = '', second, third] = fields;
    const [aliasText, id] = fields.length === 1 ? [undefined, first] : [first, second ?? ''];
    if (aliasText && !checkAlias('secret-ids', at, aliasText, problems)) continue;
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
          `${at}: a version pin applies to one secret, not to the prefix ${quote(id)}.`,
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
        `${at}: ${quote(id)} is not a Secrets Manager ARN; expected arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME.`,
      );
    return { kind: 'arn', arn: id, region: match[1], name: match[2] };
  }
  if (id.endsWith('*')) {
    const prefix = id.slice(0, -1);
    if (prefix.length < MIN_PREFIX || prefix.includes('*') || !SECRET_NAME.test(prefix))
      return problems.add(
        'secret-ids',
        `${at}: ${quote(id)} is not a usable prefix; expected at least ${MIN_PREFIX} characters of a secret name followed by one "*", e.g. prod/app/*.`,
      );
    return { kind: 'prefix', prefix };
  }
  if (!SECRET_NAME.test(id))
    return problems.add(
      'secret-ids',
      `${at}: ${quote(id)} is not a secret name; names use letters, digits and /_+=.@- (at most 512), or give an ARN, or a prefix ending in "*".`,
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
    `${at}: ${quote(value)} is neither a version id (a UUID) nor a staging label such as AWSPREVIOUS.`,
  );
}

function checkAlias(input: InputName, at: string, alias: string, problems: Problems): boolean {
  if (!VARIABLE_NAME.test(alias)) {
    problems.add(
      input,
      `${at}: the alias ${quote(alias)} is not a valid output name; use letters, digits and _, not starting with a digit.`,
    );
    return false;
  }
  if ((RESERVED_OUTPUTS as readonly string[]).includes(alias.toLowerCase())) {
    problems.add(
      input,
      `${at}: the alias ${quote(alias)} is the name of one of the action's own outputs.`,
    );
    return false;
  }
  return true;
}

function parseParameters(raw: string, problems: Problems): ParameterRequest[] {
  const requests: ParameterRequest[] = [];
  for (const { line, text } of lines(raw)) {
    const at = `line ${line}`;
    const fields = text.split(',').map((field) => field.trim());
    if (fields.length > 2) {
      problems.add(
        'parameters',
        `${at}: ${quote(text)} has ${fields.length} fields; expected NAME, ALIAS,NAME or a path ending in "/".`,
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
          `${at}: ${quote(name)} is not a parameter path; a path starts and ends with "/", e.g. /prod/app/.`,
        );
      else requests.push({ kind: 'path', line, alias, path: name });
      continue;
    }
    if (!PARAMETER_NAME.test(name) && !PARAMETER_ARN.test(name)) {
      problems.add(
        'parameters',
        `${at}: ${quote(name)} is not a parameter name; names use letters, digits and _.-/ (optionally :VERSION or :LABEL), or give an ARN, or a path ending in "/".`,
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
function checkOutputNames(
  secrets: readonly SecretRequest[],
  parameters: readonly ParameterRequest[],
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
        `${owner} and ${previous} would both set the output ${name}; give one of them another alias.`,
      );
  };
  for (const request of secrets) {
    const owner = `secret-ids line ${request.line}`;
    if (request.alias && request.source.kind !== 'prefix')
      claim(request.alias, owner, 'secret-ids');
    else if (!request.alias && request.source.kind === 'name')
      claim(toOutputName(request.source.name), owner, 'secret-ids');
  }
  for (const request of parameters)
    if (request.kind === 'name')
      claim(parameterOutputName(request), `parameters line ${request.line}`, 'parameters');
}

function parseBuckets(input: InputName, raw: string, problems: Problems): string[] {
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

function runContext(env: Environment): RunContext {
  return {
    repository: env.GITHUB_REPOSITORY ?? '',
    sha: env.GITHUB_SHA ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
  };
}

function parseDeploy(
  raw: Record<InputName, string>,
  given: (name: InputName) => boolean,
  bool: (name: keyof typeof INPUT_DEFAULTS & InputName) => boolean,
  run: RunContext,
  env: Environment,
  problems: Problems,
): DeployConfig | undefined {
  const deploying = given('instance-ids') || given('targets');
  if (given('instance-ids') && given('targets'))
    problems.add(
      'targets',
      'cannot be used together with instance-ids; choose one way to name the instances.',
    );
  const targets = given('targets')
    ? parseTargets(raw.targets, problems)
    : given('instance-ids')
      ? parseInstanceIds(raw['instance-ids'], problems)
      : undefined;

  // Every input is validated even when it will not be used, so every problem shows at once.
  const workingDirectory =
    deploying || given('working-directory')
      ? parseWorkingDirectory(raw['working-directory'], problems)
      : undefined;
  const ref = deploying || given('ref') ? parseRef(raw.ref, env, problems) : undefined;
  const deployScript = parseDeployScript(
    raw['deploy-script'] || INPUT_DEFAULTS['deploy-script'],
    problems,
  );
  const runAs = parseRunAs(raw['run-as'], problems);
  const envVars = parseEnv(raw.env, problems);
  const timeoutSeconds = parseTimeout(
    raw['timeout-seconds'] || INPUT_DEFAULTS['timeout-seconds'],
    problems,
  );
  const maxConcurrency = parseRate(
    'max-concurrency',
    raw['max-concurrency'] || INPUT_DEFAULTS['max-concurrency'],
    MAX_CONCURRENCY,
    'a count from 1 or a percentage such as 10%',
    problems,
  );
  const maxErrors = parseRate(
    'max-errors',
    raw['max-errors'] || INPUT_DEFAULTS['max-errors'],
    MAX_ERRORS,
    'a count from 0 or a percentage such as 5%',
    problems,
  );
  const outputS3 = parseOutputS3(raw, problems);
  const cloudWatchLogGroup = parseLogGroup(raw['cloudwatch-log-group'], problems);
  const gitPull = bool('git-pull');
  const wait = bool('wait');
  const rollbackOnFailure = bool('rollback-on-failure');
  if (rollbackOnFailure && !gitPull)
    problems.add(
      'rollback-on-failure',
      'needs git-pull: true; without it the action does not move the checkout and has no commit to go back to.',
    );

  if (
    !deploying ||
    (given('instance-ids') && given('targets')) ||
    targets === undefined ||
    workingDirectory === undefined ||
    ref === undefined ||
    deployScript === undefined ||
    runAs === null ||
    envVars === undefined ||
    timeoutSeconds === undefined ||
    maxConcurrency === undefined ||
    maxErrors === undefined ||
    outputS3 === null ||
    cloudWatchLogGroup === null
  )
    return undefined;

  return {
    targets,
    workingDirectory,
    ref,
    gitPull,
    deployScript,
    runAs,
    env: envVars,
    timeoutSeconds,
    maxConcurrency,
    maxErrors,
    wait,
    comment: parseComment(raw.comment, run, ref),
    outputS3,
    cloudWatchLogGroup,
    rollbackOnFailure,
  };
}

function parseInstanceIds(raw: string, problems: Problems): Targets | undefined {
  const ids: string[] = [];
  let bad = false;
  for (const id of raw.split(/[\s,]+/).filter((part) => part !== '')) {
    if (!INSTANCE_ID.test(id)) {
      bad = true;
      problems.add(
        'instance-ids',
        `${quote(id)} is not an instance id; expected i- followed by 8 or 17 hex digits (e.g. i-0123456789abcdef0), or mi- and 17 for a managed node.`,
      );
    } else if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length > MAX_INSTANCE_IDS) {
    bad = true;
    problems.add(
      'instance-ids',
      `names ${ids.length} instances; SSM takes at most ${MAX_INSTANCE_IDS} ids in one command. Use targets (tag:KEY=VALUE) for a fleet.`,
    );
  }
  return bad ? undefined : { kind: 'instances', instanceIds: ids };
}

function parseTargets(raw: string, problems: Problems): Targets | undefined {
  const tags: TagTarget[] = [];
  const before = problems.list.length;
  const fail = (message: string): void => {
    problems.add('targets', message);
  };
  const items = lines(raw);
  if (items.length > MAX_TARGETS)
    fail(`has ${items.length} lines; SSM takes at most ${MAX_TARGETS} targets in one command.`);
  for (const { line, text } of items) {
    const match = /^tag:([^=]+)=(.*)$/.exec(text);
    const key = match?.[1]?.trim();
    if (match === null || key === undefined || key === '') {
      fail(
        `line ${line}: ${quote(text)} is not a tag target; expected tag:KEY=VALUE or tag:KEY=VALUE1,VALUE2.`,
      );
      continue;
    }
    const values = (match[2] ?? '').split(',').map((value) => value.trim());
    if (key.length > 128 || hasControlCharacter(key))
      fail(
        `line ${line}: the tag key ${quote(key)} is not a valid tag key (at most 128 printable characters).`,
      );
    else if (
      values.some((value) => value === '' || value.length > 256 || hasControlCharacter(value))
    )
      fail(
        `line ${line}: ${quote(text)} has an empty or invalid tag value; values are 1 to 256 printable characters, separated by commas.`,
      );
    else if (values.length > MAX_TAG_VALUES)
      fail(
        `line ${line}: has ${values.length} values; SSM takes at most ${MAX_TAG_VALUES} per tag.`,
      );
    else tags.push({ key, values: [...new Set(values)] });
  }
  return problems.list.length > before ? undefined : { kind: 'tags', tags };
}

function parseWorkingDirectory(value: string, problems: Problems): string | undefined {
  if (value === '')
    return problems.add(
      'working-directory',
      "is required when deploying: give the absolute path of the app's git checkout on the instances, e.g. /srv/app.",
    );
  if (!value.startsWith('/') || hasControlCharacter(value) || value.length > 4096)
    return problems.add(
      'working-directory',
      `${quote(value)} is not an absolute path; expected something like /srv/app.`,
    );
  const trimmed = value.replace(/\/+$/, '');
  if (trimmed === '')
    return problems.add(
      'working-directory',
      'is "/"; give the directory of the checkout itself, e.g. /srv/app.',
    );
  return trimmed;
}

function parseRef(value: string, env: Environment, problems: Problems): GitRef | undefined {
  const ref = value || env.GITHUB_SHA || '';
  if (ref === '')
    return problems.add(
      'ref',
      'is empty and GITHUB_SHA is not set; give a full commit SHA or a branch name.',
    );
  if (FULL_SHA.test(ref)) return { kind: 'sha', sha: ref };
  if (/^[0-9a-f]{7,39}$/.test(ref))
    return problems.add(
      'ref',
      `${quote(ref)} looks like an abbreviated commit; give the full 40-character SHA so the deploy is exact.`,
    );
  const problem = gitRefProblem(ref);
  if (problem !== undefined)
    return problems.add(
      'ref',
      `${quote(ref)} is not a commit SHA or a valid branch or tag name: it ${problem}.`,
    );
  return { kind: 'name', name: ref };
}

function parseDeployScript(value: string, problems: Problems): string | undefined {
  if (hasControlCharacter(value) || value.length > 1024 || value.startsWith('-'))
    return problems.add(
      'deploy-script',
      `${quote(value)} is not a path; give the script's path relative to working-directory (e.g. ./deploy.sh) or an absolute path.`,
    );
  return value;
}

/** `null`: invalid; `undefined`: not given (the checkout's owner is used). */
function parseRunAs(value: string, problems: Problems): string | undefined | null {
  if (value === '') return undefined;
  if (!UNIX_USER.test(value)) {
    problems.add(
      'run-as',
      `${quote(value)} is not a Unix user name; expected lower-case letters, digits, _ and -, such as ec2-user or ubuntu.`,
    );
    return null;
  }
  return value;
}

function parseEnv(raw: string, problems: Problems): EnvVar[] | undefined {
  const vars: EnvVar[] = [];
  let bad = false;
  for (const { line, text } of lines(raw)) {
    const equals = text.indexOf('=');
    const name = equals < 0 ? text : text.slice(0, equals).trim();
    // The value is never quoted back: it may be sensitive even though it should not be.
    if (equals < 0 || !VARIABLE_NAME.test(name)) {
      bad = true;
      problems.add(
        'env',
        `line ${line}: expected KEY=VALUE with KEY made of letters, digits and _ (not starting with a digit); the part before "=" is ${quote(equals < 0 ? '' : name)}.`,
      );
      continue;
    }
    if (name.startsWith('SSM_DEPLOY_')) {
      bad = true;
      problems.add(
        'env',
        `line ${line}: ${name}: names starting with SSM_DEPLOY_ are reserved for the deploy script.`,
      );
      continue;
    }
    if (vars.some((existing) => existing.name === name)) {
      bad = true;
      problems.add('env', `line ${line}: ${name} is set twice.`);
      continue;
    }
    vars.push({ name, value: text.slice(equals + 1).trim() });
  }
  return bad ? undefined : vars;
}

function parseTimeout(value: string, problems: Problems): number | undefined {
  const { min, max } = TIMEOUT_BOUNDS;
  const seconds = /^\d{1,7}$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds >= min && seconds <= max))
    return problems.add(
      'timeout-seconds',
      `${quote(value)} is not a whole number of seconds from ${min} to ${max} (48 hours).`,
    );
  return seconds;
}

function parseRate(
  name: InputName,
  value: string,
  pattern: RegExp,
  accepted: string,
  problems: Problems,
): string | undefined {
  if (!pattern.test(value)) return problems.add(name, `${quote(value)} is not ${accepted}.`);
  return value;
}

/** `null`: invalid; `undefined`: not given. */
function parseOutputS3(
  raw: Record<InputName, string>,
  problems: Problems,
): DeployConfig['outputS3'] | null {
  const bucket = raw['output-s3-bucket'];
  const keyPrefix = raw['output-s3-key-prefix'];
  if (bucket === '') {
    if (keyPrefix === '') return undefined;
    problems.add('output-s3-key-prefix', 'needs output-s3-bucket.');
    return null;
  }
  const problem = bucketNameProblem(bucket);
  if (problem !== undefined) {
    problems.add('output-s3-bucket', `${quote(bucket)} is not a bucket name: it ${problem}.`);
    return null;
  }
  if (keyPrefix.length > 500 || hasControlCharacter(keyPrefix)) {
    problems.add(
      'output-s3-key-prefix',
      `${quote(keyPrefix)} is not a key prefix; at most 500 printable characters.`,
    );
    return null;
  }
  return { bucket, keyPrefix: keyPrefix === '' ? undefined : keyPrefix };
}

/** `null`: invalid; `undefined`: not given. */
function parseLogGroup(value: string, problems: Problems): string | undefined | null {
  if (value === '') return undefined;
  if (!LOG_GROUP.test(value)) {
    problems.add(
      'cloudwatch-log-group',
      `${quote(value)} is not a log group name; use letters, digits and ._-/# (at most 512).`,
    );
    return null;
  }
  return value;
}

function parseComment(value: string, run: RunContext, ref: GitRef): string {
  const shown = ref.kind === 'sha' ? ref.sha.slice(0, 7) : ref.name;
  const text =
    value ||
    [run.repository ? `${run.repository}@${shown}` : shown, run.runId ? `run ${run.runId}` : '']
      .filter((part) => part !== '')
      .join(' ');
  // SSM refuses a comment over 100 characters; a newline would only garble the console.
  const segments = new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(
    text.replace(/\s+/g, ' '),
  );
  let cut = '';
  for (const { segment } of segments) {
    if (cut.length + segment.length > COMMENT_MAX) break;
    cut += segment;
  }
  return cut;
}

function parseRecord(
  raw: Record<InputName, string>,
  bool: (name: keyof typeof INPUT_DEFAULTS & InputName) => boolean,
  problems: Problems,
  warnings: string[],
): RecordConfig {
  const parameterName = raw['record-parameter'] || undefined;
  if (
    parameterName !== undefined &&
    (!PARAMETER_NAME.test(parameterName) || parameterName.includes(':'))
  )
    problems.add(
      'record-parameter',
      `${quote(parameterName)} is not a parameter name; names use letters, digits and _.-/, e.g. /deploys/prod/app.`,
    );
  const allowOlder = bool('allow-older');
  if (allowOlder && parameterName === undefined)
    problems.add(
      'allow-older',
      'needs record-parameter: the recorded deploy is what a run is compared with.',
    );
  const token = raw['github-token'];
  const environment = raw.environment;
  if (environment !== '' && (environment.length > 255 || hasControlCharacter(environment)))
    problems.add(
      'environment',
      `${quote(environment)} is not an environment name; at most 255 printable characters.`,
    );
  if (environment !== '' && token === '')
    problems.add(
      'environment',
      'needs github-token to create the GitHub Deployment, e.g. github-token: ${{ github.token }}.',
    );
  if (token !== '' && environment === '')
    warnings.push(
      'github-token is set but environment is not, so no GitHub Deployment is created.',
    );
  return {
    parameterName,
    allowOlder,
    githubDeployment: token !== '' && environment !== '' ? { token, environment } : undefined,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
