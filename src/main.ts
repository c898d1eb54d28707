// The action's main step: inputs → plan → phases → report, and one place where any failure becomes
// a message a person can act on.

import { randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { RunClients, Service } from './aws.js';
import type { Config, DeployConfig, ShippedCommit } from './config.js';
import { processSignals, type SignalSource } from './deploy/signals.js';
import { CancelledByWorkflow, listenForCancel, type WorkflowCancel } from './workflow-cancel.js';
import type { DeployReport } from './deploy/deploy.js';
import type { Sleep } from './deploy/wait.js';
import { describeFailure } from './failure.js';
import type { Deployment, DeploymentState } from './github-deployment.js';
import type { Environment } from './inputs.js';
import { headStart, startPhases, type HeadStart, type Phases } from './start.js';
import type { LogFollower } from './log-stream.js';
import type { RecordVerdict } from './record.js';
import { describePlan } from './plan.js';
import { reportBeforeDeploy } from './report/before-deploy.js';
import {
  reportCommandSent,
  reportCommandSettled,
  reportNotWaiting,
  reportSending,
} from './report/command.js';
import { reportDeployResult } from './report/deploy-result.js';
import {
  reportChecks,
  reportDeploymentLeftInProgress,
  reportDeploymentStarted,
  reportDeploymentUpdate,
} from './report/github-deployment.js';
import { reportDryRun, reportDryRunPassed } from './report/dry-run.js';
import { reportDeployNote, reportDeployOutput, reportDeployProgress } from './report/progress.js';
import {
  reportRecordCheck,
  reportRecordKept,
  reportRecordNotWritten,
  reportRecordWritten,
  reportSkipped,
} from './report/record.js';
import {
  reportCancelled,
  reportFailureSummary,
  reportPlan,
  reportShippedCommit,
} from './report/run.js';
import { reportTargets } from './report/targets.js';

/** What tests replace: where cancellation is heard, time, and the end of the process. */
export interface RunOptions {
  /**
   * The environment as it was when the step started (index.ts copies it before anything runs):
   * inputs and every AWS client are read from it, so nothing this step exports changes them.
   */
  readonly env?: Environment;
  /** Inputs read and phases 1 and 2 begun before this module was loaded (index.ts). */
  readonly headStart?: HeadStart;
  readonly signals?: SignalSource;
  readonly now?: () => number;
  readonly sleep?: Sleep;
  /** Ends the process at once, calls in flight or not (process.exit). */
  readonly exit?: (code: number) => void;
}

/** What a workflow cancel has to undo: a command being sent, or one SSM has taken. */
export interface RunState {
  sending: boolean;
  commandSent: boolean;
}

/** After SIGINT the runner kills the step within 7.5 s; a cancel still pending by then is lost. */
const CANCEL_GRACE_MS = 6_000;

export async function run(options: RunOptions = {}): Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const env = options.env ?? Object.freeze({ ...process.env });
  const head = options.headStart ?? headStart(env, (name) => core.getInput(name));
  if (head.inputs.kind === 'failed') {
    await fail(head.inputs.error);
    return;
  }
  const { config, warnings } = head.inputs.parsed;

  // Heard for the whole run, so that a cancel in any phase stops the step with a word of its own.
  // Until the SSM command is sent, nothing needs undoing; once it is, the deploy phase cancels it.
  const state: RunState = { sending: false, commandSent: false };
  let giveUp: NodeJS.Timeout | undefined;
  const cancel = listenForCancel(options.signals ?? processSignals, (signal) => {
    core.info(
      `${signal}: the runner is stopping this step (the workflow was cancelled, or timeout-minutes ran out); ${whatCancelDoes(state, config)}.`,
    );
    giveUp = setTimeout(() => {
      core.error(
        state.commandSent || state.sending
          ? 'Cancelling the SSM command took too long; the post step will try again.'
          : 'Stopping took too long.',
      );
      exit(core.ExitCode.Failure);
    }, CANCEL_GRACE_MS);
  });
  try {
    if (config.githubToken !== undefined) core.setSecret(config.githubToken);
    for (const warning of warnings) core.warning(warning);
    await runPhases(config, env, head.phases ?? startPhases(config, env), options, cancel, state);
  } catch (error) {
    if (!(error instanceof CancelledByWorkflow)) await fail(error);
    else {
      reportCancelled(error.during, config.deploy !== undefined);
      process.exitCode = core.ExitCode.Failure;
      // Calls still in flight would keep the process alive until the runner kills it.
      exit(core.ExitCode.Failure);
    }
  } finally {
    cancel.stop();
    clearTimeout(giveUp);
  }
}

