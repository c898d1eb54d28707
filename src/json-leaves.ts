// The leaves of a JSON secret, each with the text it had in the secret. JSON.parse turns a number
// into a double, so `4111111111111111111` would come back as `4111111111111111000`: an output that
// is not the secret, and the real digits never masked. The reviver's `context.source` (Node 22+)
// gives every primitive's source text; a number whose double is not exactly that text keeps the
// text (also inside arrays, through JSON.rawJSON).
//
// Nesting is bounded, and measured by a scan of the text before anything is parsed, so that a
// hostile value cannot exhaust the stack of the parser or of the walk over its tree.

/** Deeper nesting than this is refused: no real configuration needs it. */
export const MAX_JSON_DEPTH = 100;

/** One leaf: its key path, and its value as text (a string as is, anything else as JSON). */
export interface JsonLeaf {
  readonly path: readonly string[];
  readonly text: string;
  /** A JSON `true`, `false` or `null`. */
  readonly literal: boolean;
}

export type JsonObjectRead =
  | { readonly kind: 'object'; readonly leaves: readonly JsonLeaf[] }
  /** Not a JSON object (invalid JSON, an array, a string, a number, …). */
  | { readonly kind: 'not-object' }
  | { readonly kind: 'too-deep'; readonly depth: number };

// Node 24 has both; TypeScript's ES2023 library describes neither.
interface RawJson {
  readonly rawJSON: string;
}
interface JsonWithSource {
  parse(
    text: string,
    reviver: (this: unknown, key: string, value: unknown, context: { source?: string }) => unknown,
  ): unknown;
  rawJSON(text: string): RawJson;
  isRawJSON(value: unknown): value is RawJson;
}
const Json = JSON as unknown as JsonWithSource;

/**
 * The leaves of `text` when it is a JSON object nested at most `maxDepth` levels; objects are
 * descended into, anything else (arrays included) is a leaf.
 */
export function jsonObjectLeaves(text: string, maxDepth = MAX_JSON_DEPTH): JsonObjectRead {
  const depth = nestingDepth(text, maxDepth);
  if (depth > maxDepth) return { kind: 'too-deep', depth };
  let parsed: unknown;
  try {
    parsed = Json.parse(text, exactNumbers);
  } catch {
    return { kind: 'not-object' };
  }
  if (!isObject(parsed)) return { kind: 'not-object' };
  const leaves: JsonLeaf[] = [];
  try {
    collect(parsed, [], leaves, maxDepth);
  } catch (error) {
    if (error instanceof TooDeep) return { kind: 'too-deep', depth: error.depth };
    throw error;
  }
  return { kind: 'object', leaves };
}

/**
 * How deeply `text` nests objects and arrays, counted without parsing (brackets inside strings
 * do not count); the scan stops once it passes `limit`.
 */
export function nestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === '}' || char === ']') depth -= 1;
  }
  return deepest;
}

function exactNumbers(_key: string, value: unknown, context: { source?: string }): unknown {
  if (typeof value !== 'number' || context.source === undefined) return value;
  return sameNumber(context.source, value) ? value : Json.rawJSON(context.source);
}

class TooDeep extends Error {
  constructor(readonly depth: number) {
    super('too deep');
  }
}

/**
 * Leaves of `object` below `path`. A string leaf that is itself a JSON object is descended into
 * too, as aws-secretsmanager-get-secrets does; its nesting counts towards `maxDepth`.
 */
function collect(
  object: Record<string, unknown>,
  path: readonly string[],
  into: JsonLeaf[],
  maxDepth: number,
): void {
  for (const [key, value] of Object.entries(object)) {
    const at = [...path, key];
    if (isObject(value) && !Json.isRawJSON(value)) {
      collect(value, at, into, maxDepth);
      continue;
    }
    if (typeof value === 'string' && value.trimStart().startsWith('{')) {
      const inner = jsonObjectLeaves(value, maxDepth - at.length);
      if (inner.kind === 'too-deep') throw new TooDeep(inner.depth + at.length);
      if (inner.kind === 'object') {
        for (const leaf of inner.leaves) into.push({ ...leaf, path: [...at, ...leaf.path] });
        continue;
      }
    }
    into.push({
      path: at,
      text: leafText(value),
      literal: value === null || typeof value === 'boolean',
    });
  }
}

function leafText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Json.isRawJSON(value)) return value.rawJSON;
  return JSON.stringify(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether the JSON number `source` denotes exactly the double `value`, so that printing the double
 * (as JSON.stringify does: `1.50` as `1.5`) changes the spelling but not the number.
 */
export function sameNumber(source: string, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const a = decimal(source);
  const b = decimal(String(value));
  return a !== undefined && b !== undefined && a === b;
}

/** A canonical spelling of a decimal number: sign, digits without leading or trailing zeros, exponent. */
function decimal(text: string): string | undefined {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  let digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return '0';
  let power = BigInt(exponent) - BigInt(fraction.length);
  const trailing = /0+$/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(0, digits.length - trailing);
  power += BigInt(trailing);
  return `${sign}${digits}e${power}`;
}
