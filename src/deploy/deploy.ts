// Phase 3 from start to verdict: check that no secret would travel in the command, build the
// script, send it, wait, cancel when the wait must end early, collect every instance's result
// and decide the overall status. Plain data in and out; what the user sees is report.ts's job.

import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient, SendCommandCommandInput } from '@aws-sdk/client-ssm';
import type { DeployConfig } from '../config.js';
import { ActionError } from '../errors.js';
import type { LogFollower, StreamedLine } from '../log-stream.js';
import { collectRuns, type InstanceRun, type OutputSource } from './collect.js';
import {
  MAX_SCRIPT_JSON_BYTES,
  buildSendCommandInput,
  cancelCommand,
  scriptJsonBytes,
  sendCommand,
  type CancelResult,
} from './command.js';
import { followOutput } from './follow.js';
import { secretsInCommand } from './guard.js';
import { consoleUrl, isTerminal } from './status.js';
import { deliveryTimeoutSeconds, waves } from './timeouts.js';
import { interpret, parseMarkers, tail } from './result.js';
import { buildScript } from './script.js';
import {
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

export interface DeployRequest {
  readonly deploy: DeployConfig;
  readonly region: string;
  readonly dryRun: boolean;
  /** Every secret value phases 1–2 masked: none may travel in the command. */
  readonly secretValues: ReadonlySet<string>;
}

export interface DeployEvents {
  /** The command id, the moment SSM returns it (saved as step state, so the post step can cancel). */
  readonly onSent?: (commandId: string) => void;
  readonly onProgress?: (progress: Progress) => void;
  readonly onNote?: (note: string) => void;
  /** New lines of output while the command runs (with `followOutput`). */
  readonly onOutput?: (lines: readonly StreamedLine[]) => void;
}

export interface DeployDeps {
  readonly ssm: SSMClient;
  readonly s3: () => S3Client;
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
  readonly deployedSha: string | null;
  readonly rolledBack: boolean;
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
  const script = buildScript({ ...request.deploy, nonce });
  const jsonBytes = scriptJsonBytes(script);
  if (jsonBytes > MAX_SCRIPT_JSON_BYTES)
    throw new ActionError(
      `The deploy script would be ${jsonBytes} bytes, over the ${MAX_SCRIPT_JSON_BYTES} that fit in one SSM command (SSM allows 64 KB for a command's document and parameters).`,
      { hint: 'The env input makes up most of it: pass large values another way.' },
    );
  return {
    script,
    scriptBytes: Buffer.byteLength(script, 'utf8'),
    scriptJsonBytes: jsonBytes,
    input: buildSendCommandInput(request.deploy, script),
    nonce,
    waves: waves(request.deploy),
    deliveryTimeoutSeconds: deliveryTimeoutSeconds(request.deploy),
  };
}

export async function runDeploy(request: DeployRequest, deps: DeployDeps): Promise<DeployOutcome> {
  const prepared = prepareDeploy(request, deps.nonce());
  if (request.dryRun) return { kind: 'dry-run', prepared };
  if (deps.signal.aborted)
    throw new ActionError(
      'The workflow was cancelled before the command was sent; nothing was deployed.',
    );

  await deps.beforeSend?.();
  const sent = await sendCommand(deps.ssm, prepared.input);
  const sentAt = deps.now();
  deps.events?.onSent?.(sent.commandId);
  if (!request.deploy.wait) return { kind: 'sent', prepared, commandId: sent.commandId };

  const { deploy } = request;
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
  const cancel =
    ending.kind === 'finished'
      ? undefined
      : await cancelCommand(deps.ssm, sent.commandId, AbortSignal.timeout(CANCEL_TIMEOUT_MS));

  // After a cancel by the workflow there is no time to wait for SSM: report what the wait saw.
  const collected =
    ending.kind === 'workflow-cancelled'
      ? { runs: seenRuns(outcome.seen, deploy), notes: [] }
      : await collectRuns(
          {
            commandId: sent.commandId,
            target:
              target.kind === 'one'
                ? target
                : {
                    kind: 'fleet',
                    instanceIds:
                      deploy.targets.kind === 'instances' ? deploy.targets.instanceIds : undefined,
                  },
            outputS3: deploy.outputS3,
            refresh: ending.kind !== 'finished',
          },
          outcome.seen,
          { ssm: deps.ssm, s3: deps.s3, sleep: deps.sleep },
        );

  const instances = collected.runs.map((run) => {
    const result = toResult(run, deploy, prepared.nonce);
    // An instance the wait last saw unfinished failed for no reason of its own (SSM reports
    // ResponseCode -1 while a command runs, which would read as "never started").
    return ending.kind === 'workflow-cancelled' && !isTerminal(run.status, run.statusDetails)
      ? { ...result, reason: cancelledWhile(run.instanceId, outcome.seen) }
      : result;
  });
  const problems: string[] = [];
  if (ending.kind === 'lost') problems.push(ending.reason);
  if (ending.kind === 'finished' && instances.length === 0)
    problems.push(
      deploy.targets.kind === 'tags'
        ? 'No instance matched the targets, so nothing was deployed.'
        : 'SSM reported no instance for the command, so nothing was deployed.',
    );
  return {
    kind: 'done',
    prepared,
    report: {
      commandId: sent.commandId,
      nonce: prepared.nonce,
      region: request.region,
      consoleUrl: consoleUrl(request.region, sent.commandId),
      status: overallStatus(ending, instances),
      ending,
      cancel,
      instances,
      deployedSha: commonSha(instances),
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

/** What the wait saw, as results, when there is no time to ask SSM again. */
function seenRuns(seen: Seen, deploy: DeployConfig): InstanceRun[] {
  const ids =
    deploy.targets.kind === 'instances'
      ? deploy.targets.instanceIds
      : seen.instances.map((i) => i.instanceId);
  return ids.map((instanceId) => {
    const status = seen.instances.find((i) => i.instanceId === instanceId);
    const invocation = seen.invocation?.InstanceId === instanceId ? seen.invocation : undefined;
    return {
      instanceId,
      status: status?.status ?? 'Pending',
      statusDetails: status?.statusDetails ?? '',
      responseCode: invocation?.ResponseCode,
      startedAt: undefined,
      endedAt: undefined,
      stdout: invocation?.StandardOutputContent ?? '',
      stderr: invocation?.StandardErrorContent ?? '',
      source: invocation === undefined ? 'none' : 'cut',
    };
  });
}

function cancelledWhile(instanceId: string, seen: Seen): string {
  const last = seen.instances.find((i) => i.instanceId === instanceId);
  return last === undefined
    ? 'the workflow was cancelled before SSM reported on this instance'
    : `the workflow was cancelled while this instance was ${last.status}`;
}

function toResult(run: InstanceRun, deploy: DeployConfig, nonce: string): InstanceResult {
  const markers = parseMarkers(`${run.stdout}\n${run.stderr}`, nonce);
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
    deployedSha: meaning.deployedSha,
    rolledBack: meaning.rolledBack,
    success: meaning.success,
    reason: meaning.reason,
    stdout: run.stdout,
    stderr: run.stderr,
    source: run.source,
    stdoutTail: tail(run.stdout, nonce),
    stderrTail: tail(run.stderr, nonce),
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
