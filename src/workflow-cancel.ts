// The workflow's cancel, heard for the whole run: the runner sends SIGINT, then SIGTERM 7.5 s
// later, then SIGKILL. The first signal aborts one AbortSignal that every phase can watch, and
// work that cannot be stopped from inside (calls already in flight) can be raced against it, so
// that the step stops and says so rather than being killed in silence. What each moment of the
// run does about a cancel is main.ts's choice.

import type { CancelSignal, SignalSource } from './deploy/signals.js';

/** The workflow was cancelled while `during` went on; nothing that follows it was done. */
export class CancelledByWorkflow extends Error {
  override readonly name = 'CancelledByWorkflow';
  constructor(readonly during: string) {
    super(`Cancelled by the workflow while ${during}`);
  }
}

export interface WorkflowCancel {
  /** Aborted at the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** `work`'s result, or a CancelledByWorkflow as soon as the workflow is cancelled. */
  until<T>(work: Promise<T>, during: string): Promise<T>;
  /** Stops listening. */
  stop(): void;
}

/** Listens from now on; `onFirst` hears the first signal (later ones change nothing). */
export function listenForCancel(
  source: SignalSource,
  onFirst: (signal: CancelSignal) => void,
): WorkflowCancel {
  const abort = new AbortController();
  const stop = source.listen((signal) => {
    if (abort.signal.aborted) return;
    abort.abort();
    onFirst(signal);
  });
  return {
    signal: abort.signal,
    until: (work, during) => {
      if (abort.signal.aborted) return Promise.reject(new CancelledByWorkflow(during));
      return new Promise((resolve, reject) => {
        const onAbort = (): void => {
          reject(new CancelledByWorkflow(during));
        };
        abort.signal.addEventListener('abort', onAbort, { once: true });
        work.then(
          (value) => {
            abort.signal.removeEventListener('abort', onAbort);
            resolve(value);
          },
          (error: unknown) => {
            abort.signal.removeEventListener('abort', onAbort);
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
    stop,
  };
}
