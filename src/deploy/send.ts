// Sending the deploy command exactly once. SendCommand takes no idempotency token, so when its
// answer is lost (a connection reset, a timeout, a server error) SSM may or may not have carried it
// out, and sending it again blindly, as the SDK's own retries would, can run deploy.sh twice on
// every instance while the action follows only the second command. So the send is made without
// SDK retries and this module decides each attempt: a send that SSM throttled or that never
// reached it is sent again after a backoff with jitter; after an ambiguous failure, SSM's recent
// commands are searched for this deploy's marker nonce, and the command found there is adopted;
// only when there is none is it sent again.

import {
  ListCommandsCommand,
  SendCommandCommand,
  type Command,
  type SSMClient,
  type SendCommandCommandInput,
} from '@aws-sdk/client-ssm';
import { isRefusal, isThrottling } from '../aws-errors.js';
import { ActionError } from '../errors.js';
import { cancelCommand, refusal, type SentCommand } from './command.js';
import { markerPrefix } from './protocol.js';
import { describeError } from './status.js';
import type { Sleep } from './wait.js';

/** Backoff before the next attempt after a throttle: full jitter in [0, min(cap, base·2^(n-1))). */
export const THROTTLE_BASE_MS = 1_000;
/** …and after a send that failed in transit (it is looked for first, or it never left). */
export const TRANSIENT_BASE_MS = 500;
export const BACKOFF_CAP_MS = 20_000;
/**
 * How far before the first attempt the search for an unanswered send reaches: SSM stamps a command
 * with its own clock, which may be a little behind this machine's. The nonce decides, so a wide
 * window costs only a longer listing.
 */
export const LOOKUP_MARGIN_MS = 5 * 60_000;
/** Pages of 50 commands the search reads at most (an account that sends a lot of commands). */
export const LOOKUP_MAX_PAGES = 20;
/**
 * After a send without an answer, SSM is asked whether it has the command after each of these
 * pauses (15 s in all), and the first sight of it ends the search. A send SSM was still handling
 * when its answer was lost has landed by the end, so only a command still absent then is sent
 * again.
 */
export const SETTLE_PAUSES_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000];

/**
 * SendCommand got no answer, and whether SSM received it is not known: it is not sent again. The
 * post step of a cancelled workflow looks for it once more by its marker.
 */
export class SendUnresolved extends ActionError {
  override readonly name = 'SendUnresolved';
}

/** Network failures that happen before a request leaves this machine: nothing reached SSM. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Failures that happen on this machine before anything is sent (no credentials, say). */
const LOCAL = new Set(['CredentialsProviderError', 'TokenProviderError']);

/** What one failed SendCommand says about whether SSM carried it out. */
export type SendFailure =
  /** SSM answered and refused it: it was not carried out, and sending it again will not help. */
  | 'refused'
  /** Throttled, or it never reached SSM: not carried out; it may be sent again. */
  | 'not-sent'
  /** No answer, or a server error: SSM may have carried it out. */
  | 'ambiguous';

export function classifySendFailure(error: unknown): { kind: SendFailure; throttled: boolean } {
  if (!(error instanceof Error)) return { kind: 'ambiguous', throttled: false };
  const code = (error as { code?: unknown }).code;
  if (isThrottling(error)) return { kind: 'not-sent', throttled: true };
  if (typeof code === 'string' && NOT_SENT.has(code)) return { kind: 'not-sent', throttled: false };
  if (LOCAL.has(error.name)) return { kind: 'refused', throttled: false };
  if (isRefusal(error))
    // Refused for this machine's clock, which the SDK has just set right from SSM's answer: the
    // retries the SDK would make are this module's to make.
    return (error as { $metadata?: { clockSkewCorrected?: unknown } }).$metadata?.clockSkewCorrected
      ? { kind: 'not-sent', throttled: false }
      : { kind: 'refused', throttled: false };
  return { kind: 'ambiguous', throttled: false };
}

export interface SendDeps {
  /** An SSM client without the SDK's retries: every SendCommand is one this module decided on. */
  readonly sendClient: SSMClient;
  /** An SSM client with retries, for the search (ListCommands may be repeated freely). */
  readonly ssm: SSMClient;
  readonly now: () => number;
  readonly sleep: Sleep;
  /** In [0, 1): the jitter of each backoff. */
  readonly random: () => number;
  /** SendCommand attempts at most (AWS_MAX_ATTEMPTS, as the SDK would make). */
  readonly maxAttempts: number;
  /** Aborted when the workflow is cancelled: no new attempt is made after it. */
  readonly signal?: AbortSignal | undefined;
  readonly onNote?: ((note: string) => void) | undefined;
}

