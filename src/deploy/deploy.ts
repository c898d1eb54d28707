// Phase 3 from start to verdict: check that no secret would travel in the command, build the
// script, send it, wait, cancel when the wait must end early, collect every instance's result
// and decide the overall status. Plain data in and out; src/report/ shows it to the user.

import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient, SendCommandCommandInput } from '@aws-sdk/client-ssm';
import type { DeployConfig } from '../config.js';
import { ActionError } from '../errors.js';
import { MASK, redactor, type Redact } from '../masks.js';
import type { LogFollower, StreamedLine } from '../log-stream.js';
import {
  collectRuns,
  lookAfterCancel,
  unknownRun,
  type InstanceRun,
  type OutputSource,
} from './collect.js';
import { buildSendCommandInput, cancelCommand, type CancelResult } from './command.js';
import { followOutput } from './follow.js';
import { secretsInCommand } from './guard.js';
import { consoleUrl, isTerminal } from './status.js';
import { deliveryTimeoutCause, deliveryTimeoutSeconds, waves } from './timeouts.js';
import { interpret, parseMarkers, tail } from './result.js';
import { MAX_SCRIPT_JSON_BYTES, buildScript, scriptJsonBytes } from './script.js';
import { checkOutputBucket } from './s3-output.js';
import { cancelStrays, sendExactlyOnce } from './send.js';
import {
  NOT_FOUND_WINDOW_MS,
  waitForCommand,
  type Progress,
  type Seen,
  type Sleep,
  type WaitOutcome,
  type WaitTarget,
} from './wait.js';

/** Added to SSM's own total timeout before the wait gives up on its own. */
export const DEADLINE_MARGIN_MS = 120_000;
/** A cancel that takes longer than this is abandoned: the runner kills the step soon after. */
export const CANCEL_TIMEOUT_MS = 5_000;
/**
 * After the workflow's cancel, the cancel and a last look at the instances share this much time
 * from the moment the cancel was heard: the runner sends SIGTERM 7.5 s after its SIGINT, and the report
 * must be written before that.
 */
export const AFTER_CANCEL_BUDGET_MS = 5_000;
/**
 * After the wait has ended, a fleet is listed again for at least this long while SSM has not listed
 * every instance in a final state (and, after a finished command, for as long as the wait itself
 * tolerates SSM not knowing the command).
 */
export const RELIST_MIN_MS = 6_000;

export interface DeployRequest {
  readonly deploy: DeployConfig;
  readonly region: string;
  readonly dryRun: boolean;
  /** Every secret value phases 1–2 masked: none may travel in the command. */
  readonly secretValues: ReadonlySet<string>;
  /** How many instances the targets reached in the preflight (tag targets' waves need it). */
  readonly fleetSize?: number;
}

export interface DeployEvents {
  /**
   * Just before the first SendCommand: the marker nonce its script carries and the time (saved as
   * step state, so the post step can find a command whose send went unanswered).
   */
  readonly onSending?: (sending: { readonly nonce: string; readonly at: number }) => void;
  /** The command id, the moment SSM returns it (saved as step state, so the post step can cancel). */
  readonly onSent?: (commandId: string) => void;
  readonly onProgress?: (progress: Progress) => void;
  readonly onNote?: (note: string) => void;
  /** New lines of output while the command runs (with `followOutput`). */
  readonly onOutput?: (lines: readonly StreamedLine[]) => void;
}

export interface DeployDeps {
  readonly ssm: SSMClient;
  /** SSM without the SDK's retries, for SendCommand alone (see send.ts). */
  readonly sendSsm: SSMClient;
  /** SendCommand attempts at most. */
  readonly sendAttempts: number;
  /** In [0, 1), for the jitter of SendCommand's backoff; Math.random unless a test fixes it. */
  readonly random?: () => number;
  readonly s3: () => S3Client;
  /** The account of the credentials (STS GetCallerIdentity): output-s3-bucket must be its own. */
  readonly account: () => Promise<string>;
  readonly now: () => number;
  readonly sleep: Sleep;
  /** Aborted when the workflow is cancelled (SIGINT / SIGTERM). */
  readonly signal: AbortSignal;
  /** 12 random hex digits. */
  readonly nonce: () => string;
  readonly events?: DeployEvents;
  /** Runs once the command is ready and nothing has been sent; what it throws stops the deploy. */
  readonly beforeSend?: () => Promise<void>;
  /** Follows the command's output while the wait goes on (CloudWatch Logs), when asked for. */
  readonly followOutput?: (commandId: string) => LogFollower;
}

