// What to register with the runner so that a secret is hidden wherever it shows up. The runner
// replaces exact matches only: a multi-line value printed line by line, or one field of a JSON
// blob, would slip through if only the whole value were registered.

/**
 * Parts shorter than this are not masked on their own: masking `1`, `true` or `}` would turn every
 * such string in the log into `***`, and a value that short is no secret anyway.
 */
export const MIN_MASK_LENGTH = 4;

/** What the runner shows in place of a masked value, and what the action's own copies show. */
export const MASK = '***';

export interface Masks {
  /** The strings to register, the whole value first when it is registered. */
  readonly masks: readonly string[];
  /** Lines with a letter or digit that are too short to be masked on their own. */
  readonly shortLines: number;
}

/**
 * The masks for one secret value: the value itself (whatever its length: it was asked for as a
 * secret) and, when it spans several lines, each trimmed line long enough to be masked alone.
 *
 * The runner registers every line of a multi-line `add-mask` value on its own too. A multi-line
 * value with a short line (a `{` of pretty-printed JSON, a two-letter line) is therefore masked
 * line by line only: registering it whole would mask that short line everywhere in the job's log
 * and summary.
 */
export function masksFor(value: string): Masks {
  if (value === '') return { masks: [], shortLines: 0 };
  if (!/[\r\n]/.test(value)) return { masks: [value], shortLines: 0 };
  const lines = new Set<string>();
  let hasShortLine = false;
  let shortLines = 0;
  for (const line of value.split(/\r?\n|\r/)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (trimmed.length >= MIN_MASK_LENGTH) {
      lines.add(trimmed);
      continue;
    }
    hasShortLine = true;
    // Lines of punctuation alone (`{`, `},`) are layout, not part of the secret.
    if (/[\p{L}\p{N}]/u.test(trimmed)) shortLines += 1;
  }
  return { masks: hasShortLine ? [...lines] : [value, ...lines], shortLines };
}

/** The masks for one part of a secret (a JSON leaf): none when it is too short to mask alone. */
export function partMasks(value: string): Masks | undefined {
  return value.length < MIN_MASK_LENGTH ? undefined : masksFor(value);
}

/** What the SSM agent writes where it cut a stream (the ListCommandInvocations summary). */
const CUT_MARKERS = ['\n---Output truncated---', '\n---Error truncated----'];

/**
 * Replaces a secret in text: every whole value, line and JSON leaf this step masked, and, where
 * the text was cut (`cutAtEnd`, or before one of the agent's cut markers), a start of one left at
 * the cut. The runner masks a value only where it appears whole, so the action's own copy must not
 * keep a piece of one.
 */
export type Redact = (text: string, cutAtEnd: boolean) => string;

export function redactor(values: Iterable<string>): Redact {
  // Longest first: a whole value goes before the lines it is made of.
  const secrets = [...new Set(values)]
    .filter((value) => value !== '')
    .sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (text) => text;
  return (text, cutAtEnd) => {
    let whole = text;
    for (const secret of secrets) whole = whole.split(secret).join(MASK);
    let out = '';
    let rest = whole;
    for (let at = nextMarker(rest); at !== undefined; at = nextMarker(rest)) {
      out += withoutStartAtEnd(rest.slice(0, at.index), secrets) + at.marker;
      rest = rest.slice(at.index + at.marker.length);
    }
    return out + (cutAtEnd ? withoutStartAtEnd(rest, secrets) : rest);
  };
}

function nextMarker(text: string): { index: number; marker: string } | undefined {
  let found: { index: number; marker: string } | undefined;
  for (const marker of CUT_MARKERS) {
    const index = text.indexOf(marker);
    if (index >= 0 && (found === undefined || index < found.index)) found = { index, marker };
  }
  return found;
}

/** `text` with the longest start of a secret that it ends with replaced by the mask. */
function withoutStartAtEnd(text: string, secrets: readonly string[]): string {
  let cut = text.length;
  for (const secret of secrets) {
    const first = secret[0] ?? '';
    // Only a proper start: a whole value was replaced already.
    for (let at = Math.max(0, text.length - secret.length + 1); at < cut; at++)
      if (text[at] === first && secret.startsWith(text.slice(at))) {
        cut = at;
        break;
      }
  }
  return cut === text.length ? text : `${text.slice(0, cut)}${MASK}`;
}
