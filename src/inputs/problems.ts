// Collecting problems with the inputs, and showing a value in a message safely.

import type { InputProblem } from '../errors.js';
import type { InputName } from './declared.js';

const QUOTE_MAX = 60;

/** Shows a value in a message: JSON-quoted (so control characters are visible) and truncated. */
export function quote(value: string): string {
  const cut = value.length > QUOTE_MAX ? `${value.slice(0, QUOTE_MAX)}…` : value;
  return JSON.stringify(cut);
}

/** A multi-line input as numbered items: blank lines and `#` comments dropped, items trimmed. */
export function lines(raw: string): { line: number; text: string }[] {
  return raw
    .split(/\r?\n/)
    .map((text, index) => ({ line: index + 1, text: text.trim() }))
    .filter(({ text }) => text !== '' && !text.startsWith('#'));
}

export class Problems {
  readonly list: InputProblem[] = [];
  add(input: InputName | undefined, message: string): undefined {
    this.list.push({ input, message });
    return undefined;
  }
}
