// Cutting a process's output into lines as the runner's reader does (.NET `ReadLine`): `\n`, `\r\n`
// and a lone `\r` each end a line, and a last line without an ending still counts.

import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  readonly #decoder = new StringDecoder('utf8');
  readonly #onLine: (line: string) => void;
  #pending = '';
  // A `\r` that ended the previous chunk: a `\n` starting the next one belongs to it.
  #afterCarriageReturn = false;

  constructor(onLine: (line: string) => void) {
    this.#onLine = onLine;
  }

  /** Feeds bytes; returns the decoded text (for the raw stdout/stderr record). */
  write(chunk: Buffer): string {
    const text = this.#decoder.write(chunk);
    this.#consume(text);
    return text;
  }

  /** Flushes the last line. Returns any text the decoder still held. */
  end(): string {
    const text = this.#decoder.end();
    this.#consume(text);
    if (this.#pending !== '') this.#onLine(this.#pending);
    this.#pending = '';
    return text;
  }

  #consume(text: string): void {
    let start = 0;
    if (this.#afterCarriageReturn && text.startsWith('\n')) start = 1;
    if (text !== '') this.#afterCarriageReturn = false;
    for (let i = start; i < text.length; i++) {
      const char = text[i];
      if (char !== '\n' && char !== '\r') continue;
      this.#onLine(this.#pending + text.slice(start, i));
      this.#pending = '';
      if (char === '\r') {
        if (i + 1 < text.length) {
          if (text[i + 1] === '\n') i++;
        } else {
          this.#afterCarriageReturn = true;
        }
      }
      start = i + 1;
    }
    this.#pending += text.slice(start);
  }
}

/** Every line of a whole text, by the same rules. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line));
  splitter.write(Buffer.from(text, 'utf8'));
  splitter.end();
  return lines;
}
