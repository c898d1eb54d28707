// The poller: waits until SSM says the command has finished, promptly and with few calls, and
// never longer than its deadline. Pure logic over an injected SSM client, clock and sleep, so
// tests run state sequences, throttling and deadlines instantly.
//
// One instance is polled with GetCommandInvocation (one call answers everything). Several
// instances, or instances chosen by tag, are polled with ListCommands: the command's own status
// and counts are the verdict, because with tag targets SSM resolves the instances
// asynchronously and an invocation list can be empty or partial for a while, so "every
// invocation seen has finished" proves nothing. ListCommandInvocations (pages of 50) is read
// only now and then, to show which instance is where.

import {
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  type Command,
  type GetCommandInvocationCommandOutput,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { describeError, isTerminal, tally } from './status.js';

/** Resolves after `ms`, or as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * The promise: a finished command is noticed within max(1.5 s, min(10% of the time it has run,
 * 10 s)), the time counted from SendCommand. Polls are as far apart as that allows and no closer:
 * frugal while a short deploy may still end any moment, then growing with the deploy, and never
 * more than 10 s apart however long it runs.
 */
export const NOTICE_FLOOR_MS = 1_500;
export const NOTICE_FRACTION = 0.1;
export const NOTICE_CAP_MS = 10_000;
/** How long SSM may take to know a command it has just accepted. */
export const NOT_FOUND_WINDOW_MS = 60_000;
export const PAGE_SIZE = 50;
/** Per-instance listing during a fleet wait: after a change, but not more often than this… */
const LISTING_MIN_GAP_MS = 15_000;
/** …and at least this often, so an instance stuck in Delayed shows up. */
const LISTING_MAX_GAP_MS = 60_000;
/** Polls failing for this long are mentioned (once per period), though polling goes on. */
const ERROR_NOTE_EVERY_MS = 60_000;
/**
 * A poll is sent this much before its time at most, to make up for how long the last one took to
 * answer: it is the answer that must come in time.
 */
const MAX_LEAD_MS = 1_000;

/**
 * The time from a poll at `elapsedMs` to the next: the most a command that ends just after the
 * first poll may wait to be noticed.
 */
export function pollInterval(elapsedMs: number): number {
  return Math.max(
    NOTICE_FLOOR_MS,
    Math.min(Math.floor(elapsedMs * NOTICE_FRACTION), NOTICE_CAP_MS),
  );
}

/**
 * The times of the polls (ms from SendCommand) for a command that has not ended: each one interval
 * after the one before. Nothing has finished the moment it was sent, so the first comes one
 * interval in.
 */
export function pollSchedule(untilMs: number): number[] {
  const times: number[] = [];
  for (let at = pollInterval(0); at <= untilMs; at += pollInterval(at)) times.push(at);
  return times;
}

export interface CommandCounts {
  readonly target: number;
  readonly completed: number;
  readonly errors: number;
  readonly deliveryTimedOut: number;
}

export interface InstanceStatus {
  readonly instanceId: string;
  readonly status: string;
  readonly statusDetails: string;
}

export interface Progress {
  readonly elapsedMs: number;
  readonly commandStatus: string | undefined;
  /** Fleet waits only. */
  readonly counts: CommandCounts | undefined;
  /** As last listed; for a fleet possibly partial or a little behind the counts. */
  readonly instances: readonly InstanceStatus[];
  /** When `instances` were listed (ms since the send); a fleet lists them only now and then. */
  readonly listedAtMs: number | undefined;
}

export type WaitTarget =
  { readonly kind: 'one'; readonly instanceId: string } | { readonly kind: 'fleet' };

export interface WaitRequest {
  readonly commandId: string;
  readonly target: WaitTarget;
  /** When SendCommand returned (epoch ms). */
  readonly sentAt: number;
  /** The wait never goes past this (epoch ms). */
  readonly deadline: number;
  readonly notFoundWindowMs?: number;
}

export interface WaitDeps {
  readonly ssm: SSMClient;
  readonly now: () => number;
  readonly sleep: Sleep;
  /** Aborted when the workflow is cancelled. */
  readonly signal?: AbortSignal | undefined;
  /** Called whenever what is known changes: command status, counts, or instances by status. */
  readonly onProgress?: ((progress: Progress) => void) | undefined;
  /** Things worth a line in the log that do not change the outcome (SSM unreachable, say). */
  readonly onNote?: ((note: string) => void) | undefined;
  /**
   * Work done alongside each poll (following the output in CloudWatch Logs), given the instances
   * as last seen; must not throw. It may answer the instances whose output has ended (the
   * script's last line was read): a sign the command has ended, on which the next poll comes at
   * once rather than at its time. Only a sign: the verdict is always SSM's.
   */
  readonly alongside?:
    | ((instances: readonly InstanceStatus[]) => Promise<ReadonlySet<string> | undefined>)
    | undefined;
}

/** Everything the wait learnt, for the report whatever the outcome. */
export interface Seen {
  readonly commandStatus: string | undefined;
  readonly statusDetails: string | undefined;
  readonly counts: CommandCounts | undefined;
  readonly instances: readonly InstanceStatus[];
  /** One-instance waits: the last GetCommandInvocation answer, with the output. */
  readonly invocation: GetCommandInvocationCommandOutput | undefined;
  /** SSM calls made by the wait. */
  readonly calls: number;
}

export type WaitOutcome =
  | { readonly kind: 'finished'; readonly seen: Seen }
  | { readonly kind: 'deadline'; readonly seen: Seen }
  | { readonly kind: 'aborted'; readonly seen: Seen }
  /** Polling cannot go on (no permission, expired credentials, a command SSM never knew). */
  | {
      readonly kind: 'lost';
      readonly reason: string;
      readonly error: unknown;
      readonly seen: Seen;
    };

/** Errors that polling again will not cure. */
const FATAL_ERRORS = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'ValidationException',
  'CredentialsProviderError',
  'InvalidInstanceId',
]);

