// Run Command: SendCommand, GetCommandInvocation, ListCommandInvocations, ListCommands and
// CancelCommand. Invocations move through the states AWS reports, scripts really run on the
// sandbox's instances (agent.ts), and the command's own status and counters follow the rules of
// "Understanding command statuses" in the Systems Manager user guide.

import { randomUUID } from 'node:crypto';
import { type RunningScript, type ScriptOutcome, runScript } from '../agent.js';
import type { SandboxClock, Timer } from '../clock.js';
import { ServiceError, validationError } from '../errors.js';
import type { Instance, InstanceRegistry, Target } from '../instances.js';
import { type JsonInput, epochSeconds, paginate } from '../json-input.js';
import type { S3Store } from '../s3.js';
import type { SandboxSettings } from '../settings.js';
import { MAX_STDERR_CONTENT, MAX_STDOUT_CONTENT, failureNote, pluginOutput } from './output.js';

export const RUN_SHELL_SCRIPT = 'AWS-RunShellScript';
const PLUGIN_NAME = 'aws:runShellScript';
/** The agent's exit code for a script it killed (timeout, cancel): 128 + SIGKILL. */
export const STOPPED_EXIT_CODE = 137;
/** An assumption of the sandbox: the commands of one SendCommand may total at most 64 KB. */
const MAX_COMMANDS_BYTES = 64 * 1024;

type InvocationStatus =
  | 'Pending'
  | 'InProgress'
  | 'Delayed'
  | 'Success'
  | 'Cancelled'
  | 'TimedOut'
  | 'Failed'
  | 'Cancelling';
type CommandStatus =
  'Pending' | 'InProgress' | 'Success' | 'Cancelled' | 'Failed' | 'TimedOut' | 'Cancelling';

/** How an invocation ended. `ran` tells whether its script started (ResponseCode -1 if not). */
type Ending =
  | { readonly kind: 'Success'; readonly code: number }
  | { readonly kind: 'Failed'; readonly code: number }
  | { readonly kind: 'ExecutionTimedOut' }
  | { readonly kind: 'Cancelled'; readonly ran: boolean }
  | { readonly kind: 'DeliveryTimedOut' }
  | { readonly kind: 'Undeliverable' }
  /** Never sent because the command's MaxErrors was exceeded. */
  | { readonly kind: 'NotSent' };

type Phase =
  | { readonly name: 'waiting' }
  | { readonly name: 'delivering'; readonly timer: Timer }
  | {
      readonly name: 'running';
      readonly process: RunningScript;
      readonly timeout: Timer;
      cancelling: boolean;
    }
  | { readonly name: 'done'; readonly ending: Ending };

interface Invocation {
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

interface Command {
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
  readonly settings: () => SandboxSettings;
  readonly extraEnv: Readonly<Record<string, string>>;
}

const COMMAND_ID = { min: 36, max: 36 };
const INSTANCE_ID = /^(i-(\w{8}|\w{17})|mi-\w{17})$/;
const CONCURRENCY = /^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$/;
const ERRORS = /^([1-9][0-9]*|0|[1-9][0-9]%|[0-9]%|100%)$/;
const EXECUTION_TIMEOUT =
  /^([1-9][0-9]{0,4}|1[0-6][0-9]{4}|17[0-1][0-9]{3}|172[0-7][0-9]{2}|172800)$/;

function invocationDoesNotExist(): ServiceError {
  return new ServiceError('InvocationDoesNotExist', undefined);
}

export class CommandService {
  readonly #commands: Command[] = [];
  readonly #running = new Set<RunningScript>();
  /** Set by shutdown(): nothing new may start after it, even as killed scripts report back. */
  #stopped = false;