export interface Sent extends SentCommand {
  /** True when the command was found in SSM after its answer was lost, rather than answered. */
  readonly adopted: boolean;
  readonly attempts: number;
  /**
   * Set when an earlier attempt went unanswered and SSM had not shown it before this one was
   * sent: it may still land. The lookup to make (`findStrays`) once the deploy has run.
   */
  readonly unsure?: { readonly nonce: string; readonly since: number };
}

/**
 * Sends `input` (whose script carries the marker `nonce`) so that SSM carries it out once, or
 * throws having made sure it carried it out never.
 */
export async function sendExactlyOnce(
  input: SendCommandCommandInput,
  nonce: string,
  deps: SendDeps,
): Promise<Sent> {
  const since = deps.now() - LOOKUP_MARGIN_MS;
  let unanswered = false;
  for (let attempt = 1; ; attempt++) {
    let error: unknown;
    try {
      const response = await deps.sendClient.send(new SendCommandCommand(input));
      return {
        ...sentFrom(response.Command),
        adopted: false,
        attempts: attempt,
        ...(unanswered ? { unsure: { nonce, since } } : {}),
      };
    } catch (caught) {
      error = caught;
    }
    const { kind, throttled } = classifySendFailure(error);
    if (kind === 'refused') throw refusal(error);
    const last = attempt >= deps.maxAttempts;
    const delay = last
      ? 0
      : Math.floor(
          deps.random() *
            Math.min(
              BACKOFF_CAP_MS,
              (throttled ? THROTTLE_BASE_MS : TRANSIENT_BASE_MS) * 2 ** (attempt - 1),
            ),
        );
    const why = describeError(error);

    if (kind === 'not-sent') {
      if (last || deps.signal?.aborted) throw notSent(attempt, why, deps.signal);
      deps.onNote?.(
        `${throttled ? 'SSM throttled SendCommand' : 'SendCommand did not reach SSM'} (${why}); sending it again in ${seconds(delay)} (attempt ${attempt + 1} of ${deps.maxAttempts}).`,
      );
      await deps.sleep(delay, deps.signal);
      if (deps.signal?.aborted) throw notSent(attempt, why, deps.signal);
      continue;
    }

    // Ambiguous: SSM may have the command. It is looked for over a while, so that a send still
    // being handled has landed, and adopted if it is there.
    const [found, ...extra] = byRequestTime(await lookForSent(nonce, since, why, error, deps));
    if (found !== undefined) {
      const sent = sentFrom(found);
      deps.onNote?.(
        `SendCommand got no answer (${why}), but SSM has command ${sent.commandId} with this deploy's marker: it was received, so it is followed rather than sent again.`,
      );
      await cancelExtra(extra, sent.commandId, deps);
      return { ...sent, adopted: true, attempts: attempt };
    }
    if (deps.signal?.aborted)
      throw new SendUnresolved(
        `The workflow was cancelled while SSM's answer to SendCommand was lost (${why}), and SSM did not show the command by then; the post step looks for it once more and cancels it if it is there.`,
        { hint: lookHint(nonce), cause: error },
      );
    if (last)
      throw new ActionError(
        `SendCommand failed ${attempt} time(s), the last without an answer (${why}); SSM showed no command with this deploy's marker ${seconds(SETTLE_MS)} after each, so as far as SSM shows nothing was deployed.`,
        {
          hint: 'SSM could not be reached reliably: run the job again later, or raise AWS_MAX_ATTEMPTS.',
        },
      );
    deps.onNote?.(
      `SendCommand got no answer (${why}), and SSM showed no command with this deploy's marker ${seconds(SETTLE_MS)} later: it was not received, so it is sent again (attempt ${attempt + 1} of ${deps.maxAttempts}).`,
    );
    unanswered = true;
  }
}

const SETTLE_MS = SETTLE_PAUSES_MS.reduce((sum, pause) => sum + pause, 0);

/**
 * This deploy's commands in SSM after a send without an answer: none when SSM still has none once
 * the settle pauses are over. A cancel cuts the pauses short but SSM is still asked once at once:
 * a command that landed must be found to be cancelled.
 */
async function lookForSent(
  nonce: string,
  since: number,
  why: string,
  sendError: unknown,
  deps: SendDeps,
): Promise<Command[]> {
  for (const pause of SETTLE_PAUSES_MS) {
    if (deps.signal?.aborted !== true) await deps.sleep(pause, deps.signal);
    let found: Command[];
    try {
      found = await findSent(deps.ssm, nonce, since);
    } catch (lookupError) {
      throw new SendUnresolved(
        `SendCommand got no answer (${why}), and SSM could not be asked whether it received the command (${describeError(lookupError)}). It is not sent again, so that the deploy cannot run twice; it may or may not be running.`,
        { hint: lookHint(nonce), cause: sendError },
      );
    }
    if (found.length > 0 || deps.signal?.aborted) return found;
  }
  return [];
}

