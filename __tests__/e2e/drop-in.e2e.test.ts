// A drop-in for aws-actions/aws-secretsmanager-get-secrets v3: the built action, with export-env,
// run on the `secret-ids` cases that action documents (its README's examples and naming rules, its
// own integration tests' data set) and on the cases where this action used to differ. Each row is
// what that action exports: the same variable names with the same values, the same verdict, and
// every value of 4 characters or more masked for a later step.
//
// The facts, in that action's words (README, "Environment variable naming" and "Parameters"):
// - a name is the secret's name (for an ARN, the secret's name, not the ARN), transformed to
//   letters, digits and `_`, not starting with a digit; letters upper-cased by default,
//   lower-cased with name-transformation: lowercase, left as they are with none;
// - `ALIAS,ID` names the variable ALIAS; a blank alias `,ID` with parse-json-secrets names a JSON
//   secret's variables by its keys alone, and without it is as if there were no alias;
// - a prefix `abc*` reads every secret whose name starts with it; with an alias it must match one;
// - parse-json-secrets: one variable per key/value pair (nested keys joined with `_`), instead of
//   the whole JSON string; a secret that is not valid JSON keeps one variable named after it;
// - a binary secret is converted to a string;
// - two variables that end up with the same name fail the step.

import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index.js';
import { runAction, type SecretSpec } from '../../sandbox/runner/index.js';
import { SCRIPT, out, script } from '../runner/fixtures.js';
import { expectMasked, fileSandbox, runPhase } from './helpers.js';

const sandbox = fileSandbox();

type Seed = { readonly name: string } & (
  { readonly value: string } | { readonly binary: Uint8Array }
);

interface Case {
  readonly title: string;
  readonly seeds: readonly Seed[];
  /** `secret-ids`; `{arn:NAME}` is replaced by the ARN of secret NAME. */
  readonly ids: string;
  readonly parseJson?: boolean;
  readonly transformation?: 'uppercase' | 'lowercase' | 'none';
  /** The step's env: variables the job already sets. */
  readonly env?: Readonly<Record<string, string>>;
  /** What aws-secretsmanager-get-secrets v3 exports, and whether the step succeeds. */
  readonly exports: Readonly<Record<string, string>>;
  readonly fails?: boolean;
}

const json = (value: unknown): string => JSON.stringify(value);
const README_JSON = json({ api_user: 'user', api_key: 'key', config: { active: 'true' } });
const SECRET2 = json({ myusername: 'alejandro_rosalez', mypassword: 'EXAMPLE_PASSWORD' });
const INTEG_JSON = json({ api_user: 'user', api_key: 'key', config: { active: 'true' } });
/** The data set of that action's name-transformation integration tests. */
const integSeeds = (space: string): Seed[] => [
  { name: `${space}SampleSecret1`, value: 'SomeSampleSecret1' },
  { name: `/${space}special/chars/secret`, value: 'SomeSampleSecret2' },
  { name: `0/${space}special/chars/secret`, value: 'SomeSampleSecret3' },
  { name: `${space}PrefixSecret1`, value: 'PrefixSecret1Value' },
  { name: `${space}PrefixSecret2`, value: 'PrefixSecret2Value' },
  { name: `${space}JsonSecret`, value: INTEG_JSON },
];
const integIds = (space: string, alias: string): string =>
  [
    `${space}SampleSecret1`,
    `/${space}special/chars/secret`,
    `0/${space}special/chars/secret`,
    `${space}PrefixSecret*`,
    `${space}JsonSecret`,
    `${alias}, ${space}SampleSecret1`,
  ].join('\n');
const integExports = (space: string, alias: string, cased: (name: string) => string) => ({
  [cased(`${space}SampleSecret1`)]: 'SomeSampleSecret1',
  [cased(`_${space}special_chars_secret`)]: 'SomeSampleSecret2',
  [cased(`_0_${space}special_chars_secret`)]: 'SomeSampleSecret3',
  [cased(`${space}PrefixSecret1`)]: 'PrefixSecret1Value',
  [cased(`${space}PrefixSecret2`)]: 'PrefixSecret2Value',
  [cased(`${space}JsonSecret_api_user`)]: 'user',
  [cased(`${space}JsonSecret_api_key`)]: 'key',
  [cased(`${space}JsonSecret_config_active`)]: 'true',
  [alias]: 'SomeSampleSecret1',
});

