import { describe, expect, it } from 'vitest';
import type { DeployConfig } from '../../src/config.js';
import { InputError } from '../../src/errors.js';
import { parseInputs, type Environment, type InputName } from '../../src/inputs.js';

type Inputs = Partial<Record<InputName, string>>;

const ENV: Environment = {
  AWS_REGION: 'eu-west-1',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: '4242',
};
const DEPLOY: Inputs = { 'instance-ids': 'i-0123456789abcdef0', 'working-directory': '/srv/app' };
const TG =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-blue/0123456789abcdef';

function deploy(inputs: Inputs): DeployConfig {
  const { deploy } = parseInputs((name) => ({ ...DEPLOY, ...inputs })[name] ?? '', ENV).config;
  if (deploy === undefined) throw new Error('no deploy');
  return deploy;
}

function refused(inputs: Inputs): { input: string | undefined; message: string }[] {
  try {
    parseInputs((name) => ({ ...DEPLOY, ...inputs })[name] ?? '', ENV);
  } catch (error) {
    if (error instanceof InputError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the inputs to be refused');
}

describe('rollout inputs', () => {
  it('leave the deploy as one command when none asks for more', () => {
    expect(deploy({}).rollout).toBeUndefined();
    expect(deploy({ rollout: '100%', 'bake-seconds': '0' }).rollout).toBeUndefined();
  });

  it('read cumulative waves of counts and percentages', () => {
    expect(deploy({ rollout: ' 1, 25%,\n100% ' }).rollout).toEqual({
      waves: [
        { kind: 'count', count: 1 },
        { kind: 'percent', percent: 25 },
        { kind: 'percent', percent: 100 },
      ],
      bakeSeconds: 0,
      alarms: [],
      targetGroups: [],
      healthTimeoutSeconds: 60,
    });
  });

  it('make one wave with target groups, alarms or a bake a rollout too', () => {
    expect(deploy({ 'target-groups': TG }).rollout?.targetGroups).toEqual([TG]);
    expect(deploy({ alarms: 'web-5xx\n# a comment\n\nweb 5xx, p99' }).rollout?.alarms).toEqual([
      'web-5xx',
      'web 5xx, p99',
    ]);
    expect(deploy({ 'bake-seconds': '30' }).rollout?.bakeSeconds).toBe(30);
  });

  it('give target groups health-check-timeout to become healthy in', () => {
    expect(
      deploy({ 'target-groups': TG, 'health-check-timeout': '120' }).rollout?.healthTimeoutSeconds,
    ).toBe(120);
  });

  it.each([
    ['1, 50%', 'the last wave must be 100%'],
    ['50%, 25%, 100%', 'must be larger than the one before'],
    ['2, 1, 100%', 'must be larger than the one before'],
    ['0, 100%', 'is not a wave'],
    ['1, 101%', 'is not a wave'],
    ['1.5, 100%', 'is not a wave'],
    ['25 %, 100%', 'is not a wave'],
    ['1;id, 100%', 'is not a wave'],
    [',', 'is empty'],
    [Array.from({ length: 21 }, (_, i) => `${i + 1}`).join(',') + ',100%', 'at most 20'],
  ])('refuse rollout %j', (rollout, expected) => {
    const problems = refused({ rollout });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.input).toBe('rollout');
    expect(problems[0]?.message).toContain(expected);
  });

  it.each(['-1', '1.5', '21601', '30s', ' 1 2'])('refuse bake-seconds %j', (value) => {
    expect(refused({ 'bake-seconds': value }).map((p) => p.input)).toEqual(['bake-seconds']);
  });

  it('refuse an alarm name too long or with a control character, naming the line', () => {
    const problems = refused({ alarms: `ok\n${'a'.repeat(256)}\nbad\u0007` });
    expect(problems.map((p) => p.input)).toEqual(['alarms', 'alarms']);
    expect(problems[0]?.message).toMatch(/^line 2: /);
    expect(problems[1]?.message).toMatch(/^line 3: /);
  });

  it.each([
    ['web', 'is not a target group ARN'],
    [TG.replace('targetgroup', 'loadbalancer/app'), 'is not a target group ARN'],
    [TG.replace('0123456789abcdef', '0123456789ABCDEF'), 'is not a target group ARN'],
    [`${TG}$(id)`, 'is not a target group ARN'],
    [TG.replace('web-blue', '-web'), 'is not a target group ARN'],
    [TG.replace('eu-west-1', 'us-east-1'), 'is in us-east-1, but the deploy runs in eu-west-1'],
  ])('refuse target group %j', (arn, expected) => {
    const problems = refused({ 'target-groups': arn });
    expect(problems.map((p) => p.input)).toEqual(['target-groups']);
    expect(problems[0]?.message).toContain(expected);
  });

  it('refuse wait: false with a rollout, which must watch every wave', () => {
    expect(refused({ rollout: '1, 100%', wait: 'false' }).map((p) => p.input)).toEqual(['wait']);
    expect(refused({ 'target-groups': TG, wait: 'false' }).map((p) => p.input)).toEqual(['wait']);
  });

  it('refuse each of them without a deploy', () => {
    const problems = refused({
      'instance-ids': '',
      'working-directory': '',
      'secret-ids': 'db',
      rollout: '1, 100%',
      'bake-seconds': '5',
      alarms: 'a',
      'target-groups': TG,
    });
    expect(problems.map((p) => p.input).sort()).toEqual([
      'alarms',
      'bake-seconds',
      'rollout',
      'target-groups',
    ]);
  });
});
