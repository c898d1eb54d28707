// Parameter Store end to end: the built action, run as the runner runs it, against the sandbox.
// SecureString values are secrets (masked, scanned for in every run); String and StringList
// values are configuration and stay readable.

import { describe, expect, it } from 'vitest';
import { assertNoLeaks, runAction, type SecretSpec } from '../../sandbox/runner/index.js';
import { SCRIPT, out, script } from '../runner/fixtures.js';
import {
  annotation,
  callsOf,
  countByOperation,
  expectMasked,
  fileSandbox,
  groupLines,
  phaseSummary,
  runPhase,
} from './helpers.js';

const sandbox = fileSandbox();
const GROUP = 'Secrets, parameters and versioned buckets';

const FAR = 'arn:aws:ssm:eu-west-1:123456789012:parameter/byname/release:1';

describe.concurrent('parameters', () => {
  it('by name, by alias and with :version and :label selectors, 10 names to a GetParameters call; only SecureString values masked', async () => {
    const sb = sandbox.current;
    sb.putParameter({ name: '/byname/url', value: 'https://byname.example.test' });
    sb.putParameter({
      name: '/byname/hosts',
      value: 'a.example.test,b.example.test',
      type: 'StringList',
    });
    sb.putParameter({ name: '/byname/token', value: 'byname-token-secret', type: 'SecureString' });
    sb.putParameter({
      name: '/byname/key',
      value: 'byname-key-line-one\nbyname-key-line-two',
      type: 'SecureString',
    });
    sb.putParameter({ name: '/byname/release', value: 'release-one', labels: ['stable'] });
    sb.putParameter({ name: '/byname/release', value: 'release-two' });
    sb.putParameter({ name: '/byname/release', value: 'release-three' });
    sb.putParameter({ name: 'byname-flat', value: 'flat-value' });
    for (let i = 0; i < 5; i++) sb.putParameter({ name: `/byname/n${i}`, value: `number-${i}` });
    const secrets: SecretSpec[] = [
      { name: '/byname/token', value: 'byname-token-secret' },
      { name: '/byname/key', value: 'byname-key-line-one\nbyname-key-line-two' },
    ];
    const lines = [
      '/byname/url',
      'HOSTS,/byname/hosts',
      '/byname/token',
      'KEY,/byname/key',
      'SECOND,/byname/release:2',
      'STABLE,/byname/release:stable',
      '/byname/release',
      'byname-flat',
      ...[0, 1, 2, 3, 4].map((i) => `/byname/n${i}`),
      // Read in the ARN's own region.
      `FAR,${FAR}`,
    ];

    const run = await runPhase(sb, { inputs: { parameters: lines.join('\n') }, secrets });

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    const numbers = Object.fromEntries([0, 1, 2, 3, 4].map((i) => [`BYNAME_N${i}`, `number-${i}`]));
    expect(run.outputs).toEqual({
      BYNAME_URL: 'https://byname.example.test',
      HOSTS: 'a.example.test,b.example.test',
      BYNAME_TOKEN: 'byname-token-secret',
      KEY: 'byname-key-line-one\nbyname-key-line-two',
      SECOND: 'release-two',
      STABLE: 'release-one',
      BYNAME_RELEASE: 'release-three',
      BYNAME_FLAT: 'flat-value',
      ...numbers,
      FAR: 'release-one',
      'secrets-manifest': JSON.stringify({
        parameters: [
          { alias: 'BYNAME_URL', name: '/byname/url', version: 1 },
          { alias: 'HOSTS', name: '/byname/hosts', version: 1 },
          { alias: 'BYNAME_TOKEN', name: '/byname/token', version: 1 },
          { alias: 'KEY', name: '/byname/key', version: 1 },
          { alias: 'SECOND', name: '/byname/release', version: 2 },
          { alias: 'STABLE', name: '/byname/release', version: 1 },
          { alias: 'BYNAME_RELEASE', name: '/byname/release', version: 3 },
          { alias: 'BYNAME_FLAT', name: 'byname-flat', version: 1 },
          ...[0, 1, 2, 3, 4].map((i) => ({
            alias: `BYNAME_N${i}`,
            name: `/byname/n${i}`,
            version: 1,
          })),
          { alias: 'FAR', name: '/byname/release', version: 1 },
        ],
      }),
    });
    // SecureString values (each line of a multi-line one too) are masked; the others are not.
    expectMasked(run, [
      'byname-token-secret',
      'byname-key-line-one\nbyname-key-line-two',
      'byname-key-line-one',
      'byname-key-line-two',
    ]);
    for (const plain of ['https://byname.example.test', 'release-two', 'flat-value', 'number-0'])
      expect(run.masks).not.toContain(plain);
    expect(groupLines(run, GROUP)).toEqual(
      [
        '/byname/url → BYNAME_URL',
        '/byname/hosts → HOSTS',
        '/byname/token → BYNAME_TOKEN',
        '/byname/key → KEY',
        '/byname/release:2 → SECOND',
        '/byname/release:stable → STABLE',
        '/byname/release → BYNAME_RELEASE',
        'byname-flat → BYNAME_FLAT',
        ...[0, 1, 2, 3, 4].map((i) => `/byname/n${i} → BYNAME_N${i}`),
        `${FAR} → FAR`,
      ]
        .map((line, i) => `parameters line ${i + 1}: ${line}`)
        .concat('Read 14 parameter(s) with 3 GetParameters and 0 GetParametersByPath call(s).'),
    );
    expect(run.maskedSummary).toBe(
      phaseSummary({
        outputs: [
          ['BYNAME_URL', 'parameter /byname/url', 'no'],
          ['HOSTS', 'parameter /byname/hosts', 'no'],
          ['BYNAME_TOKEN', 'parameter /byname/token', 'yes'],
          ['KEY', 'parameter /byname/key', 'yes'],
          ['SECOND', 'parameter /byname/release:2', 'no'],
          ['STABLE', 'parameter /byname/release:stable', 'no'],
          ['BYNAME_RELEASE', 'parameter /byname/release', 'no'],
          ['BYNAME_FLAT', 'parameter byname-flat', 'no'],
          ...[0, 1, 2, 3, 4].map((i) => [`BYNAME_N${i}`, `parameter /byname/n${i}`, 'no'] as const),
          ['FAR', `parameter ${FAR}`, 'no'],
        ],
      }),
    );
    const calls = callsOf(sb, 'byname');
    expect(countByOperation(calls)).toEqual({ GetParameters: 3 });
    const sizes = calls
      .filter((call) => call.region === 'us-east-1')
      .map((call) => (call.params.Names as readonly string[]).length)
      .sort((a, b) => b - a);
    expect(sizes).toEqual([10, 3]);
    expect(
      calls.filter((call) => call.region === 'eu-west-1').map((call) => call.params.Names),
    ).toEqual([[FAR]]);
    expect(calls.flatMap((call) => call.params.Names as readonly string[]).sort()).toEqual(
      lines.map((line) => line.split(',').at(-1)).sort(),
    );
    expect(calls.every((call) => call.params.WithDecryption === true)).toBe(true);

    // A later step printing both kinds: the String is readable, the SecureString is not.
    const later = await runAction({
      actionPath: SCRIPT,
      inputs: script([
        out(`url=${run.outputs.BYNAME_URL ?? ''}\n`),
        out(`token=${run.outputs.BYNAME_TOKEN ?? ''}\n`),
        out(`${run.outputs.KEY ?? ''}\n`),
      ]),
      continueFrom: run,
      stepHeader: false,
    });
    expect(later.maskedLog.split('\n')).toEqual([
      'url=https://byname.example.test',
      'token=***',
      '***',
      '***',
    ]);
    assertNoLeaks(later, secrets);
  });

  it('by path: recursive, every page read, named by the part below the path', async () => {
    const sb = sandbox.current;
    const below = Array.from({ length: 23 }, (_, i) => ({
      name: `/bypath/app/${i % 3 === 0 ? 'db/' : ''}k${String(i).padStart(2, '0')}`,
      value: `bypath-value-${i}`,
      secure: i % 5 === 0,
    }));
    for (const { name, value, secure } of below)
      sb.putParameter({ name, value, type: secure ? 'SecureString' : 'String' });
    // Starts like the path but is not below it.
    sb.putParameter({ name: '/bypath/apple', value: 'bypath-apple', type: 'SecureString' });
    const secrets: SecretSpec[] = [
      ...below.filter(({ secure }) => secure).map(({ name, value }) => ({ name, value })),
      { name: '/bypath/apple', value: 'bypath-apple' },
    ];

    const run = await runPhase(sb, {
      inputs: { parameters: '/bypath/app/\nCFG,/bypath/app/db/' },
      secrets,
    });

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    const sorted = [...below].sort((a, b) => (a.name < b.name ? -1 : 1));
    const rest = (name: string, path: string): string =>
      name
        .slice(path.length)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '_');
    const inDb = sorted.filter(({ name }) => name.startsWith('/bypath/app/db/'));
    expect(run.outputs).toEqual({
      ...Object.fromEntries(sorted.map(({ name, value }) => [rest(name, '/bypath/app/'), value])),
      ...Object.fromEntries(
        inDb.map(({ name, value }) => [`CFG_${rest(name, '/bypath/app/db/')}`, value]),
      ),
      'secrets-manifest': expect.any(String),
    });
    expect(Object.keys(run.outputs)).toHaveLength(23 + 8 + 1);
    expectMasked(
      run,
      below.filter(({ secure }) => secure).map(({ value }) => value),
    );
    expect(run.masks).not.toContain('bypath-value-1');
    const calls = callsOf(sb, '/bypath');
    expect(calls.map((call) => call.params)).toEqual(
      expect.arrayContaining([
        { Path: '/bypath/app', Recursive: true, WithDecryption: true, MaxResults: 10 },
        { Path: '/bypath/app/db', Recursive: true, WithDecryption: true, MaxResults: 10 },
      ]),
    );
    // 23 below /bypath/app/: pages of 10, 10 and 3; 8 below /bypath/app/db/: one page.
    const pages = calls.filter((call) => call.params.Path === '/bypath/app');
    expect(pages.map((call) => call.params.NextToken ?? false)).toEqual([false, true, true]);
    expect(countByOperation(calls)).toEqual({ GetParametersByPath: 4 });
    expect(groupLines(run, GROUP).at(-1)).toBe(
      'Read 31 parameter(s) with 0 GetParameters and 4 GetParametersByPath call(s).',
    );
  });
});

