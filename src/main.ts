// The action's main step: inputs → plan → phases → report, and one place where any failure becomes
// a message a person can act on.

import * as core from '@actions/core';
import type { Config } from './config.js';
import { describeFailure } from './failure.js';
import { parseInputs } from './inputs.js';
import { describePlan } from './plan.js';
import { reportBeforeDeploy, reportPlan } from './report.js';

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
  // The AWS SDK is loaded only here, once the inputs are valid, so a run with bad inputs never
  // loads it.
  const { createClients } = await import('./aws.js');
  const clients = createClients(config.region, process.env);

  // Phases 1 and 2 (secrets and parameters ∥ versioned buckets) run concurrently. Everything they
  // read is masked before anything is shown; what failed is thrown once what worked is reported.
  const { runBeforeDeploy } = await import('./before-deploy.js');
  const before = await runBeforeDeploy(config, { clients, env: process.env });
  await reportBeforeDeploy(before);
  if (before.failure !== undefined) throw before.failure;
  // `before.secretValues`: every value masked above; the deploy refuses an env value equal to one.

  // Phase 3 (deploy) starts once they have succeeded: not built yet.
}

function fail(error: unknown): void {
  const report = describeFailure(error, core.isDebug());
  for (const message of report.messages) core.error(message);
  if (report.debug !== undefined) core.debug(report.debug);
  // One annotation per problem, so the exit code is set directly rather than through setFailed,
  // which would add a second annotation repeating the first.
  process.exitCode = core.ExitCode.Failure;
}
