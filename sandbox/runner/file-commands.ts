// The file commands: a fresh set of files for each step (named as the runner names them), and
// reading them after the step exactly as the runner does (`name=value` lines and the
// `name<<DELIMITER` heredoc form, with the runner's error messages).

import { randomUUID } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { splitLines } from './lines.js';

/** The file commands in the order the runner processes them after a step. */
export const FILE_COMMANDS = [
  { kind: 'path', variable: 'GITHUB_PATH', prefix: 'add_path_' },
  { kind: 'env', variable: 'GITHUB_ENV', prefix: 'set_env_' },
  { kind: 'step_summary', variable: 'GITHUB_STEP_SUMMARY', prefix: 'step_summary_' },
  { kind: 'state', variable: 'GITHUB_STATE', prefix: 'save_state_' },
  { kind: 'output', variable: 'GITHUB_OUTPUT', prefix: 'set_output_' },
] as const;

export type FileCommandKind = (typeof FILE_COMMANDS)[number]['kind'];

export type FileCommandPaths = Readonly<Record<FileCommandKind, string>>;

/** The runner's limit for a step summary. */
export const SUMMARY_SIZE_LIMIT = 1024 * 1024;

/** Creates one empty file per command in `directory` and returns their paths. */
export async function createFileCommandFiles(directory: string): Promise<FileCommandPaths> {
  await mkdir(directory, { recursive: true });
  const suffix = randomUUID();
  const entries = await Promise.all(
    FILE_COMMANDS.map(async ({ kind, prefix }) => {
      const path = join(directory, prefix + suffix);
      await writeFile(path, '');
      return [kind, path] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<FileCommandKind, string>;
}

export function fileCommandVariables(paths: FileCommandPaths): Record<string, string> {
  return Object.fromEntries(FILE_COMMANDS.map(({ kind, variable }) => [variable, paths[kind]]));
}

export interface KeyValueFile {
  /** In file order; a later pair with the same name wins when they are applied. */
  readonly pairs: readonly (readonly [name: string, value: string])[];
  /** Why reading stopped early; the pairs before the bad line still count, as on the runner. */
  readonly error: string | undefined;
}

/** `GITHUB_OUTPUT`, `GITHUB_ENV` and `GITHUB_STATE` (the runner's EnvFileKeyValuePairs, on Linux). */
export function parseKeyValueFile(text: string): KeyValueFile {
  const pairs: (readonly [string, string])[] = [];
  let index = 0;
  // Lines end at `\n` only (on Linux a `\r` stays part of the value).
  const readLine = (): { line: string; newline: boolean } | undefined => {
    if (index >= text.length) return undefined;
    const start = index;
    const lf = text.indexOf('\n', index);
    if (lf < 0) {
      index = text.length;
      return { line: text.slice(start), newline: false };
    }
    index = lf + 1;
    return { line: text.slice(start, lf), newline: true };
  };
  for (let read = readLine(); read !== undefined; read = readLine()) {
    const { line } = read;
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      // The runner checks the whole line, not the name, so `=value` sets an empty name.
      pairs.push([line.slice(0, equals), line.slice(equals + 1)]);
    } else if (heredoc >= 0 && (equals < 0 || heredoc < equals)) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (name === '' || delimiter === '') {
        return {
          pairs,
          error: `Invalid format '${line}'. Name must not be empty and delimiter must not be empty`,
        };
      }
      const valueStart = index;
      let valueEnd = index;
      let next = readLine();
      while (next?.line !== delimiter) {
        if (next === undefined) {
          return { pairs, error: `Invalid value. Matching delimiter not found '${delimiter}'` };
        }
        if (!next.newline) return { pairs, error: 'Invalid value. EOF marker missing new line.' };
        valueEnd = index - 1;
        next = readLine();
      }
      pairs.push([name, valueEnd > valueStart ? text.slice(valueStart, valueEnd) : '']);
    } else {
      return { pairs, error: `Invalid format '${line}'` };
    }
  }
  return { pairs, error: undefined };
}

/** `GITHUB_PATH`: one directory a line, empty lines skipped. */
export function parsePathFile(text: string): string[] {
  return splitLines(text).filter((line) => line !== '');
}

export type SummaryFile =
  | { readonly kind: 'empty' }
  | { readonly kind: 'too-large'; readonly bytes: number }
  | { readonly kind: 'written'; readonly text: string };

export async function readSummaryFile(path: string): Promise<SummaryFile> {
  const { size } = await stat(path);
  if (size === 0) return { kind: 'empty' };
  if (size > SUMMARY_SIZE_LIMIT) return { kind: 'too-large', bytes: size };
  return { kind: 'written', text: await readFile(path, 'utf8') };
}

/** The summary as the runner uploads it: every line masked, each ending with a newline. */
export function maskSummary(text: string, mask: (line: string) => string): string {
  return splitLines(text)
    .map((line) => `${mask(line)}\n`)
    .join('');
}

export function summaryTooLargeMessage(bytes: number): string {
  return `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of ${SUMMARY_SIZE_LIMIT / 1024}k, got ${Math.floor(bytes / 1024)}k. For more information see: https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary`;
}
