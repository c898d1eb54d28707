// Every input of action.yml, read once and validated into one immutable `Config` before any AWS
// call. All problems are collected and reported together, each naming its input. The parsers of
// each group of inputs live in src/inputs/.

import type { Config, IfMissing, RunContext } from './config.js';
import { InputError } from './errors.js';
import {
  DEPLOY_ONLY_INPUTS,
  INPUT_DEFAULTS,
  INPUT_NAMES,
  type Environment,
  type InputName,
  type ReadBoolean,
  type ReadInput,
} from './inputs/declared.js';
import { parseDeploy } from './inputs/deploy.js';
import { Problems, lines, quote } from './inputs/problems.js';
import { parseRecord } from './inputs/record.js';
import { parseRollout } from './inputs/rollout.js';
import {
  checkOutputNames,
  parseBuckets,
  parseParameters,
  parseSecretIds,
} from './inputs/values.js';
import { REGION } from './names.js';

export {
  COMMENT_MAX,
  INPUT_DEFAULTS,
  INPUT_NAMES,
  MAX_INSTANCE_IDS,
  MAX_TAG_VALUES,
  MAX_TARGETS,
  RESERVED_OUTPUTS,
  TIMEOUT_BOUNDS,
  type Environment,
  type InputName,
  type ReadInput,
} from './inputs/declared.js';
export { lines, quote } from './inputs/problems.js';
export { parameterOutputName } from './inputs/values.js';

export interface ParsedInputs {
  readonly config: Config;
  /** Things worth saying that do not stop the run. */
  readonly warnings: readonly string[];
}

/**
 * Reads every input through `read` (so a test can see exactly which ones are read) and returns the
 * configuration, or throws an `InputError` listing every problem found.
 */
export function parseInputs(read: ReadInput, env: Environment): ParsedInputs {
  const problems = new Problems();
  const warnings: string[] = [];
  const raw = readAll(read);
  const given = (name: InputName): boolean => raw[name] !== '';

  const bool: ReadBoolean = (name) =>
    parseBoolean(name, raw[name] || INPUT_DEFAULTS[name], problems) ?? false;

  const region = parseRegion(raw['aws-region'], env, problems);
  const dryRun = bool('dry-run');
  const ifMissing = parseIfMissing(raw['if-missing'] || INPUT_DEFAULTS['if-missing'], problems);
  const exportEnv = bool('export-env');
  const parseJson = bool('parse-json-secrets');
  const nameTransformation = parseChoice(
    'name-transformation',
    raw['name-transformation'] || INPUT_DEFAULTS['name-transformation'],
    ['uppercase', 'lowercase', 'none'] as const,
    problems,
  );
  const binary = parseChoice(
    'binary-secrets',
    raw['binary-secrets'] || INPUT_DEFAULTS['binary-secrets'],
    ['text', 'base64'] as const,
    problems,
  );
  const secretRequests = parseSecretIds(raw['secret-ids'], problems);
  const parameterRequests = parseParameters(raw.parameters, problems);
  const buckets = parseBuckets('versioned-buckets', raw['versioned-buckets'], problems);
  checkOutputNames(
    secretRequests,
    parameterRequests,
    { transformation: nameTransformation ?? 'uppercase', parseJson },
    problems,
  );

  const run = runContext(env);
  const rollout = parseRollout(raw, region, problems);
  const deploy = parseDeploy(raw, given, bool, run, env, problems, rollout);
  const record = parseRecord(raw, bool, problems);

  const deploying = given('instance-ids') || given('targets');
  if (!deploying) {
    for (const name of DEPLOY_ONLY_INPUTS)
      if (given(name))
        problems.add(name, 'applies only to a deploy; also set instance-ids or targets.');
    // The runner fills these in with their defaults, so only another value is a mistake.
    for (const name of ['rollout', 'bake-seconds'] as const)
      if (given(name) && raw[name] !== INPUT_DEFAULTS[name])
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
    secrets:
      secretRequests.length > 0
        ? {
            requests: secretRequests,
            parseJson,
            nameTransformation: nameTransformation ?? 'uppercase',
            binary: binary ?? 'text',
          }
        : undefined,
    parameters: parameterRequests.length > 0 ? parameterRequests : undefined,
    versionedBuckets: buckets.length > 0 ? buckets : undefined,
    deploy,
    record,
    run,
    githubToken: raw['github-token'] || undefined,
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

function parseChoice<T extends string>(
  input: InputName,
  value: string,
  choices: readonly T[],
  problems: Problems,
): T | undefined {
  const lower = value.toLowerCase();
  const chosen = choices.find((choice) => choice === lower);
  if (chosen !== undefined) return chosen;
  return problems.add(input, `${quote(value)} is not one of ${choices.join(', ')}.`);
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

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
