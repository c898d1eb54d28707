// Reading an action's metadata file: its inputs (with defaults) and how it runs.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ActionInput {
  readonly name: string;
  /** As written in action.yml (it may hold `${{ … }}`); `undefined` when there is none. */
  readonly default: string | undefined;
}

export interface ActionMetadata {
  readonly directory: string;
  readonly inputs: readonly ActionInput[];
  readonly main: string;
  readonly post: { readonly entry: string; readonly if: string } | undefined;
}

/** The runner's default for `post-if`. */
export const DEFAULT_POST_IF = 'always()';

export async function readActionMetadata(directory: string): Promise<ActionMetadata> {
  const file = ['action.yml', 'action.yaml']
    .map((name) => join(directory, name))
    .find((path) => existsSync(path));
  if (file === undefined) throw new Error(`No action.yml or action.yaml in ${directory}.`);
  const document: unknown = parse(await readFile(file, 'utf8'));
  if (!isRecord(document) || !isRecord(document.runs)) {
    throw new Error(`${file} has no runs: section.`);
  }
  const { runs } = document;
  if (typeof runs.using !== 'string' || !/^node\d+$/.test(runs.using)) {
    throw new Error(
      `${file}: runs.using is ${JSON.stringify(runs.using)}; only JavaScript actions are run.`,
    );
  }
  if (typeof runs.main !== 'string' || runs.main === '')
    throw new Error(`${file} has no runs.main.`);
  const postIf = runs['post-if'];
  if (postIf !== undefined && typeof postIf !== 'string') {
    throw new Error(`${file}: runs.post-if must be a string.`);
  }
  return {
    directory,
    inputs: readInputs(document.inputs, file),
    main: join(directory, runs.main),
    post:
      typeof runs.post === 'string' && runs.post !== ''
        ? { entry: join(directory, runs.post), if: postIf ?? DEFAULT_POST_IF }
        : undefined,
  };
}

function readInputs(inputs: unknown, file: string): ActionInput[] {
  if (inputs === undefined || inputs === null) return [];
  if (!isRecord(inputs)) throw new Error(`${file}: inputs must be a mapping.`);
  return Object.entries(inputs).map(([name, spec]) => {
    const value = isRecord(spec) ? spec.default : undefined;
    if (value === undefined || value === null) return { name, default: undefined };
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return { name, default: String(value) };
    }
    throw new Error(`${file}: the default of ${name} is not a scalar.`);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
