import { describe, expect, it } from 'vitest';
import {
  maskSummary,
  parseKeyValueFile,
  parsePathFile,
} from '../../sandbox/runner/file-commands.js';

describe('parseKeyValueFile (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE)', () => {
  it('reads name=value lines, splitting at the first =', () => {
    expect(parseKeyValueFile('a=1\nb=x=y\n\nc=\n')).toEqual({
      pairs: [
        ['a', '1'],
        ['b', 'x=y'],
        ['c', ''],
      ],
      error: undefined,
    });
  });

  it('reads heredoc values with their inner newlines, and an empty one', () => {
    const text = 'multi<<EOF\nline 1\n\nline 3\nEOF\nempty<<END\nEND\nlast=1';
    expect(parseKeyValueFile(text).pairs).toEqual([
      ['multi', 'line 1\n\nline 3'],
      ['empty', ''],
      ['last', '1'],
    ]);
  });

  it('takes whichever of = and << comes first', () => {
    expect(parseKeyValueFile('a=b<<c\n').pairs).toEqual([['a', 'b<<c']]);
    expect(parseKeyValueFile('a<<=\nvalue\n=\n').pairs).toEqual([['a', 'value']]);
  });

  it('keeps a carriage return in the value, as the runner does on Linux', () => {
    // The delimiter is `X\r` then, and the line `X\r` ends the value.
    expect(parseKeyValueFile('a=1\r\nh<<X\r\nv\r\nX\r\n').pairs).toEqual([
      ['a', '1\r'],
      ['h', 'v\r'],
    ]);
    expect(parseKeyValueFile('h<<X\nv\r\nX\n').pairs).toEqual([['h', 'v\r']]);
  });

  it('accepts a delimiter on the last line without a newline', () => {
    expect(parseKeyValueFile('h<<X\nv\nX').pairs).toEqual([['h', 'v']]);
  });

  it('stops at a bad line with the runner message, keeping the pairs before it', () => {
    expect(parseKeyValueFile('a=1\njust text\nb=2\n')).toEqual({
      pairs: [['a', '1']],
      error: "Invalid format 'just text'",
    });
    expect(parseKeyValueFile('h<<X\nv\n').error).toBe(
      "Invalid value. Matching delimiter not found 'X'",
    );
    expect(parseKeyValueFile('h<<X\nv').error).toBe('Invalid value. EOF marker missing new line.');
    expect(parseKeyValueFile('<<X\n').error).toMatch(/Name must not be empty/);
    expect(parseKeyValueFile('h<<\n').error).toMatch(/delimiter must not be empty/);
  });
});

describe('parsePathFile (GITHUB_PATH)', () => {
  it('takes one directory a line, skipping empty lines', () => {
    expect(parsePathFile('/opt/a\n\n/opt/b\r\n/opt/c')).toEqual(['/opt/a', '/opt/b', '/opt/c']);
  });
});

describe('maskSummary', () => {
  it('masks each line and ends each with a newline', () => {
    expect(maskSummary('# t\nkey: s3\r\nend', (line) => line.replace('s3', '***'))).toBe(
      '# t\nkey: ***\nend\n',
    );
  });
});