const CASES: readonly Case[] = [
  // README, example 1: by name and by ARN.
  {
    title: 'a name',
    seeds: [{ name: 'exampleSecretName', value: 'secretValue1' }],
    ids: 'exampleSecretName',
    exports: { EXAMPLESECRETNAME: 'secretValue1' },
  },
  {
    title: 'an ARN, named after the secret',
    seeds: [{ name: 'test1', value: 'secretValue2' }],
    ids: '{arn:test1}',
    exports: { TEST1: 'secretValue2' },
  },
  {
    title: 'a leading digit',
    seeds: [{ name: '0/test/secret', value: 'secretValue3' }],
    ids: '0/test/secret',
    exports: { _0_TEST_SECRET: 'secretValue3' },
  },
  {
    title: 'a leading slash',
    seeds: [{ name: '/prod/example/secret', value: 'secretValue4' }],
    ids: '/prod/example/secret',
    exports: { _PROD_EXAMPLE_SECRET: 'secretValue4' },
  },
  {
    title: 'an alias',
    seeds: [{ name: 'test/secret', value: 'secretValue5' }],
    ids: 'SECRET_ALIAS_1,test/secret',
    exports: { SECRET_ALIAS_1: 'secretValue5' },
  },
  {
    title: 'an alias on an ARN',
    seeds: [{ name: 'test2', value: 'secretValue6' }],
    ids: 'SECRET_ALIAS_2,{arn:test2}',
    exports: { SECRET_ALIAS_2: 'secretValue6' },
  },
  {
    title: 'a blank alias without parse-json-secrets',
    seeds: [{ name: 'secret2plain', value: 'secretValue7' }],
    ids: ',secret2plain',
    exports: { SECRET2PLAIN: 'secretValue7' },
  },
  // README, example 2: a prefix.
  {
    title: 'a prefix',
    seeds: [
      { name: 'betaSecretName', value: 'secretValue1' },
      { name: 'betaTest', value: 'secretValue2' },
      { name: 'beta_NewSecret', value: 'secretValue3' },
    ],
    ids: 'beta*',
    exports: {
      BETASECRETNAME: 'secretValue1',
      BETATEST: 'secretValue2',
      BETA_NEWSECRET: 'secretValue3',
    },
  },
  // README, example 3: JSON.
  {
    title: 'parse-json-secrets: the leaves, nested keys joined',
    seeds: [{ name: 'test/jsonsecret', value: README_JSON }],
    ids: 'test/jsonsecret',
    parseJson: true,
    exports: {
      TEST_JSONSECRET_API_USER: 'user',
      TEST_JSONSECRET_API_KEY: 'key',
      TEST_JSONSECRET_CONFIG_ACTIVE: 'true',
    },
  },
  {
    title: 'a blank alias names the leaves by their keys',
    seeds: [{ name: 'secret2', value: SECRET2 }],
    ids: ',secret2',
    parseJson: true,
    exports: { MYUSERNAME: 'alejandro_rosalez', MYPASSWORD: 'EXAMPLE_PASSWORD' },
  },
  // README, example 4: lower case.
  {
    title: 'name-transformation: lowercase',
    seeds: [{ name: 'exampleSecretName4', value: 'secretValue' }],
    ids: 'exampleSecretName4',
    transformation: 'lowercase',
    exports: { examplesecretname4: 'secretValue' },
  },
  // Its integration tests' data set, in each transformation.
  {
    title: 'integration set, uppercase',
    seeds: integSeeds('u'),
    ids: integIds('u', 'USAMPLESECRET1_ALIAS'),
    parseJson: true,
    transformation: 'uppercase',
    exports: integExports('u', 'USAMPLESECRET1_ALIAS', (n) => n.toUpperCase()),
  },
  {
    title: 'integration set, default transformation',
    seeds: integSeeds('d'),
    ids: integIds('d', 'DSAMPLESECRET1_ALIAS'),
    parseJson: true,
    exports: integExports('d', 'DSAMPLESECRET1_ALIAS', (n) => n.toUpperCase()),
  },
  {
    title: 'integration set, lowercase',
    seeds: integSeeds('l'),
    ids: integIds('l', 'lsamplesecret1_alias'),
    parseJson: true,
    transformation: 'lowercase',
    exports: integExports('l', 'lsamplesecret1_alias', (n) => n.toLowerCase()),
  },
  {
    title: 'integration set, none',
    seeds: integSeeds('n'),
    ids: integIds('n', 'nSampleSecret1_Alias'),
    parseJson: true,
    transformation: 'none',
    exports: integExports('n', 'nSampleSecret1_Alias', (n) => n),
  },
  {
    title: 'parse-json-secrets off: the whole JSON',
    seeds: [{ name: 'c15json', value: INTEG_JSON }],
    ids: 'c15json',
    exports: { C15JSON: INTEG_JSON },
  },
  // Where this action used to differ.
  {
    title: 'JSON keys starting with a digit',
    seeds: [{ name: 'c26', value: json({ '1st': 'first-value', '2nd.x': 'second-value' }) }],
    ids: 'C26,c26',
    parseJson: true,
    exports: { C26_1ST: 'first-value', C26_2ND_X: 'second-value' },
  },
  {
    title: 'a digit key under a blank alias',
    seeds: [{ name: 'c26b', value: json({ '1st': 'first-value-b' }) }],
    ids: ',c26b',
    parseJson: true,
    exports: { _1ST: 'first-value-b' },
  },
  {
    title: 'a digit key after the secret name',
    seeds: [{ name: 'c26c', value: json({ '9x': 'nine-value' }) }],
    ids: 'c26c',
    parseJson: true,
    exports: { C26C_9X: 'nine-value' },
  },
  {
    title: 'non-ASCII keys: replaced, then upper-cased',
    seeds: [{ name: 'c27', value: json({ straße: 'street-value', ﬁle: 'file-value' }) }],
    ids: 'C27,c27',
    parseJson: true,
    exports: { C27_STRA_E: 'street-value', C27__LE: 'file-value' },
  },
  {
    title: 'non-ASCII keys, lowercase',
    seeds: [{ name: 'c27l', value: json({ ÄPFEL: 'apple-value' }) }],
    ids: 'c27l',
    parseJson: true,
    transformation: 'lowercase',
    exports: { c27l__pfel: 'apple-value' },
  },
  {
    title: 'a string leaf that is JSON is parsed too',
    seeds: [
      {
        name: 'c28',
        value: json({ db: json({ user: 'user-c28', pass: 'pass-c28' }), plain: 'plain-c28' }),
      },
    ],
    ids: 'C28,c28',
    parseJson: true,
    exports: { C28_DB_USER: 'user-c28', C28_DB_PASS: 'pass-c28', C28_PLAIN: 'plain-c28' },
  },
  {
    title: 'the leaves only: a whole value that would collide is not exported',
    seeds: [{ name: 'c29', value: json({ key: 'value-c29' }) }],
    ids: 'C29,c29',
    parseJson: true,
    env: { C29: 'set-by-the-job' },
    exports: { C29_KEY: 'value-c29' },
  },
  {
    title: 'the same line twice',
    seeds: [{ name: 'c30', value: 'value-c30' }],
    ids: 'c30\nc30',
    exports: { C30: 'value-c30' },
  },
  {
    title: 'the same aliased line twice',
    seeds: [{ name: 'c30b', value: 'value-c30b' }],
    ids: 'C30B_A,c30b\nC30B_A,c30b',
    exports: { C30B_A: 'value-c30b' },
  },
  {
    title: "secrets named like this action's outputs",
    seeds: [
      { name: 'status', value: 'status-value' },
      { name: 'results', value: 'results-value' },
      { name: 'versioning', value: 'versioning-value' },
    ],
    ids: 'status\nresults\nversioning',
    exports: { STATUS: 'status-value', RESULTS: 'results-value', VERSIONING: 'versioning-value' },
  },
  {
    title: 'an alias on a prefix that matches one secret',
    seeds: [{ name: 'c13/only/db', value: 'value-c13' }],
    ids: 'C13_DB,c13/only*',
    exports: { C13_DB: 'value-c13' },
  },
  {
    title: 'lowercase JSON names',
    seeds: [{ name: 'C36/Lower', value: json({ Case: 'value-c36' }) }],
    ids: 'C36/Lower',
    parseJson: true,
    transformation: 'lowercase',
    exports: { c36_lower_case: 'value-c36' },
  },
  {
    title: 'none keeps the case of names and keys',
    seeds: [{ name: 'C37/Mixed', value: json({ camelKey: 'value-c37' }) }],
    ids: 'C37/Mixed',
    parseJson: true,
    transformation: 'none',
    exports: { C37_Mixed_camelKey: 'value-c37' },
  },
  {
    title: 'a binary secret is text',
    seeds: [{ name: 'c38', binary: new TextEncoder().encode('binary-text-c38') }],
    ids: 'c38',
    exports: { C38: 'binary-text-c38' },
  },
  {
    title: 'a binary JSON secret is parsed',
    seeds: [{ name: 'c38j', binary: new TextEncoder().encode(json({ k: 'binary-json-c38' })) }],
    ids: 'c38j',
    parseJson: true,
    exports: { C38J_K: 'binary-json-c38' },
  },
  {
    title: 'a missing secret fails the step; what was read is exported',
    seeds: [{ name: 'c40/present', value: 'value-c40' }],
    ids: 'c40/present\nc40/absent',
    exports: { C40_PRESENT: 'value-c40' },
    fails: true,
  },
  // More of the documented rules.
  {
    title: 'three levels of nesting',
    seeds: [{ name: 'c41', value: json({ a: { b: { c: 'deep-c41' } } }) }],
    ids: 'c41',
    parseJson: true,
    exports: { C41_A_B_C: 'deep-c41' },
  },
  {
    title: 'arrays, numbers, booleans and null as JSON text',
    seeds: [{ name: 'c42', value: json({ list: ['x', 'y'], port: 5432, on: true, none: null }) }],
    ids: 'c42',
    parseJson: true,
    exports: { C42_LIST: '["x","y"]', C42_PORT: '5432', C42_ON: 'true', C42_NONE: 'null' },
  },
  {
    title: 'an empty object gives nothing',
    seeds: [{ name: 'c43', value: '{}' }],
    ids: 'c43',
    parseJson: true,
    exports: {},
  },
  {
    title: 'a JSON array is not split',
    seeds: [{ name: 'c44', value: '["a1","b2"]' }],
    ids: 'c44',
    parseJson: true,
    exports: { C44: '["a1","b2"]' },
  },
  {
    title: 'invalid JSON is kept whole',
    seeds: [{ name: 'c45', value: '{not json' }],
    ids: 'c45',
    parseJson: true,
    exports: { C45: '{not json' },
  },
  {
    title: 'a blank alias on a value that is not JSON',
    seeds: [{ name: 'c46', value: 'plain-c46' }],
    ids: ',c46',
    parseJson: true,
    exports: { C46: 'plain-c46' },
  },
  {
    title: 'a blank alias with nested keys',
    seeds: [{ name: 'c47', value: json({ outer: { inner: 'inner-c47' } }) }],
    ids: ',c47',
    parseJson: true,
    exports: { OUTER_INNER: 'inner-c47' },
  },
  {
    title: 'spaces around the alias and the id',
    seeds: [{ name: 'c48', value: 'value-c48' }],
    ids: '  C48_ALIAS ,  c48  ',
    exports: { C48_ALIAS: 'value-c48' },
  },
  {
    title: 'every character a name may hold',
    seeds: [{ name: 'my-app.db@prod+x=1', value: 'value-c49' }],
    ids: 'my-app.db@prod+x=1',
    exports: { MY_APP_DB_PROD_X_1: 'value-c49' },
  },
  {
    title: 'an ARN with parse-json-secrets',
    seeds: [{ name: 'c50/arn', value: json({ user: 'arn-user-c50' }) }],
    ids: '{arn:c50/arn}',
    parseJson: true,
    exports: { C50_ARN_USER: 'arn-user-c50' },
  },
  {
    title: 'a prefix with parse-json-secrets',
    seeds: [
      { name: 'c51pre/a', value: json({ k: 'value-c51a' }) },
      { name: 'c51pre/b', value: json({ k: 'value-c51b' }) },
    ],
    ids: 'c51pre/*',
    parseJson: true,
    exports: { C51PRE_A_K: 'value-c51a', C51PRE_B_K: 'value-c51b' },
  },
  {
    title: 'keys with - and .',
    seeds: [{ name: 'c52', value: json({ 'api-key': 'dash-c52', 'a.b': 'dot-c52' }) }],
    ids: 'c52',
    parseJson: true,
    exports: { C52_API_KEY: 'dash-c52', C52_A_B: 'dot-c52' },
  },
  {
    title: 'a leading digit and JSON',
    seeds: [{ name: '9lives', value: json({ a: 'cat-value' }) }],
    ids: '9lives',
    parseJson: true,
    exports: { _9LIVES_A: 'cat-value' },
  },
  {
    title: 'a leading digit, lowercase',
    seeds: [{ name: '0/Special53', value: 'value-c53' }],
    ids: '0/Special53',
    transformation: 'lowercase',
    exports: { _0_special53: 'value-c53' },
  },
  {
    title: 'a prefix, none',
    seeds: [{ name: 'c54Pre/One', value: 'value-c54' }],
    ids: 'c54Pre/*',
    transformation: 'none',
    exports: { c54Pre_One: 'value-c54' },
  },
  {
    title: 'a value with quotes, spaces and non-ASCII',
    seeds: [{ name: 'c55', value: json({ odd: 'p"q \'r & <s> pässwörd' }) }],
    ids: 'c55',
    parseJson: true,
    exports: { C55_ODD: 'p"q \'r & <s> pässwörd' },
  },
  // The same verdict where it fails.
  {
    title: 'JSON keys that differ only in case collide',
    seeds: [{ name: 'c56', value: json({ Name: 'first-c56', name: 'second-c56' }) }],
    ids: 'c56',
    parseJson: true,
    exports: {},
    fails: true,
  },
  {
    title: 'two secrets that become one name collide',
    seeds: [
      { name: 'MySecret57', value: 'first-c57' },
      { name: 'mysecret57', value: 'second-c57' },
    ],
    ids: 'MySecret57\nmysecret57',
    exports: {},
    fails: true,
  },
  {
    title: 'a variable the job already sets',
    seeds: [{ name: 'c58', value: 'value-c58' }],
    ids: 'c58',
    env: { C58: 'set-by-the-job' },
    exports: {},
    fails: true,
  },
];

