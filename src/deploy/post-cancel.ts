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

/** How long the post step keeps at a cancel that fails (the job waits for the post step). */
export const POST_CANCEL_MS = 20_000;

export interface PostCancelDeps {
  readonly now: () => number;
  readonly sleep: Sleep;
}

const realDeps: PostCancelDeps = { now: Date.now, sleep: realSleep };

/**
 * Cancels `commandId` unless it has finished. `acceptedAt`, when known, is when SSM took it: until
 * SSM's not-found window has passed, its InvalidCommandId means it has not caught up yet.
 */
export async function cancelPending(
  ssm: SSMClient,
  commandId: string,
  acceptedAt: number | undefined,
  deps: PostCancelDeps = realDeps,
): Promise<PostCancelResult> {
  try {
    const listed = await ssm.send(new ListCommandsCommand({ CommandId: commandId }));
    const command = listed.Commands?.find((c) => c.CommandId === commandId);
    if (command !== undefined && isTerminal(command.Status, command.StatusDetails))
      return { kind: 'finished', status: command.Status ?? 'finished' };
  } catch {
    // Looking is only for the message; the cancel below is what matters.
  }
  const result = await cancelCommand(ssm, commandId, {
    deadline: deps.now() + POST_CANCEL_MS,
    now: deps.now,
    sleep: deps.sleep,
    ...(acceptedAt === undefined ? {} : { acceptedAt }),
  });
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
  | { readonly kind: 'found'; readonly commandIds: readonly string[] }
  | { readonly kind: 'none'; readonly lookedMs: number }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * The commands of a send the main step made without an answer, by the marker nonce in their
 * script. SSM is asked now and, while it shows nothing, after each settle pause: the main step was
 * stopped at most moments ago, so a send it had in flight has landed by the end, as it would have
 * for the main step itself.
 */
export async function findUnansweredSend(
  ssm: SSMClient,
  nonce: string,
  sendingAt: number,
  deps: PostCancelDeps = realDeps,
): Promise<UnansweredSend> {
  const started = deps.now();
  const since = (sendingAt > 0 ? sendingAt : started) - LOOKUP_MARGIN_MS;
  for (const pause of [0, ...SETTLE_PAUSES_MS]) {
    if (pause > 0) await deps.sleep(pause);
    try {
      const found = await findSent(ssm, nonce, since);
      const commandIds = found.flatMap((command) =>
        command.CommandId === undefined ? [] : [command.CommandId],
      );
      if (commandIds.length > 0) return { kind: 'found', commandIds };
    } catch (error) {
      return { kind: 'failed', error };
    }
  }
  return { kind: 'none', lookedMs: deps.now() - started };
}
