// Run Command: SendCommand, GetCommandInvocation, ListCommandInvocations, ListCommands and
// CancelCommand. Invocations move through the states AWS reports (command-state.ts), scripts
// really run on the sandbox's instances (agent.ts), and MaxConcurrency, MaxErrors, the delivery
// timeout, executionTimeout, tag resolution and S3 output are applied here as they happen.

import {
  type Lingering,
  type RunningScript,
  type ScriptOutcome,
  orchestrationDir,
  runScript,
} from '../agent.js';
import type { SandboxClock } from '../clock.js';
import { ServiceError } from '../errors.js';
import type { Instance, InstanceRegistry } from '../instances.js';
import { type JsonInput, paginate } from '../json-input.js';
import type { LogStore } from '../logs.js';
import type { S3Store } from '../s3.js';
import type { SandboxSettings } from '../settings.js';
import {
  COMMAND_ID,
  checkInstanceId,
  readCommandFilters,
  readSendCommand,
} from './command-input.js';
import {
  type Command,
  type Ending,
  type Invocation,
  type Phase,
  PLUGIN_NAME,
  commandState,
  invocationState,
  isError,
  outputKeys,
  rateLimit,
} from './command-state.js';
import { describeCommand, describeInvocation, describeInvocationResult } from './command-views.js';
import { DEFAULT_LOG_GROUP, startOutputUpload } from './cloudwatch-output.js';
import { failureNote } from './output.js';

export { STOPPED_EXIT_CODE } from './command-state.js';
export { RUN_SHELL_SCRIPT } from './command-input.js';

/** A command as the sandbox saw it; times are real epoch ms (not the scaled clock). */
export interface CommandSummary {
  readonly commandId: string;
  readonly status: string;
  readonly statusDetails: string;
  readonly requestedAt: number;
  /** When its last invocation ended; undefined while anything is left to do. */
  readonly finishedAt: number | undefined;
  readonly invocations: readonly {
    readonly instanceId: string;
    readonly status: string;
    readonly statusDetails: string;
    readonly responseCode: number;
    readonly startedAt: number | undefined;
    readonly endedAt: number | undefined;
  }[];
}

export interface CommandsContext {
  readonly clock: SandboxClock;
  readonly instances: InstanceRegistry;
  readonly s3: S3Store;
  readonly logs: LogStore;
  readonly settings: () => SandboxSettings;
  readonly extraEnv: Readonly<Record<string, string>>;
}

export class CommandService {
  readonly #commands: Command[] = [];
  readonly #running = new Set<RunningScript>();
  /** What finished scripts left running (apps their deploy scripts started), ended at shutdown. */
  readonly #lingering = new Set<Lingering>();
  /** Set by shutdown(): nothing new may start after it, even as killed scripts report back. */
  #stopped = false;

