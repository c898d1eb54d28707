// What the post step does with a command id left in step state: look first, then cancel only
// what is still running, so the log says which of the two happened.

import { ListCommandsCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { cancelCommand } from './command.js';
import { sleep as realSleep } from './sleep.js';
import { LOOKUP_MARGIN_MS, SETTLE_PAUSES_MS, findSent } from './send.js';
import { isTerminal } from './status.js';
import type { Sleep } from './wait.js';

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

export type UnansweredSend =
  | { readonly kind: 'found'; readonly commandId: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * The command of a send the main step made without an answer, by the marker nonce in its script.
 * SSM is asked now and, while it shows nothing, after the first settle pauses: a send still being
 * handled when the main step was stopped lands within seconds.
 */
export async function findUnansweredSend(
  ssm: SSMClient,
  nonce: string,
  sendingAt: number,
  sleep: Sleep = realSleep,
): Promise<UnansweredSend> {
  const since = (Number.isFinite(sendingAt) ? sendingAt : Date.now()) - LOOKUP_MARGIN_MS;
  for (const pause of [0, ...SETTLE_PAUSES_MS.slice(0, 2)]) {
    if (pause > 0) await sleep(pause);
    try {
      const found = await findSent(ssm, nonce, since);
      if (found?.CommandId !== undefined) return { kind: 'found', commandId: found.CommandId };
    } catch (error) {
      return { kind: 'failed', error };
    }
  }
  return { kind: 'none' };
}
