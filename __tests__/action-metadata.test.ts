import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_DEFAULTS, INPUT_NAMES, RESERVED_OUTPUTS } from '../src/inputs.js';

interface ActionYaml {
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string; post?: string; 'post-if'?: string };
  branding?: { icon?: string; color?: string };
}

const root = join(import.meta.dirname, '..');
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionYaml;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('action.yml', () => {
  it('declares exactly the inputs the code reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort());
  });

  it('describes every input and output', () => {
    for (const [name, input] of Object.entries(action.inputs))
      expect(input.description, name).toBeTruthy();
    for (const [name, output] of Object.entries(action.outputs))
      expect(output.description, name).toBeTruthy();
  });

  it('has the same defaults as the parser', () => {
    const declared = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([name, input]) => input.default !== undefined && name !== 'ref')
        .map(([name, input]) => [name, String(input.default)]),
    );
    expect(declared).toEqual(INPUT_DEFAULTS);
    expect(action.inputs.ref?.default).toBe('${{ github.sha }}');
  });

  it('marks no input required, because each phase is optional', () => {
    for (const [name, input] of Object.entries(action.inputs))
      expect(input.required ?? false, name).toBe(false);
  });

  it('declares the outputs the action sets', () => {
    for (const name of RESERVED_OUTPUTS) expect(action.outputs, name).toHaveProperty(name);
  });

  it('runs on node24 from the built bundle, with a post step however the main step ends', () => {
    expect(action.runs.using).toBe('node24');
    expect(action.runs.main).toBe('dist/index.js');
    expect(action.runs.post).toBe('dist/post/index.js');
    // A step stopped by its timeout-minutes ends as a failure, not cancelled: only always() runs
    // the post step then.
    expect(action.runs['post-if']).toBe('always()');
    expect(existsSync(join(root, action.runs.main))).toBe(true);
    expect(existsSync(join(root, action.runs.post ?? ''))).toBe(true);
    expect(action.branding?.icon).toBeTruthy();
  });

  it('reads inputs only where each step starts, each through the typed parser', () => {
    const readers = sourceFiles(join(root, 'src')).filter((file) =>
      /\bget(?:Boolean|Multiline)?Input\(/.test(readFileSync(file, 'utf8')),
    );
    expect(readers.map((file) => file.slice(root.length + 1))).toEqual([
      'src/main.ts',
      'src/post.ts',
    ]);
    const source = (file: string): string => readFileSync(join(root, file), 'utf8');
    for (const step of ['src/main.ts', 'src/post.ts'])
      expect(source(step).match(/get\w*Input\([^)]*\)/g), step).toEqual(['getInput(name)']);
    // The main step's inputs are read by its head start (start.ts), before @actions/core is
    // loaded, from INPUT_* as the runner passes them; main.ts reads them the same way when it is
    // run without one.
    expect(source('src/main.ts')).toMatch(/headStart\(env, \(name\) => core\.getInput\(name\)\)/);
    expect(source('src/start.ts')).toMatch(/parseInputs\(read, env\)/);
    expect(source('src/post.ts')).toMatch(/parseInputs\(\(name\) => core\.getInput\(name\)/);
  });
});
