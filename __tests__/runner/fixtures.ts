// The scripted fixture actions of the harness's tests: each step of a script is carried out by
// __tests__/fixtures/actions/script/engine.mjs.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'actions');

/** post-if: cancelled(), as ssm-deploy's own action.yml. */
export const SCRIPT = join(FIXTURES, 'script');
export const SCRIPT_ALWAYS = join(FIXTURES, 'script-always');
export const SCRIPT_NO_POST = join(FIXTURES, 'script-no-post');

export type ScriptStep =
  | { readonly do: 'out' | 'err'; readonly text: string }
  | { readonly do: 'append'; readonly file: string; readonly text: string }
  | { readonly do: 'core'; readonly fn: string; readonly args: readonly unknown[] }
  | { readonly do: 'summary'; readonly text: string }
  | { readonly do: 'base64'; readonly prefix: string; readonly value: string }
  | { readonly do: 'env'; readonly output?: string }
  | {
      readonly do: 'on-signal';
      readonly signal: 'SIGINT' | 'SIGTERM';
      readonly then: 'exit' | 'ignore';
      readonly code?: number;
    }
  | { readonly do: 'sleep'; readonly ms: number }
  | { readonly do: 'wait' }
  | { readonly do: 'spawn-sleeper' }
  | { readonly do: 'exit'; readonly code: number };

/** The inputs that make the script action do `main` (and `post` in its post step). */
export function script(
  main: readonly ScriptStep[],
  post: readonly ScriptStep[] = [],
): Record<string, string> {
  return { steps: JSON.stringify(main), 'post-steps': JSON.stringify(post) };
}

export const core = (fn: string, ...args: readonly unknown[]): ScriptStep => ({
  do: 'core',
  fn,
  args,
});

export const out = (text: string): ScriptStep => ({ do: 'out', text });

/**
 * Whether a process still runs. A killed process whose parent died stays a zombie until init
 * reaps it, which can take a while here; a zombie runs nothing, so it counts as gone.
 */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
