// What the post step does with a command id left in step state: look first, then cancel only
// what is still running, so the log says which of the two happened.

import { ListCommandsCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { cancelCommand } from './command.js';
import { isTerminal } from './status.js';

export type PostCancelResult =
  | { readonly kind: 'finished'; readonly status: string }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'unknown-command' }
  | { readonly kind: 'failed'; readonly error: unknown };

export async function cancelPending(ssm: SSMClient, commandId: string): Promise<PostCancelResult> {
  try {
    const listed = await ssm.send(new ListCommandsCommand({ CommandId: commandId }));
    const command = listed.Commands?.find((c) => c.CommandId === commandId);
    if (command !== undefined && isTerminal(command.Status, command.StatusDetails))
      return { kind: 'finished', status: command.Status ?? 'finished' };
  } catch {
    // Looking is only for the message; the cancel below is what matters.
  }
  const result = await cancelCommand(ssm, commandId);
  switch (result.kind) {
    case 'requested':
      return { kind: 'cancelled' };
    case 'unknown-command':
      return { kind: 'unknown-command' };
    case 'failed':
      return { kind: 'failed', error: result.error };
  }
}
