import { describe, expect, it } from 'vitest';
import { jsonObjectLeaves, nestingDepth, sameNumber } from '../src/json-leaves.js';

const leaves = (text: string) => {
  const read = jsonObjectLeaves(text);
  if (read.kind !== 'object') throw new Error(`not an object: ${read.kind}`);
  return read.leaves.map((leaf) => [leaf.path.join('.'), leaf.text]);
};

describe('jsonObjectLeaves', () => {
  it('keeps the digits of a number no double holds, at any depth and inside arrays', () => {
    expect(
      leaves(
        '{"pan": 4111111111111111111, "a": {"b": -12345678901234567890.123}, "list": [4111111111111111111, 1.50, "x"], "inf": 1e999}',
      ),
    ).toEqual([
      ['pan', '4111111111111111111'],
      ['a.b', '-12345678901234567890.123'],
      ['list', '[4111111111111111111,1.5,"x"]'],
      ['inf', '1e999'],
    ]);
  });

  it('prints a number a double holds exactly as JSON.stringify does', () => {
    expect(
      leaves('{"a": 1.50, "b": 1e3, "c": -0, "d": 5432, "e": 0.1, "f": 9007199254740993}'),
    ).toEqual([
      ['a', '1.5'],
      ['b', '1000'],
      ['c', '0'],
      ['d', '5432'],
      ['e', '0.1'],
      // 2^53 + 1 is not a double: kept as written.
      ['f', '9007199254740993'],
    ]);
  });

  it('strings, literals and objects', () => {
    const read = jsonObjectLeaves('{"s": "text", "t": true, "n": null, "o": {"p": "q"}}');
    expect(read).toEqual({
      kind: 'object',
      leaves: [
        { path: ['s'], text: 'text', literal: false },
        { path: ['t'], text: 'true', literal: true },
        { path: ['n'], text: 'null', literal: true },
        { path: ['o', 'p'], text: 'q', literal: false },
      ],
    });
  });

  it('is not an object: invalid JSON, arrays, strings, numbers', () => {
    for (const text of ['', '{', '[1]', '"s"', '12', 'null', '{"a":}'])
      expect(jsonObjectLeaves(text)).toEqual({ kind: 'not-object' });
  });

  it('refuses nesting deeper than the bound before parsing, even 100,000 levels', () => {
    const deep = (n: number) => '{"k":'.repeat(n) + '1' + '}'.repeat(n);
    expect(jsonObjectLeaves(deep(100)).kind).toBe('object');
    expect(jsonObjectLeaves(deep(101))).toEqual({ kind: 'too-deep', depth: 101 });
    expect(jsonObjectLeaves(deep(2_000)).kind).toBe('too-deep');
    expect(jsonObjectLeaves(deep(100_000)).kind).toBe('too-deep');
    expect(jsonObjectLeaves('{"a":' + '['.repeat(5_000) + ']'.repeat(5_000) + '}').kind).toBe(
      'too-deep',
    );
  });

  it('nestingDepth does not count brackets inside strings, escaped quotes included', () => {
    expect(nestingDepth('{"a": "[[[{{{\\"[[["}')).toBe(1);
    expect(nestingDepth('{"a": [{"b": []}]}')).toBe(4);
    expect(nestingDepth('"[[["')).toBe(0);
  });

  it('sameNumber compares the number, not its spelling', () => {
    expect(sameNumber('1.50', 1.5)).toBe(true);
    expect(sameNumber('15e-1', 1.5)).toBe(true);
    expect(sameNumber('4111111111111111111', Number('4111111111111111111'))).toBe(false);
    expect(sameNumber('1e400', Number.POSITIVE_INFINITY)).toBe(false);
    expect(sameNumber('0.000', 0)).toBe(true);
  });
});
