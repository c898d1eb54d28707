// The deploy's inputs: targets, the checkout, the script and its environment, timeouts, rate
// control and where the output goes.

import type {
  DeployConfig,
  EnvVar,
  GitRef,
  HealthCheck,
  RolloutConfig,
  RunContext,
  TagTarget,
  Targets,
} from '../config.js';
import { MAX_SCRIPT_JSON_BYTES, buildScript, scriptJsonBytes } from '../deploy/script.js';
import {
  FULL_SHA,
  INSTANCE_ID,
  LOG_GROUP,
  MAX_CONCURRENCY,
  MAX_ERRORS,
  UNIX_USER,
  VARIABLE_NAME,
  bucketNameProblem,
  gitRefProblem,
  hasControlCharacter,
} from '../names.js';
import { SSM_REFERENCE_PROBLEM, hasSsmReference } from '../ssm-references.js';
import {
  COMMENT_MAX,
  HEALTH_CHECK_MAX,
  HEALTH_CHECK_TIMEOUT_BOUNDS,
  INPUT_DEFAULTS,
  MAX_INSTANCE_IDS,
  MAX_TAG_VALUES,
  MAX_TARGETS,
  TIMEOUT_BOUNDS,
  type Environment,
  type InputName,
  type ReadBoolean,
} from './declared.js';
import { lines, quote, type Problems } from './problems.js';

export function parseDeploy(
  raw: Record<InputName, string>,
  given: (name: InputName) => boolean,
  bool: ReadBoolean,
  run: RunContext,
  env: Environment,
  problems: Problems,
  /** Null when the rollout's inputs had problems (already recorded). */
  rollout: RolloutConfig | undefined | null,
): DeployConfig | undefined {
  const deploying = given('instance-ids') || given('targets');
  if (given('instance-ids') && given('targets'))
    problems.add(
      'targets',
      'cannot be used together with instance-ids; choose one way to name the instances.',
    );
  // Both are checked when both are given, so that a bad id is not hidden behind that conflict.
  const tagTargets = given('targets') ? parseTargets(raw.targets, problems) : undefined;
  const idTargets = given('instance-ids')
    ? parseInstanceIds(raw['instance-ids'], problems)
    : undefined;
  const targets = given('targets') ? tagTargets : idTargets;

  // Every input is validated even when it will not be used, so every problem shows at once.
  const workingDirectory =
    deploying || given('working-directory')
      ? parseWorkingDirectory(raw['working-directory'], problems)
      : undefined;
  const ref =
    deploying || given('ref')
      ? parseRef(raw.ref, env, raw['github-token'] !== '', problems)
      : undefined;
  const allowedBranches = parseAllowedBranches(raw['allowed-branches'], problems);
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
  if (rollout !== undefined && rollout !== null && !wait)
    problems.add(
      'wait',
      'false cannot be used with rollout, bake-seconds, alarms or target-groups: each wave starts only once the one before it is finished and healthy, so the step must wait.',
    );
  const healthCheck = parseHealthCheck(raw, problems);
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
    allowedBranches === null ||
    deployScript === undefined ||
    runAs === null ||
    envVars === undefined ||
    timeoutSeconds === undefined ||
    maxConcurrency === undefined ||
    maxErrors === undefined ||
    outputS3 === null ||
    cloudWatchLogGroup === null ||
    healthCheck === null ||
    rollout === null
  )
    return undefined;

  const deploy: DeployConfig = {
    targets,
    workingDirectory,
    ref,
    allowedBranches,
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
    rollout,
    healthCheck,
  };
  return checkScriptSize(deploy, problems) ? deploy : undefined;
}

/** Any valid nonce: every one has the same length, so the script's size does not depend on it. */
const SIZING_NONCE = '000000000000';

/**
 * The remote script is made of the inputs alone, so a command too large for SSM is refused here,
 * before phases 1 and 2 have read secrets or changed a bucket, not when it is about to be sent.
 * `env` is what can make it that large: every other value in it is bounded well below the limit.
 */
function checkScriptSize(deploy: DeployConfig, problems: Problems): boolean {
  const bytes = scriptJsonBytes(
    buildScript({
      ...deploy,
      // What is sent: ref resolved to one SHA, and the longest the list can be once resolved
      // (the default branch is one name).
      ref: { kind: 'sha', sha: '0'.repeat(40) },
      allowedBranches: deploy.allowedBranches ?? ['x'.repeat(255)],
      nonce: SIZING_NONCE,
    }),
  );
  if (bytes <= MAX_SCRIPT_JSON_BYTES) return true;
  problems.add(
    'env',
    `makes the deploy script ${bytes} bytes, over the ${MAX_SCRIPT_JSON_BYTES} that fit in one SSM command (SSM allows 64 KB for a command's document and parameters); pass large values another way, such as a file in the repository or a parameter the script reads.`,
  );
  return false;
}

