// One step of the job: its environment, its process, its log, and the file commands read after it.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  createFileCommandFiles,
  maskSummary,
  parseKeyValueFile,
  parsePathFile,
  readSummaryFile,
  summaryTooLargeMessage,
  type FileCommandPaths,
} from './file-commands.js';
import { LineSplitter } from './lines.js';
import type { SecretMasker } from './masker.js';
import { ActionProcess } from './process.js';
import { StepLog } from './step-log.js';
import type { Cancellation, LogEntry, SentSignal, Stage, StepOutcome, StepRun } from './types.js';

export interface StepSpec {
  readonly stage: Stage;
  readonly entry: string;
  readonly nodeArgs: readonly string[];
  readonly workspace: string;
  readonly fileCommandDirectory: string;
  readonly repository: string;
  readonly masker: SecretMasker;
  readonly stepDebug: boolean;
  readonly streamDrainMs: number;
  /** The step's whole environment, given the paths of its fresh file command files. */
  readonly environment: (files: FileCommandPaths) => Record<string, string>;
  /** Lines the runner writes before the process starts (the `Run …` header, warnings). */
  readonly preamble: (log: StepLog) => void;
  readonly onEntry: (entry: LogEntry) => void;
  /** Called once the process runs; the returned function is called when it has ended. */
  readonly onStart: (step: RunningStep) => () => void;
}

/** What the job sees of a step while its process runs. */
export interface RunningStep {
  readonly process: ActionProcess;
  /** What the step has written to `GITHUB_OUTPUT` so far (the pairs that parse). */
  readonly currentOutputs: () => Record<string, string>;
  /** The cancellation of this step, once requested; set by the job. */
  cancellation: CancellationRecord | undefined;
}

export interface CancellationRecord extends Cancellation {
  readonly signals: SentSignal[];
}

export async function runStep(spec: StepSpec): Promise<StepRun> {
  const files = await createFileCommandFiles(spec.fileCommandDirectory);
  const env = spec.environment(files);
  // The log's clock starts with the process; lines written before it are at 0.
  const started: { process?: ActionProcess } = {};
  const log = new StepLog({
    stage: spec.stage,
    masker: spec.masker,
    stepDebug: spec.stepDebug,
    workspace: spec.workspace,
    repository: spec.repository,
    env,
    clock: () => started.process?.elapsed() ?? 0,
    onEntry: spec.onEntry,
  });
  spec.preamble(log);

  let stdout = '';
  let stderr = '';
  const out = new LineSplitter((line) => log.line(line, 'stdout'));
  const err = new LineSplitter((line) => log.line(line, 'stderr'));
  const child = await ActionProcess.start({
    command: process.execPath,
    args: [...spec.nodeArgs, spec.entry],
    cwd: spec.workspace,
    env,
    onStdout: (chunk) => (stdout += out.write(chunk)),
    onStderr: (chunk) => (stderr += err.write(chunk)),
    streamDrainMs: spec.streamDrainMs,
  });
  started.process = child;
  const running: RunningStep = {
    process: child,
    currentOutputs: () =>
      Object.fromEntries(parseKeyValueFile(readFileSync(files.output, 'utf8')).pairs),
    cancellation: undefined,
  };
  const stopped = spec.onStart(running);
  let end: { exitCode: number | null; signal: NodeJS.Signals | null };
  try {
    end = await child.ended;
  } finally {
    stopped();
  }
  const durationMs = child.elapsed();
  stdout += out.end();
  stderr += err.end();

  const fileResults = await readFileCommands(files, log, spec.masker);
  const cancellation = running.cancellation;
  const outcome: StepOutcome =
    cancellation !== undefined
      ? cancellation.reason === 'step-timeout'
        ? 'failure'
        : 'cancelled'
      : end.exitCode !== 0 || log.commandFailed || fileResults.failed
        ? 'failure'
        : 'success';
  return {
    stage: spec.stage,
    outcome,
    exitCode: end.exitCode,
    signal: end.signal,
    durationMs,
    stdout,
    stderr,
    log: log.entries,
    maskedLog: log.text,
    annotations: log.annotations,
    groups: log.groups,
    outputs: { ...Object.fromEntries(log.outputs), ...fileResults.outputs },
    state: { ...Object.fromEntries(log.state), ...fileResults.state },
    exportedEnv: { ...Object.fromEntries(log.env), ...fileResults.env },
    pathAdditions: [...log.path, ...fileResults.path],
    summary: fileResults.summary,
    maskedSummary: fileResults.maskedSummary,
    deprecatedCommands: log.deprecated,
    cancellation,
  };
}

interface FileResults {
  path: string[];
  env: Record<string, string>;
  state: Record<string, string>;
  outputs: Record<string, string>;
  summary: string;
  maskedSummary: string;
  failed: boolean;
}

// FileCommandManager.ProcessFiles, in the runner's order: path, env, summary, state, output.
async function readFileCommands(
  files: FileCommandPaths,
  log: StepLog,
  masker: SecretMasker,
): Promise<FileResults> {
  const results: FileResults = {
    path: [],
    env: {},
    state: {},
    outputs: {},
    summary: '',
    maskedSummary: '',
    failed: false,
  };
  const failed = (kind: string, message: string): void => {
    log.issue('error', `Unable to process file command '${kind}' successfully.`);
    log.issue('error', message);
    results.failed = true;
  };

  results.path = parsePathFile(await readFile(files.path, 'utf8'));

  const env = parseKeyValueFile(await readFile(files.env, 'utf8'));
  for (const [name, value] of env.pairs) {
    if (name.toUpperCase() === 'NODE_OPTIONS') {
      log.issue('error', "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.");
      continue;
    }
    results.env[name] = value;
    log.debug(`${name}='${value}'`);
  }
  if (env.error !== undefined) failed('env', env.error);

  const summary = await readSummaryFile(files.step_summary);
  if (summary.kind === 'too-large') log.issue('error', summaryTooLargeMessage(summary.bytes));
  if (summary.kind === 'written') {
    results.summary = summary.text;
    results.maskedSummary = maskSummary(summary.text, (line) => masker.mask(line));
  }

  const state = parseKeyValueFile(await readFile(files.state, 'utf8'));
  for (const [name, value] of state.pairs) {
    results.state[name] = value;
    log.debug(`Save intra-action state ${name} = ${value}`);
  }
  if (state.error !== undefined) failed('state', state.error);

  const outputs = parseKeyValueFile(await readFile(files.output, 'utf8'));
  for (const [name, value] of outputs.pairs) {
    results.outputs[name] = value;
    log.debug(`Set output ${name} = ${value}`);
  }
  if (outputs.error !== undefined) failed('output', outputs.error);
  return results;
}