/** What a workflow cancel does at this point of the run, for the line that says it was heard. */
export function whatCancelDoes(state: RunState, config: Config): string {
  if (state.commandSent)
    return config.deploy?.wait === false
      ? 'the SSM command was sent with wait: false, so it goes on running'
      : 'cancelling the SSM command';
  if (state.sending) return 'the SSM command being sent is cancelled if SSM took it';
  return config.deploy === undefined
    ? 'the step stops'
    : 'the step stops, and nothing is sent to the instances';
}

async function runPhases(
  config: Config,
  env: Environment,
  phases: Promise<Phases>,
  options: RunOptions,
  cancel: WorkflowCancel,
  state: RunState,
): Promise<void> {
  reportPlan(describePlan(config));
  // What ships is decided before anything is sent or changed: one SHA, on an allowed branch.
  // (Phase 1's reads, begun with the step, may be under way meanwhile.)
  const shipped =
    config.deploy === undefined
      ? undefined
      : await cancel.until(shippedCommit(config, config.deploy, env), 'resolving ref');
  const during = phasesInProgress(config);
  // Phases 1 and 2 (secrets and parameters ∥ versioned buckets) run concurrently, begun by
  // start.ts. Everything they read is masked before anything is shown; what failed is thrown once
  // what worked is reported.
  const { clients, before: running } = await cancel.until(phases, during);
  const before = await cancel.until(running, during);
  await reportBeforeDeploy(before, config.dryRun);
  if (before.failure !== undefined) throw before.failure;

  // Phase 3 (deploy) starts once they have succeeded; no value they masked may travel in the
  // SSM command, whose parameters are stored in plain text.
  if (config.deploy !== undefined && shipped !== undefined) {
    if (cancel.signal.aborted) throw new CancelledByWorkflow(during);
    const deploy: DeployConfig = {
      ...config.deploy,
      ref: { kind: 'sha', sha: shipped.sha },
      allowedBranches: shipped.allowedBranches,
    };
    await deployPhase(
      config,
      env,
      deploy,
      shipped,
      clients,
      before.secretValues,
      options,
      cancel,
      state,
    );
  }
  // Every check threw on what it found wrong, so a dry run that gets here passed them all.
  if (config.dryRun) reportDryRunPassed();
}

/**
 * `ref` resolved to one SHA and checked against the allowed branches; said in the log. `env` is the
 * environment as the step started, before anything it exported.
 */
async function shippedCommit(
  config: Config,
  deploy: DeployConfig,
  env: Environment,
): Promise<ShippedCommit> {
  const [{ octokitCommits, resolveShippedCommit }, { eventDefaultBranch }] = await Promise.all([
    import('./shipped-commit.js'),
    import('./github-event.js'),
  ]);
  const shipped = await resolveShippedCommit(
    config.githubToken === undefined
      ? undefined
      : await octokitCommits(config.githubToken, config.run.repository),
    {
      ref: deploy.ref,
      allowedBranches: deploy.allowedBranches,
      eventDefaultBranch: eventDefaultBranch(env),
      repository: config.run.repository,
    },
  );
  reportShippedCommit(shipped);
  return shipped;
}

/** What phases 1 and 2 are doing, for the message of a cancel that comes meanwhile. */
function phasesInProgress(config: Config): string {
  const read = [
    ...(config.secrets === undefined ? [] : ['secrets']),
    ...(config.parameters === undefined ? [] : ['parameters']),
  ];
  const doing = [
    ...(read.length === 0 ? [] : [`reading ${read.join(' and ')}`]),
    ...(config.versionedBuckets === undefined ? [] : ['checking versioned buckets']),
  ];
  return doing.length === 0 ? 'getting ready' : doing.join(' and ');
}

/**
 * Phase 3, with the deploy record and the GitHub Deployment around it. `secretValues`: every value
 * phases 1–2 masked; none may travel in the SSM command.
 */