export interface PreparedDeploy {
  readonly script: string;
  /**
   * The script as a dry run prints it: every env value replaced by `***`. Quoted for bash, a value
   * holding `'` is no longer the string the runner masks, so it is never printed at all.
   */
  readonly shownScript: string;
  /** The names of the env values, in order. */
  readonly envNames: readonly string[];
  readonly scriptBytes: number;
  readonly scriptJsonBytes: number;
  readonly input: SendCommandCommandInput;
  readonly nonce: string;
  readonly waves: number;
  readonly deliveryTimeoutSeconds: number;
}

export type OverallStatus = 'Success' | 'Failed' | 'TimedOut' | 'Cancelled';

export interface InstanceResult {
  readonly instanceId: string;
  readonly status: string;
  readonly statusDetails: string;
  readonly responseCode: number | null;
  readonly durationMs: number | null;
  readonly previousSha: string | null;
  /** The commit the instance was to be brought to (the script's own word, or the SHA asked for). */
  readonly attemptedSha: string | null;
  readonly deployedSha: string | null;
  readonly rolledBack: boolean;
  /** Passed health-check at the commit it ended at; null when there was no check or it never ran. */
  readonly healthy: boolean | null;
  readonly success: boolean;
  /** Why it did not succeed. */
  readonly reason: string | undefined;
  /** The whole output as far as it could be read, marker lines included. */
  readonly stdout: string;
  readonly stderr: string;
  readonly source: OutputSource;
  readonly stdoutTail: string;
  readonly stderrTail: string;
}

/** Why the wait ended. */
export type Ending =
  | { readonly kind: 'finished'; readonly commandStatus: string }
  | { readonly kind: 'deadline'; readonly deadlineSeconds: number }
  | { readonly kind: 'workflow-cancelled' }
  | { readonly kind: 'lost'; readonly reason: string };

export interface DeployReport {
  readonly commandId: string;
  /** The marker nonce of this deploy, to tell its markers from the instance's own output. */
  readonly nonce: string;
  readonly region: string;
  readonly consoleUrl: string;
  readonly status: OverallStatus;
  readonly ending: Ending;
  /** Set when this action cancelled the command. */
  readonly cancel: CancelResult | undefined;
  readonly instances: readonly InstanceResult[];
  /** The commit every successful instance has, or '' when they differ or none succeeded. */
  readonly deployedSha: string;
  /** What was to be deployed: the SHA asked for, or the branch or tag name. */
  readonly attempted: string;
  /** What went wrong with the command as a whole (beyond single instances). */
  readonly problems: readonly string[];
  readonly notes: readonly string[];
  /** SSM calls made while waiting. */
  readonly pollCalls: number;
  /** CloudWatch Logs calls made to show the output while waiting. */
  readonly outputCalls: number;
}

export type DeployOutcome =
  | { readonly kind: 'dry-run'; readonly prepared: PreparedDeploy }
  | { readonly kind: 'sent'; readonly prepared: PreparedDeploy; readonly commandId: string }
  | { readonly kind: 'done'; readonly prepared: PreparedDeploy; readonly report: DeployReport };

/** Builds everything that would be sent; throws when it must not or cannot be. */
export function prepareDeploy(request: DeployRequest, nonce: string): PreparedDeploy {
  const leaks = secretsInCommand(request.deploy, request.secretValues);
  if (leaks.length > 0)
    throw new ActionError(leaks.join('\n'), {
      hint: 'Let deploy-script read the secret on the instance instead (from Secrets Manager or Parameter Store, with the instance role).',
    });
  const script = buildScript({
    ...request.deploy,
    allowedBranches: request.deploy.allowedBranches ?? [],
    nonce,
  });
  const jsonBytes = scriptJsonBytes(script);
  if (jsonBytes > MAX_SCRIPT_JSON_BYTES)
    throw new ActionError(
      `The deploy script would be ${jsonBytes} bytes, over the ${MAX_SCRIPT_JSON_BYTES} that fit in one SSM command (SSM allows 64 KB for a command's document and parameters).`,
      { hint: 'The env input makes up most of it: pass large values another way.' },
    );
  return {
    script,
    shownScript: buildScript({
      ...request.deploy,
      env: request.deploy.env.map(({ name }) => ({ name, value: MASK })),
      nonce,
    }),
    envNames: request.deploy.env.map(({ name }) => name),
    scriptBytes: Buffer.byteLength(script, 'utf8'),
    scriptJsonBytes: jsonBytes,
    input: buildSendCommandInput(request.deploy, script, request.fleetSize),
    nonce,
    waves: waves(request.deploy, request.fleetSize),
    deliveryTimeoutSeconds: deliveryTimeoutSeconds(request.deploy, request.fleetSize),
  };
}