describe.concurrent('parameters that do not exist', () => {
  const lines = (space: string): string =>
    [
      `/${space}/here`,
      `/${space}/gone`,
      `V7,/${space}/here:7`,
      `OLD,/${space}/here:nolabel`,
      `/${space}/empty/`,
    ].join('\n');
  const missing = (space: string): string[] => [
    `parameters line 2: Parameter Store reports /${space}/gone as not found (InvalidParameters)`,
    `parameters line 3: Parameter Store reports /${space}/here:7 as not found (InvalidParameters)`,
    `parameters line 4: Parameter Store reports /${space}/here:nolabel as not found (InvalidParameters)`,
    `parameters line 5: no parameter was found below /${space}/empty/`,
  ];

  it.each(['fail', 'warn', 'ignore'] as const)(
    'InvalidParameters and an empty path with if-missing: %s',
    async (ifMissing) => {
      const sb = sandbox.current;
      const space = `absent-${ifMissing}`;
      sb.putParameter({ name: `/${space}/here`, value: `${space}-value`, type: 'SecureString' });
      const run = await runPhase(sb, {
        inputs: { parameters: lines(space), 'if-missing': ifMissing },
        secrets: [{ name: `/${space}/here`, value: `${space}-value` }],
      });

      expect(countByOperation(callsOf(sb, `/${space}/`))).toEqual({
        GetParameters: 1,
        GetParametersByPath: 1,
      });
      if (ifMissing === 'fail') {
        expect(run.exitCode).toBe(1);
        expect(run.outputs).toEqual({});
        expect(run.annotations).toEqual(
          missing(space).map((message) =>
            annotation(
              'error',
              `${message}\nCheck the name, the region and any :version or :label selector, or set if-missing: warn (or ignore) to go on without it.`,
            ),
          ),
        );
        return;
      }
      const output = `${space.toUpperCase().replace('-', '_')}_HERE`;
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toEqual({
        [output]: `${space}-value`,
        'secrets-manifest': JSON.stringify({
          parameters: [{ alias: output, name: `/${space}/here`, version: 1 }],
        }),
      });
      expectMasked(run, [`${space}-value`]);
      const read = [
        `parameters line 1: /${space}/here → ${output}`,
        'Read 1 parameter(s) with 1 GetParameters and 1 GetParametersByPath call(s).',
      ];
      if (ifMissing === 'warn') {
        expect(run.annotations).toEqual(
          missing(space).map((message) =>
            annotation('warning', `${message}; its output is not set.`),
          ),
        );
        expect(groupLines(run, GROUP)).toEqual(read);
      } else {
        expect(run.annotations).toEqual([]);
        expect(groupLines(run, GROUP)).toEqual([
          read[0],
          ...missing(space).map((message) => `${message}; skipped (if-missing: ignore).`),
          read[1],
        ]);
      }
    },
  );
});
