// A job with one action step, run the way the GitHub runner runs it: the main step, its file
// commands, then the post step when `post-if` allows, with masks, state and exported environment
// carried from step to step; cancellation as the runner cancels; a hard deadline; clean-up always.

import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  contextEnvironment,
  createJobDirectories,
  defaultEvent,
  defaultGitHubContext,
  defaultRunnerContext,
  expressionContexts,
  type JobDirectories,
} from './context.js';
import { atProcessEnd } from '../process-end.js';
import { evaluateStatusCondition } from './expressions.js';
import { base64Shifted } from './encodings.js';
import { fileCommandVariables } from './file-commands.js';
import { resolveInputs, type ResolvedInputs } from './inputs.js';
import { SecretMasker } from './masker.js';
import { readActionMetadata, type ActionMetadata } from './metadata.js';
import {
  RUNNER_SIGINT_GRACE_MS,
  RUNNER_SIGTERM_GRACE_MS,
  RUNNER_STREAM_DRAIN_MS,
  cancelLikeRunner,
} from './process.js';
import { runStep, type CancellationRecord, type RunningStep } from './step.js';
import type { StepLog } from './step-log.js';
import type {
  ActionHandle,
  ActionRun,
  CancelReason,
  GitHubContext,
  LineMatcher,
  LogEntry,
  PostRun,
  RunActionOptions,
  RunnerContext,
  RunProgress,
  Stage,
  StepRun,
} from './types.js';

/** This repository: its action.yml runs `dist/index.js`. */
export const REPOSITORY_ROOT = resolve(import.meta.dirname, '../..');

export const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_POLL_MS = 50;

/** The run did not end within its `timeoutMs`; every process of it was killed. */
export class ActionTimeoutError extends Error {
  override readonly name = 'ActionTimeoutError';
  /** The masked log up to the moment the run was stopped. */
  readonly log: readonly LogEntry[];

  constructor(message: string, log: readonly LogEntry[]) {
    super(message);
    this.log = log;
  }
}

/** Runs the action and resolves once it is over and every temporary file is gone. */
export function runAction(options: RunActionOptions = {}): Promise<ActionRun> {
  return startAction(options).done;
}

/** Starts the action and returns at once with a handle to cancel it or watch its log. */
export function startAction(options: RunActionOptions = {}): ActionHandle {
  const job = new Job(options);
  return {
    cancel: () => {
      job.cancel('handle');
    },
    waitForLine: (match, waitOptions) => job.waitForLine(match, waitOptions?.timeoutMs),
    done: job.done,
  };
}

interface Waiter {
  readonly matches: (entry: LogEntry) => boolean;
  readonly resolve: (entry: LogEntry) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

class Job {
  readonly done: Promise<ActionRun>;
  readonly #options: RunActionOptions;
  readonly #timeoutMs: number;
  readonly #entries: LogEntry[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #processes: RunningStep['process'][] = [];
  readonly #startedAt = performance.now();
  #current: { stage: Stage; step: RunningStep } | undefined;
  #cancelRequested: CancelReason | undefined;
  #timedOut = false;
  #over = false;

  constructor(options: RunActionOptions) {
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.done = this.#run();
  }