/** Oldest first: the command that started first is the one followed. */
function byRequestTime(commands: readonly Command[]): Command[] {
  return [...commands].sort(
    (a, b) => (a.RequestedDateTime?.getTime() ?? 0) - (b.RequestedDateTime?.getTime() ?? 0),
  );
}

/**
 * A send SSM had not shown within the settle pauses, and that landed after it was sent again:
 * the deploy would run twice, so the later commands are cancelled (their runs queue behind the
 * followed one's lock, so they have not started yet unless it has finished).
 */
async function cancelExtra(
  extra: readonly Command[],
  followed: string,
  deps: Pick<SendDeps, 'ssm' | 'onNote'>,
): Promise<void> {
  for (const command of extra) {
    const id = command.CommandId ?? '';
    const result = await cancelCommand(deps.ssm, id);
    deps.onNote?.(
      result.kind === 'requested'
        ? `SSM also has command ${id} with this deploy's marker, from a send that landed late; it was cancelled, so that ${followed} alone deploys.`
        : `SSM also has command ${id} with this deploy's marker, from a send that landed late, and cancelling it failed (${result.kind === 'failed' ? describeError(result.error) : 'SSM no longer knows it'}); it may run the deploy a second time.`,
    );
  }
}

/**
 * After a deploy whose command was sent again because an earlier send went unanswered: whether
 * that earlier send landed after all, later than SSM showed it. Such a command runs the deploy a
 * second time. One that has not started is cancelled; one already running is left to finish (a
 * deploy-script killed half-way could leave the app down, while a second run deploys the same
 * commit again) and said so. A failure to ask is said too, never thrown: the deploy itself is over.
 */
export async function cancelStrays(
  unsure: NonNullable<Sent['unsure']>,
  followed: string,
  deps: Pick<SendDeps, 'ssm' | 'onNote'>,
): Promise<void> {
  let strays: Command[];
  try {
    strays = (await findSent(deps.ssm, unsure.nonce, unsure.since)).filter(
      (command) => command.CommandId !== followed,
    );
  } catch (error) {
    deps.onNote?.(
      `Could not ask SSM whether an earlier, unanswered send of this deploy landed late (${describeError(error)}); look for a second command whose script holds ${markerPrefix(unsure.nonce).trim()}.`,
    );
    return;
  }
  await cancelExtra(
    strays.filter((command) => command.Status === 'Pending'),
    followed,
    deps,
  );
  for (const command of strays.filter((c) => c.Status !== 'Pending'))
    deps.onNote?.(
      `SSM also has command ${command.CommandId ?? ''} with this deploy's marker, from a send that landed late, and it has already started (${command.Status ?? 'status unknown'}): it is left to finish, and deploys the same commit again.`,
    );
}

function lookHint(nonce: string): string {
  return `Look in the Run Command history of the AWS console for a command whose script holds ${markerPrefix(nonce).trim()}, and cancel it or let it finish; run the job again if there is none.`;
}

/** The commands of this deploy among SSM's recent ones (one, unless a send landed late), by the nonce in their script. */
export async function findSent(ssm: SSMClient, nonce: string, since: number): Promise<Command[]> {
  const marker = markerPrefix(nonce);
  const found: Command[] = [];
  let token: string | undefined;
  for (let page = 0; page < LOOKUP_MAX_PAGES; page++) {
    const answer = await ssm.send(
      new ListCommandsCommand({
        Filters: [
          // SSM takes a timestamp to the second, as 2024-07-07T00:00:00Z.
          { key: 'InvokedAfter', value: new Date(since).toISOString().replace(/\.\d+Z$/, 'Z') },
          { key: 'DocumentName', value: 'AWS-RunShellScript' },
        ],
        MaxResults: 50,
        ...(token === undefined ? {} : { NextToken: token }),
      }),
    );
    for (const command of answer.Commands ?? [])
      if (command.Parameters?.commands?.some((line) => line.includes(marker))) found.push(command);
    token = answer.NextToken;
    if (token === undefined || token === '') return found;
  }
  throw new Error(
    `more than ${LOOKUP_MAX_PAGES * 50} commands were sent around this time; the search stopped`,
  );
}

function sentFrom(command: Command | undefined): SentCommand {
  const commandId = command?.CommandId;
  if (commandId === undefined || commandId === '')
    throw new Error('SSM accepted the command but returned no command id');
  return { commandId, expiresAt: command?.ExpiresAfter?.getTime() };
}

function notSent(attempts: number, why: string, signal: AbortSignal | undefined): ActionError {
  if (signal?.aborted)
    return new ActionError(
      'The workflow was cancelled before SSM took the command; nothing was sent, so nothing was deployed.',
    );
  return new ActionError(
    `SendCommand failed ${attempts} time(s), the last with ${why}; SSM has not taken the command, so nothing was deployed.`,
    {
      hint: 'SSM kept throttling or could not be reached: run the job again later, or raise AWS_MAX_ATTEMPTS.',
    },
  );
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