/** Errors that mean "SSM does not know this yet" right after SendCommand. */
const NOT_YET_ERRORS = new Set(['InvocationDoesNotExist', 'InvalidCommandId']);

class NotYet extends Error {
  override readonly name = 'NotYet';
}

export async function waitForCommand(request: WaitRequest, deps: WaitDeps): Promise<WaitOutcome> {
  return new Poller(request, deps).run();
}

class Poller {
  private commandStatus: string | undefined;
  private statusDetails: string | undefined;
  private counts: CommandCounts | undefined;
  private instances: InstanceStatus[] = [];
  private instancesListedAt: number | undefined;
  private invocation: GetCommandInvocationCommandOutput | undefined;
  private calls = 0;
  private lastProgressKey = '';
  private lastListingAt = Number.NEGATIVE_INFINITY;
  private countsAtListing = '';
  private failingSince: number | undefined;
  /** Whether the output has shown the end of every instance's script. */
  private ended = false;
  private lastErrorNoteAt = Number.NEGATIVE_INFINITY;
  private readonly window: number;

  constructor(
    private readonly request: WaitRequest,
    private readonly deps: WaitDeps,
  ) {
    this.window = request.notFoundWindowMs ?? NOT_FOUND_WINDOW_MS;
  }

  async run(): Promise<WaitOutcome> {
    const { deps, request } = this;
    // When the next poll is due (ms from SendCommand), and how long the last one took to answer.
    let due = pollInterval(0);
    let lead = 0;
    for (;;) {
      if (deps.signal?.aborted) return { kind: 'aborted', seen: this.seen() };
      const now = deps.now();
      if (now >= request.deadline) return { kind: 'deadline', seen: this.seen() };
      const at = request.sentAt + due - lead;
      if (at > now) await deps.sleep(Math.min(at - now, request.deadline - now), deps.signal);
      if (deps.signal?.aborted) return { kind: 'aborted', seen: this.seen() };

      const polledAt = deps.now();
      let done: boolean;
      const alongside = deps.alongside?.(this.instances);
      try {
        done = await this.poll();
        this.failingSince = undefined;
      } catch (error) {
        await alongside;
        if (deps.signal?.aborted) return { kind: 'aborted', seen: this.seen() };
        const verdict = this.judge(error);
        if (verdict !== undefined) return { kind: 'lost', ...verdict, seen: this.seen() };
        // After a failure the schedule starts again from now, never with polls in a burst.
        const elapsed = deps.now() - request.sentAt;
        due = elapsed + pollInterval(elapsed);
        lead = 0;
        continue;
      }
      const answeredAt = deps.now();
      const ended = await alongside;
      if (done) return { kind: 'finished', seen: this.seen() };
      lead = Math.min(answeredAt - polledAt, MAX_LEAD_MS);
      const polled = Math.max(due, polledAt - request.sentAt);
      if (this.outputEnded(ended)) due = answeredAt - request.sentAt;
      else due = polled + (this.ended ? NOTICE_FLOOR_MS : pollInterval(polled));
    }
  }

  /**
   * Whether the output has just shown that every instance of the command has ended: the next
   * poll then comes at once, and those after it at the shortest interval, as SSM may say so a
   * moment later than the log.
   */
  private outputEnded(endedInstances: ReadonlySet<string> | undefined): boolean {
    if (this.ended || endedInstances === undefined || endedInstances.size === 0) return false;
    const expected =
      this.request.target.kind === 'one'
        ? [this.request.target.instanceId]
        : this.instances.map((instance) => instance.instanceId);
    const target = this.counts?.target ?? expected.length;
    this.ended =
      expected.length > 0 &&
      expected.every((id) => endedInstances.has(id)) &&
      endedInstances.size >= target;
    return this.ended;
  }

  /** One round of polling; true when the command has finished. */
  private async poll(): Promise<boolean> {
    return this.request.target.kind === 'one'
      ? this.pollOne(this.request.target.instanceId)
      : this.pollFleet();
  }

