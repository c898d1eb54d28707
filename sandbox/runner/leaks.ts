// Looking for secret values where a user (or a later step) would see them: the masked log, the
// summary as uploaded, annotation properties (the runner does not mask them), step outputs and
// exported environment variables. Each secret is looked for whole, line by line, and in the
// encodings GitHub masks (base64 at the three byte offsets, JSON- and URL-escaped), also as
// JavaScript writes them where that differs from the runner's own (.NET) escaping: those forms
// are the ones the runner does not mask, and a JavaScript action is what writes them.

import { jsonStringEscape, uriDataEscape } from './encodings.js';
import type { ActionRun, Stage, StepRun } from './types.js';

export type SecretSpec = string | { readonly name: string; readonly value: string };

export type LeakEncoding = 'raw' | 'json' | 'url' | 'base64' | 'base64+1' | 'base64+2';

export type LeakPlace =
  | { readonly kind: 'log'; readonly stage: Stage; readonly line: number }
  | { readonly kind: 'summary'; readonly stage: Stage; readonly line: number }
  | { readonly kind: 'output'; readonly stage: Stage; readonly name: string }
  | { readonly kind: 'env'; readonly stage: Stage; readonly name: string }
  | { readonly kind: 'annotation'; readonly stage: Stage; readonly property: string };

export interface Leak {
  /** The secret's name (its value is never reported). */
  readonly secret: string;
  /** The whole value, or one line of a multi-line value (1-based). */
  readonly part: { readonly kind: 'whole' } | { readonly kind: 'line'; readonly line: number };
  readonly encoding: LeakEncoding;
  readonly place: LeakPlace;
  /** The text around the find, every known secret form in it replaced by `[LEAK]`. */
  readonly excerpt: string;
}

export interface LeakScanOptions {
  /** Outputs meant to hold a secret (the action's masked secret outputs): not scanned. */
  readonly allowOutputs?: readonly string[];
  /** Exported variables meant to hold a secret (`export-env`): not scanned. */
  readonly allowEnv?: readonly string[];
  /**
   * Lines of a multi-line secret shorter than this (after trimming) are not looked for on their
   * own: a line like `{` would be found everywhere. Whole values are always looked for. Default 4.
   */
  readonly minLineLength?: number;
}

// A base64 fragment shorter than this could turn up by chance.
const MIN_BASE64_FRAGMENT = 8;
const EXCERPT_RADIUS = 30;

interface Needle {
  readonly secret: string;
  readonly part: Leak['part'];
  readonly encoding: LeakEncoding;
  readonly text: string;
}

/** Every form of every secret that must not appear. */
export function leakNeedles(secrets: readonly SecretSpec[], minLineLength = 4): readonly Needle[] {
  const needles: Needle[] = [];
  secrets.forEach((spec, index) => {
    const { name, value } =
      typeof spec === 'string' ? { name: `secret #${index + 1}`, value: spec } : spec;
    if (value === '') return;
    const parts: { part: Leak['part']; text: string }[] = [
      { part: { kind: 'whole' }, text: value },
    ];
    const lines = value.split(/\r\n|\r|\n/);
    if (lines.length > 1) {
      lines.forEach((line, lineIndex) => {
        const trimmed = line.trim();
        if (trimmed.length >= minLineLength) {
          parts.push({ part: { kind: 'line', line: lineIndex + 1 }, text: trimmed });
        }
      });
    }
    for (const { part, text } of parts) {
      for (const [encoding, encoded] of encodingsOf(text)) {
        if (!needles.some((needle) => needle.text === encoded)) {
          needles.push({ secret: name, part, encoding, text: encoded });
        }
      }
    }
  });
  return needles;
}

function encodingsOf(value: string): [LeakEncoding, string][] {
  const forms: [LeakEncoding, string][] = [['raw', value]];
  const add = (encoding: LeakEncoding, text: string | undefined): void => {
    if (text !== undefined && !forms.some(([, form]) => form === text))
      forms.push([encoding, text]);
  };
  add('json', jsonStringEscape(value));
  // JSON.stringify leaves U+2028, U+2029 and U+0085 as they are, which Newtonsoft escapes.
  add('json', JSON.stringify(value).slice(1, -1));
  add('url', uriDataEscape(value));
  // A lone surrogate has no UTF-8 form: JavaScript's encoders throw or write U+FFFD for it.
  const wellFormed = value.replace(/\p{Cs}/gu, '\uFFFD');
  // encodeURIComponent leaves !'()* as they are; a query or form string writes a space as +.
  add('url', encodeURIComponent(wellFormed));
  add('url', new URLSearchParams({ v: wellFormed }).toString().slice('v='.length));
  const bytes = Buffer.from(value, 'utf8');
  ([0, 1, 2] as const).forEach((offset) => {
    // Only the characters that the secret's bytes alone decide: what follows the secret changes
    // the last one, and padding is there only when nothing follows.
    const shifted = bytes.subarray(offset);
    const decided = Math.floor((shifted.length * 8) / 6);
    if (decided < MIN_BASE64_FRAGMENT) return;
    const encoding = offset === 0 ? 'base64' : (`base64+${offset}` as const);
    add(encoding, shifted.toString('base64').slice(0, decided));
    // base64url (JWTs, URL-safe tokens) differs in two letters and is never masked by the runner.
    add(encoding, shifted.toString('base64url').slice(0, decided));
  });
  return forms;
}

