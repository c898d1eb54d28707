import { describe, expect, it } from 'vitest';
import { evaluateStatusCondition, evaluateTemplate } from '../../sandbox/runner/expressions.js';
import type { StepOutcome } from '../../sandbox/runner/types.js';

const contexts = { github: { sha: 'abc123', repository: 'o/r' }, runner: { os: 'Linux' } };

describe('evaluateTemplate', () => {
  it('replaces context lookups, several in one string, and leaves plain text alone', () => {
    expect(evaluateTemplate('${{ github.sha }}', contexts, 'x')).toBe('abc123');
    expect(evaluateTemplate('${{github.repository}}@${{ github.sha }}', contexts, 'x')).toBe(
      'o/r@abc123',
    );
    expect(evaluateTemplate('plain $ {{ not }}', contexts, 'x')).toBe('plain $ {{ not }}');
  });

  it('refuses anything else, naming where it was and what is supported', () => {
    expect(() => evaluateTemplate('${{ secrets.TOKEN }}', contexts, 'the default of "t"')).toThrow(
      /the default of "t": the expression \$\{\{ secrets\.TOKEN \}\} is not supported.*github\.sha/,
    );
    expect(() => evaluateTemplate('${{ github.nope }}', contexts, 'x')).toThrow(/not supported/);
    expect(() => evaluateTemplate("${{ format('{0}', github.sha) }}", contexts, 'x')).toThrow(
      /not supported/,
    );
  });
});

describe('evaluateStatusCondition', () => {
  const table: [string, Record<StepOutcome, boolean>][] = [
    ['always()', { success: true, failure: true, cancelled: true }],
    ['success()', { success: true, failure: false, cancelled: false }],
    ['failure()', { success: false, failure: true, cancelled: false }],
    ['cancelled()', { success: false, failure: false, cancelled: true }],
    ['${{ cancelled() }}', { success: false, failure: false, cancelled: true }],
    ['!cancelled()', { success: true, failure: true, cancelled: false }],
    ['failure() || cancelled()', { success: false, failure: true, cancelled: true }],
    ['always() && !(success())', { success: false, failure: true, cancelled: true }],
  ];
  for (const [condition, expected] of table) {
    it(`evaluates ${condition}`, () => {
      for (const status of ['success', 'failure', 'cancelled'] as const) {
        expect(evaluateStatusCondition(condition, status)).toBe(expected[status]);
      }
    });
  }

  it('refuses what it cannot evaluate', () => {
    expect(() => evaluateStatusCondition("runner.os == 'Linux'", 'success')).toThrow(
      /post-if: .* is not supported/,
    );
    expect(() => evaluateStatusCondition('always() && hashFiles()', 'success')).toThrow(
      /not supported/,
    );
    expect(() => evaluateStatusCondition('always(', 'success')).toThrow(/not supported/);
  });
});
