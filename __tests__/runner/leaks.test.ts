// scanForLeaks against runs that leak on purpose, in every place and encoding, and one that does not.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LeakError,
  assertNoLeaks,
  leakNeedles,
  runAction,
  scanForLeaks,
  type ActionRun,
  type Leak,
} from '../../sandbox/runner/index.js';
import { SCRIPT_ALWAYS, core, out, script } from './fixtures.js';

const secrets = {
  raw: 'alpha-SECRET-0001',
  json: 'bravo "quoted" secret',
  url: 'charlie/secret?&=value',
  base64: 'delta-secret-0004',
  multiLine: 'echo-line-one\necho-line-two',
  summary: 'foxtrot-in-summary',
  env: 'golf-in-env',
  output: 'hotel-in-output',
  title: 'india-in-title',
  post: 'juliet-in-post',
  // Registered, but written base64-encoded with more bytes after it: its length leaves the
  // runner's padded encoding unmatched, so the masker misses it.
  unpadded: 'kilo-masked-but-not-enough',
};
const named = Object.entries(secrets).map(([name, value]) => ({ name, value }));

/** Leaks as `name: place encoding`, easy to compare. */
const summarise = (leaks: readonly Leak[]) =>
  leaks.map((leak) => {
    const { place } = leak;
    const where =
      place.kind === 'log' || place.kind === 'summary'
        ? `${place.stage} ${place.kind}`
        : place.kind === 'annotation'
          ? `${place.stage} annotation ${place.property}`
          : `${place.stage} ${place.kind} ${place.name}`;
    const part = leak.part.kind === 'line' ? ` line ${leak.part.line}` : '';
    return `${leak.secret}${part}: ${where} ${leak.encoding}`;
  });