/** Every place in the run where a secret shows, in any form. */
export function scanForLeaks(
  run: ActionRun,
  secrets: readonly SecretSpec[],
  options: LeakScanOptions = {},
): Leak[] {
  const needles = leakNeedles(secrets, options.minLineLength);
  const steps: StepRun[] = run.post.ran ? [run, run.post] : [run];
  const leaks: Leak[] = [];
  const allowedOutputs = new Set(options.allowOutputs);
  const allowedEnv = new Set(options.allowEnv);
  for (const step of steps) {
    const { stage } = step;
    const look = (text: string, place: (index: number) => LeakPlace): void => {
      for (const needle of needles) {
        for (let at = text.indexOf(needle.text); at >= 0; at = text.indexOf(needle.text, at + 1)) {
          leaks.push({
            secret: needle.secret,
            part: needle.part,
            encoding: needle.encoding,
            place: place(at),
            excerpt: excerpt(text, at, needle.text.length, needles),
          });
        }
      }
    };
    look(step.maskedLog, (at) => ({ kind: 'log', stage, line: lineAt(step.maskedLog, at) }));
    look(step.maskedSummary, (at) => ({
      kind: 'summary',
      stage,
      line: lineAt(step.maskedSummary, at),
    }));
    for (const annotation of step.annotations) {
      for (const [property, value] of Object.entries(annotation.properties)) {
        look(value, () => ({ kind: 'annotation', stage, property }));
      }
    }
    for (const [name, value] of Object.entries(step.outputs)) {
      if (!allowedOutputs.has(name)) look(value, () => ({ kind: 'output', stage, name }));
    }
    for (const [name, value] of Object.entries(step.exportedEnv)) {
      if (!allowedEnv.has(name)) look(value, () => ({ kind: 'env', stage, name }));
    }
  }
  return leaks;
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function excerpt(text: string, at: number, length: number, needles: readonly Needle[]): string {
  const start = Math.max(0, at - EXCERPT_RADIUS);
  const end = Math.min(text.length, at + length + EXCERPT_RADIUS);
  let shown = `${text.slice(start, at)}\u0000${text.slice(at + length, end)}`;
  // Longest first, so a form is not half-replaced by a shorter one inside it.
  for (const needle of [...needles].sort((a, b) => b.text.length - a.text.length)) {
    shown = shown.replaceAll(needle.text, '[LEAK]');
  }
  return (
    (start > 0 ? '…' : '') + shown.replace('\u0000', '[LEAK]') + (end < text.length ? '…' : '')
  );
}

export function describeLeak(leak: Leak): string {
  const part = leak.part.kind === 'whole' ? '' : ` (line ${leak.part.line} of it)`;
  const encoding = leak.encoding === 'raw' ? '' : `, ${leak.encoding}-encoded,`;
  const { place } = leak;
  const where = ((): string => {
    switch (place.kind) {
      case 'log':
        return `the ${place.stage} step's log, line ${place.line}`;
      case 'summary':
        return `the ${place.stage} step's summary, line ${place.line}`;
      case 'output':
        return `the ${place.stage} step's output "${place.name}"`;
      case 'env':
        return `the variable "${place.name}" exported by the ${place.stage} step`;
      case 'annotation':
        return `the "${place.property}" of an annotation of the ${place.stage} step`;
    }
  })();
  return `${leak.secret}${part}${encoding} is visible in ${where}: ${leak.excerpt}`;
}

export class LeakError extends Error {
  override readonly name = 'LeakError';
  readonly leaks: readonly Leak[];

  constructor(leaks: readonly Leak[]) {
    super(
      `${leaks.length} secret leak${leaks.length === 1 ? '' : 's'}:\n${leaks.map((leak) => `  - ${describeLeak(leak)}`).join('\n')}`,
    );
    this.leaks = leaks;
  }
}

/** Throws a `LeakError` listing every leak (by secret name, never by value); for tests. */
export function assertNoLeaks(
  run: ActionRun,
  secrets: readonly SecretSpec[],
  options: LeakScanOptions = {},
): void {
  const leaks = scanForLeaks(run, secrets, options);
  if (leaks.length > 0) throw new LeakError(leaks);
}
