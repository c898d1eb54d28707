// The action's main step: inputs → plan → phases → report, and one place where any failure becomes
// a message a person can act on.

import * as core from '@actions/core';
import type { Config } from './config.js';
import { describeFailure } from './failure.js';
import { parseInputs } from './inputs.js';
import { describePlan } from './plan.js';
import { reportPlan } from './report.js';

export async function run(): Promise<void> {
  try {
    const { config, warnings } = parseInputs((name) => core.getInput(name), process.env);
    if (config.record.githubDeployment !== undefined)
      core.setSecret(config.record.githubDeployment.token);
    for (const warning of warnings) core.warning(warning);
    await runPhases(config);
  } catch (error) {
    fail(error);
  }
}

async function runPhases(config: Config): Promise<void> {
  reportPlan(describePlan(config));
  // The AWS SDK is to be loaded with `await import('./aws.js')` only here, once the inputs are
  // valid, so a run with bad inputs never loads it.

  // Phases 1 and 2 (secrets and parameters ∥ versioned buckets) run concurrently: not built yet.

  // Phase 3 (deploy) starts once they have succeeded: not built yet.
  return Promise.resolve();
}

function fail(error: unknown): void {
  const report = describeFailure(error, core.isDebug());
  for (const message of report.messages) core.error(message);
  if (report.debug !== undefined) core.debug(report.debug);
  // One annotation per problem, so the exit code is set directly rather than through setFailed,
  // which would add a second annotation repeating the first.
  process.exitCode = core.ExitCode.Failure;
}
