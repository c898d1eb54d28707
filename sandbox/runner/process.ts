// The action's process: started in its own process group, signalled as the runner signals it on a
// cancelled workflow, and killed with its whole group when nothing else works or the harness gives
// up, so that no process of a test outlives it.

import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { atProcessEnd } from '../process-end.js';
import type { CancelSignal, SentSignal } from './types.js';

/** The runner's ProcessInvoker: SIGINT, 7.5 s, SIGTERM, 2.5 s, then kill. */
export const RUNNER_SIGINT_GRACE_MS = 7500;
export const RUNNER_SIGTERM_GRACE_MS = 2500;
/** How long the runner waits for the output pipes to close once the process has exited. */
export const RUNNER_STREAM_DRAIN_MS = 5000;

export interface ProcessEnd {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface StartOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly onStdout: (chunk: Buffer) => void;
  readonly onStderr: (chunk: Buffer) => void;
  readonly streamDrainMs: number;
}

type Piped = ChildProcessByStdio<null, Readable, Readable>;

// Every process group still alive, killed if the harness's own process ends first.
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killGroupNow(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * The environment as the process receives it: execve takes C strings, so a name or value ends at
 * its first NUL character (Node would refuse it instead).
 */
function cStrings(env: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const cName = name.split('\0')[0] ?? '';
    if (cName !== '') out[cName] = value.split('\0')[0] ?? '';
  }
  return out;
}

export class ActionProcess {
  readonly pid: number;
  readonly ended: Promise<ProcessEnd>;
  readonly #child: Piped;
  readonly #startedAt = performance.now();
  #exited = false;

  private constructor(child: Piped, pid: number, streamDrainMs: number) {
    this.#child = child;
    this.pid = pid;
    liveGroups.add(pid);
    this.ended = new Promise<ProcessEnd>((resolve, reject) => {
      let drainTimer: NodeJS.Timeout | undefined;
      child.once('exit', () => {
        this.#exited = true;
        // A grandchild holding the pipes open must not keep the step alive for ever.
        drainTimer = setTimeout(() => {
          this.killGroup();
          child.stdout.destroy();
          child.stderr.destroy();
        }, streamDrainMs);
      });
      child.once('close', (exitCode: number | null, signal: NodeJS.Signals | null) => {
        clearTimeout(drainTimer);
        this.#exited = true;
        resolve({ exitCode, signal });
      });
      child.once('error', (error) => {
        clearTimeout(drainTimer);
        reject(error);
      });
    });
  }

  static async start(options: StartOptions): Promise<ActionProcess> {
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      atProcessEnd(() => {
        for (const pgid of liveGroups) killGroupNow(pgid);
      });
    }
    // Some failures (E2BIG: a value over 128 KiB, on a runner too) are thrown, others emitted.
    const failed = (error: unknown): Error =>
      new Error(`Could not start the action: ${(error as Error).message}.`, { cause: error });
    let child: Piped;
    try {
      child = spawn(options.command, [...options.args], {
        cwd: options.cwd,
        env: cStrings(options.env),
        // Its own process group, so the group can be killed; stdin at EOF as the runner closes it.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      throw failed(error);
    }
    child.stdout.on('data', options.onStdout);
    child.stderr.on('data', options.onStderr);
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    } catch (error) {
      throw failed(error);
    }
    if (child.pid === undefined) throw new Error('Could not start the action: no process id.');
    return new ActionProcess(child, child.pid, options.streamDrainMs);
  }

  /** Milliseconds since the process was started. */
  elapsed(): number {
    return Math.round(performance.now() - this.#startedAt);
  }

  get running(): boolean {
    return !this.#exited;
  }

  /** As the runner sends them: to the process itself, not its group. */
  signal(signal: 'SIGINT' | 'SIGTERM'): boolean {
    if (this.#exited) return false;
    try {
      return this.#child.kill(signal);
    } catch {
      return false;
    }
  }

  /** SIGKILL to the whole group: the action and anything it started. */
  killGroup(): void {
    killGroupNow(this.pid);
  }

  /** At the end of the job, like the runner's clean-up of orphan processes. */
  release(): void {
    killGroupNow(this.pid);
    liveGroups.delete(this.pid);
  }

  /** Resolves true if the process exits within `ms`, false otherwise. */
  async exitsWithin(ms: number): Promise<boolean> {
    if (this.#exited) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => {
        resolve(false);
      }, ms);
    });
    const exited = this.ended.then(
      () => true as const,
      () => true as const,
    );
    try {
      return await Promise.race([exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface CancelTiming {
  readonly sigintGraceMs: number;
  readonly sigtermGraceMs: number;
}

/**
 * The runner's cancellation of a step: SIGINT; if the process is still running after the grace
 * period, SIGTERM; if still running after the second one, kill. Resolves with what was sent.
 */
export async function cancelLikeRunner(
  child: ActionProcess,
  timing: CancelTiming,
  onSignal: (sent: SentSignal) => void,
): Promise<void> {
  const send = (signal: CancelSignal, target: SentSignal['target']): void => {
    onSignal({ signal, target, atMs: child.elapsed() });
  };
  if (!child.running) return;
  if (child.signal('SIGINT')) send('SIGINT', 'process');
  if (await child.exitsWithin(timing.sigintGraceMs)) return;
  if (child.signal('SIGTERM')) send('SIGTERM', 'process');
  if (await child.exitsWithin(timing.sigtermGraceMs)) return;
  send('SIGKILL', 'process-group');
  child.killGroup();
}
