// Recognising a workflow command in a line of output, as the runner's ActionCommand does: the
// `::name prop=value,…::data` form (after leading white space) and the older `##[name prop=value;…]data`
// form (anywhere in the line), each with its own escaping.

/** The commands the runner knows; anything else between `::` is plain output. */
export const REGISTERED_COMMANDS = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
] as const;

export interface ParsedCommand {
  /** As written (the runner compares command names case-insensitively). */
  readonly command: string;
  /** Keys compare case-insensitively: a later `Title=` replaces an earlier `title=`. */
  readonly properties: ReadonlyMap<string, { readonly key: string; readonly value: string }>;
  readonly data: string;
}

type Escapes = readonly (readonly [token: string, escaped: string])[];

// The runner undoes each escape in this order, `%25` last.
const DATA_ESCAPES: Escapes = [
  ['\r', '%0D'],
  ['\n', '%0A'],
  ['%', '%25'],
];
const PROPERTY_ESCAPES: Escapes = [
  ['\r', '%0D'],
  ['\n', '%0A'],
  [':', '%3A'],
  [',', '%2C'],
  ['%', '%25'],
];
const LEGACY_ESCAPES: Escapes = [
  [';', '%3B'],
  ['\r', '%0D'],
  ['\n', '%0A'],
  [']', '%5D'],
  ['%', '%25'],
];

function unescape(text: string, escapes: Escapes): string {
  return escapes.reduce((out, [token, escaped]) => out.replaceAll(escaped, token), text);
}

/** A case-insensitive set of command names that can be extended (the stop-commands token). */
export class CommandNames {
  readonly #names = new Set<string>();

  constructor(names: Iterable<string>) {
    for (const name of names) this.add(name);
  }

  has(name: string): boolean {
    return this.#names.has(name.toLowerCase());
  }

  add(name: string): void {
    this.#names.add(name.toLowerCase());
  }

  delete(name: string): void {
    this.#names.delete(name.toLowerCase());
  }
}

export function parseCommand(line: string, known: CommandNames): ParsedCommand | undefined {
  return parseCurrentForm(line, known) ?? parseLegacyForm(line, known);
}

function parseCurrentForm(line: string, known: CommandNames): ParsedCommand | undefined {
  const message = line.trimStart();
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  if (!known.has(command)) return undefined;
  const properties = new Map<string, { key: string; value: string }>();
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(',')) {
      addProperty(properties, pair, (value) => unescape(value, PROPERTY_ESCAPES));
    }
  }
  return { command, properties, data: unescape(message.slice(end + 2), DATA_ESCAPES) };
}

function parseLegacyForm(line: string, known: CommandNames): ParsedCommand | undefined {
  const prefix = line.indexOf('##[');
  if (prefix < 0) return undefined;
  const close = line.indexOf(']', prefix);
  if (close < 0) return undefined;
  const info = line.slice(prefix + 3, close);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  if (!known.has(command)) return undefined;
  const properties = new Map<string, { key: string; value: string }>();
  if (space > 0) {
    for (const pair of info.slice(space + 1).split(';')) {
      addProperty(properties, pair, (value) => unescape(value, LEGACY_ESCAPES));
    }
  }
  return { command, properties, data: unescape(line.slice(close + 1), LEGACY_ESCAPES) };
}

// `key=value`; a pair without `=`, or with an empty key or value, is skipped (the runner splits
// with RemoveEmptyEntries and keeps only two-part results).
function addProperty(
  properties: Map<string, { key: string; value: string }>,
  pair: string,
  unescapeValue: (value: string) => string,
): void {
  if (pair === '') return;
  const equals = pair.indexOf('=');
  if (equals < 0) return;
  const parts = [pair.slice(0, equals), pair.slice(equals + 1)].filter((part) => part !== '');
  if (parts.length !== 2) return;
  const [key, value] = parts as [string, string];
  const existing = properties.get(key.toLowerCase());
  properties.set(key.toLowerCase(), { key: existing?.key ?? key, value: unescapeValue(value) });
}

/** The escaping `@actions/core` applies, for fixtures and tests that write commands by hand. */
export function escapeData(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
