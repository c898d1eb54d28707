import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { MAX_PROBLEMS_SHOWN, describeFailure } from '../src/failure.js';

describe('describeFailure with input errors', () => {
  it('gives one message per input, naming it once', () => {
    const error = new InputError([
      { input: 'wait', message: '"maybe" is not a boolean; use true or false.' },
      { input: 'instance-ids', message: '"x" is not an instance id.' },
      { input: 'instance-ids', message: '"y" is not an instance id.' },
      { input: undefined, message: 'Nothing to do.' },
    ]);
    expect(describeFailure(error, false).messages).toEqual([
      'Input "wait": "maybe" is not a boolean; use true or false.',
      'Input "instance-ids": "x" is not an instance id.\n"y" is not an instance id.',
      'Nothing to do.',
    ]);
  });

  it('shows the first problems of an input and counts the rest', () => {
    const count = MAX_PROBLEMS_SHOWN + 40_000;
    const error = new InputError(
      Array.from({ length: count }, (_, i) => ({
        input: 'instance-ids' as const,
        message: `"x${i}" is not an instance id.`,
      })),
    );
    const [message, ...others] = describeFailure(error, false).messages;
    expect(others).toEqual([]);
    const lines = message?.split('\n') ?? [];
    expect(lines).toHaveLength(MAX_PROBLEMS_SHOWN + 1);
    expect(lines[0]).toBe('Input "instance-ids": "x0" is not an instance id.');
    expect(lines[MAX_PROBLEMS_SHOWN - 1]).toBe(
      `"x${MAX_PROBLEMS_SHOWN - 1}" is not an instance id.`,
    );
    expect(lines.at(-1)).toBe('… and 40000 more problems with this input.');
  });

  it('shows exactly the limit without a count', () => {
    const error = new InputError(
      Array.from({ length: MAX_PROBLEMS_SHOWN }, (_, i) => ({
        input: 'env' as const,
        message: `line ${i + 1}: bad.`,
      })),
    );
    const [message] = describeFailure(error, false).messages;
    expect(message?.split('\n')).toHaveLength(MAX_PROBLEMS_SHOWN);
    expect(message).not.toContain('more problems');
  });
});
