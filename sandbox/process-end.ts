// Undoing what this process set up, however it ends: normally (its 'exit' event), or by a signal
// that nothing else here handles, which ends a Node process without any 'exit' event. The sandbox
// (its server, instances and directory) and the runner harness (the action's process group and
// the job's directories) register here, so that a test that fails or times out, or a test worker
// stopped by its pool, leaves no process and no temporary directory behind.

const cleanups = new Set<() => void>();
let installed = false;

/** Runs `cleanup` (synchronous, best effort) when the process ends; the result unregisters it. */
export function atProcessEnd(cleanup: () => void): () => void {
  install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

function runAll(): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // Best effort: one failed clean-up must not stop the others.
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  // When nobody else handles the signal, clean up and let it take its default course; a program
  // with its own handler (the sandbox CLI) stops what it started itself.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      if (process.listenerCount(signal) > 1) return;
      runAll();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
