// Where a cancelled workflow is heard: the runner sends SIGINT, then SIGTERM 7.5 s later.
// Injectable, so tests can cancel a deploy without signalling the test process.

export type CancelSignal = 'SIGINT' | 'SIGTERM';

export interface SignalSource {
  /** Calls `handler` on each signal until the returned function is called. */
  listen(handler: (signal: CancelSignal) => void): () => void;
}

export const processSignals: SignalSource = {
  listen(handler) {
    const onSignal = (signal: CancelSignal): void => {
      handler(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
  },
};

/**
 * `source` listened to from now on, its signals kept until a listener comes. The entry makes one
 * first thing: a cancel while the rest of the action is still loading (its first request may be on
 * the wire by then) is heard by main.ts as soon as it listens, where it would otherwise end the
 * process at once, in silence. Once every listener has stopped, `source` is no longer listened to.
 */
export function keptUntilHeard(source: SignalSource): SignalSource {
  const kept: CancelSignal[] = [];
  const handlers = new Set<(signal: CancelSignal) => void>();
  const hear = (signal: CancelSignal): void => {
    if (handlers.size === 0) kept.push(signal);
    for (const handler of handlers) handler(signal);
  };
  let stopSource: (() => void) | undefined = source.listen(hear);
  return {
    listen(handler) {
      stopSource ??= source.listen(hear);
      handlers.add(handler);
      for (const signal of kept.splice(0)) handler(signal);
      return () => {
        handlers.delete(handler);
        if (handlers.size > 0) return;
        stopSource?.();
        stopSource = undefined;
      };
    },
  };
}
