// What a Run Command command and its invocations are while the sandbox runs them, and the statuses
// AWS reports for them (per invocation, and the command's own from its invocations).

import type { RunningScript } from '../agent.js';
import type { Timer } from '../clock.js';
import type { Target } from '../instances.js';

export const PLUGIN_NAME = 'aws:runShellScript';
/** The agent's exit code for a script it killed (timeout, cancel): 128 + SIGKILL. */
export const STOPPED_EXIT_CODE = 137;

export type InvocationStatus =
  | 'Pending'
  | 'InProgress'
  | 'Delayed'
  | 'Success'
  | 'Cancelled'
  | 'TimedOut'
  | 'Failed'
  | 'Cancelling';
export type CommandStatus =
  'Pending' | 'InProgress' | 'Success' | 'Cancelled' | 'Failed' | 'TimedOut' | 'Cancelling';

/** How an invocation ended. `ran` tells whether its script started (ResponseCode -1 if not). */
export type Ending =
  | { readonly kind: 'Success'; readonly code: number }
  | { readonly kind: 'Failed'; readonly code: number }
  | { readonly kind: 'ExecutionTimedOut' }
  | { readonly kind: 'Cancelled'; readonly ran: boolean }
  | { readonly kind: 'DeliveryTimedOut' }
  | { readonly kind: 'Undeliverable' }
  /** Never sent because the command's MaxErrors was exceeded. */
  | { readonly kind: 'NotSent' };

export type Phase =
  | { readonly name: 'waiting' }
  | { readonly name: 'delivering'; readonly timer: Timer }
  | {
      readonly name: 'running';
      readonly process: RunningScript;
      readonly timeout: Timer;
      cancelling: boolean;
    }
  | { readonly name: 'done'; readonly ending: Ending };

export interface Invocation {
  readonly command: Command;
  readonly instanceId: string;
  readonly instanceName: string | undefined;
  /** Real time after which the API admits the invocation exists. */
  readonly visibleAt: number;
  phase: Phase;
  started: number | undefined;
  ended: number | undefined;
  /** Real times (epoch ms) of the same, for benchmarks that time the action against them. */
  realStarted: number | undefined;
  realEnded: number | undefined;
  stdout: string;
  stderr: string;
  undeliverable: Timer | undefined;
}

export interface Command {
  readonly id: string;
  readonly region: string;
  readonly documentName: string;
  readonly documentVersion: string;
  readonly parameters: Readonly<Record<string, readonly string[]>>;
  readonly commands: readonly string[];
  readonly workingDirectory: string | undefined;
  readonly executionTimeout: number;
  readonly instanceIds: readonly string[];
  readonly targets: readonly Target[];
  readonly comment: string;
  readonly requested: number;
  /** Real time of the SendCommand, from which the InvocationDoesNotExist window is measured. */
  readonly requestedReal: number;
  readonly timeoutSeconds: number;
  readonly maxConcurrency: string;
  readonly maxErrors: string;
  readonly outputS3:
    { readonly region: string; readonly bucket: string; readonly prefix: string } | undefined;
  readonly cloudWatch: {
    readonly CloudWatchLogGroupName: string;
    readonly CloudWatchOutputEnabled: boolean;
  };
  readonly serviceRole: string;
  readonly invocations: Invocation[];
  /** Tag targets resolve asynchronously; until then the invocation list is partial. */
  resolved: boolean;
  cancelRequested: boolean;
  readonly timers: Timer[];
}

export function isError(invocation: Invocation): boolean {
  return (
    invocation.phase.name === 'done' &&
    (invocation.phase.ending.kind === 'Failed' ||
      invocation.phase.ending.kind === 'ExecutionTimedOut')
  );
}

