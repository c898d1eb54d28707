// JSON secrets split into outputs, end to end: every leaf keeps the text it had in the secret (and
// exactly that text is masked), and a hostile shape (nesting thousands deep, keys that make a name
// of thousands of characters) fails the step with a message naming the secret, never a value and
// never a stack trace.

import { describe, expect, it } from 'vitest';
import { runAction } from '../../sandbox/runner/index.js';
import { SCRIPT, out, script } from '../runner/fixtures.js';
import { annotation, expectMasked, fileSandbox, runPhase } from './helpers.js';

const sandbox = fileSandbox();

describe.concurrent('JSON leaves', () => {
  it('a number no double holds keeps its digits, and those digits are masked in a later step', async () => {
    const sb = sandbox.current;
    const value = '{"pan": 4111111111111111111, "limits": [9007199254740993, 2.50], "cvv": "7319"}';
    sb.addSecret({ name: 'json1/card', secretString: value });
    const secrets = [
      { name: 'json1/card', value },
      { name: 'json1/card.pan', value: '4111111111111111111' },
      { name: 'json1/card.limits', value: '[9007199254740993,2.5]' },
      { name: 'json1/card.cvv', value: '7319' },
    ];

    const run = await runPhase(sb, {
      inputs: {
        'secret-ids': 'CARD,json1/card',
        'parse-json-secrets': 'true',
        'export-env': 'true',
      },
      secrets,
      valueEnv: ['CARD', 'CARD_PAN', 'CARD_LIMITS', 'CARD_CVV'],
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.CARD_PAN).toBe('4111111111111111111');
    expect(run.outputs.CARD_LIMITS).toBe('[9007199254740993,2.5]');
    expect(run.exportedEnv.CARD_PAN).toBe('4111111111111111111');
    expectMasked(run, ['4111111111111111111', '[9007199254740993,2.5]', '7319']);

    const later = await runAction({
      actionPath: SCRIPT,
      inputs: script([out('pan={{env:CARD_PAN}} limits={{env:CARD_LIMITS}}\n')]),
      continueFrom: run,
      stepHeader: false,
    });
    expect(later.maskedLog).toBe('pan=*** limits=***');
  });

  it('nesting 2,500 levels deep: a clear error naming the secret, no stack overflow, nothing set', async () => {
    const sb = sandbox.current;
    const depth = 2_500;
    const value = '{"k":'.repeat(depth) + '"deep-secret-leaf"' + '}'.repeat(depth);
    sb.addSecret({ name: 'json2/deep', secretString: value });

    const run = await runPhase(sb, {
      inputs: { 'secret-ids': 'json2/deep', 'parse-json-secrets': 'true' },
      secrets: [{ name: 'json2/deep', value }],
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toEqual({ 'secrets-manifest': '{"secrets":[]}' });
    expect(run.annotations).toEqual([
      annotation(
        'error',
        'secret-ids line 1: the JSON of secret json2/deep nests more than 100 levels deep, so it is not split into outputs.\nRead it without parse-json-secrets, or flatten the value.',
      ),
    ]);
    expect(run.jobLog).not.toMatch(/Maximum call stack/);
  });

  it('keys that make an output name longer than 1,024 characters: refused, naming the secret', async () => {
    const sb = sandbox.current;
    const key = 'k'.repeat(300);
    const value = JSON.stringify({ [key]: { [key]: { [key]: { [key]: 'long-name-leaf' } } } });
    sb.addSecret({ name: 'json3/long', secretString: value });

    const run = await runPhase(sb, {
      inputs: { 'secret-ids': 'J,json3/long', 'parse-json-secrets': 'true' },
      secrets: [
        { name: 'json3/long', value },
        { name: 'json3/long.leaf', value: 'long-name-leaf' },
      ],
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toEqual({ 'secrets-manifest': '{"secrets":[]}' });
    expect(run.annotations).toEqual([
      annotation(
        'error',
        'secret-ids line 1: a JSON key of secret json3/long, 4 level(s) deep, gives an output name of 1205 characters; at most 1024 are allowed.\nRead it without parse-json-secrets, or use shorter keys.',
      ),
    ]);
  });
});