/** Seeds each secret once (cases share the file's sandbox), returning its ARN. */
const seeded = new Map<string, string>();
function seed(sb: Sandbox, secret: Seed): string {
  const known = seeded.get(secret.name);
  if (known !== undefined) return known;
  const payload =
    'value' in secret
      ? { secretString: secret.value }
      : { secretBinary: Buffer.from(secret.binary) };
  const { arn } = sb.addSecret({ name: secret.name, ...payload });
  seeded.set(secret.name, arn);
  return arn;
}

/** Every value a case seeded and each JSON leaf of it: none may show anywhere unmasked. */
function specsOf(seeds: readonly Seed[]): SecretSpec[] {
  return seeds.flatMap((secret) => {
    const value = 'value' in secret ? secret.value : new TextDecoder().decode(secret.binary);
    const specs: SecretSpec[] = [{ name: secret.name, value }];
    const visit = (node: unknown, path: string): void => {
      if (typeof node === 'string') {
        try {
          visit(JSON.parse(node), path);
        } catch {
          if (node.length >= 4) specs.push({ name: path, value: node });
        }
        return;
      }
      if (typeof node === 'object' && node !== null && !Array.isArray(node))
        for (const [key, child] of Object.entries(node)) visit(child, `${path}.${key}`);
    };
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'object' && parsed !== null) visit(parsed, secret.name);
    } catch {
      // not JSON: the whole value is its only part
    }
    return specs;
  });
}

