import { describe, expect, it } from 'vitest';
import { LineSplitter, splitLines } from '../../sandbox/runner/lines.js';

describe('LineSplitter', () => {
  it('ends lines at \\n, \\r\\n and a lone \\r, and keeps a last unterminated line', () => {
    expect(splitLines('a\nb\r\nc\rd')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitLines('a\n\nb\n')).toEqual(['a', '', 'b']);
  });

  it('joins \\r and \\n split across chunks, and UTF-8 split across chunks', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const bytes = Buffer.from('one\r\ntwé\r', 'utf8');
    let text = '';
    for (const byte of bytes) text += splitter.write(Buffer.from([byte]));
    text += splitter.write(Buffer.from('\nthree'));
    text += splitter.end();
    expect(lines).toEqual(['one', 'twé', 'three']);
    expect(text).toBe('one\r\ntwé\r\nthree');
  });
});