  constructor(private readonly ctx: CommandsContext) {
    ctx.instances.onStateChange((instance) => this.#instanceChanged(instance));
  }

  sendCommand(input: JsonInput, region: string): object {
    const now = this.ctx.clock.now();
    const command = readSendCommand(input, region, now, Date.now(), (id) =>
      Boolean(this.ctx.instances.get(id)),
    );
    this.#commands.push(command);
    command.timers.push(
      this.ctx.clock.at(now + command.timeoutSeconds * 1000, () => this.#deliveryTimeout(command)),
    );
    if (command.targets.length === 0) {
      this.#addInvocations(
        command,
        command.instanceIds
          .map((id) => this.ctx.instances.get(id))
          .filter((i): i is Instance => i !== undefined),
      );
    } else {
      this.#resolveTargets(command);
    }
    return { Command: describeCommand(command) };
  }

  getCommandInvocation(input: JsonInput): object {
    const commandId = input.requiredString('CommandId', COMMAND_ID);
    const instanceId = input.requiredString('InstanceId');
    checkInstanceId('instanceId', instanceId);
    const pluginName = input.string('PluginName', { min: 4 });
    if (pluginName !== undefined && pluginName !== PLUGIN_NAME) {
      throw new ServiceError('InvalidPluginName', undefined);
    }
    const invocation = this.#commands
      .find((c) => c.id === commandId)
      ?.invocations.find((i) => i.instanceId === instanceId && i.visibleAt <= Date.now());
    // SSM answers InvocationDoesNotExist with an empty message.
    if (!invocation) throw new ServiceError('InvocationDoesNotExist', undefined);
    return describeInvocationResult(invocation, this.ctx.clock.now());
  }

  listCommandInvocations(input: JsonInput): object {
    const commandId = input.string('CommandId', COMMAND_ID);
    const instanceId = input.string('InstanceId');
    const maxResults = input.number('MaxResults', { min: 1, max: 50 }) ?? 50;
    const details = input.boolean('Details') ?? false;
    const filter = readCommandFilters(input);
    const commands =
      commandId === undefined
        ? [...this.#commands].reverse()
        : this.#commands.filter((c) => c.id === commandId);
    const now = Date.now();
    const invocations = commands
      .flatMap((c) => c.invocations)
      .filter(
        (i) => i.visibleAt <= now && (instanceId === undefined || i.instanceId === instanceId),
      )
      .filter((i) => filter(i.command, invocationState(i).status));
    const scope = `invocations:${commandId ?? '*'}:${instanceId ?? '*'}`;
    const { page, nextToken } = paginate(
      invocations,
      scope,
      maxResults,
      input.string('NextToken'),
      invalidToken,
    );
    return {
      CommandInvocations: page.map((i) => describeInvocation(i, details)),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  }

  listCommands(input: JsonInput): object {
    const commandId = input.string('CommandId', COMMAND_ID);
    const instanceId = input.string('InstanceId');
    const maxResults = input.number('MaxResults', { min: 1, max: 50 }) ?? 50;
    const filter = readCommandFilters(input);
    if (commandId !== undefined && !this.#commands.some((c) => c.id === commandId)) {
      throw new ServiceError('InvalidCommandId', undefined);
    }
    const commands = [...this.#commands]
      .reverse()
      .filter((c) => commandId === undefined || c.id === commandId)
      .filter(
        (c) => instanceId === undefined || c.invocations.some((i) => i.instanceId === instanceId),
      )
      .filter((c) => filter(c, commandState(c).status));
    const scope = `commands:${commandId ?? '*'}:${instanceId ?? '*'}`;
    const { page, nextToken } = paginate(
      commands,
      scope,
      maxResults,
      input.string('NextToken'),
      invalidToken,
    );
    return {
      Commands: page.map((c) => describeCommand(c)),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  }

  cancelCommand(input: JsonInput): object {
    const commandId = input.requiredString('CommandId', COMMAND_ID);
    const instanceIds = input.stringList('InstanceIds', { max: 50 });
    const command = this.#commands.find((c) => c.id === commandId);
    if (!command) throw new ServiceError('InvalidCommandId', undefined);
    if (instanceIds === undefined || instanceIds.length === 0) command.cancelRequested = true;
    for (const invocation of command.invocations) {
      if (
        instanceIds === undefined ||
        instanceIds.length === 0 ||
        instanceIds.includes(invocation.instanceId)
      ) {
        this.#cancelInvocation(invocation);
      }
    }
    this.#settle(command);
    return {};
  }

  /** Kills every script still running and stops every timer; returns when they have exited. */
  async shutdown(): Promise<void> {
    this.#stopped = true;
    for (const command of this.#commands) for (const timer of command.timers) timer.cancel();
    const running = [...this.#running];
    await Promise.all([
      ...running.map((p) => p.sweep()),
      ...[...this.#lingering].map((l) => l.sweep()),
    ]);
    this.#lingering.clear();
    // Let the exits be reported (and their output read) before the files are removed.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(running.map((p) => p.outcome)),
      new Promise((resolve) => (timer = setTimeout(resolve, 2000))),
    ]);
    clearTimeout(timer);
  }

  /** Synchronous last resort (process exit): SIGKILL every script and what it left behind. */
  killAll(): void {
    this.#stopped = true;
    for (const p of this.#running) p.sweepNow();
    for (const l of this.#lingering) l.sweepNow();
  }

  /** What happened to every command so far, with real times, for tests and benchmarks. */
  history(): readonly CommandSummary[] {
    return this.#commands.map((command) => {
      const { status, details } = commandState(command);
      const invocations = command.invocations.map((i) => {
        const state = invocationState(i);
        return {
          instanceId: i.instanceId,
          status: state.status,
          statusDetails: state.details,
          responseCode: state.code,
          startedAt: i.realStarted,
          endedAt: i.realEnded,
        };
      });
      const done = command.resolved && command.invocations.every((i) => i.phase.name === 'done');
      const endings = command.invocations.map((i) => i.realEnded ?? 0);
      return {
        commandId: command.id,
        status,
        statusDetails: details,
        requestedAt: command.requestedReal,
        finishedAt: done ? Math.max(command.requestedReal, ...endings) : undefined,
        invocations,
      };
    });
  }

  /** Process ids of the scripts running now (for tests that check nothing is left behind). */
  runningPids(): readonly number[] {
    return [...this.#running].map((p) => p.pid);
  }

  #resolveTargets(command: Command): void {
    const { delayMs, batchSize, intervalMs } = this.ctx.settings().targetResolution;
    const timer = this.ctx.clock.afterReal(delayMs, () => {
      const matched = [...this.ctx.instances.match(command.targets)];
      const addBatch = (): void => {
        this.#addInvocations(command, matched.splice(0, batchSize));
        if (matched.length === 0) {
          command.resolved = true;
          this.#settle(command);
        } else {
          command.timers.push(this.ctx.clock.afterReal(intervalMs, addBatch));
        }
      };
      addBatch();
    });
    command.timers.push(timer);
  }

  #addInvocations(command: Command, instances: readonly Instance[]): void {
    const visibleAt = command.requestedReal + this.ctx.settings().invocationDoesNotExistMs;
    for (const instance of instances) {
      const invocation: Invocation = {
        command,
        instanceId: instance.id,
        instanceName: instance.name,
        visibleAt,
        phase: { name: 'waiting' },
        started: undefined,
        ended: undefined,
        realStarted: undefined,
        realEnded: undefined,
        stdout: '',
        stderr: '',
        undeliverable: undefined,
      };
      command.invocations.push(invocation);
      if (command.cancelRequested) this.#end(invocation, { kind: 'Cancelled', ran: false });
      else if (this.ctx.clock.now() >= command.requested + command.timeoutSeconds * 1000)
        this.#end(invocation, { kind: 'DeliveryTimedOut' });
      else if (this.#errorsExceeded(command)) this.#end(invocation, { kind: 'NotSent' });
      else if (instance.state === 'unreachable') this.#scheduleUndeliverable(invocation);
    }
    this.#pump(command);
  }

  /** Starts waiting invocations on online instances while MaxConcurrency allows. */
  #pump(command: Command): void {
    if (command.cancelRequested || this.#stopped) return;
    const limit = rateLimit(command.maxConcurrency, command.invocations.length, 1);
    let active = command.invocations.filter(
      (i) => i.phase.name === 'delivering' || i.phase.name === 'running',
    ).length;
    for (const invocation of command.invocations) {
      if (active >= limit) break;
      if (invocation.phase.name !== 'waiting') continue;
      if (this.ctx.instances.get(invocation.instanceId)?.state !== 'online') continue;
      active += 1;
      const timer = this.ctx.clock.afterReal(this.ctx.settings().deliveryDelayMs, () =>
        this.#start(invocation),
      );
      invocation.phase = { name: 'delivering', timer };
    }
  }

  #start(invocation: Invocation): void {
    const command = invocation.command;
    const instance = this.ctx.instances.get(invocation.instanceId);
    if (invocation.phase.name !== 'delivering' || !instance || this.#stopped) return;
    invocation.started = this.ctx.clock.now();
    invocation.realStarted = Date.now();
    const process = runScript({
      instance,
      mappedPaths: this.ctx.instances.mappedPaths,
      commandId: command.id,
      commands: command.commands,
      workingDirectory: command.workingDirectory,
      region: command.region,
      extraEnv: this.ctx.extraEnv,
    });
    this.#running.add(process);
    const upload = command.cloudWatch.CloudWatchOutputEnabled
      ? startOutputUpload({
          logs: this.ctx.logs,
          clock: this.ctx.clock,
          uploadIntervalMs: () => this.ctx.settings().cloudWatchUploadMs,
          group: command.cloudWatch.CloudWatchLogGroupName || DEFAULT_LOG_GROUP,
          region: command.region,
          commandId: command.id,
          instanceId: instance.id,
          outputDir: orchestrationDir(instance, command.id),
        })
      : undefined;
    let timedOut = false;
    const phase: Phase = {
      name: 'running',
      process,
      cancelling: false,
      timeout: this.ctx.clock.after(command.executionTimeout * 1000, () => {
        timedOut = true;
        process.kill();
      }),
    };
    invocation.phase = phase;
    void process.outcome.then((outcome) => {
      upload?.finish();
      this.#running.delete(process);
      const lingering = process.lingering();
      if (lingering) this.#lingering.add(lingering);
      phase.timeout.cancel();
      this.#finishRun(invocation, outcome, timedOut, phase.cancelling);
    });
  }

  #finishRun(
    invocation: Invocation,
    outcome: ScriptOutcome,
    timedOut: boolean,
    cancelled: boolean,
  ): void {
    invocation.stdout = outcome.stdout;
    if (cancelled) {
      invocation.stderr = outcome.stderr;
      this.#end(invocation, { kind: 'Cancelled', ran: true });
    } else if (timedOut) {
      invocation.stderr = outcome.stderr;
      this.#end(invocation, { kind: 'ExecutionTimedOut' });
    } else if (outcome.exitCode === 0) {
      invocation.stderr = outcome.stderr;
      this.#end(invocation, { kind: 'Success', code: 0 });
    } else {
      // Go reports a process ended by a signal with exit status -1; the agent passes it on.
      invocation.stderr = failureNote(outcome.stderr, outcome.exitCode, outcome.signal);
      this.#end(invocation, { kind: 'Failed', code: outcome.exitCode ?? -1 });
    }
    this.#uploadOutput(invocation);
  }

  #end(invocation: Invocation, ending: Ending): void {
    if (invocation.phase.name === 'done') return;
    if (invocation.phase.name === 'delivering') invocation.phase.timer.cancel();
    invocation.undeliverable?.cancel();
    invocation.phase = { name: 'done', ending };
    if (invocation.started !== undefined) {
      invocation.ended = this.ctx.clock.now();
      invocation.realEnded = Date.now();
    }
    const command = invocation.command;
    if (this.#errorsExceeded(command)) {
      for (const other of command.invocations)
        if (other.phase.name === 'waiting') this.#end(other, { kind: 'NotSent' });
    }
    this.#pump(command);
    this.#settle(command);
  }

  #cancelInvocation(invocation: Invocation): void {
    const phase = invocation.phase;
    if (phase.name === 'running') {
      phase.cancelling = true;
      phase.process.kill();
    } else if (phase.name !== 'done') {
      this.#end(invocation, { kind: 'Cancelled', ran: false });
    }
  }

  #deliveryTimeout(command: Command): void {
    for (const invocation of command.invocations) {
      if (invocation.phase.name === 'waiting' || invocation.phase.name === 'delivering') {
        this.#end(invocation, { kind: 'DeliveryTimedOut' });
      }
    }
  }

  #scheduleUndeliverable(invocation: Invocation): void {
    invocation.undeliverable?.cancel();
    invocation.undeliverable = this.ctx.clock.afterReal(
      this.ctx.settings().undeliverableAfterMs,
      () => {
        if (invocation.phase.name === 'waiting') this.#end(invocation, { kind: 'Undeliverable' });
      },
    );
  }

  #instanceChanged(instance: Instance): void {
    for (const command of this.#commands) {
      for (const invocation of command.invocations) {
        if (invocation.instanceId !== instance.id || invocation.phase.name !== 'waiting') continue;
        if (instance.state === 'unreachable') this.#scheduleUndeliverable(invocation);
        else {
          invocation.undeliverable?.cancel();
          invocation.undeliverable = undefined;
        }
      }
      this.#pump(command);
    }
  }

  #errorsExceeded(command: Command): boolean {
    const errors = command.invocations.filter((i) => isError(i)).length;
    return errors > rateLimit(command.maxErrors, command.invocations.length, 0);
  }

  /** Once every invocation has ended, nothing is left to wait for: stop the command's timers. */
  #settle(command: Command): void {
    if (command.resolved && command.invocations.every((i) => i.phase.name === 'done')) {
      for (const timer of command.timers) timer.cancel();
    }
  }

  #uploadOutput(invocation: Invocation): void {
    const target = invocation.command.outputS3;
    if (!target) return;
    const keys = outputKeys(invocation);
    for (const [stream, content] of [
      ['stdout', invocation.stdout],
      ['stderr', invocation.stderr],
    ] as const) {
      if (content === '') continue;
      try {
        this.ctx.s3.putObject(target.bucket, keys[stream], Buffer.from(content));
      } catch {
        // The agent only logs a failed upload (no bucket, no access); the invocation is unaffected.
      }
    }
  }
}

function invalidToken(): ServiceError {
  return new ServiceError('InvalidNextToken', "The specified token isn't valid.");
}