  cancel(reason: CancelReason): void {
    if (this.#cancelRequested !== undefined || this.#over) return;
    this.#cancelRequested = reason;
    // A post step is what runs after a cancellation: only the main step is cancelled.
    if (this.#current?.stage === 'main') this.#cancelStep(this.#current.step, reason);
  }

  waitForLine(match: LineMatcher, timeoutMs = this.#timeoutMs): Promise<LogEntry> {
    const matches = toPredicate(match);
    const found = this.#entries.find(matches);
    if (found !== undefined) return Promise.resolve(found);
    if (this.#over)
      return Promise.reject(new Error(`The run ended without a line matching ${describe(match)}.`));
    return new Promise<LogEntry>((resolveLine, rejectLine) => {
      const waiter: Waiter = {
        matches,
        resolve: resolveLine,
        reject: rejectLine,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          rejectLine(new Error(`No line matching ${describe(match)} within ${timeoutMs} ms.`));
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  async #run(): Promise<ActionRun> {
    const options = this.#options;
    let directories: JobDirectories | undefined;
    let forgetDirectories: (() => void) | undefined;
    let deadline: NodeJS.Timeout | undefined;
    try {
      const action = await readActionMetadata(resolve(options.actionPath ?? REPOSITORY_ROOT));
      const github = defaultGitHubContext(options.github);
      const runner = defaultRunnerContext(options.runner);
      directories = await createJobDirectories(
        options.workspace,
        options.event ?? defaultEvent(github),
      );
      // Removed below, or when the harness's process ends first (a test that timed out, say).
      const { root } = directories;
      forgetDirectories = atProcessEnd(() => {
        rmSync(root, { recursive: true, force: true });
      });
      deadline = setTimeout(() => {
        this.#timedOut = true;
        for (const child of this.#processes) child.killGroup();
      }, this.#timeoutMs);
      const stepDebug = options.stepDebug ?? false;
      const inputs = resolveInputs(
        action.inputs,
        options.inputs ?? {},
        expressionContexts(github, runner, directories, stepDebug),
      );
      const masker = jobMasker(options, github);
      const jobEnv: Record<string, string> = { ...options.continueFrom?.job.env };
      const jobPath: string[] = [...(options.continueFrom?.job.path ?? [])];
      const context = {
        action,
        github,
        runner,
        directories,
        inputs,
        masker,
        stepDebug,
        jobEnv,
        jobPath,
      };

      const main = await this.#step('main', action.main, context, {});
      this.#throwIfTimedOut('main');
      Object.assign(jobEnv, main.exportedEnv);
      jobPath.push(...main.pathAdditions);

      const post = await this.#post(main, context);
      this.#throwIfTimedOut('post');
      if (post.ran) {
        Object.assign(jobEnv, post.exportedEnv);
        jobPath.push(...post.pathAdditions);
      }
      const masks = [...masker.values];
      return {
        ...main,
        stage: 'main',
        post,
        masks,
        jobLog: [main.maskedLog, post.ran ? post.maskedLog : '']
          .filter((text) => text !== '')
          .join('\n'),
        job: { env: { ...jobEnv }, path: [...jobPath], masks },
        totalDurationMs: Math.round(performance.now() - this.#startedAt),
      };
    } finally {
      clearTimeout(deadline);
      this.#over = true;
      for (const child of this.#processes) child.release();
      // A workspace the caller gave lives outside the root and stays the caller's.
      if (directories !== undefined) {
        await rm(directories.root, { recursive: true, force: true, maxRetries: 3 });
        forgetDirectories?.();
      }
      for (const waiter of this.#waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error('The run ended before a matching line was written.'));
      }
      this.#waiters.clear();
    }
  }

  async #post(main: StepRun, context: JobContext): Promise<PostRun> {
    const { post } = context.action;
    if (post === undefined) return { ran: false, reason: 'The action has no post step.' };
    if (!evaluateStatusCondition(post.if, main.outcome)) {
      return {
        ran: false,
        reason: `post-if ${post.if} is false: the main step's outcome was ${main.outcome}.`,
      };
    }
    const state: Record<string, string> = {};
    for (const [name, value] of Object.entries(main.state)) state[`STATE_${name}`] = value;
    return { ...(await this.#step('post', post.entry, context, state)), ran: true };
  }

  #step(
    stage: Stage,
    entry: string,
    context: JobContext,
    stateEnv: Record<string, string>,
  ): Promise<StepRun> {
    const options = this.#options;
    const { github, runner, directories, inputs, masker, stepDebug, jobEnv, jobPath } = context;
    return runStep({
      stage,
      entry,
      nodeArgs: options.nodeArgs ?? [],
      workspace: directories.workspace,
      fileCommandDirectory: directories.fileCommands,
      repository: github.repository,
      masker,
      stepDebug,
      streamDrainMs: options.timing?.streamDrainMs ?? RUNNER_STREAM_DRAIN_MS,
      environment: (files) =>
        stepEnvironment({
          base: {
            ...jobEnv,
            ...inputs.env,
            ...contextEnvironment(github, runner, directories, stepDebug),
            ...fileCommandVariables(files),
            ...stateEnv,
          },
          jobEnv,
          jobPath,
          overrides: options.env ?? {},
        }),
      preamble: (log) => {
        if (stage === 'post') {
          log.output('Post job cleanup.', 'runner');
          return;
        }
        if (options.stepHeader ?? true) {
          writeStepHeader(log, this.#stepName(context.action), inputs, options.env ?? {}, jobEnv);
        }
        if (inputs.warning !== undefined) log.issue('warning', inputs.warning);
      },
      onEntry: (logEntry) => {
        this.#onEntry(logEntry);
      },
      onStart: (step) => this.#onStart(stage, step),
    });
  }

  #onStart(stage: Stage, step: RunningStep): () => void {
    this.#processes.push(step.process);
    // The deadline may have passed while the step was being prepared.
    if (this.#timedOut) step.process.killGroup();
    this.#current = { stage, step };
    const timers: NodeJS.Timeout[] = [];
    const trigger = this.#options.cancel;
    if (stage === 'main') {
      if (this.#cancelRequested !== undefined) this.#cancelStep(step, this.#cancelRequested);
      if (trigger !== undefined && 'afterMs' in trigger) {
        timers.push(
          setTimeout(() => {
            this.cancel(trigger.stepTimeout === true ? 'step-timeout' : 'timer');
          }, trigger.afterMs),
        );
      }
      if (trigger !== undefined && 'when' in trigger) {
        timers.push(
          setInterval(() => {
            this.#checkPredicate();
          }, trigger.pollMs ?? DEFAULT_POLL_MS),
        );
      }
    }
    return () => {
      for (const timer of timers) clearTimeout(timer);
      this.#current = undefined;
    };
  }

  #onEntry(entry: LogEntry): void {
    this.#entries.push(entry);
    for (const waiter of this.#waiters) {
      if (!waiter.matches(entry)) continue;
      clearTimeout(waiter.timer);
      this.#waiters.delete(waiter);
      waiter.resolve(entry);
    }
    this.#checkPredicate();
  }

  #checkPredicate(): void {
    const trigger = this.#options.cancel;
    const current = this.#current;
    if (trigger === undefined || !('when' in trigger) || current?.stage !== 'main') return;
    if (this.#cancelRequested !== undefined) return;
    const { step } = current;
    const progress: RunProgress = {
      stage: current.stage,
      elapsedMs: step.process.elapsed(),
      log: this.#entries,
      // Read only when the predicate asks: it is checked on every line.
      get outputs() {
        return step.currentOutputs();
      },
    };
    if (trigger.when(progress))
      this.cancel(trigger.stepTimeout === true ? 'step-timeout' : 'predicate');
  }

  #cancelStep(step: RunningStep, reason: CancelReason): void {
    const record: CancellationRecord = {
      reason,
      requestedAtMs: step.process.elapsed(),
      signals: [],
    };
    step.cancellation = record;
    const timing = this.#options.timing;
    void cancelLikeRunner(
      step.process,
      {
        sigintGraceMs: timing?.sigintGraceMs ?? RUNNER_SIGINT_GRACE_MS,
        sigtermGraceMs: timing?.sigtermGraceMs ?? RUNNER_SIGTERM_GRACE_MS,
      },
      (sent) => record.signals.push(sent),
    );
  }

  #throwIfTimedOut(stage: Stage): void {
    if (!this.#timedOut) return;
    const tail = this.#entries
      .slice(-10)
      .map((entry) => `  ${entry.text}`)
      .join('\n');
    throw new ActionTimeoutError(
      `The action did not finish within ${this.#timeoutMs} ms: its ${stage} step was killed with its whole process group. Last lines of the log:\n${tail}`,
      [...this.#entries],
    );
  }

  #stepName(action: ActionMetadata): string {
    if (this.#options.stepName !== undefined) return this.#options.stepName;
    const path = relative(REPOSITORY_ROOT, action.directory);
    return path === '' ? './' : `./${path}`;
  }
}

interface JobContext {
  readonly action: ActionMetadata;
  readonly github: GitHubContext;
  readonly runner: RunnerContext;
  readonly directories: JobDirectories;
  readonly inputs: ResolvedInputs;
  readonly masker: SecretMasker;
  readonly stepDebug: boolean;
  readonly jobEnv: Record<string, string>;
  readonly jobPath: string[];
}

/** The masks a job starts with: earlier steps' masks, the workflow's secrets, the token. */
function jobMasker(options: RunActionOptions, github: GitHubContext): SecretMasker {
  const masker = new SecretMasker();
  for (const value of options.continueFrom?.job.masks ?? []) masker.add(value);
  for (const secret of options.jobSecrets ?? []) masker.addWithLines(secret.trim());
  if (github.token !== '') {
    masker.addWithLines(github.token);
    // The runner also masks the token as git's basic-auth header carries it.
    masker.add(base64Shifted(`x-access-token:${github.token}`, 0));
  }
  return masker;
}

/**
 * Only PATH comes from the caller's own environment; `GITHUB_PATH` additions go in front of it,
 * newest first. The caller's `env` is applied last and may remove variables with `undefined`.
 */
function stepEnvironment(parts: {
  base: Record<string, string>;
  jobEnv: Readonly<Record<string, string>>;
  jobPath: readonly string[];
  overrides: Readonly<Record<string, string | undefined>>;
}): Record<string, string> {
  const { base, jobEnv, jobPath, overrides } = parts;
  const env: Record<string, string> = { ...base };
  const basePath = 'PATH' in overrides ? overrides.PATH : (jobEnv.PATH ?? process.env.PATH);
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) Reflect.deleteProperty(env, name);
    else env[name] = value;
  }
  const path = [...jobPath].reverse();
  if (basePath !== undefined && basePath !== '') path.push(basePath);
  if (path.length > 0) env.PATH = path.join(':');
  else Reflect.deleteProperty(env, 'PATH');
  return env;
}

/** The runner's `Run …` group: the step's inputs and environment, masked like every line. */
function writeStepHeader(
  log: StepLog,
  name: string,
  inputs: ResolvedInputs,
  stepEnv: Readonly<Record<string, string | undefined>>,
  jobEnv: Readonly<Record<string, string>>,
): void {
  log.group(`Run ${name}`);
  const given = Object.entries(inputs.values).filter(([, value]) => value !== '');
  if (given.length > 0) {
    log.output('with:', 'runner');
    for (const [key, value] of given) log.output(`  ${key}: ${value}`, 'runner');
  }
  const env = Object.entries({ ...jobEnv, ...stepEnv }).filter(
    (pair): pair is [string, string] => pair[1] !== undefined,
  );
  if (env.length > 0) {
    log.output('env:', 'runner');
    for (const [key, value] of env) log.output(`  ${key}: ${value}`, 'runner');
  }
  log.endGroup();
}

function toPredicate(match: LineMatcher): (entry: LogEntry) => boolean {
  if (typeof match === 'string') return (entry) => entry.text.includes(match);
  if (match instanceof RegExp) {
    return (entry) => {
      match.lastIndex = 0;
      return match.test(entry.text);
    };
  }
  return match;
}

function describe(match: LineMatcher): string {
  return typeof match === 'function' ? 'the predicate' : String(match);
}