async function deployPhase(
  config: Config,
  env: Environment,
  deploy: DeployConfig,
  shipped: ShippedCommit,
  clients: RunClients,
  secretValues: ReadonlySet<string>,
  options: RunOptions,
  cancel: WorkflowCancel,
  state: RunState,
): Promise<void> {
  const [{ runDeploy }, { sleep }] = await Promise.all([
    import('./deploy/deploy.js'),
    import('./deploy/sleep.js'),
    clients.load(...deployServices(deploy)),
  ]);
  const now = options.now ?? Date.now;
  const ssm = clients.ssm();
  const recorded = await checkRecord(config, ssm);
  if (recorded?.verdict.action === 'skip' && !config.dryRun) {
    await reportSkipped(recorded.name, recorded.verdict.read, config.run);
    return;
  }
  // Before anything is sent: an instance that could not take the command fails the step now,
  // not after SSM's delivery timeout.
  const { requireDeployableTargets } = await import('./deploy/targets.js');
  const instances = await cancel.until(
    requireDeployableTargets(ssm, deploy.targets, config.region),
    'checking the target instances',
  );
  reportTargets(instances, config.dryRun);
  const github =
    config.record.githubDeployment === undefined || config.dryRun
      ? undefined
      : githubDeployment(config.record.githubDeployment, shipped, config.run, env);

  // The GitHub Deployment is created before the first command only, however many waves follow.
  let started = false;
  const beforeSend =
    github === undefined
      ? undefined
      : async (): Promise<void> => {
          if (started) return;
          started = true;
          await github.start();
        };
  const deployDeps = {
    ssm,
    sendSsm: clients.ssmSingleAttempt(),
    sendAttempts: clients.maxAttempts,
    s3: () => clients.s3(),
    account: () => clients.account(),
    now,
    sleep: options.sleep ?? sleep,
    signal: cancel.signal,
    nonce: () => randomBytes(6).toString('hex'),
    events: {
      onSending: ({ nonce, at }: { nonce: string; at: number }) => {
        state.sending = true;
        reportSending(nonce, at, config.region);
      },
      onSent: (commandId: string) => {
        state.commandSent = true;
        reportCommandSent(commandId, config.region, now());
      },
      onProgress: reportDeployProgress,
      onNote: reportDeployNote,
      onOutput: reportDeployOutput,
    },
    // Created once the command is known to be sendable, and before it is sent, so that a
    // refusal by GitHub stops the step while nothing has been deployed.
    ...(beforeSend === undefined ? {} : { beforeSend }),
    ...(deploy.cloudWatchLogGroup === undefined || config.dryRun || !deploy.wait
      ? {}
      : await outputFollower(clients, deploy.cloudWatchLogGroup)),
  };
  const deployOnce = (one: DeployConfig) =>
    runDeploy(
      {
        deploy: one,
        region: config.region,
        dryRun: config.dryRun,
        secretValues,
        // The fleet's size, so that rate control's waves fit in the delivery timeout.
        fleetSize: instances.length,
      },
      deployDeps,
    );

  try {
    if (deploy.rollout !== undefined && !config.dryRun) {
      const [{ runRolloutPhase }, { reportRollout, rolloutEvents }] = await Promise.all([
        import('./rollout/phase.js'),
        import('./report/rollout.js'),
      ]);
      const rollout = await runRolloutPhase({
        deploy,
        rollout: deploy.rollout,
        clients,
        instanceIds: instances.map((i) => i.instanceId),
        deployOnce,
        now,
        sleep: options.sleep ?? sleep,
        signal: cancel.signal,
        events: rolloutEvents(now, config.region),
      });
      const { report } = rollout;
      await reportDeployResult(report, rollout.waveOf);
      await reportRollout(rollout);
      if (report.ending.kind === 'finished' || report.cancel?.kind === 'requested')
        reportCommandSettled();
      if (report.status !== 'Success' || rollout.leftOut.length > 0)
        process.exitCode = core.ExitCode.Failure;
      await github?.settle(report);
      if (recorded !== undefined)
        await recordTheDeploy(recorded, config, shipped, report, ssm, now);
      return;
    }
    const outcome = await deployOnce(deploy);
    if (outcome.kind === 'dry-run') {
      reportDryRun(outcome.prepared);
      if (deploy.rollout !== undefined) {
        const { reportRolloutPlan } = await import('./report/rollout-plan.js');
        reportRolloutPlan(
          deploy.rollout,
          instances.map((i) => i.instanceId),
        );
      }
    } else if (outcome.kind === 'sent') {
      reportNotWaiting(outcome.commandId);
      reportCommandSettled();
      github?.leaveInProgress();
      if (recorded !== undefined)
        reportRecordNotWritten(
          recorded.name,
          'wait is false, so this step does not learn whether the deploy succeeded',
        );
    } else {
      const { report } = outcome;
      await reportDeployResult(report);
      // A command that has finished, or that was cancelled, leaves the post step nothing to do.
      if (report.ending.kind === 'finished' || report.cancel?.kind === 'requested')
        reportCommandSettled();
      if (report.status !== 'Success') process.exitCode = core.ExitCode.Failure;
      await github?.settle(report);
      if (recorded !== undefined)
        await recordTheDeploy(recorded, config, shipped, report, ssm, now);
    }
  } catch (error) {
    await github?.settleWithError();
    throw error;
  }
}