export async function runDeploy(request: DeployRequest, deps: DeployDeps): Promise<DeployOutcome> {
  const prepared = prepareDeploy(request, deps.nonce());
  // Checked again once beforeSend is done: a cancel that came meanwhile still sends nothing.
  const stopIfCancelled = (): void => {
    if (deps.signal.aborted)
      throw new ActionError(
        'The workflow was cancelled before the command was sent; nothing was deployed.',
      );
  };
  stopIfCancelled();
  const { deploy } = request;
  // A dry run checks the output bucket too: a real run would stop there.
  const outputS3 =
    deploy.outputS3 === undefined ? undefined : { ...deploy.outputS3, owner: await deps.account() };
  if (outputS3 !== undefined) await checkOutputBucket(deps.s3(), outputS3.bucket, outputS3.owner);
  if (request.dryRun) return { kind: 'dry-run', prepared };
  stopIfCancelled();
  await deps.beforeSend?.();
  stopIfCancelled();
  // The budget after a workflow cancel runs from when it was heard, not from when the wait ended.
  let cancelHeardAt: number | undefined;
  deps.signal.addEventListener(
    'abort',
    () => {
      cancelHeardAt = deps.now();
    },
    { once: true },
  );
  deps.events?.onSending?.({ nonce: prepared.nonce, at: deps.now() });
  const sent = await sendExactlyOnce(prepared.input, prepared.nonce, {
    sendClient: deps.sendSsm,
    ssm: deps.ssm,
    now: deps.now,
    sleep: deps.sleep,
    random: deps.random ?? Math.random,
    maxAttempts: deps.sendAttempts,
    signal: deps.signal,
    onNote: deps.events?.onNote,
  });
  const sentAt = deps.now();
  deps.events?.onSent?.(sent.commandId);
  if (!deploy.wait) return { kind: 'sent', prepared, commandId: sent.commandId };

  const ssmTotalMs = (prepared.deliveryTimeoutSeconds + deploy.timeoutSeconds) * 1000;
  const deadline = Math.max(sentAt + ssmTotalMs, sent.expiresAt ?? 0) + DEADLINE_MARGIN_MS;
  const target: WaitTarget =
    deploy.targets.kind === 'instances' && deploy.targets.instanceIds.length === 1
      ? { kind: 'one', instanceId: deploy.targets.instanceIds[0] ?? '' }
      : { kind: 'fleet' };

  const following =
    deps.followOutput === undefined
      ? undefined
      : followOutput(
          deps.followOutput(sent.commandId),
          prepared.nonce,
          deps.events ?? {},
          deps.signal,
          deploy.targets.kind === 'instances' ? deploy.targets.instanceIds : [],
        );
  const outcome = await waitForCommand(
    { commandId: sent.commandId, target, sentAt, deadline },
    {
      ssm: deps.ssm,
      now: deps.now,
      sleep: deps.sleep,
      signal: deps.signal,
      onProgress: deps.events?.onProgress,
      onNote: deps.events?.onNote,
      alongside: following?.alongside,
    },
  );

  const ending = endingOf(outcome, Math.round((deadline - sentAt) / 1000));
  // An unanswered send that SSM showed too late to be followed would deploy a second time. Not
  // in the hurry after a workflow cancel: the time left is the followed command's.
  if (sent.unsure !== undefined && ending.kind !== 'workflow-cancelled')
    await cancelStrays(sent.unsure, sent.commandId, {
      ssm: deps.ssm,
      onNote: deps.events?.onNote,
    });
  const endedAt = deps.now();
  // Cancelled by the workflow, the cancel and the look after it must fit in what the runner leaves.
  const hurry =
    ending.kind === 'workflow-cancelled'
      ? (cancelHeardAt ?? endedAt) + AFTER_CANCEL_BUDGET_MS
      : undefined;
  const cancel =
    ending.kind === 'finished'
      ? undefined
      : await cancelCommand(deps.sendSsm, sent.commandId, {
          deadline: hurry ?? endedAt + CANCEL_TIMEOUT_MS,
          now: deps.now,
          sleep: deps.sleep,
          acceptedAt: sentAt,
        });

  const fleetTarget = {
    kind: 'fleet' as const,
    instanceIds: deploy.targets.kind === 'instances' ? deploy.targets.instanceIds : undefined,
  };
  const collected =
    hurry !== undefined
      ? {
          runs:
            (cancel?.kind === 'requested'
              ? await lookAfterCancel(
                  {
                    commandId: sent.commandId,
                    target: target.kind === 'one' ? target : fleetTarget,
                  },
                  outcome.seen,
                  deps,
                  hurry,
                )
              : undefined) ?? seenRuns(outcome.seen, deploy),
          unlisted: 0,
          listingError: undefined,
          notes: [],
        }
      : await collectRuns(
          {
            commandId: sent.commandId,
            target: target.kind === 'one' ? target : fleetTarget,
            outputS3,
            refresh: ending.kind !== 'finished',
            sentAt,
            relistUntil: Math.max(
              endedAt + RELIST_MIN_MS,
              ending.kind === 'finished' ? sentAt + NOT_FOUND_WINDOW_MS : 0,
            ),
          },
          outcome.seen,
          { ssm: deps.ssm, s3: deps.s3, now: deps.now, sleep: deps.sleep },
        );

  const redact = redactor(request.secretValues);
  const context = {
    ...deploy,
    deliveryTimeoutCause: deliveryTimeoutCause(
      collected.runs.length,
      deploy,
      prepared.deliveryTimeoutSeconds,
    ),
  };
  const instances = collected.runs.map((run) => toResult(run, context, prepared.nonce, redact));
  const problems: string[] = [];
  if (ending.kind === 'lost') problems.push(ending.reason);
  if (collected.unlisted > 0)
    problems.push(
      unlistedProblem(
        collected.unlisted,
        outcome.seen,
        Math.round((deps.now() - sentAt) / 1000),
        collected.listingError,
      ),
    );
  else if (ending.kind === 'finished' && instances.length === 0)
    problems.push(noInstanceProblem(deploy, outcome.seen));
  return {
    kind: 'done',
    prepared,
    report: {
      commandId: sent.commandId,
      nonce: prepared.nonce,
      region: request.region,
      consoleUrl: consoleUrl(request.region, sent.commandId),
      // SSM's word that instances it never listed succeeded is not enough to call it a success.
      status:
        collected.unlisted > 0 && overallStatus(ending, instances) === 'Success'
          ? 'Failed'
          : overallStatus(ending, instances),
      ending,
      cancel,
      instances,
      deployedSha: commonSha(instances),
      attempted: deploy.ref.kind === 'sha' ? deploy.ref.sha : deploy.ref.name,
      problems,
      notes: collected.notes,
      pollCalls: outcome.seen.calls,
      outputCalls: following?.calls() ?? 0,
    },
  };
}

