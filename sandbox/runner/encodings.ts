// The encodings of a secret that the GitHub runner's SecretMasker also masks (its ValueEncoders,
// as registered by the runner's HostContext), reproduced with the .NET functions' exact output.

/** `JsonConvert.ToString(value)` without its quotes (Newtonsoft's default escaping). */
export function jsonStringEscape(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    switch (char) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      default:
        // Newtonsoft also escapes NEL and the two Unicode line separators, in lower-case hex.
        out +=
          code < 0x20 || code === 0x85 || code === 0x2028 || code === 0x2029
            ? `\\u${code.toString(16).padStart(4, '0')}`
            : char;
    }
  }
  return out;
}

/**
 * `Uri.EscapeDataString(value)`: everything but RFC 3986's unreserved characters is percent-encoded
 * as UTF-8, upper-case. (`encodeURIComponent` leaves `!'()*` alone, so those are added here.)
 */
export function uriDataEscape(value: string): string {
  // A lone surrogate cannot be encoded: .NET writes U+FFFD for it.
  const wellFormed = value.replace(LONE_SURROGATE, '\uFFFD');
  return encodeURIComponent(wellFormed).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `Convert.ToBase64String` of the UTF-8 bytes after the first `shift` (all of them if too few). */
export function base64Shifted(value: string, shift: 0 | 1 | 2): string {
  const bytes = Buffer.from(value, 'utf8');
  return (bytes.length > shift ? bytes.subarray(shift) : bytes).toString('base64');
}

/** `SecurityElement.Escape`. */
export function xmlDataEscape(value: string): string {
  return value.replace(/[<>"'&]/g, (char) => XML_ENTITIES[char] ?? char);
}

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '&': '&amp;',
};

/** How the runner passes environment variables on a docker command line. */
export function commandLineArgumentEscape(value: string): string {
  return value.replaceAll('"', '\\"');
}

/** An expression string literal's escaping. */
export function expressionStringEscape(value: string): string {
  return value.replaceAll("'", "''");
}

/** A quoted value (longer than 8 characters) without its quotes; `''` otherwise. */
export function trimDoubleQuotes(value: string): string {
  return value.length > 8 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : '';
}

// PowerShell colours sections of a value containing `&` when it echoes an error, so the runner
// also masks the sections before and after the `&` (at least 6 characters each).
const MIN_POWERSHELL_SECTION = 6;

export function powerShellPreAmpersandEscape(value: string): string {
  if (!value.includes('&')) return '';
  const section = value.includes('&+')
    ? value.slice(0, value.indexOf('&+') + 2)
    : value.slice(0, value.lastIndexOf('&') + 1);
  return section.length >= MIN_POWERSHELL_SECTION ? section : '';
}

export function powerShellPostAmpersandEscape(value: string): string {
  if (!value.includes('&')) return '';
  // After `&+` the next letter is the coloured one, so the section starts after it.
  const section = value.includes('&+')
    ? value.slice(value.indexOf('&+') + 3)
    : value.slice(value.lastIndexOf('&') + 1);
  return section.length >= MIN_POWERSHELL_SECTION ? section : '';
}

/** Every encoder the runner registers, in its order. */
export const RUNNER_VALUE_ENCODERS: readonly ((value: string) => string)[] = [
  (value) => base64Shifted(value, 0),
  (value) => base64Shifted(value, 1),
  (value) => base64Shifted(value, 2),
  commandLineArgumentEscape,
  expressionStringEscape,
  jsonStringEscape,
  uriDataEscape,
  xmlDataEscape,
  trimDoubleQuotes,
  powerShellPreAmpersandEscape,
  powerShellPostAmpersandEscape,
];