  private async pollOne(instanceId: string): Promise<boolean> {
    const invocation = await this.deps.ssm.send(
      new GetCommandInvocationCommand({
        CommandId: this.request.commandId,
        InstanceId: instanceId,
      }),
      this.callOptions(),
    );
    this.invocation = invocation;
    this.commandStatus = invocation.Status;
    this.statusDetails = invocation.StatusDetails;
    this.instancesListedAt = this.deps.now();
    this.instances = [
      {
        instanceId,
        status: invocation.Status ?? 'Pending',
        statusDetails: invocation.StatusDetails ?? '',
      },
    ];
    this.progress();
    return isTerminal(invocation.Status, invocation.StatusDetails);
  }

  private async pollFleet(): Promise<boolean> {
    const response = await this.deps.ssm.send(
      new ListCommandsCommand({ CommandId: this.request.commandId }),
      this.callOptions(),
    );
    const command = response.Commands?.find((c) => c.CommandId === this.request.commandId);
    if (command === undefined) throw new NotYet('the command is not listed yet');
    this.commandStatus = command.Status;
    this.statusDetails = command.StatusDetails;
    this.counts = countsOf(command);
    const terminal = isTerminal(command.Status, command.StatusDetails);
    if (!terminal && this.listingDue()) await this.listInstances();
    this.progress();
    return terminal;
  }

  private listingDue(): boolean {
    const now = this.deps.now();
    const sinceListing = now - this.lastListingAt;
    const changed = JSON.stringify(this.counts) !== this.countsAtListing;
    return (changed && sinceListing >= LISTING_MIN_GAP_MS) || sinceListing >= LISTING_MAX_GAP_MS;
  }

  /** Best effort: a failure here leaves the previous listing, and the verdict never depends on it. */
  private async listInstances(): Promise<void> {
    this.lastListingAt = this.deps.now();
    this.countsAtListing = JSON.stringify(this.counts);
    const instances: InstanceStatus[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.deps.ssm.send(
          new ListCommandInvocationsCommand({
            CommandId: this.request.commandId,
            MaxResults: PAGE_SIZE,
            ...(token === undefined ? {} : { NextToken: token }),
          }),
          this.callOptions(),
        );
        for (const invocation of page.CommandInvocations ?? [])
          if (invocation.InstanceId !== undefined)
            instances.push({
              instanceId: invocation.InstanceId,
              status: invocation.Status ?? 'Pending',
              statusDetails: invocation.StatusDetails ?? '',
            });
        token = page.NextToken;
      } while (token !== undefined && token !== '');
      this.instances = instances;
      this.instancesListedAt = this.deps.now();
    } catch (error) {
      if (this.deps.signal?.aborted) throw error;
    }
  }

  /** Options for one SSM call, counted. */
  private callOptions(): { abortSignal?: AbortSignal } {
    this.calls++;
    return this.deps.signal === undefined ? {} : { abortSignal: this.deps.signal };
  }

  /** Undefined: poll again. Otherwise why the wait cannot go on. */
  private judge(error: unknown): { reason: string; error: unknown } | undefined {
    const now = this.deps.now();
    const name = error instanceof Error ? error.name : '';
    const elapsed = now - this.request.sentAt;
    if (error instanceof NotYet || NOT_YET_ERRORS.has(name)) {
      if (elapsed < this.window) return undefined;
      return {
        reason: `SSM still had no record of command ${this.request.commandId}${this.request.target.kind === 'one' ? ` on ${this.request.target.instanceId}` : ''} ${Math.round(elapsed / 1000)} s after accepting it`,
        error,
      };
    }
    if (FATAL_ERRORS.has(name))
      return { reason: `polling SSM failed: ${describeError(error)}`, error };
    // Throttling, a network failure or a server error: the command runs on regardless, so keep
    // polling until the deadline, and say so now and then.
    this.failingSince ??= now;
    if (
      now - this.failingSince >= ERROR_NOTE_EVERY_MS &&
      now - this.lastErrorNoteAt >= ERROR_NOTE_EVERY_MS
    ) {
      this.lastErrorNoteAt = now;
      this.deps.onNote?.(
        `SSM has not answered for ${Math.round((now - this.failingSince) / 1000)} s (${describeError(error)}); still trying until the deadline.`,
      );
    }
    return undefined;
  }

  private progress(): void {
    const key = JSON.stringify([this.commandStatus, this.counts, tally(this.instances)]);
    if (key === this.lastProgressKey) return;
    this.lastProgressKey = key;
    this.deps.onProgress?.({
      elapsedMs: this.deps.now() - this.request.sentAt,
      commandStatus: this.commandStatus,
      counts: this.counts,
      instances: this.instances,
      listedAtMs:
        this.instancesListedAt === undefined
          ? undefined
          : this.instancesListedAt - this.request.sentAt,
    });
  }

  private seen(): Seen {
    return {
      commandStatus: this.commandStatus,
      statusDetails: this.statusDetails,
      counts: this.counts,
      instances: this.instances,
      invocation: this.invocation,
      calls: this.calls,
    };
  }
}

function countsOf(command: Command): CommandCounts {
  return {
    target: command.TargetCount ?? 0,
    completed: command.CompletedCount ?? 0,
    errors: command.ErrorCount ?? 0,
    deliveryTimedOut: command.DeliveryTimedOutCount ?? 0,
  };
}
