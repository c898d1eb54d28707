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
