// Collecting problems with the inputs, and showing a value in a message safely.

import type { InputProblem } from '../errors.js';
import type { InputName } from './declared.js';

const QUOTE_MAX = 60;

/**
 * Shows a value in a message only when it can be shown whole and exactly as it is: the runner masks
 * a secret only where it appears whole (or as a whole line), so a value cut short, or escaped, would
 * show what the mask hides. Any other value is described by its length, never quoted in part.
 * Messages about env, secret-ids and parameters never call this: they name the line instead.
 */
export function quote(value: string): string {
  if (
    value.length > 0 &&
    value.length <= QUOTE_MAX &&
    /^[!#-[\]-~](?:[ !#-[\]-~]*[!#-[\]-~])?$/.test(value)
  )
    return `"${value}"`;
  return `the value (${value.length} characters, not shown: it cannot be shown whole and as it is)`;
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