function endingOf(outcome: WaitOutcome, deadlineSeconds: number): Ending {
  switch (outcome.kind) {
    case 'finished':
      return { kind: 'finished', commandStatus: outcome.seen.commandStatus ?? 'Success' };
    case 'deadline':
      return { kind: 'deadline', deadlineSeconds };
    case 'aborted':
      return { kind: 'workflow-cancelled' };
    case 'lost':
      return { kind: 'lost', reason: outcome.reason };
  }
}

/**
 * What the wait saw, when SSM could not be asked again after the workflow's cancel: a final state
 * stands, anything else is unknown now.
 */
function seenRuns(seen: Seen, deploy: DeployConfig): InstanceRun[] {
  const ids =
    deploy.targets.kind === 'instances'
      ? deploy.targets.instanceIds
      : seen.instances.map((i) => i.instanceId);
  return ids.map((instanceId) => {
    const status = seen.instances.find((i) => i.instanceId === instanceId);
    if (status === undefined || !isTerminal(status.status, status.statusDetails))
      return unknownRun(
        instanceId,
        seen,
        status === undefined
          ? 'the workflow was cancelled before SSM reported on it, and SSM could not be asked again'
          : 'the workflow was cancelled while it ran, and SSM could not be asked again',
      );
    const invocation = seen.invocation?.InstanceId === instanceId ? seen.invocation : undefined;
    return {
      instanceId,
      status: status.status,
      statusDetails: status.statusDetails,
      responseCode: invocation?.ResponseCode,
      startedAt: undefined,
      endedAt: undefined,
      stdout: invocation?.StandardOutputContent ?? '',
      stderr: invocation?.StandardErrorContent ?? '',
      ssmOutput: `${invocation?.StandardOutputContent ?? ''}\n${invocation?.StandardErrorContent ?? ''}`,
      source: invocation === undefined ? 'none' : 'cut',
    };
  });
}

