// The runner's SecretMasker: every registered value and its encodings are replaced by `***`
// wherever they occur in a line, overlapping and adjacent matches merged into one `***`.

import { RUNNER_VALUE_ENCODERS } from './encodings.js';

export const MASK = '***';

export class SecretMasker {
  readonly #originals: string[] = [];
  readonly #patterns = new Set<string>();

  /** The values registered so far (not their encodings), in order. */
  get values(): readonly string[] {
    return this.#originals;
  }

  /** Registers a value and its encodings; empty values and repeats are ignored, as by the runner. */
  add(value: string): void {
    if (value === '' || this.#originals.includes(value)) return;
    this.#originals.push(value);
    this.#patterns.add(value);
    for (const encode of RUNNER_VALUE_ENCODERS) {
      const variant = encode(value);
      if (variant !== '') this.#patterns.add(variant);
    }
  }

  /**
   * `::add-mask::` and the job's secrets: the whole value, and also each of its lines (trimmed),
   * because a process's output reaches the masker one line at a time.
   */
  addWithLines(value: string): void {
    this.add(value);
    for (const line of value.split(/[\r\n]+/)) this.add(line.trim());
  }

  mask(input: string): string {
    if (input === '' || this.#patterns.size === 0) return input;
    const spans: { start: number; end: number }[] = [];
    for (const pattern of this.#patterns) {
      for (let at = input.indexOf(pattern); at >= 0; at = input.indexOf(pattern, at + 1)) {
        spans.push({ start: at, end: at + pattern.length });
      }
    }
    const [first, ...rest] = spans.sort((a, b) => a.start - b.start);
    if (first === undefined) return input;
    let out = '';
    let copiedUpTo = 0;
    let current = { ...first };
    const flush = (): void => {
      out += input.slice(copiedUpTo, current.start) + MASK;
      copiedUpTo = current.end;
    };
    for (const span of rest) {
      if (span.start <= current.end) current.end = Math.max(current.end, span.end);
      else {
        flush();
        current = { ...span };
      }
    }
    flush();
    return out + input.slice(copiedUpTo);
  }
}
