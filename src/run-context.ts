// The workflow run this step belongs to, from the runner's GITHUB_* variables: read by the input
// parser for the main step, and by the post step, which has no parsed config.

import type { RunContext } from './config.js';
import type { Environment } from './inputs/declared.js';

export function runContext(env: Environment): RunContext {
  return {
    repository: env.GITHUB_REPOSITORY ?? '',
    sha: env.GITHUB_SHA ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
  };
}