describe('a drop-in for aws-secretsmanager-get-secrets v3', () => {
  it('covers at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.title)).size).toBe(CASES.length);
  });

  it.concurrent.each(CASES.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    const sb = sandbox.current;
    const arns = new Map(c.seeds.map((secret) => [secret.name, seed(sb, secret)]));
    const ids = c.ids.replace(/\{arn:([^}]+)\}/g, (_, name: string) => arns.get(name) ?? name);
    const names = Object.keys(c.exports);
    const run = await runPhase(sb, {
      inputs: {
        'secret-ids': ids,
        'export-env': 'true',
        ...(c.parseJson === true ? { 'parse-json-secrets': 'true' } : {}),
        ...(c.transformation === undefined ? {} : { 'name-transformation': c.transformation }),
      },
      ...(c.env === undefined ? {} : { env: c.env }),
      secrets: specsOf(c.seeds),
      valueEnv: names,
      timeoutMs: 60_000,
    });

    expect(run.exitCode, run.annotations.map((a) => a.message).join('\n')).toBe(
      c.fails === true ? 1 : 0,
    );
    expect(run.exportedEnv).toEqual(c.exports);
    const long = Object.values(c.exports).filter((value) => value.length >= 4);
    expectMasked(run, long);
    if (names.length === 0) return;

    // A later step printing every variable, one a line, sees *** for each value of 4 characters or
    // more (the names are not printed: a masked value may be part of a name).
    const later = await runAction({
      actionPath: SCRIPT,
      inputs: script(names.map((name) => out(`{{env:${name}}}\n`))),
      continueFrom: run,
      stepHeader: false,
      timeoutMs: 60_000,
    });
    expect(later.maskedLog.split('\n')).toEqual(
      names.map((name) => {
        const value = c.exports[name] ?? '';
        return value.length >= 4 ? '***' : value;
      }),
    );
  });
});
