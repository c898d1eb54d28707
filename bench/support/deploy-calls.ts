// Reading one deploy from the sandbox's records: the command's real start and end (from its
// command history), and the action's SSM calls around them (from the call log).
//
// - The status poll is the operation of the first call after SendCommand: GetCommandInvocation
//   for one instance, ListCommands for a fleet. A poll cycle is one status poll and the calls that
//   follow it before the next one (a fleet's pages of ListCommandInvocations).
// - The call that noticed the end is the first status poll that arrived after the command's last
//   invocation ended. Poll calls are every call after SendCommand up to and including it; calls
//   after it collect the results.

import type { CommandSummary, Sandbox } from '../../sandbox/index.js';
import type { Probe } from './action.js';
import { countByOperation, endOf } from './calls.js';

export interface DeployCalls {
  readonly commandId: string;
  /** The command's run time on the sandbox's clock: from SendCommand to its last invocation's end. */
  readonly runSeconds: number;
  readonly statusOperation: string;
  readonly pollCalls: number;
  /** Calls in each poll cycle, in order. */
  readonly cycles: readonly number[];
  readonly collectionCalls: number;
  /** Every AWS call of the run, all services. */
  readonly totalCalls: number;
  readonly counts: Readonly<Record<string, number>>;
  /** From the command's end to the end of the call that saw it, on the action's clock. */
  readonly noticedAfterSeconds: number;
  /** From the command's end to the action's exit, on the action's clock. */
  readonly exitedAfterSeconds: number;
  /** The action's peak memory (VmHWM), MB (10^6 bytes). */
  readonly peakMemoryMB: number;
  /** The action's CPU time, ms. */
  readonly cpuMs: number;
}

function lastCommand(sandbox: Sandbox): CommandSummary {
  const command = sandbox.commandHistory().at(-1);
  if (command === undefined) throw new Error('the action sent no command');
  if (command.finishedAt === undefined)
    throw new Error(`command ${command.commandId} has not finished`);
  return command;
}

/**
 * `scale`: how much faster than real time the sandbox's and the action's clocks ran; real
 * durations are multiplied by it, so that every figure is on the clock the action saw.
 */
export function readDeploy(sandbox: Sandbox, probe: Probe, scale: number): DeployCalls {
  const command = lastCommand(sandbox);
  const finishedAt = command.finishedAt ?? 0;
  const all = sandbox.calls();
  const ssm = all.filter((call) => call.service === 'ssm');
  const sendIndex = ssm.findIndex((call) => call.operation === 'SendCommand');
  if (sendIndex < 0) throw new Error('no SendCommand in the call log');
  const after = ssm.slice(sendIndex + 1);
  const statusOperation = after[0]?.operation;
  if (statusOperation === undefined) throw new Error('the action never polled');
  const noticedIndex = after.findIndex(
    (call) => call.operation === statusOperation && call.time >= finishedAt,
  );
  if (noticedIndex < 0) throw new Error('no status poll after the command finished');
  const polls = after.slice(0, noticedIndex + 1);
  const noticing = after[noticedIndex];
  if (noticing === undefined) throw new Error('no status poll after the command finished');
  const cycles: number[] = [];
  for (const call of polls) {
    if (call.operation === statusOperation || cycles.length === 0) cycles.push(0);
    cycles[cycles.length - 1] = (cycles[cycles.length - 1] ?? 0) + 1;
  }
  const seconds = (ms: number): number => (ms * scale) / 1000;
  return {
    commandId: command.commandId,
    runSeconds: seconds(finishedAt - command.requestedAt),
    statusOperation,
    pollCalls: polls.length,
    cycles,
    collectionCalls: after.length - polls.length,
    totalCalls: all.length,
    counts: countByOperation(all),
    noticedAfterSeconds: seconds(endOf(noticing) - finishedAt),
    exitedAfterSeconds: seconds(probe.exitedAt - finishedAt),
    peakMemoryMB: (probe.maxRssKiB * 1024) / 1e6,
    cpuMs: probe.cpuMs,
  };
}

/**
 * The design's promise: a finished command is noticed within max(1.5 s, min(10% of its run
 * time, 10 s)).
 */
export function noticeLimitSeconds(runSeconds: number): number {
  return Math.max(1.5, Math.min(0.1 * runSeconds, 10));
}
