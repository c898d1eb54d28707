// The action's main step: inputs → plan → phases → report, and one place where any failure becomes
// a message a person can act on.

import { randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import type { AwsClients } from './aws.js';
import type { Config, DeployConfig } from './config.js';
import { processSignals, type SignalSource } from './deploy/signals.js';
import type { Sleep } from './deploy/wait.js';
import { describeFailure } from './failure.js';
import { parseInputs } from './inputs.js';
import { describePlan } from './plan.js';
import {
  reportBeforeDeploy,
  reportCommandSent,
  reportCommandSettled,
  reportDeployNote,
  reportDeployProgress,
  reportDeployResult,
  reportDryRun,
  reportNotWaiting,
  reportPlan,
} from './report.js';

/** What tests replace: where cancellation is heard, and time. */
export interface RunOptions {
  readonly signals?: SignalSource;
  readonly now?: () => number;
  readonly sleep?: Sleep;
}

export async function run(options: RunOptions = {}): Promise<void> {
  try {
    const { config, warnings } = parseInputs((name) => core.getInput(name), process.env);
    if (config.record.githubDeployment !== undefined)
      core.setSecret(config.record.githubDeployment.token);
    for (const warning of warnings) core.warning(warning);
    await runPhases(config, options);
  } catch (error) {
    fail(error);
  }
}

async function runPhases(config: Config, options: RunOptions): Promise<void> {
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

  // Phase 3 (deploy) starts once they have succeeded; no value they masked may travel in the
  // SSM command, whose parameters are stored in plain text.
  if (config.deploy !== undefined)
    await deployPhase(config, config.deploy, clients, before.secretValues, options);
}

/** After SIGINT the runner kills the step within 7.5 s; a cancel still pending by then is lost. */
const CANCEL_GRACE_MS = 6_000;

/** Phase 3. `secretValues`: every value phases 1–2 masked; none may travel in the SSM command. */
async function deployPhase(
  config: Config,
  deploy: DeployConfig,
  clients: AwsClients,
  secretValues: ReadonlySet<string>,
  options: RunOptions,
): Promise<void> {
  const [{ runDeploy }, { sleep }] = await Promise.all([
    import('./deploy/deploy.js'),
    import('./deploy/sleep.js'),
  ]);
  const abort = new AbortController();
  let giveUp: NodeJS.Timeout | undefined;
  const stopListening = (options.signals ?? processSignals).listen((signal) => {
    if (abort.signal.aborted) return;
    core.info(`${signal}: the workflow is being cancelled; cancelling the SSM command.`);
    abort.abort();
    giveUp = setTimeout(() => {
      core.error('Cancelling the SSM command took too long; the post step will try again.');
      process.exit(core.ExitCode.Failure);
    }, CANCEL_GRACE_MS);
  });
  try {
    const outcome = await runDeploy(
      { deploy, region: config.region, dryRun: config.dryRun, secretValues },
      {
        ssm: clients.ssm(),
        s3: () => clients.s3(),
        now: options.now ?? Date.now,
        sleep: options.sleep ?? sleep,
        signal: abort.signal,
        nonce: () => randomBytes(6).toString('hex'),
        events: {
          onSent: (commandId) => {
            reportCommandSent(commandId, config.region);
          },
          onProgress: reportDeployProgress,
          onNote: reportDeployNote,
        },
      },
    );
    if (outcome.kind === 'dry-run') reportDryRun(outcome.prepared);
    else if (outcome.kind === 'sent') {
      reportNotWaiting(outcome.commandId);
      reportCommandSettled();
    } else {
      await reportDeployResult(outcome.report);
      // A command that has finished, or that was cancelled, leaves the post step nothing to do.
      if (outcome.report.ending.kind === 'finished' || outcome.report.cancel?.kind === 'requested')
        reportCommandSettled();
      if (outcome.report.status !== 'Success') process.exitCode = core.ExitCode.Failure;
    }
  } finally {
    stopListening();
    clearTimeout(giveUp);
  }
}

function fail(error: unknown): void {
  const report = describeFailure(error, core.isDebug());
  for (const message of report.messages) core.error(message);
  if (report.debug !== undefined) core.debug(report.debug);
  // One annotation per problem, so the exit code is set directly rather than through setFailed,
  // which would add a second annotation repeating the first.
  process.exitCode = core.ExitCode.Failure;
}
