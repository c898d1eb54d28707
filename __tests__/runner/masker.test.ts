import { describe, expect, it } from 'vitest';
import {
  base64Shifted,
  jsonStringEscape,
  powerShellPostAmpersandEscape,
  powerShellPreAmpersandEscape,
  trimDoubleQuotes,
  uriDataEscape,
  xmlDataEscape,
} from '../../sandbox/runner/encodings.js';
import { SecretMasker } from '../../sandbox/runner/masker.js';

describe('the runner value encoders', () => {
  it('base64-encodes the UTF-8 bytes from offsets 0, 1 and 2, padded', () => {
    expect(base64Shifted('abcdef', 0)).toBe('YWJjZGVm');
    expect(base64Shifted('abcdef', 1)).toBe('YmNkZWY=');
    expect(base64Shifted('abcdef', 2)).toBe('Y2RlZg==');
    expect(base64Shifted('é', 2)).toBe('w6k=');
  });

  it('escapes JSON as Newtonsoft does', () => {
    expect(jsonStringEscape('a"b\\c\n\t\u0001\u2028/é')).toBe('a\\"b\\\\c\\n\\t\\u0001\\u2028/é');
  });

  it("escapes URI data as Uri.EscapeDataString does (also !'()*)", () => {
    expect(uriDataEscape("a b/c?d=e&f!'()*~-._é")).toBe(
      'a%20b%2Fc%3Fd%3De%26f%21%27%28%29%2A~-._%C3%A9',
    );
    expect(uriDataEscape('x\uD800y')).toBe('x%EF%BF%BDy');
  });

  it('escapes XML and trims long quoted values', () => {
    expect(xmlDataEscape(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;',
    );
    expect(trimDoubleQuotes('"12345678"')).toBe('12345678');
    expect(trimDoubleQuotes('"short"')).toBe('');
  });

  it('splits values around & as PowerShell colours them', () => {
    expect(powerShellPreAmpersandEscape('secret1&secret2&secret3')).toBe('secret1&secret2&');
    expect(powerShellPostAmpersandEscape('secret1&secret2&secret3')).toBe('secret3');
    expect(powerShellPreAmpersandEscape('secret1&+secret2')).toBe('secret1&+');
    expect(powerShellPostAmpersandEscape('secret1&+secret2')).toBe('ecret2');
    expect(powerShellPostAmpersandEscape('ab&cd')).toBe('');
  });
});

describe('SecretMasker', () => {
  it('masks every occurrence of a value and of its encodings', () => {
    const masker = new SecretMasker();
    const secret = 'p@ss "w/rd"';
    masker.add(secret);
    const line = [
      secret,
      JSON.stringify(secret),
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64'),
    ].join(' | ');
    expect(masker.mask(line)).toBe('*** | "***" | *** | ***');
  });

  it('masks a value base64-encoded after a prefix of any length, when it ends the text', () => {
    const masker = new SecretMasker();
    const secret = 'hunter2-hunter2';
    masker.add(secret);
    for (const prefix of ['', 'a', 'ab', 'user:', 'user:x']) {
      const encoded = Buffer.from(prefix + secret).toString('base64');
      expect(masker.mask(encoded)).toContain('***');
    }
  });

  it('merges overlapping and adjacent matches into one ***', () => {
    const masker = new SecretMasker();
    masker.add('abc');
    masker.add('bcd');
    masker.add('xyz');
    expect(masker.mask('-abcd-abcxyz-')).toBe('-***-***-');
  });

  it('ignores empty values and repeats', () => {
    const masker = new SecretMasker();
    masker.add('');
    masker.add('same');
    masker.add('same');
    expect(masker.values).toEqual(['same']);
    expect(masker.mask('')).toBe('');
  });

  it('registers each trimmed line of a multi-line value as well', () => {
    const masker = new SecretMasker();
    masker.addWithLines('first line \n\n  second line\r\nthird');
    expect(masker.values).toEqual([
      'first line \n\n  second line\r\nthird',
      'first line',
      'second line',
      'third',
    ]);
    expect(masker.mask('is: second line.')).toBe('is: ***.');
  });
});
