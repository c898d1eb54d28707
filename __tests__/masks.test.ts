import { describe, expect, it } from 'vitest';
import { redactor } from '../src/masks.js';
import { tail } from '../src/deploy/result.js';
import { maskedText } from '../src/report/before-deploy.js';

describe('redactor', () => {
  const redact = redactor(['s3cr3t-value', 'line-one', '']);

  it('replaces every whole value, longest first', () => {
    expect(redact('a s3cr3t-value b s3cr3t-value line-one', false)).toBe('a *** b *** ***');
  });

  it('replaces the start of a secret left at the end of text that was cut', () => {
    expect(redact('output ends s3cr3t-v', true)).toBe('output ends ***');
    // Not cut: an ending that merely looks like a start is kept.
    expect(redact('output ends s3cr3t-v', false)).toBe('output ends s3cr3t-v');
  });

  it('replaces the start of a secret left before each of the agent cut markers', () => {
    expect(
      redact(
        'out s3cr\n---Output truncated---\n----------ERROR-------\nerr line-o\n---Error truncated----',
        false,
      ),
    ).toBe(
      'out ***\n---Output truncated---\n----------ERROR-------\nerr ***\n---Error truncated----',
    );
  });

  it('leaves text alone when there is nothing to redact', () => {
    expect(redactor([])('s3cr3t-v', true)).toBe('s3cr3t-v');
  });
});

describe('tail', () => {
  it('starts at a line boundary when the last lines are too long together', () => {
    const text = `${'a'.repeat(600)}\n${'b'.repeat(600)}\n${'c'.repeat(300)}\n`;
    expect(tail(text, 'nonce', 20, 1000)).toBe(`${'b'.repeat(600)}\n${'c'.repeat(300)}`);
  });

  it('cuts only a last line that is longer than the whole tail', () => {
    const result = tail(`x\n${'d'.repeat(1500)}`, 'nonce', 20, 1000);
    expect(result).toBe(`…${'d'.repeat(999)}`);
  });
});

describe('the Masked column of the job summary', () => {
  it('says yes only for a value that was registered whole', () => {
    expect(maskedText({ value: 'hunter22', secret: true }, ['hunter22'])).toBe('yes');
    expect(maskedText({ value: 'plain', secret: false }, [])).toBe('no');
    // A JSON leaf too short to be masked on its own.
    expect(maskedText({ value: '42', secret: true }, ['{"pin":"42"}'])).toBe(
      'no: shorter than 4 characters, too short to mask alone',
    );
    // A literal leaf of four characters or more is masked like any other.
    expect(maskedText({ value: 'true', secret: true }, ['true'])).toBe('yes');
    // A multi-line value with a short line is masked line by line only.
    expect(maskedText({ value: 'long line\nab', secret: true }, ['long line'])).toBe(
      'each line of 4 characters or more; shorter lines are not masked',
    );
  });
});