/**
 * What is known of a command some of whose instances were never listed: SSM's own counts, and why
 * they were not listed (the listing failed, or SSM had not listed them yet).
 */
function unlistedProblem(
  unlisted: number,
  seen: Seen,
  seconds: number,
  listingError: string | undefined,
): string {
  const counts = seen.counts;
  const own =
    counts === undefined
      ? ''
      : ` (${counts.completed} of ${counts.target} finished, ${counts.errors} failed)`;
  const why =
    listingError === undefined
      ? `had not listed ${unlisted} of its instances ${seconds} s after it was sent`
      : `the step could not list its instances with ListCommandInvocations (${listingError}), so ${unlisted} of them were never seen`;
  return `SSM reports the command ${seen.commandStatus ?? 'unfinished'}${own}, but ${why}: their results were not seen, so the deploy is not reported as a success.`;
}

/** A finished command with no instance: what SSM counted says whether any matched. */
function noInstanceProblem(deploy: DeployConfig, seen: Seen): string {
  if (deploy.targets.kind !== 'tags')
    return 'SSM reported no instance for the command, so nothing was deployed.';
  const target = seen.counts?.target;
  return target === undefined || target === 0
    ? 'No instance matched the targets (SSM counted none for the command), so nothing was deployed. Check the tags, and that the instances are managed by SSM and online.'
    : `SSM counted ${target} instance(s) for the command but listed none, so what each did is not known; the deploy is not reported as a success.`;
}

function toResult(
  run: InstanceRun,
  deploy: DeployConfig & { readonly deliveryTimeoutCause: string },
  nonce: string,
  redact: Redact,
): InstanceResult {
  // The script prints the markers that name commits before deploy-script runs, so they are within
  // what SSM keeps; what S3 holds is never believed.
  const markers = parseMarkers(run.ssmOutput, nonce);
  // Secrets out before anything is cut or shown; SSM's own copy may already be cut inside one.
  const cut = run.source === 'cut' || run.source === 'summary';
  const stdout = redact(run.stdout, cut);
  const stderr = redact(run.stderr, cut);
  const meaning = interpret(
    { status: run.status, statusDetails: run.statusDetails, responseCode: run.responseCode },
    markers,
    deploy,
  );
  return {
    instanceId: run.instanceId,
    status: run.status,
    statusDetails: run.statusDetails,
    responseCode: run.responseCode ?? null,
    durationMs:
      run.startedAt !== undefined && run.endedAt !== undefined && run.endedAt >= run.startedAt
        ? run.endedAt - run.startedAt
        : null,
    previousSha: meaning.previousSha,
    attemptedSha: markers.target ?? (deploy.ref.kind === 'sha' ? deploy.ref.sha : null),
    deployedSha: meaning.deployedSha,
    rolledBack: meaning.rolledBack,
    healthy: meaning.healthy,
    success: run.unknown === undefined && meaning.success,
    reason: run.unknown ?? meaning.reason,
    stdout,
    stderr,
    source: run.source,
    stdoutTail: tail(stdout, nonce),
    stderrTail: tail(stderr, nonce),
  };
}

/** Success only when the command finished, every instance succeeded, and there was one at least. */
export function overallStatus(ending: Ending, instances: readonly InstanceResult[]): OverallStatus {
  switch (ending.kind) {
    case 'workflow-cancelled':
      return 'Cancelled';
    case 'deadline':
      return 'TimedOut';
    case 'lost':
      return 'Failed';
    case 'finished':
      if (ending.commandStatus === 'Cancelled' || ending.commandStatus === 'Cancelling')
        return 'Cancelled';
      if (ending.commandStatus === 'TimedOut') return 'TimedOut';
      if (
        ending.commandStatus === 'Success' &&
        instances.length > 0 &&
        instances.every((instance) => instance.success)
      )
        return 'Success';
      return 'Failed';
  }
}

function commonSha(instances: readonly InstanceResult[]): string {
  const shas = new Set(instances.filter((i) => i.success).map((i) => i.deployedSha));
  const [only] = shas;
  return shas.size === 1 && typeof only === 'string' ? only : '';
}