function parseInstanceIds(raw: string, problems: Problems): Targets | undefined {
  const ids: string[] = [];
  let bad = false;
  // One message per line that has bad items, so a line such as `i-1; rm -rf /` is one problem.
  for (const [index, text] of raw.split(/\r?\n/).entries()) {
    const wrong: string[] = [];
    for (const id of text.split(/[\s,]+/).filter((part) => part !== '')) {
      if (!INSTANCE_ID.test(id)) wrong.push(id);
      else if (!ids.includes(id)) ids.push(id);
    }
    if (wrong.length === 0) continue;
    bad = true;
    problems.add('instance-ids', instanceIdsProblem(index + 1, wrong));
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

const EXPECTED_ID =
  'expected i- followed by 8 or 17 hex digits (e.g. i-0123456789abcdef0), or mi- and 17 for a managed node, separated by commas, spaces or new lines';

/** Items of one line shown in its message at most; the rest are counted. */
const SHOWN_IDS = 5;

/** What is wrong on one line of instance-ids: id-shaped items are shown, anything else is not. */
function instanceIdsProblem(line: number, wrong: readonly string[]): string {
  const idShaped = wrong.filter((id) => /^[A-Za-z0-9-]{1,40}$/.test(id));
  const shown = idShaped.slice(0, SHOWN_IDS).map((id) => `"${id}"`);
  const parts: string[] = [];
  if (shown.length > 0) {
    const more = idShaped.length - shown.length;
    const list =
      more > 0
        ? `${shown.join(', ')} and ${more} more`
        : shown.length === 1
          ? shown.join('')
          : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1) ?? ''}`;
    parts.push(
      `${list} ${idShaped.length === 1 ? 'is not an instance id' : 'are not instance ids'}`,
    );
  }
  const hidden = wrong.length - idShaped.length;
  if (hidden > 0)
    parts.push(
      `${hidden === 1 ? 'one item has' : `${hidden} items have`} characters no instance id has (only letters, digits and -)`,
    );
  return `line ${line}: ${parts.join('; ')}; ${EXPECTED_ID}.`;
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
  if (hasSsmReference(value))
    return problems.add(
      'working-directory',
      `${quote(value)} holds a Parameter Store reference: ${SSM_REFERENCE_PROBLEM}`,
    );
  const trimmed = value.replace(/\/+$/, '');
  if (trimmed === '')
    return problems.add(
      'working-directory',
      'is "/"; give the directory of the checkout itself, e.g. /srv/app.',
    );
  return trimmed;
}

function parseRef(
  value: string,
  env: Environment,
  hasToken: boolean,
  problems: Problems,
): GitRef | undefined {
  const ref = value || env.GITHUB_SHA || '';
  if (ref === '')
    return problems.add(
      'ref',
      'is empty and GITHUB_SHA is not set; give a full commit SHA or a branch name.',
    );
  if (FULL_SHA.test(ref)) return { kind: 'sha', sha: ref };
  const problem = gitRefProblem(ref);
  if (problem !== undefined)
    return problems.add(
      'ref',
      `${quote(ref)} is not a commit SHA or a valid branch or tag name: it ${problem}.`,
    );
  // A name is resolved to one commit through the GitHub API before anything is sent; resolved
  // on each instance instead, it could name another commit by then, or on another instance.
  if (!hasToken)
    return problems.add(
      'ref',
      `${quote(ref)} is ${/^[0-9a-f]{4,39}$/.test(ref) ? 'an abbreviated commit' : 'a branch or tag name'}, which is resolved to one commit through the GitHub API before anything is sent; set github-token (e.g. \${{ github.token }}, with contents: read), or give the full 40-character SHA.`,
    );
  return { kind: 'name', name: ref };
}

/** More branches than this is a list of everything, which allows nothing in particular. */
export const MAX_ALLOWED_BRANCHES = 20;

/** undefined: not given (the default branch); null: a problem was reported. */
function parseAllowedBranches(
  value: string,
  problems: Problems,
): readonly string[] | undefined | null {
  const names = lines(value).map(({ text }) => text);
  if (names.length === 0) return undefined;
  let ok = true;
  for (const name of names) {
    const problem = name.startsWith('refs/')
      ? 'is a full ref; give the branch name alone (main, not refs/heads/main)'
      : gitRefProblem(name);
    if (problem !== undefined) {
      problems.add('allowed-branches', `${quote(name)} is not a branch name: it ${problem}.`);
      ok = false;
    }
  }
  if (names.length > MAX_ALLOWED_BRANCHES) {
    problems.add(
      'allowed-branches',
      `names ${names.length} branches; at most ${MAX_ALLOWED_BRANCHES}, one per line.`,
    );
    ok = false;
  }
  return ok ? [...new Set(names)] : null;
}

function parseDeployScript(value: string, problems: Problems): string | undefined {
  if (hasControlCharacter(value) || value.length > 1024 || value.startsWith('-'))
    return problems.add(
      'deploy-script',
      `${quote(value)} is not a path; give the script's path relative to working-directory (e.g. ./deploy.sh) or an absolute path.`,
    );
  if (hasSsmReference(value))
    return problems.add(
      'deploy-script',
      `${quote(value)} holds a Parameter Store reference: ${SSM_REFERENCE_PROBLEM}`,
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

// No message about env quotes any part of a line, not even the name: with `APP=${{ secrets.X }}`
// and a multi-line X, every line after the first is part of the secret, and the runner masks only
// whole lines.
function parseEnv(raw: string, problems: Problems): EnvVar[] | undefined {
  const vars: EnvVar[] = [];
  const lineOf = new Map<string, number>();
  const before = problems.list.length;
  const refuse = (line: number, message: string): void => {
    problems.add('env', `line ${line}: ${message}`);
  };
  for (const { line, text } of lines(raw)) {
    const equals = text.indexOf('=');
    if (equals < 0) {
      refuse(line, 'there is no "=" on this line; expected KEY=VALUE, one per line.');
      continue;
    }
    const name = text.slice(0, equals).trim();
    if (name === '') {
      refuse(line, 'the part before "=" is empty; expected KEY=VALUE, one per line.');
      continue;
    }
    if (!VARIABLE_NAME.test(name)) {
      refuse(
        line,
        'the name before "=" is not a variable name; use letters, digits and _, not starting with a digit.',
      );
      continue;
    }
    if (name.startsWith('SSM_DEPLOY_')) {
      refuse(line, 'the name starts with SSM_DEPLOY_, which is reserved for the deploy script.');
      continue;
    }
    const value = text.slice(equals + 1).trim();
    if (hasSsmReference(value)) {
      refuse(line, `the value holds a Parameter Store reference: ${SSM_REFERENCE_PROBLEM}`);
      continue;
    }
    const first = lineOf.get(name);
    if (first !== undefined) {
      refuse(line, `the name is already set on line ${first}.`);
      continue;
    }
    lineOf.set(name, line);
    vars.push({ name, value });
  }
  return problems.list.length > before ? undefined : vars;
}

/**
 * health-check and health-check-timeout. The timeout is checked even without a command, so a typo
 * shows at once. null: a problem was added.
 */
function parseHealthCheck(
  raw: Record<InputName, string>,
  problems: Problems,
): HealthCheck | undefined | null {
  const value = raw['health-check-timeout'] || INPUT_DEFAULTS['health-check-timeout'];
  const { min, max } = HEALTH_CHECK_TIMEOUT_BOUNDS;
  const seconds = /^\d{1,7}$/.test(value) ? Number(value) : Number.NaN;
  let bad = false;
  if (!(seconds >= min && seconds <= max)) {
    problems.add(
      'health-check-timeout',
      `${quote(value)} is not a whole number of seconds from ${min} to ${max} (48 hours).`,
    );
    bad = true;
  }
  const command = raw['health-check'].trim();
  if (command === '') return bad ? null : undefined;
  // The command reaches bash quoted, so any character is safe there; these are refused because
  // bash could not receive them byte for byte, or SSM would rewrite them before bash sees them.
  if (command.length > HEALTH_CHECK_MAX) {
    problems.add(
      'health-check',
      `is ${command.length} characters long; at most ${HEALTH_CHECK_MAX} are accepted (put a longer check in a script in the repository and run that).`,
    );
    bad = true;
  } else if (command.includes('\0') || /\p{Cs}/u.test(command)) {
    problems.add(
      'health-check',
      'holds a NUL character or invalid Unicode, which bash cannot receive.',
    );
    bad = true;
  } else if (hasSsmReference(command)) {
    problems.add('health-check', `holds a Parameter Store reference: ${SSM_REFERENCE_PROBLEM}`);
    bad = true;
  }
  return bad ? null : { command, timeoutSeconds: seconds };
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
  const oneLine = text.replace(/\s+/g, ' ').trim();
  // What fits is kept whole, without loading the segmenter (its data takes 15 ms to load).
  if (oneLine.length <= COMMENT_MAX) return oneLine;
  const segments = new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(oneLine);
  let cut = '';
  for (const { segment } of segments) {
    if (cut.length + segment.length > COMMENT_MAX) break;
    cut += segment;
  }
  // A cut between words would leave a space at the end, which the console shows as a gap.
  return cut.trimEnd();
}
