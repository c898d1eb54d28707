// The runner harness: runs a JavaScript action the way the GitHub Actions runner does, for the
// end-to-end tests, the benchmarks and the demo.

export {
  ActionTimeoutError,
  DEFAULT_TIMEOUT_MS,
  REPOSITORY_ROOT,
  runAction,
  startAction,
} from './run.js';
export {
  RUNNER_SIGINT_GRACE_MS,
  RUNNER_SIGTERM_GRACE_MS,
  RUNNER_STREAM_DRAIN_MS,
} from './process.js';
export {
  LeakError,
  assertNoLeaks,
  describeLeak,
  leakNeedles,
  scanForLeaks,
  type Leak,
  type LeakEncoding,
  type LeakPlace,
  type LeakScanOptions,
  type SecretSpec,
} from './leaks.js';
export { MASK, SecretMasker } from './masker.js';
export { escapeData, escapeProperty } from './workflow-commands.js';
export { inputVariableName } from './inputs.js';
export { defaultGitHubContext, defaultRunnerContext } from './context.js';
export type * from './types.js';
