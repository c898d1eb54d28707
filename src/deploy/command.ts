// SendCommand and CancelCommand: what the command looks like (targets, timeouts, rate control,
// output options) and the two calls that start and stop it.

import {
  CancelCommandCommand,
  SendCommandCommand,
  type SSMClient,
  type SendCommandCommandInput,
} from '@aws-sdk/client-ssm';
import type { DeployConfig } from '../config.js';
import { ActionError } from '../errors.js';
import { deliveryTimeoutSeconds } from './timeouts.js';

// The limit lives with the script, so that the input parser can check it without loading the SDK.
export { MAX_SCRIPT_JSON_BYTES, scriptJsonBytes } from './script.js';

export const DOCUMENT_NAME = 'AWS-RunShellScript';

export function buildSendCommandInput(
  deploy: DeployConfig,
  script: string,
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
    TimeoutSeconds: deliveryTimeoutSeconds(deploy),
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

export async function sendCommand(
  ssm: SSMClient,
  input: SendCommandCommandInput,
): Promise<SentCommand> {
  let response;
  try {
    response = await ssm.send(new SendCommandCommand(input));
  } catch (error) {
    const hint = error instanceof Error ? SEND_HINTS[error.name] : undefined;
    if (hint === undefined || !(error instanceof Error)) throw error;
    throw new ActionError(`SSM refused the command: ${error.name}: ${error.message}`, {
      hint,
      cause: error,
    });
  }
  const commandId = response.Command?.CommandId;
  if (commandId === undefined || commandId === '')
    throw new Error('SSM accepted the command but returned no command id');
  return { commandId, expiresAt: response.Command?.ExpiresAfter?.getTime() };
}

export type CancelResult =
  | { readonly kind: 'requested' }
  /** SSM does not know the command (it expired, or it is in another region). */
  | { readonly kind: 'unknown-command' }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * Asks SSM to cancel the command on every instance where it has not finished. SSM accepts this
 * for a command that has already finished, so "requested" says nothing about what was running.
 */
export async function cancelCommand(
  ssm: SSMClient,
  commandId: string,
  signal?: AbortSignal,
): Promise<CancelResult> {
  try {
    await ssm.send(
      new CancelCommandCommand({ CommandId: commandId }),
      signal === undefined ? {} : { abortSignal: signal },
    );
    return { kind: 'requested' };
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidCommandId')
      return { kind: 'unknown-command' };
    return { kind: 'failed', error };
  }
}
