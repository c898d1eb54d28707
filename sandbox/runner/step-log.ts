// One step's log, built line by line the way the runner's OutputManager, ActionCommandManager and
// ExecutionContext build it: workflow commands are carried out and hidden, everything written is
// masked with the values registered so far, annotations and groups are rendered with `##[…]` tags.

import { isAbsolute, relative } from 'node:path';
import type { SecretMasker } from './masker.js';
import type {
  Annotation,
  AnnotationLevel,
  DeprecatedCommand,
  LogEntry,
  LogGroup,
  LogSource,
  Stage,
} from './types.js';
import {
  CommandNames,
  REGISTERED_COMMANDS,
  parseCommand,
  type ParsedCommand,
} from './workflow-commands.js';

const MAX_ANNOTATIONS_PER_LEVEL = 100;
const MAX_ANNOTATION_MESSAGE = 4096;

export const DEPRECATED_OUTPUT_COMMAND = (command: string): string =>
  `The \`${command}\` command is deprecated and will be disabled soon. Please upgrade to using Environment Files. For more information see: https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/`;

const DISABLED_COMMAND = (command: string): string =>
  `The \`${command}\` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the \`ACTIONS_ALLOW_UNSECURE_COMMANDS\` environment variable to \`true\`. For more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/`;

const BAD_STOP_TOKEN =
  "You cannot use a endToken that is an empty string, the string 'pause-logging', or another workflow command. For more information see: https://docs.github.com/actions/learn-github-actions/workflow-commands-for-github-actions#example-stopping-and-starting-workflow-commands or opt into insecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS` environment variable to `true`.";

export interface StepLogOptions {
  readonly stage: Stage;
  /** Shared by every step of the job: masks persist from step to step. */
  readonly masker: SecretMasker;
  readonly stepDebug: boolean;
  readonly workspace: string;
  readonly repository: string;
  /** The step's environment, for the opt-ins the runner reads from it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Milliseconds since the step's process started. */
  readonly clock: () => number;
  readonly onEntry?: (entry: LogEntry) => void;
}

export class StepLog {
  readonly entries: LogEntry[] = [];
  readonly annotations: Annotation[] = [];
  /** From the deprecated `::set-output` and `::save-state` (and the disabled `set-env`/`add-path`). */
  readonly outputs = new Map<string, string>();
  readonly state = new Map<string, string>();
  readonly env = new Map<string, string>();
  readonly path: string[] = [];
  readonly deprecated: DeprecatedCommand[] = [];
  /** A command the runner could not carry out fails the step, whatever the exit code. */
  commandFailed = false;

  readonly #options: StepLogOptions;
  readonly #known = new CommandNames(REGISTERED_COMMANDS);
  readonly #counts: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  #echo: boolean;
  #stopToken: string | undefined;

  constructor(options: StepLogOptions) {
    this.#options = options;
    this.#echo = options.stepDebug;
  }