  constructor(private readonly ctx: CommandsContext) {
    ctx.instances.onStateChange((instance) => this.#instanceChanged(instance));
  }

  sendCommand(input: JsonInput, region: string): object {
    const documentName = input.requiredString('DocumentName');
    if (documentName !== RUN_SHELL_SCRIPT) {
      throw new ServiceError(
        'InvalidDocument',
        `Document with name ${documentName} does not exist.`,
      );
    }
    const documentVersion = input.string('DocumentVersion') ?? '$DEFAULT';
    const parameters = input.stringListMap('Parameters') ?? {};
    for (const name of Object.keys(parameters)) {
      if (!['commands', 'workingDirectory', 'executionTimeout'].includes(name)) {
        throw new ServiceError(
          'InvalidParameters',
          `Parameter "${name}" is not defined in document ${RUN_SHELL_SCRIPT}.`,
        );
      }
    }
    const commands = parameters.commands ?? [];
    if (commands.length === 0) {
      throw new ServiceError(
        'InvalidParameters',
        'Parameter "commands" is required and must not be empty.',
      );
    }
    if (Buffer.byteLength(commands.join('\n')) > MAX_COMMANDS_BYTES) {
      throw new ServiceError(
        'MaxDocumentSizeExceeded',
        `The commands exceed the maximum size of ${MAX_COMMANDS_BYTES} bytes.`,
      );
    }
    const executionTimeoutText = parameters.executionTimeout?.[0] ?? '3600';
    if (
      !EXECUTION_TIMEOUT.test(executionTimeoutText) ||
      (parameters.executionTimeout?.length ?? 1) !== 1
    ) {
      throw new ServiceError(
        'InvalidParameters',
        `Parameter "executionTimeout" "${executionTimeoutText}" does not match the allowed pattern.`,
      );
    }
    const workingDirectory = parameters.workingDirectory?.[0] || undefined;
    const instanceIds = input.stringList('InstanceIds', { max: 50 });
    const targets = readTargets(input);
    if ((instanceIds === undefined || instanceIds.length === 0) === (targets.length === 0)) {
      throw new ServiceError(
        'ValidationException',
        'Specify either InstanceIds or Targets, but not both.',
      );
    }
    for (const id of instanceIds ?? []) {
      if (!INSTANCE_ID.test(id))
        throw validationError(
          'instanceIds',
          id,
          'Member must satisfy regular expression pattern: (^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)',
        );
    }
    const unknown = (instanceIds ?? []).filter((id) => !this.ctx.instances.get(id));
    if (unknown.length > 0) throw new ServiceError('InvalidInstanceId', undefined);
    const timeoutSeconds = input.number('TimeoutSeconds', { min: 30, max: 2_592_000 }) ?? 3600;
    const comment = input.string('Comment', { max: 100 }) ?? '';
    const maxConcurrency =
      input.string('MaxConcurrency', { min: 1, max: 7, pattern: CONCURRENCY }) ?? '50';
    const maxErrors = input.string('MaxErrors', { min: 1, max: 7, pattern: ERRORS }) ?? '0';
    const bucket = input.string('OutputS3BucketName', { min: 3, max: 63 });
    const prefix = input.string('OutputS3KeyPrefix', { max: 500 }) ?? '';
    const cloudWatch = input.body.CloudWatchOutputConfig as Record<string, unknown> | undefined;
    const now = this.ctx.clock.now();
    const command: Command = {
      id: randomUUID(),
      region,
      documentName,
      documentVersion,
      parameters,
      commands,
      workingDirectory,
      executionTimeout: Number(executionTimeoutText),
      instanceIds: [...new Set(instanceIds ?? [])],
      targets,
      comment,
      requested: now,
      requestedReal: Date.now(),
      timeoutSeconds,
      maxConcurrency,
      maxErrors,
      outputS3:
        bucket === undefined
          ? undefined
          : { region: input.string('OutputS3Region') ?? region, bucket, prefix },
      cloudWatch: {
        CloudWatchLogGroupName:
          typeof cloudWatch?.CloudWatchLogGroupName === 'string'
            ? cloudWatch.CloudWatchLogGroupName
            : '',
        CloudWatchOutputEnabled: cloudWatch?.CloudWatchOutputEnabled === true,
      },
      serviceRole: input.string('ServiceRoleArn') ?? '',
      invocations: [],
      resolved: targets.length === 0,
      cancelRequested: false,
      timers: [],
    };
    this.#commands.push(command);
    command.timers.push(
      this.ctx.clock.at(now + timeoutSeconds * 1000, () => this.#deliveryTimeout(command)),
    );
    if (targets.length === 0) {
      this.#addInvocations(
        command,
        command.instanceIds
          .map((id) => this.ctx.instances.get(id))
          .filter((i): i is Instance => i !== undefined),
      );
    } else {
      this.#resolveTargets(command);
    }
    return { Command: this.#describeCommand(command) };
  }

  getCommandInvocation(input: JsonInput): object {
    const commandId = input.requiredString('CommandId', COMMAND_ID);
    const instanceId = input.requiredString('InstanceId');
    if (!INSTANCE_ID.test(instanceId))
      throw validationError(
        'instanceId',
        instanceId,
        'Member must satisfy regular expression pattern: (^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)',
      );
    const pluginName = input.string('PluginName', { min: 4 });
    if (pluginName !== undefined && pluginName !== PLUGIN_NAME)
      throw new ServiceError('InvalidPluginName', undefined);
    const invocation = this.#commands
      .find((c) => c.id === commandId)
      ?.invocations.find((i) => i.instanceId === instanceId && i.visibleAt <= Date.now());
    if (!invocation) throw invocationDoesNotExist();
    const command = invocation.command;
    const { status, details, code } = invocationState(invocation);
    const finished = invocation.phase.name === 'done';
    const urls = this.#outputUrls(invocation);
    return {
      CommandId: command.id,
      InstanceId: invocation.instanceId,
      Comment: command.comment,
      DocumentName: command.documentName,
      DocumentVersion: command.documentVersion,
      PluginName: PLUGIN_NAME,
      ResponseCode: code,
      ExecutionStartDateTime:
        invocation.started === undefined ? '' : new Date(invocation.started).toISOString(),
      ExecutionElapsedTime:
        invocation.started === undefined
          ? ''
          : elapsed((invocation.ended ?? this.ctx.clock.now()) - invocation.started),
      ExecutionEndDateTime:
        invocation.ended === undefined ? '' : new Date(invocation.ended).toISOString(),
      Status: status,
      StatusDetails: details,
      StandardOutputContent: finished ? invocation.stdout.slice(0, MAX_STDOUT_CONTENT) : '',
      StandardOutputUrl: urls.stdout,
      StandardErrorContent: finished ? invocation.stderr.slice(0, MAX_STDERR_CONTENT) : '',
      StandardErrorUrl: urls.stderr,
      CloudWatchOutputConfig: command.cloudWatch,
    };
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
      CommandInvocations: page.map((i) => this.#describeInvocation(i, details)),
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
      Commands: page.map((c) => this.#describeCommand(c)),
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
    await Promise.all(running.map((p) => p.sweep()));
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
      this.#running.delete(process);
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

  #outputUrls(invocation: Invocation): { stdout: string; stderr: string } {
    const target = invocation.command.outputS3;
    if (!target || invocation.started === undefined) return { stdout: '', stderr: '' };
    const keys = outputKeys(invocation);
    const base = `https://s3.${target.region}.amazonaws.com/${target.bucket}`;
    return { stdout: `${base}/${keys.stdout}`, stderr: `${base}/${keys.stderr}` };
  }

  #describeInvocation(invocation: Invocation, details: boolean): object {
    const command = invocation.command;
    const { status, details: statusDetails, code } = invocationState(invocation);
    const urls = this.#outputUrls(invocation);
    const finished = invocation.phase.name === 'done';
    const plugin = {
      Name: PLUGIN_NAME,
      Status: status === 'Cancelling' ? 'InProgress' : status === 'Delayed' ? 'Pending' : status,
      StatusDetails: statusDetails,
      ResponseCode: code,
      ...(invocation.started === undefined
        ? {}
        : { ResponseStartDateTime: epochSeconds(invocation.started) }),
      ...(invocation.ended === undefined
        ? {}
        : { ResponseFinishDateTime: epochSeconds(invocation.ended) }),
      Output: finished ? pluginOutput(invocation.stdout, invocation.stderr) : '',
      StandardOutputUrl: urls.stdout,
      StandardErrorUrl: urls.stderr,
      OutputS3Region: command.outputS3?.region ?? command.region,
      OutputS3BucketName: command.outputS3?.bucket ?? '',
      OutputS3KeyPrefix: command.outputS3
        ? joinKey(command.outputS3.prefix, command.id, invocation.instanceId, 'awsrunShellScript')
        : '',
    };
    return {
      CommandId: command.id,
      InstanceId: invocation.instanceId,
      ...(invocation.instanceName === undefined ? {} : { InstanceName: invocation.instanceName }),
      Comment: command.comment,
      DocumentName: command.documentName,
      DocumentVersion: command.documentVersion,
      RequestedDateTime: epochSeconds(command.requested),
      Status: status,
      StatusDetails: statusDetails,
      TraceOutput: '',
      StandardOutputUrl: urls.stdout,
      StandardErrorUrl: urls.stderr,
      CommandPlugins: details ? [plugin] : [],
      ServiceRole: command.serviceRole,
      NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: '' },
      CloudWatchOutputConfig: command.cloudWatch,
    };
  }

  #describeCommand(command: Command): object {
    const { status, details } = commandState(command);
    const invocations = command.invocations;
    return {
      CommandId: command.id,
      DocumentName: command.documentName,
      DocumentVersion: command.documentVersion,
      Comment: command.comment,
      ExpiresAfter: epochSeconds(
        command.requested + (command.timeoutSeconds + command.executionTimeout) * 1000,
      ),
      Parameters: command.parameters,
      InstanceIds: command.instanceIds,
      Targets: command.targets,
      RequestedDateTime: epochSeconds(command.requested),
      Status: status,
      StatusDetails: details,
      OutputS3Region: command.outputS3?.region ?? command.region,
      OutputS3BucketName: command.outputS3?.bucket ?? '',
      OutputS3KeyPrefix: command.outputS3?.prefix ?? '',
      MaxConcurrency: command.maxConcurrency,
      MaxErrors: command.maxErrors,
      TargetCount: invocations.length,
      CompletedCount: invocations.filter((i) => i.phase.name === 'done').length,
      ErrorCount: invocations.filter(isError).length,
      DeliveryTimedOutCount: invocations.filter(
        (i) => i.phase.name === 'done' && i.phase.ending.kind === 'DeliveryTimedOut',
      ).length,
      ServiceRole: command.serviceRole,
      NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: '' },
      CloudWatchOutputConfig: command.cloudWatch,
      TimeoutSeconds: command.timeoutSeconds,
    };
  }
}

function isError(invocation: Invocation): boolean {
  return (
    invocation.phase.name === 'done' &&
    (invocation.phase.ending.kind === 'Failed' ||
      invocation.phase.ending.kind === 'ExecutionTimedOut')
  );
}

function invocationState(invocation: Invocation): {
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
function commandState(command: Command): { status: CommandStatus; details: string } {
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

function outputKeys(invocation: Invocation): { stdout: string; stderr: string } {
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

function joinKey(...parts: readonly string[]): string {
  return parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/');
}

function elapsed(ms: number): string {
  return `PT${(Math.max(0, ms) / 1000).toFixed(3)}S`;
}

function invalidToken(): ServiceError {
  return new ServiceError('InvalidNextToken', "The specified token isn't valid.");
}

function readTargets(input: JsonInput): readonly Target[] {
  const targets = input.objectList('Targets', { max: 5 }) ?? [];
  return targets.map((target) => {
    const key = target.requiredString('Key', { min: 1, max: 163 });
    const values = target.stringList('Values', { max: 50 }) ?? [];
    if (key !== 'InstanceIds' && key !== 'tag-key' && !/^tag:.+/.test(key)) {
      throw new ServiceError(
        'InvalidTarget',
        `The sandbox supports the target keys InstanceIds, tag:<key> and tag-key, not ${key}.`,
      );
    }
    return { Key: key, Values: values };
  });
}

/** ListCommands / ListCommandInvocations Filters: every filter must hold. */
function readCommandFilters(input: JsonInput): (command: Command, status: string) => boolean {
  const filters = input.objectList('Filters', { max: 5 }) ?? [];
  const tests = filters.map((filter) => {
    const key = filter.requiredString('key');
    const value = filter.requiredString('value', { min: 1 });
    switch (key) {
      case 'InvokedAfter':
      case 'InvokedBefore': {
        const time = Date.parse(value);
        if (Number.isNaN(time)) throw new ServiceError('InvalidFilterValue', undefined);
        return (c: Command) => (key === 'InvokedAfter' ? c.requested >= time : c.requested <= time);
      }
      case 'Status':
        return (_: Command, status: string) => status === value;
      case 'DocumentName':
        return (c: Command) => c.documentName === value;
      case 'ExecutionStage': {
        if (value !== 'Executing' && value !== 'Complete')
          throw new ServiceError('InvalidFilterValue', undefined);
        return (c: Command, status: string) =>
          (value === 'Complete') ===
          ['Success', 'Failed', 'TimedOut', 'Cancelled'].includes(status);
      }
      default:
        throw new ServiceError('InvalidFilterKey', undefined);
    }
  });
  return (command, status) => tests.every((test) => test(command, status));
}
