// The post step runs only when the workflow was cancelled (`post-if: cancelled()`). If the main
// step was killed before it could cancel its SSM command, the command id it saved as state is
// still here, and the command is cancelled now so nothing keeps running unseen. The main step
// clears the state once its command has finished or been cancelled.

import * as core from '@actions/core';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { DEPLOY_STATE } from './report.js';

/** The step state holding the command id (kept for callers of the earlier name). */
export const COMMAND_STATE = DEPLOY_STATE.commandId;

export interface PostOptions {
  /** Tests pass a client; otherwise one is made for the region the main step saved. */
  readonly ssm?: SSMClient;
}

export async function runPost(options: PostOptions = {}): Promise<void> {
  const commandId = core.getState(DEPLOY_STATE.commandId);
  if (commandId === '') {
    core.info('No SSM command of this step is left running; nothing to cancel.');
    return;
  }
  const region =
    core.getState(DEPLOY_STATE.region) ||
    process.env.AWS_REGION ||
    process.env.AWS_DEFAULT_REGION ||
    '';
  const [{ cancelPending }, { consoleUrl, describeError }] = await Promise.all([
    import('./deploy/post-cancel.js'),
    import('./deploy/status.js'),
  ]);
  const ssm = options.ssm ?? (await import('./aws.js')).createClients(region, process.env).ssm();
  const result = await cancelPending(ssm, commandId);
  const link = consoleUrl(region, commandId);
  switch (result.kind) {
    case 'finished':
      core.info(
        `SSM command ${commandId} had already finished (${result.status}); nothing to cancel.`,
      );
      return;
    case 'cancelled':
      core.warning(
        `The workflow was cancelled while SSM command ${commandId} was running; it has been cancelled on every instance still running it. ${link}`,
        { title: 'Deploy cancelled' },
      );
      return;
    case 'unknown-command':
      core.info(`SSM no longer knows command ${commandId}; nothing to cancel.`);
      return;
    case 'failed':
      core.error(
        `Could not cancel SSM command ${commandId} (${describeError(result.error)}); it may still be running: ${link}`,
      );
      process.exitCode = core.ExitCode.Failure;
      return;
  }
}