export function invocationState(invocation: Invocation): {
  status: InvocationStatus;
  details: string;
  code: number;
} {
  const phase = invocation.phase;
  switch (phase.name) {
    case 'waiting':
    case 'delivering':
      return { status: 'Pending', details: 'Pending', code: -1 };
    case 'running':
      return phase.cancelling
        ? { status: 'Cancelling', details: 'Cancelling', code: -1 }
        : { status: 'InProgress', details: 'InProgress', code: -1 };
    case 'done': {
      const ending = phase.ending;
      switch (ending.kind) {
        case 'Success':
          return { status: 'Success', details: 'Success', code: ending.code };
        case 'Failed':
          return { status: 'Failed', details: 'Failed', code: ending.code };
        case 'ExecutionTimedOut':
          return { status: 'TimedOut', details: 'ExecutionTimedOut', code: STOPPED_EXIT_CODE };
        case 'Cancelled':
          return {
            status: 'Cancelled',
            details: 'Cancelled',
            code: ending.ran ? STOPPED_EXIT_CODE : -1,
          };
        case 'NotSent':
          return { status: 'Cancelled', details: 'Cancelled', code: -1 };
        case 'DeliveryTimedOut':
          return { status: 'TimedOut', details: 'DeliveryTimedOut', code: -1 };
        case 'Undeliverable':
          return { status: 'Failed', details: 'Undeliverable', code: -1 };
      }
    }
  }
}

/**
 * The command's own status. While anything is left it is Pending (nothing sent yet), InProgress or
 * Cancelling. At the end: Cancelled; Failed (or TimedOut when every error was an execution timeout)
 * once more than MaxErrors invocations failed; TimedOut when more than MaxErrors were never
 * delivered in time; Success when every invocation succeeded (Undeliverable ones do not count, as
 * the AWS documentation says); otherwise Failed with StatusDetails Incomplete.
 */
export function commandState(command: Command): { status: CommandStatus; details: string } {
  const invocations = command.invocations;
  const open = !command.resolved || invocations.some((i) => i.phase.name !== 'done');
  if (open) {
    if (command.cancelRequested) return { status: 'Cancelling', details: 'Cancelling' };
    const sent = invocations.some((i) => i.phase.name === 'running' || i.phase.name === 'done');
    return sent
      ? { status: 'InProgress', details: 'InProgress' }
      : { status: 'Pending', details: 'Pending' };
  }
  if (command.cancelRequested) return { status: 'Cancelled', details: 'Cancelled' };
  const endings = invocations.map((i) =>
    i.phase.name === 'done' ? i.phase.ending.kind : 'NotSent',
  );
  const allowed = rateLimit(command.maxErrors, invocations.length, 0);
  const failed = endings.filter((k) => k === 'Failed').length;
  const executionTimedOut = endings.filter((k) => k === 'ExecutionTimedOut').length;
  const deliveryTimedOut = endings.filter((k) => k === 'DeliveryTimedOut').length;
  if (failed + executionTimedOut > allowed) {
    return failed === 0
      ? { status: 'TimedOut', details: 'ExecutionTimedOut' }
      : { status: 'Failed', details: 'Failed' };
  }
  if (deliveryTimedOut > allowed) return { status: 'TimedOut', details: 'DeliveryTimedOut' };
  if (endings.every((k) => k === 'Success' || k === 'Undeliverable'))
    return { status: 'Success', details: 'Success' };
  return { status: 'Failed', details: 'Incomplete' };
}

/** A MaxConcurrency / MaxErrors value ("10" or "10%") as a count of `total` invocations. */
export function rateLimit(value: string, total: number, floor: number): number {
  if (!value.endsWith('%')) return Number(value);
  return Math.max(floor, Math.floor((Number(value.slice(0, -1)) / 100) * total));
}

export function outputKeys(invocation: Invocation): { stdout: string; stderr: string } {
  const target = invocation.command.outputS3;
  const base = joinKey(
    target?.prefix ?? '',
    invocation.command.id,
    invocation.instanceId,
    'awsrunShellScript',
    '0.awsrunShellScript',
  );
  return { stdout: `${base}/stdout`, stderr: `${base}/stderr` };
}

export function joinKey(...parts: readonly string[]): string {
  return parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/');
}
