// The one way a value reaches the remote bash script: as a single-quoted word. Inside single
// quotes bash interprets nothing at all, so the only character that needs care is the single
// quote itself, which ends the quoting, is emitted escaped, and starts a new quoted run.

// With the `u` flag a well-formed surrogate pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u;

/** A value bash cannot receive byte for byte. */
export class UnquotableError extends Error {
  override readonly name = 'UnquotableError';
}

/**
 * Quotes `value` as one bash word that expands to exactly `value`, whatever it contains (quotes,
 * `$()`, backticks, newlines, globs, `~`, leading dashes, non-ASCII). Refuses a NUL character
 * (a C string cannot hold one) and lone UTF-16 surrogates (they have no UTF-8 encoding, so the
 * bytes bash would see could not be the value).
 */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new UnquotableError('a NUL character cannot be passed to bash');
  if (LONE_SURROGATE.test(value))
    throw new UnquotableError('the value is not valid Unicode (it has a lone surrogate)');
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
