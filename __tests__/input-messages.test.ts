// Input errors name the input and the line and say what is wrong; they never quote any part of a
// value that may hold a secret (env, secret-ids, parameters), because the runner masks only whole
// values and whole lines: a piece of one, or a JSON-escaped copy, is shown as it is.
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { parseInputs, type Environment, type InputName } from '../src/inputs.js';

type Inputs = Partial<Record<InputName, string>>;

const ENV: Environment = {
  AWS_REGION: 'eu-west-1',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
};
const DEPLOY: Inputs = { 'instance-ids': 'i-0123456789abcdef0', 'working-directory': '/srv/app' };

function problems(inputs: Inputs): { input: string | undefined; message: string }[] {
  try {
    parseInputs((name) => inputs[name] ?? '', ENV);
  } catch (error) {
    if (error instanceof InputError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the inputs to be refused');
}

/** Every 3-character piece of `secret`: none may appear in a message. */
function pieces(secret: string): string[] {
  return Array.from({ length: secret.length - 2 }, (_, i) => secret.slice(i, i + 3));
}

function expectNoPiece(messages: readonly string[], secret: string): void {
  for (const message of messages)
    for (const piece of pieces(secret))
      expect(message, `a message quotes ${JSON.stringify(piece)}`).not.toContain(piece);
}

// Letters no message of the action uses together.
const SECRET = 'Zq9xWvKj';

describe('input errors about values that may hold a secret', () => {
  const cases: { name: string; input: InputName; text: string }[] = [
    { name: 'env: no "="', input: 'env', text: SECRET },
    { name: 'env: the second line of a multi-line value', input: 'env', text: `APP=a\n${SECRET}` },
    { name: 'env: a bad name', input: 'env', text: `${SECRET}-X=1` },
    { name: 'env: a reserved name', input: 'env', text: `SSM_DEPLOY_${SECRET}=1` },
    { name: 'env: a name set twice', input: 'env', text: `${SECRET}=1\n${SECRET}=2` },
    { name: 'env: an SSM reference', input: 'env', text: `A=${SECRET}{{ssm:/x}}` },
    { name: 'secret-ids: four fields', input: 'secret-ids', text: `A,${SECRET},c,d` },
    { name: 'secret-ids: a bad alias', input: 'secret-ids', text: `${SECRET}-,prod/db` },
    { name: 'secret-ids: a bad name', input: 'secret-ids', text: `A,${SECRET} x` },
    { name: 'secret-ids: a bad ARN', input: 'secret-ids', text: `arn:${SECRET}` },
    { name: 'secret-ids: a bad prefix', input: 'secret-ids', text: `A,${SECRET}/*/*` },
    { name: 'secret-ids: a bad version', input: 'secret-ids', text: `A,db,${SECRET} x` },
    { name: 'secret-ids: a pinned prefix', input: 'secret-ids', text: `A,${SECRET}/*,AWSCURRENT` },
    { name: 'secret-ids: a collision', input: 'secret-ids', text: `${SECRET},a\n${SECRET},b` },
    { name: 'parameters: three fields', input: 'parameters', text: `A,${SECRET},c` },
    { name: 'parameters: a bad name', input: 'parameters', text: `/${SECRET} x` },
    { name: 'parameters: a bad path', input: 'parameters', text: `${SECRET}/` },
    { name: 'parameters: a bad alias', input: 'parameters', text: `${SECRET}-,/a` },
  ];
  for (const { name, input, text } of cases)
    it(`${name}: names the input and the line, quotes nothing`, () => {
      const found = problems({ ...DEPLOY, [input]: text });
      expect(found.length).toBeGreaterThan(0);
      expect(found.map((p) => p.input)).toContain(input);
      expectNoPiece(
        found.map((p) => p.message),
        SECRET,
      );
      for (const problem of found.filter((p) => p.input === input))
        expect(problem.message).toMatch(/line \d/);
    });

  it('env: says there is no "=" when there is none', () => {
    expect(problems({ ...DEPLOY, env: 'FOO' })).toEqual([
      { input: 'env', message: expect.stringMatching(/^line 1: there is no "="/) as unknown },
    ]);
  });

  it('env: says the part before "=" is empty only when it is', () => {
    expect(problems({ ...DEPLOY, env: '=value' })).toEqual([
      { input: 'env', message: expect.stringMatching(/^line 1: .*before "=" is empty/) as unknown },
    ]);
  });

  it('env: a name set twice names both lines', () => {
    expect(problems({ ...DEPLOY, env: 'A=1\nB=2\nA=3' })).toEqual([
      { input: 'env', message: expect.stringMatching(/^line 3: .*line 1/) as unknown },
    ]);
  });
});

describe('input errors about names', () => {
  it('instance-ids: one error per bad line, saying what is wrong', () => {
    const found = problems({ ...DEPLOY, 'instance-ids': 'i-123; rm -rf /' });
    expect(found).toHaveLength(1);
    expect(found[0]?.input).toBe('instance-ids');
    expect(found[0]?.message).toMatch(/^line 1: /);
    expect(found[0]?.message).toMatch(/characters no instance id has/);
  });

  it('instance-ids: a well-formed but wrong id is shown, with what is expected', () => {
    const found = problems({ ...DEPLOY, 'instance-ids': 'i-0123456789abcdef0\ni-xyz, i-0123' });
    expect(found).toEqual([
      {
        input: 'instance-ids',
        message: expect.stringMatching(
          /^line 2: "i-xyz" and "i-0123" are not instance ids/,
        ) as unknown,
      },
    ]);
  });

  it('a value that cannot be shown whole and verbatim is described, not cut or escaped', () => {
    const long = `/srv/${'a'.repeat(80)}${SECRET}`;
    for (const [input, value] of [
      ['aws-region', `us-${SECRET}"`],
      ['working-directory', `srv/${SECRET}\u00e9`],
      ['ref', `${long}..x`],
      ['run-as', `${SECRET}\\u`],
      ['timeout-seconds', `${SECRET}\u0007`],
    ] as const) {
      const found = problems({ ...DEPLOY, [input]: value });
      const messages = found.filter((p) => p.input === input).map((p) => p.message);
      expect(messages, input).toHaveLength(1);
      expectNoPiece(messages, SECRET);
    }
  });
});
