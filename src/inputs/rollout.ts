// The rollout's inputs: waves, bake time, alarms and target groups. Undefined when none asks for
// more than today's one command to every instance at once.

import type { RolloutConfig, WaveStep } from '../config.js';
import { hasControlCharacter } from '../names.js';
import { INPUT_DEFAULTS, type InputName } from './declared.js';
import { lines, quote, type Problems } from './problems.js';

/** More waves than this is a slow deploy, not a careful one. */
export const MAX_WAVES = 20;
/** DescribeAlarms takes at most 100 alarm names in one call. */
export const MAX_ALARMS = 100;
/** DescribeTargetGroups takes at most 20 ARNs in one call. */
export const MAX_TARGET_GROUPS = 20;
/** Six hours: a GitHub-hosted job never runs longer. */
export const MAX_BAKE_SECONDS = 21_600;

/** CloudWatch: alarm names are 1 to 255 characters. */
const ALARM_NAME_MAX = 255;

/**
 * An ELBv2 target group ARN: partition, region, account, then `targetgroup/NAME/ID` where the name
 * is 1 to 32 letters, digits and hyphens and the id 16 hex digits.
 */
export const TARGET_GROUP_ARN =
  /^arn:(aws[a-z-]*):elasticloadbalancing:([a-z]{2,4}(?:-[a-z]+)+-\d{1,2}):(\d{12}):targetgroup\/([A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?)\/([0-9a-f]{16})$/;

export function parseRollout(
  raw: Record<InputName, string>,
  region: string | undefined,
  problems: Problems,
): RolloutConfig | undefined | null {
  const waves = parseWaves(raw.rollout || INPUT_DEFAULTS.rollout, problems);
  const bakeSeconds = parseBakeSeconds(
    raw['bake-seconds'] || INPUT_DEFAULTS['bake-seconds'],
    problems,
  );
  const alarms = parseAlarms(raw.alarms, problems);
  const targetGroups = parseTargetGroups(raw['target-groups'], region, problems);
  if (
    waves === undefined ||
    bakeSeconds === undefined ||
    alarms === undefined ||
    targetGroups === undefined
  )
    return null;
  const healthTimeout = raw['health-check-timeout'] || INPUT_DEFAULTS['health-check-timeout'];
  const oneWave = waves.length === 1;
  if (oneWave && bakeSeconds === 0 && alarms.length === 0 && targetGroups.length === 0)
    return undefined;
  return {
    waves,
    bakeSeconds,
    alarms,
    targetGroups,
    // health-check-timeout's own problems are reported with the health check's inputs.
    healthTimeoutSeconds: /^\d{1,7}$/.test(healthTimeout) ? Number(healthTimeout) : 60,
  };
}

/** `1, 25%, 100%`: comma or newline separated, each a count or a percentage, growing, ending at 100%. */
export function parseWaves(raw: string, problems: Problems): readonly WaveStep[] | undefined {
  const items = raw
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const fail = (message: string): undefined => problems.add('rollout', message);
  if (items.length === 0)
    return fail('is empty; give cumulative waves such as 1, 25%, 100% (or 100% for all at once).');
  if (items.length > MAX_WAVES)
    return fail(`has ${items.length} waves; at most ${MAX_WAVES} are allowed.`);
  const steps: WaveStep[] = [];
  for (const item of items) {
    const count = /^[1-9][0-9]{0,5}$/.exec(item);
    const percent = /^([1-9][0-9]?|100)%$/.exec(item);
    if (count !== null) steps.push({ kind: 'count', count: Number(item) });
    else if (percent !== null) steps.push({ kind: 'percent', percent: Number(percent[1]) });
    else
      return fail(
        `${quote(item)} is not a wave; each wave is a number of instances from 1 or a whole percentage from 1% to 100% (for example 1, 25%, 100%).`,
      );
  }
  // Waves are cumulative, so each must reach further than the one before it of the same kind;
  // a count and a percentage are compared only once the fleet's size is known.
  for (const kind of ['count', 'percent'] as const) {
    const sizes = steps.flatMap((step) =>
      step.kind === 'count'
        ? kind === 'count'
          ? [step.count]
          : []
        : kind === 'percent'
          ? [step.percent]
          : [],
    );
    for (let i = 1; i < sizes.length; i++)
      if ((sizes[i] ?? 0) <= (sizes[i - 1] ?? 0))
        return fail(
          `waves are cumulative (each is how many instances have the commit once it is done), so each must be larger than the one before; ${quote(items.join(', '))} is not.`,
        );
  }
  const last = steps[steps.length - 1];
  if (last?.kind !== 'percent' || last.percent !== 100)
    return fail(
      `the last wave must be 100% so that every instance gets the commit; ${quote(items.join(', '))} ends elsewhere.`,
    );
  return steps;
}

function parseBakeSeconds(raw: string, problems: Problems): number | undefined {
  if (!/^[0-9]{1,6}$/.test(raw) || Number(raw) > MAX_BAKE_SECONDS)
    return problems.add(
      'bake-seconds',
      `${quote(raw)} is not a number of seconds from 0 to ${MAX_BAKE_SECONDS}.`,
    );
  return Number(raw);
}

function parseAlarms(raw: string, problems: Problems): readonly string[] | undefined {
  const names: string[] = [];
  let bad = false;
  for (const { line, text } of lines(raw)) {
    if (text.length > ALARM_NAME_MAX || hasControlCharacter(text)) {
      bad = true;
      problems.add(
        'alarms',
        `line ${line}: ${quote(text)} is not an alarm name (1 to ${ALARM_NAME_MAX} printable characters, one name per line).`,
      );
    } else if (!names.includes(text)) names.push(text);
  }
  if (names.length > MAX_ALARMS) {
    bad = true;
    problems.add('alarms', `names ${names.length} alarms; at most ${MAX_ALARMS} are allowed.`);
  }
  return bad ? undefined : names;
}

function parseTargetGroups(
  raw: string,
  region: string | undefined,
  problems: Problems,
): readonly string[] | undefined {
  const arns: string[] = [];
  let bad = false;
  for (const { line, text } of lines(raw)) {
    const match = TARGET_GROUP_ARN.exec(text);
    if (match === null) {
      bad = true;
      problems.add(
        'target-groups',
        `line ${line}: ${quote(text)} is not a target group ARN; expected arn:aws:elasticloadbalancing:REGION:ACCOUNT:targetgroup/NAME/ID, one per line.`,
      );
    } else if (region !== undefined && match[2] !== region) {
      bad = true;
      problems.add(
        'target-groups',
        `line ${line}: the target group is in ${match[2] ?? ''}, but the deploy runs in ${region}; instances are registered only with target groups of their own region.`,
      );
    } else if (!arns.includes(text)) arns.push(text);
  }
  if (arns.length > MAX_TARGET_GROUPS) {
    bad = true;
    problems.add(
      'target-groups',
      `names ${arns.length} target groups; at most ${MAX_TARGET_GROUPS} are allowed.`,
    );
  }
  return bad ? undefined : arns;
}