  /** A line the process wrote. */
  line(line: string, source: 'stdout' | 'stderr'): void {
    if (line !== '' && (line.includes('##[') || line.includes('::'))) {
      const command = parseCommand(line, this.#known);
      if (command !== undefined && this.#handle(command, line, source)) return;
    }
    this.output(line, source);
  }

  output(text: string, source: LogSource): void {
    this.#write({ kind: 'output', source }, '', text);
  }

  debug(message: string, source: LogSource = 'runner'): void {
    if (!this.#options.stepDebug) return;
    for (const line of message.replaceAll('\r\n', '\n').split('\n')) {
      this.#write({ kind: 'debug', source }, '##[debug]', line);
    }
  }

  issue(
    level: AnnotationLevel,
    message: string,
    source: LogSource = 'runner',
    properties: ReadonlyMap<string, string> = new Map(),
  ): void {
    const { masker, stage } = this.#options;
    if (message !== '') this.#write({ kind: 'annotation', level, source }, `##[${level}]`, message);
    if (this.#counts[level]++ >= MAX_ANNOTATIONS_PER_LEVEL) return;
    this.annotations.push({
      stage,
      level,
      message: masker.mask(message).slice(0, MAX_ANNOTATION_MESSAGE),
      properties: Object.fromEntries(properties),
    });
  }

  group(title: string, source: LogSource = 'runner'): void {
    this.#write(
      { kind: 'group', title: this.#options.masker.mask(title), source },
      '##[group]',
      title,
    );
  }

  endGroup(source: LogSource = 'runner'): void {
    this.#write({ kind: 'endgroup', source }, '##[endgroup]', '');
  }

  get groups(): LogGroup[] {
    return collectGroups(this.entries);
  }

  get text(): string {
    return this.entries.map((entry) => entry.text).join('\n');
  }

  #write(
    kind:
      | { kind: 'output' | 'debug' | 'endgroup'; source: LogSource }
      | { kind: 'annotation'; level: AnnotationLevel; source: LogSource }
      | { kind: 'group'; title: string; source: LogSource },
    tag: string,
    message: string,
  ): void {
    const { masker, stage, clock, onEntry } = this.#options;
    const entry: LogEntry = { ...kind, stage, atMs: clock(), text: masker.mask(tag + message) };
    this.entries.push(entry);
    onEntry?.(entry);
  }

  // ActionCommandManager.TryProcessCommand: true when the line was a command (and so is not
  // printed as it stands).
  #handle(command: ParsedCommand, line: string, source: 'stdout' | 'stderr'): boolean {
    const name = command.command.toLowerCase();
    if (this.#stopToken !== undefined) {
      if (this.#stopToken !== '' && name === this.#stopToken.toLowerCase()) {
        this.output(line, source);
        this.debug('Resume processing commands');
        this.#known.delete(this.#stopToken);
        this.#stopToken = undefined;
        return true;
      }
      this.debug(
        `Process commands has been stopped and waiting for '##[${this.#stopToken}]' to resume.`,
      );
      return false;
    }
    if (name === 'stop-commands') return this.#stop(command.data, line, source);
    const omitEcho = ['add-mask', 'debug', 'warning', 'error', 'notice'].includes(name);
    if (this.#echo && !omitEcho) this.output(line, source);
    try {
      this.#run(name, command, source);
    } catch (error) {
      this.issue(
        'error',
        `Unable to process command '${omitEcho ? name : line}' successfully.`,
        'runner',
      );
      this.issue('error', error instanceof Error ? error.message : String(error), 'runner');
      this.commandFailed = true;
    }
    return true;
  }

  #stop(token: string, line: string, source: 'stdout' | 'stderr'): boolean {
    const invalid =
      token === '' || token.toLowerCase() === 'pause-logging' || this.#known.has(token);
    if (invalid && this.#options.env.ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS !== 'true') {
      this.issue('error', BAD_STOP_TOKEN, 'runner');
      this.commandFailed = true;
      return true;
    }
    this.output(line, source);
    this.debug(
      `Paused processing commands until the token you called ::stopCommands:: with is received`,
    );
    this.#stopToken = token;
    this.#known.add(token);
    return true;
  }

  #run(name: string, command: ParsedCommand, source: 'stdout' | 'stderr'): void {
    const { data } = command;
    const property = (key: string): string | undefined => command.properties.get(key)?.value;
    switch (name) {
      case 'add-mask':
        if (data.trim() === '') {
          this.issue('warning', "Can't add secret mask for empty string in ##[add-mask] command.");
        } else {
          if (this.#echo) this.output('::add-mask::***', source);
          this.#options.masker.addWithLines(data);
        }
        return;
      case 'debug':
        this.debug(data, source);
        return;
      case 'error':
      case 'warning':
      case 'notice':
        this.issue(name, data, source, this.#annotationProperties(command));
        return;
      case 'group':
        this.group(data, source);
        return;
      case 'endgroup':
        this.endGroup(source);
        return;
      case 'set-output':
      case 'save-state': {
        const key = property('name');
        if (key === undefined)
          throw new Error(`Required field 'name' is missing in ##[${name}] command.`);
        this.deprecated.push({ stage: this.#options.stage, command: name, name: key });
        this.issue('warning', DEPRECATED_OUTPUT_COMMAND(name));
        (name === 'set-output' ? this.outputs : this.state).set(key, data);
        return;
      }
      case 'set-env':
      case 'add-path': {
        this.deprecated.push({ stage: this.#options.stage, command: name, name: property('name') });
        if (this.#options.env.ACTIONS_ALLOW_UNSECURE_COMMANDS !== 'true') {
          throw new Error(DISABLED_COMMAND(name));
        }
        if (name === 'add-path') {
          if (data === '') throw new Error("Value cannot be null or empty. (Parameter 'path')");
          this.path.push(data);
          return;
        }
        const key = property('name');
        if (key === undefined)
          throw new Error("Required field 'name' is missing in ##[set-env] command.");
        this.env.set(key, data);
        return;
      }
      case 'echo':
        switch (data.trim().toUpperCase()) {
          case 'ON':
            this.#echo = true;
            return;
          case 'OFF':
            this.#echo = false;
            return;
          default:
            throw new Error(
              `Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '${data}'.`,
            );
        }
      case 'add-matcher':
      case 'remove-matcher':
        // Problem matchers turn matching output lines into annotations; nothing in this project
        // registers one, so they are accepted and not simulated.
        return;
      default:
        this.issue('warning', `Can't find command extension for ##[${name}.command].`);
    }
  }

  // IssueCommandExtension: a `file` inside the workspace becomes relative to it, with `repo` added.
  #annotationProperties(command: ParsedCommand): Map<string, string> {
    const properties = new Map<string, string>();
    for (const { key, value } of command.properties.values()) properties.set(key, value);
    const fileKey = command.properties.get('file')?.key;
    const file = fileKey === undefined ? undefined : properties.get(fileKey);
    if (fileKey !== undefined && file !== undefined && file !== '') {
      const { workspace, repository } = this.#options;
      const inside = relative(workspace, file);
      if (isAbsolute(file) && !inside.startsWith('..') && !isAbsolute(inside)) {
        if (repository !== '') properties.set('repo', repository);
        if (inside !== '') properties.set(fileKey, inside);
      }
    }
    return properties;
  }
}

/** A group lasts from `##[group]` to `##[endgroup]` or the next `##[group]` (groups do not nest). */
export function collectGroups(entries: readonly LogEntry[]): LogGroup[] {
  const groups: LogGroup[] = [];
  let current: { stage: Stage; title: string; lines: string[] } | undefined;
  for (const entry of entries) {
    if (entry.kind === 'group') {
      current = { stage: entry.stage, title: entry.title, lines: [] };
      groups.push(current);
    } else if (entry.kind === 'endgroup') {
      current = undefined;
    } else {
      current?.lines.push(entry.text);
    }
  }
  return groups;
}