describe('scanForLeaks on a run that leaks everywhere', () => {
  let run: ActionRun;
  beforeAll(async () => {
    run = await runAction({
      actionPath: SCRIPT_ALWAYS,
      // The header would list the script, and so every secret in it.
      stepHeader: false,
      inputs: script(
        [
          out(`raw: ${secrets.raw}\n`),
          out(`json: ${JSON.stringify({ value: secrets.json })}\n`),
          out(`url: https://example.test/?q=${encodeURIComponent(secrets.url)}\n`),
          { do: 'base64', prefix: '', value: secrets.base64 },
          { do: 'base64', prefix: 'x', value: secrets.base64 },
          { do: 'base64', prefix: 'xy', value: `${secrets.base64}-and-more` },
          out('second line alone: echo-line-two\n'),
          { do: 'summary', text: `| secret | ${secrets.summary} |\n` },
          core('exportVariable', 'LEAKY_ENV', secrets.env),
          core('setOutput', 'leaky', `value=${secrets.output}`),
          core('setOutput', 'expected-secret', secrets.output),
          core('setSecret', secrets.title),
          core('warning', `about ${secrets.title}`, { title: `title ${secrets.title}` }),
          core('setSecret', secrets.unpadded),
          { do: 'base64', prefix: '', value: `${secrets.unpadded}, then more bytes` },
        ],
        [out(`post: ${secrets.post}\n`)],
      ),
    });
  });

  it('finds each secret where it shows, in the form it shows in', () => {
    const found = summarise(scanForLeaks(run, named, { allowOutputs: ['expected-secret'] }));
    expect(found.sort()).toEqual(
      [
        'raw: main log raw',
        'json: main log json',
        'url: main log url',
        'base64: main log base64',
        'base64: main log base64+2',
        'base64: main log base64+1',
        'multiLine line 2: main log raw',
        'summary: main summary raw',
        'env: main env LEAKY_ENV raw',
        'output: main output leaky raw',
        'title: main annotation title raw',
        'post: post log raw',
        'unpadded: main log base64',
      ].sort(),
    );
  });

  it('flags an output meant to hold a secret unless it is excluded', () => {
    const found = summarise(scanForLeaks(run, named));
    expect(found).toContain('output: main output expected-secret raw');
  });

  it('excludes exported variables meant to hold a secret', () => {
    const found = summarise(scanForLeaks(run, named, { allowEnv: ['LEAKY_ENV'] }));
    expect(found.filter((leak) => leak.startsWith('env:'))).toEqual([]);
  });

  it('says where each leak is without repeating the secret', () => {
    const leaks = scanForLeaks(run, [secrets.raw]);
    expect(leaks).toEqual([
      {
        secret: 'secret #1',
        part: { kind: 'whole' },
        encoding: 'raw',
        place: { kind: 'log', stage: 'main', line: expect.any(Number) as number },
        excerpt: expect.stringContaining('raw: [LEAK]') as string,
      },
    ]);
    const line = leaks[0]?.place.kind === 'log' ? leaks[0].place.line : 0;
    expect(run.maskedLog.split('\n')[line - 1]).toBe(`raw: ${secrets.raw}`);
    let error: unknown;
    try {
      assertNoLeaks(run, named, { allowOutputs: ['expected-secret'] });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(LeakError);
    const message = (error as LeakError).message;
    expect(message).toMatch(
      /^13 secret leaks:\n {2}- raw is visible in the main step's log, line \d+: /,
    );
    for (const value of Object.values(secrets)) expect(message).not.toContain(value);
  });
});

describe('scanForLeaks on a run that masks properly', () => {
  it('finds nothing when every form the action writes is masked', async () => {
    const secret = 'properly-masked-secret';
    const pem = 'line-one-of-key\nline-two-of-key';
    const run = await runAction({
      actionPath: SCRIPT_ALWAYS,
      stepHeader: false,
      inputs: script(
        [
          core('setSecret', secret),
          core('setSecret', pem),
          out(`${secret} ${JSON.stringify(secret)} ${encodeURIComponent(secret)}\n`),
          { do: 'base64', prefix: 'user:', value: secret },
          out('line-two-of-key\n'),
          { do: 'summary', text: `secret: ${secret}\n` },
          core('setOutput', 'value', secret),
        ],
        [out(`post: ${secret}\n`)],
      ),
    });
    expect(run.post.ran).toBe(true);
    expect(scanForLeaks(run, [secret, pem], { allowOutputs: ['value'] })).toEqual([]);
    expect(() => {
      assertNoLeaks(run, [secret, pem], { allowOutputs: ['value'] });
    }).not.toThrow();
  });
});

describe("scanForLeaks with JavaScript's own encodings", () => {
  // Registered as secrets, so the runner masks them and its encodings; but JavaScript escapes a few
  // characters differently, and those forms pass the runner's masker untouched.
  const js = {
    url: 'p@ss!word(1)*',
    json: 'line\u2028separated\\backslash',
    form: 'with space&more',
    base64url: 'secret>>>???>>>',
  };

  it('finds them, and the runner leaves them unmasked', async () => {
    const run = await runAction({
      actionPath: SCRIPT_ALWAYS,
      stepHeader: false,
      inputs: script([
        ...Object.values(js).map((value) => core('setSecret', value)),
        out(`url: https://example.test/?q=${encodeURIComponent(js.url)}\n`),
        out(`json: ${JSON.stringify({ value: js.json })}\n`),
        out(`form: ${new URLSearchParams({ q: js.form }).toString()}\n`),
        out(`token: ${Buffer.from(js.base64url).toString('base64url')}\n`),
      ]),
    });
    const found = summarise(
      scanForLeaks(
        run,
        Object.entries(js).map(([name, value]) => ({ name, value })),
      ),
    );
    expect(found.sort()).toEqual(
      [
        'url: main log url',
        'json: main log json',
        'form: main log url',
        'base64url: main log base64',
      ].sort(),
    );
  });

  it('adds a form only where JavaScript differs from the runner', () => {
    const texts = (value: string, encoding: string) =>
      leakNeedles([value])
        .filter((needle) => needle.encoding === encoding)
        .map((needle) => needle.text);
    expect(texts(js.url, 'url')).toEqual([
      'p%40ss%21word%281%29%2A',
      'p%40ss!word(1)*',
      'p%40ss%21word%281%29*',
    ]);
    expect(texts(js.form, 'url')).toEqual(['with%20space%26more', 'with+space%26more']);
    expect(texts(js.json, 'json')).toEqual([
      'line\\u2028separated\\\\backslash',
      'line\u2028separated\\\\backslash',
    ]);
    expect(texts('plain-value', 'url')).toEqual([]);
    expect(leakNeedles(['abcdefgh']).map((needle) => needle.text)).toHaveLength(4);
  });
});

describe('leakNeedles', () => {
  it('looks for base64 fragments only as far as the secret alone decides them', () => {
    const forms = leakNeedles(['abcdefgh']).map((needle) => [needle.encoding, needle.text]);
    expect(forms).toEqual([
      ['raw', 'abcdefgh'],
      ['base64', 'YWJjZGVmZ2'],
      ['base64+1', 'YmNkZWZna'],
      ['base64+2', 'Y2RlZmdo'],
    ]);
  });

  it('skips short lines of a multi-line secret, never the whole value', () => {
    const needles = leakNeedles(['{\n  "k": "long-enough-value"\n}']);
    expect(
      needles.filter((needle) => needle.encoding === 'raw').map((needle) => needle.text),
    ).toEqual(['{\n  "k": "long-enough-value"\n}', '"k": "long-enough-value"']);
    expect(leakNeedles(['ab']).map((needle) => needle.text)).toEqual(['ab']);
  });
});