/** With record-parameter: what the recorded deploy means for this run, said before anything is sent. */
async function checkRecord(
  config: Config,
  ssm: SSMClient,
): Promise<{ readonly name: string; readonly verdict: RecordVerdict } | undefined> {
  const name = config.record.parameterName;
  if (name === undefined) return undefined;
  const { judgeRecord, readDeployRecord } = await import('./record.js');
  const verdict = judgeRecord(
    await readDeployRecord(ssm, name),
    config.run,
    config.record.allowOlder,
  );
  reportRecordCheck(name, verdict, config.run, config.dryRun);
  return { name, verdict };
}

/** After a deploy that succeeded on every instance, at one commit: the record names it. */
async function recordTheDeploy(
  recorded: { readonly name: string; readonly verdict: RecordVerdict },
  config: Config,
  shipped: ShippedCommit,
  report: DeployReport,
  ssm: SSMClient,
  now: () => number,
): Promise<void> {
  const { reasonNotToRecord, recordFor, writeDeployRecord } = await import('./record.js');
  const reason = reasonNotToRecord(report);
  if (reason !== undefined) {
    reportRecordNotWritten(recorded.name, reason);
    return;
  }
  const record = recordFor(config.run, report.deployedSha, shipped.given, new Date(now()));
  const { read } = recorded.verdict;
  const written = await writeDeployRecord(ssm, recorded.name, record, {
    version: read.kind === 'record' ? read.version : 0,
    allowOlder: config.record.allowOlder,
  });
  if (written.kind === 'kept') reportRecordKept(recorded.name, written);
  else reportRecordWritten(recorded.name, written, record, read.kind === 'unreadable');
}

/**
 * The GitHub Deployment of this run: created just before the command is sent, then set to the
 * deploy's verdict. Once it exists, a failed update is a warning: the deploy has happened.
 */
function githubDeployment(
  github: NonNullable<Config['record']['githubDeployment']>,
  shipped: ShippedCommit,
  run: Config['run'],
  env: Environment,
) {
  let deployment: Deployment | undefined;
  const settleOnce = async (state: DeploymentState, description: string): Promise<void> => {
    const current = deployment;
    deployment = undefined;
    if (current !== undefined)
      reportDeploymentUpdate(current.id, state, await current.update(state, description));
  };
  return {
    start: async () => {
      const [{ octokitDeployments, startDeployment }, checks, event] = await Promise.all([
        import('./github-deployment.js'),
        import('./required-checks.js'),
        import('./github-event.js'),
      ]);
      // The required checks of the branch the commit was found on.
      const branch = shipped.reachableFrom ?? event.runBranch(env);
      reportChecks(
        shipped.sha,
        await checks.verifyChecks(
          await checks.octokitChecks(github.token, run.repository),
          shipped.sha,
          github.requiredChecks,
          branch === undefined ? [] : [branch],
        ),
      );
      deployment = await startDeployment(await octokitDeployments(github.token), run, {
        ref: shipped.sha,
        environment: github.environment,
      });
      reportDeploymentStarted(deployment, shipped.given, github.environment);
    },
    settle: async (report: DeployReport) => {
      const { deploymentVerdict } = await import('./github-deployment.js');
      const { state, description } = deploymentVerdict(report);
      await settleOnce(state, description);
    },
    settleWithError: () => settleOnce('error', 'The deploy stopped with an error; see the run'),
    leaveInProgress: () => {
      if (deployment !== undefined) reportDeploymentLeftInProgress(deployment.id);
      deployment = undefined;
    },
  };
}

/** The SDKs a deploy uses: SSM, and S3 when the output is kept there. */
function deployServices(deploy: DeployConfig): Service[] {
  return deploy.outputS3 === undefined ? ['ssm'] : ['ssm', 's3'];
}

/** With cloudwatch-log-group: the output is followed while the wait goes on. */
async function outputFollower(
  clients: RunClients,
  group: string,
): Promise<{ followOutput: (commandId: string) => LogFollower }> {
  const [logs, { followCommandLogs }] = await Promise.all([
    clients.logs(),
    import('./log-stream.js'),
  ]);
  return { followOutput: (commandId) => followCommandLogs(logs, group, commandId) };
}

async function fail(error: unknown): Promise<void> {
  const report = describeFailure(error, core.isDebug());
  for (const message of report.messages) core.error(message);
  if (report.debug !== undefined) core.debug(report.debug);
  // One annotation per problem, so the exit code is set directly rather than through setFailed,
  // which would add a second annotation repeating the first.
  process.exitCode = core.ExitCode.Failure;
  await reportFailureSummary(report.messages);
}
