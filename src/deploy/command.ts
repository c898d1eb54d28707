// What the command looks like (targets, timeouts, rate control, output options), what SSM's refusal
// of it means, and CancelCommand. Sending it is send.ts's job.

import {
  CancelCommandCommand,
  type SSMClient,
  type SendCommandCommandInput,
} from '@aws-sdk/client-ssm';
import type { DeployConfig } from '../config.js';
import { isRefusal } from '../aws-errors.js';
import { ActionError } from '../errors.js';
import { deliveryTimeoutSeconds } from './timeouts.js';
import { NOT_FOUND_WINDOW_MS, type Sleep } from './wait.js';

export const DOCUMENT_NAME = 'AWS-RunShellScript';

/** `fleet`: how many instances tag targets reached in the preflight, for the delivery timeout. */
export function buildSendCommandInput(
  deploy: DeployConfig,
  script: string,
  fleet?: number,
): SendCommandCommandInput {
  const targets =
    deploy.targets.kind === 'instances'
      ? { InstanceIds: [...deploy.targets.instanceIds] }
      : {
          Targets: deploy.targets.tags.map((tag) => ({
            Key: `tag:${tag.key}`,
            Values: [...tag.values],
          })),
        };
  const output =
    deploy.outputS3 === undefined
      ? {}
      : {
          OutputS3BucketName: deploy.outputS3.bucket,
          ...(deploy.outputS3.keyPrefix === undefined
            ? {}
            : { OutputS3KeyPrefix: deploy.outputS3.keyPrefix }),
        };
  return {
    DocumentName: DOCUMENT_NAME,
    ...targets,
    Parameters: { commands: [script], executionTimeout: [String(deploy.timeoutSeconds)] },
    TimeoutSeconds: deliveryTimeoutSeconds(deploy, fleet),
    MaxConcurrency: deploy.maxConcurrency,
    MaxErrors: deploy.maxErrors,
    ...(deploy.comment === '' ? {} : { Comment: deploy.comment }),
    ...output,
    ...(deploy.cloudWatchLogGroup === undefined
      ? {}
      : {
          CloudWatchOutputConfig: {
            CloudWatchLogGroupName: deploy.cloudWatchLogGroup,
            CloudWatchOutputEnabled: true,
          },
        }),
  };
}

export interface SentCommand {
  readonly commandId: string;
  /** When SSM will time out whatever has not finished (epoch ms), if it said. */
  readonly expiresAt: number | undefined;
}

/** What to check when SSM refuses the command, by exception name. */
const SEND_HINTS: Readonly<Record<string, string>> = {
  InvalidInstanceId:
    'SSM does not see these instances as managed instances that are running: check the ids and aws-region, and that each instance runs the SSM agent with an instance role that allows it (Fleet Manager lists the managed ones).',
  InvalidTarget:
    'SSM refused the tag targets: check that each line of targets is tag:KEY=VALUE with the tag as it is on the instances.',
  InvalidOutputFolder: 'SSM cannot use output-s3-bucket / output-s3-key-prefix as given.',
  MaxDocumentSizeExceeded:
    'The command is over 64 KB: the env input makes up most of it; pass large values another way.',
  InvalidParameters:
    'SSM refused the parameters of AWS-RunShellScript (the script or timeout-seconds).',
};

/**
 * SSM's refusal of the command as an error the user can act on: with what to check when the
 * refusal is one of the known ones, as it came otherwise.
 */
export function refusal(error: unknown): unknown {
  const hint = error instanceof Error ? SEND_HINTS[error.name] : undefined;
  if (hint === undefined || !(error instanceof Error)) return error;
  return new ActionError(`SSM refused the command: ${error.name}: ${error.message}`, {
    hint,
    cause: error,
  });
}

export type CancelResult =
  | { readonly kind: 'requested' }
  /** SSM does not know the command (it expired, or it is in another region). */
  | { readonly kind: 'unknown-command' }
  | { readonly kind: 'failed'; readonly error: unknown };

/** A cancel in the little time the runner leaves: attempts of its own until `deadline`. */
export interface CancelWithin {
  /** Epoch ms. */
  readonly deadline: number;
  readonly now: () => number;
  readonly sleep: Sleep;
  /**
   * When SSM accepted the command (epoch ms). Until the wait's not-found window has passed,
   * InvalidCommandId means SSM has not caught up with its own command yet: it is tried again, and
   * reported as a failure (never as a command SSM no longer knows) if it does not go through.
   */
  readonly acceptedAt?: number;
}

/** Pause between two attempts at a cancel in a hurry: short, as the time left is. */
const CANCEL_RETRY_MS = 250;
const CANCEL_RETRY_MAX_MS = 1_000;
/** The shortest wait for an answer to a cancel, even past the deadline. */
const MIN_CANCEL_ATTEMPT_MS = 1_000;

/**
 * Asks SSM to cancel the command on every instance where it has not finished. SSM accepts this
 * for a command that has already finished, so "requested" says nothing about what was running.
 *
 * With `within`, `ssm` should make one attempt per call: the attempts are made here, each cut
 * off at the deadline, so that a failure reports what really went wrong (connection refused,
 * say) rather than the abort of a request still being retried when time ran out.
 */
export async function cancelCommand(
  ssm: SSMClient,
  commandId: string,
  within?: CancelWithin,
): Promise<CancelResult> {
  const started = within?.now();
  let failure: unknown;
  for (let attempt = 0; ; attempt++) {
    const left = within === undefined ? undefined : within.deadline - within.now();
    // One attempt is always made, however little time is left: a cancel not even tried is lost.
    if (left !== undefined && left <= 0 && attempt > 0) break;
    try {
      await ssm.send(
        new CancelCommandCommand({ CommandId: commandId }),
        left === undefined
          ? {}
          : { abortSignal: AbortSignal.timeout(Math.max(left, MIN_CANCEL_ATTEMPT_MS)) },
      );
      return { kind: 'requested' };
    } catch (error) {
      const unknown = error instanceof Error && error.name === 'InvalidCommandId';
      const catchingUp =
        within?.acceptedAt !== undefined && within.now() - within.acceptedAt < NOT_FOUND_WINDOW_MS;
      if (unknown && !catchingUp) return { kind: 'unknown-command' };
      // A request cut off at the deadline says nothing about why the earlier ones failed.
      if (!isAbort(error) || failure === undefined) failure = error;
      // A refusal (access denied, say) is answered alike however often it is asked; an unknown
      // command SSM is still catching up with is not a refusal yet.
      if (within === undefined || isAbort(error) || (isRefusal(error) && !unknown)) break;
    }
    const pause = Math.min(CANCEL_RETRY_MAX_MS, CANCEL_RETRY_MS * 2 ** attempt);
    if (within.now() + pause >= within.deadline) break;
    await within.sleep(pause);
  }
  if (failure === undefined || (isAbort(failure) && within !== undefined)) {
    const waited = Math.max(
      (within?.deadline ?? 0) - (started ?? 0),
      (within?.now() ?? 0) - (started ?? 0),
    );
    failure = new Error(`SSM did not answer within ${waited / 1000} s`);
  }
  return { kind: 'failed', error: failure };
}

/** How the SDK ends a request whose abort signal fired. */
function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
