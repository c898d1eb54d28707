// The public shapes of the runner harness: what a caller passes in and what a run hands back.

/** The two stages of a JavaScript action the harness runs (`pre` is not used by this project). */
export type Stage = 'main' | 'post';

/** A step's result as the runner records it. */
export type StepOutcome = 'success' | 'failure' | 'cancelled';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** Where a line of the log came from. `runner` lines are written by the runner itself. */
export type LogSource = 'stdout' | 'stderr' | 'runner';

interface LogEntryBase {
  readonly stage: Stage;
  readonly source: LogSource;
  /** Milliseconds since the step's process was started. */
  readonly atMs: number;
  /**
   * The line exactly as the runner writes it to the log: masked, with the runner's `##[tag]`
   * prefix for debug lines, annotations and groups. It holds several lines when a message did.
   */
  readonly text: string;
}

export type LogEntry =
  | (LogEntryBase & { readonly kind: 'output' })
  | (LogEntryBase & { readonly kind: 'debug' })
  | (LogEntryBase & { readonly kind: 'annotation'; readonly level: AnnotationLevel })
  | (LogEntryBase & { readonly kind: 'group'; readonly title: string })
  | (LogEntryBase & { readonly kind: 'endgroup' });

export interface Annotation {
  readonly stage: Stage;
  readonly level: AnnotationLevel;
  /** Masked and cut to the runner's 4,096 characters, as the annotation is stored. */
  readonly message: string;
  /**
   * `title`, `file`, `line`, `endLine`, `col`, `endColumn` as given (the runner does not mask them),
   * plus `repo` when `file` was made relative to the workspace.
   */
  readonly properties: Readonly<Record<string, string>>;
}

export interface LogGroup {
  readonly stage: Stage;
  /** Masked. */
  readonly title: string;
  /** The masked lines shown inside the group. */
  readonly lines: readonly string[];
}

/** A workflow command the runner still accepts but that an action should no longer use. */
export interface DeprecatedCommand {
  readonly stage: Stage;
  readonly command: 'set-output' | 'save-state' | 'set-env' | 'add-path';
  /** The `name` property, when the command has one. */
  readonly name: string | undefined;
}

export type CancelSignal = 'SIGINT' | 'SIGTERM' | 'SIGKILL';

export interface SentSignal {
  readonly signal: CancelSignal;
  /** Milliseconds since the step's process was started. */
  readonly atMs: number;
  /** SIGINT and SIGTERM go to the action's process, as the runner sends them; SIGKILL to its group. */
  readonly target: 'process' | 'process-group';
}

/**
 * `step-timeout`: the step's `timeout-minutes` ran out. The runner stops the step with the same
 * signals as a cancel, but the step's outcome is `failure`, so `cancelled()` is false after it.
 */
export type CancelReason = 'timer' | 'predicate' | 'handle' | 'step-timeout';

export interface Cancellation {
  readonly reason: CancelReason;
  /** Milliseconds since the step's process was started. */
  readonly requestedAtMs: number;
  /** What was sent, in order. Empty when the process had already ended. */
  readonly signals: readonly SentSignal[];
}

/** Everything one step (main or post) did. */
export interface StepRun {
  readonly stage: Stage;
  readonly outcome: StepOutcome;
  /** `null` when the process was ended by a signal. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly durationMs: number;
  /** What the process wrote, unmasked and unparsed. */
  readonly stdout: string;
  readonly stderr: string;
  /** The step's log as a user sees it, one entry per line the runner wrote. */
  readonly log: readonly LogEntry[];
  /** `log` as text, one line per entry, as in a downloaded log. */
  readonly maskedLog: string;
  readonly annotations: readonly Annotation[];
  readonly groups: readonly LogGroup[];
  /** From `GITHUB_OUTPUT` and from `::set-output`. */
  readonly outputs: Readonly<Record<string, string>>;
  /** From `GITHUB_STATE` and from `::save-state`; the post step receives it as `STATE_<name>`. */
  readonly state: Readonly<Record<string, string>>;
  /** From `GITHUB_ENV`: what later steps of the job see. */
  readonly exportedEnv: Readonly<Record<string, string>>;
  /** From `GITHUB_PATH`, in the order written. */
  readonly pathAdditions: readonly string[];
  /** `GITHUB_STEP_SUMMARY` as written (raw markdown), `''` when nothing was written. */
  readonly summary: string;
  /** The summary as the runner uploads it: each line masked. */
  readonly maskedSummary: string;
  readonly deprecatedCommands: readonly DeprecatedCommand[];
  /** Present when the step was cancelled while its process ran. */
  readonly cancellation: Cancellation | undefined;
}

export type PostRun =
  { readonly ran: false; readonly reason: string } | (StepRun & { readonly ran: true });

/** What a job carries from one step to the next, so runs can be chained like steps of one job. */
export interface JobState {
  /** Every `GITHUB_ENV` assignment so far. */
  readonly env: Readonly<Record<string, string>>;
  /** Every `GITHUB_PATH` addition so far, oldest first. */
  readonly path: readonly string[];
  /** Every value registered as a secret so far (originals, not their encodings). */
  readonly masks: readonly string[];
}

/** A whole run of the action: its main step (spread at the top level) and its post step. */
export interface ActionRun extends StepRun {
  readonly stage: 'main';
  readonly post: PostRun;
  /** Every value registered as a secret during the job (originals, not their encodings). */
  readonly masks: readonly string[];
  /** The main and post logs together, as the job's log shows them. */
  readonly jobLog: string;
  /** Pass as `continueFrom` to run another step in the same job. */
  readonly job: JobState;
  /** Main and post together. */
  readonly totalDurationMs: number;
}

/** What the job's progress looks like to a cancellation predicate. */
export interface RunProgress {
  readonly stage: Stage;
  readonly elapsedMs: number;
  /** The masked log so far (both stages). */
  readonly log: readonly LogEntry[];
  /** What the current step has written to `GITHUB_OUTPUT` so far (read when the predicate runs). */
  readonly outputs: Readonly<Record<string, string>>;
}

/** When the workflow is cancelled, counted from the main step's start. */
export type CancelTrigger =
  | {
      readonly afterMs: number;
      /** The step's `timeout-minutes` running out, rather than the workflow being cancelled. */
      readonly stepTimeout?: boolean;
    }
  | {
      /** Checked on every new log line and every `pollMs` (50 ms by default). */
      readonly when: (progress: RunProgress) => boolean;
      readonly pollMs?: number;
      readonly stepTimeout?: boolean;
    };

/** The `github` context of the simulated job; every field becomes a `GITHUB_<FIELD>` variable. */
export interface GitHubContext {
  readonly repository: string;
  readonly repository_owner: string;
  readonly repository_id: string;
  readonly repository_owner_id: string;
  readonly sha: string;
  readonly ref: string;
  readonly ref_name: string;
  readonly ref_type: 'branch' | 'tag';
  readonly ref_protected: string;
  readonly base_ref: string;
  readonly head_ref: string;
  readonly run_id: string;
  readonly run_number: string;
  readonly run_attempt: string;
  readonly workflow: string;
  readonly workflow_ref: string;
  readonly workflow_sha: string;
  readonly event_name: string;
  readonly server_url: string;
  readonly api_url: string;
  readonly graphql_url: string;
  readonly actor: string;
  readonly actor_id: string;
  readonly triggering_actor: string;
  readonly job: string;
  readonly action: string;
  readonly retention_days: string;
  /** `${{ github.token }}`: the runner masks it. Empty unless given. */
  readonly token: string;
}

/** The `runner` context; every field becomes a `RUNNER_<FIELD>` variable. */
export interface RunnerContext {
  readonly os: 'Linux' | 'Windows' | 'macOS';
  readonly arch: 'X64' | 'ARM64';
  readonly name: string;
  readonly environment: 'github-hosted' | 'self-hosted';
}

export interface RunnerTiming {
  /** How long the action has to exit after SIGINT before SIGTERM is sent. The runner: 7,500 ms. */
  readonly sigintGraceMs?: number;
  /** How long after SIGTERM before the process is killed. The runner: 2,500 ms. */
  readonly sigtermGraceMs?: number;
  /** How long the output pipes may stay open after the process exited. The runner: 5,000 ms. */
  readonly streamDrainMs?: number;
}

export interface RunActionOptions {
  /** Directory holding `action.yml` (or `action.yaml`). Default: this repository's root. */
  readonly actionPath?: string;
  /** The step's `with:`; names as in action.yml. Values are passed as given, never trimmed. */
  readonly inputs?: Readonly<Record<string, string>>;
  /**
   * The step's `env:`. It is applied last, so it can also replace or (with `undefined`) remove any
   * variable the harness sets. Nothing else of the caller's environment is passed on except PATH.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly github?: Partial<GitHubContext>;
  readonly runner?: Partial<RunnerContext>;
  /** The event payload written to `GITHUB_EVENT_PATH`. Default: a minimal `push` payload. */
  readonly event?: unknown;
  /** Values the runner masks from the job's start, as it does the workflow's `secrets.*`. */
  readonly jobSecrets?: readonly string[];
  /** The `ACTIONS_STEP_DEBUG` secret: debug lines are shown and `RUNNER_DEBUG=1` is set. */
  readonly stepDebug?: boolean;
  /** The workspace (`GITHUB_WORKSPACE`, the process's working directory). Default: a fresh one. */
  readonly workspace?: string;
  /** Extra arguments for node before the entry file, e.g. `['--import', preload]`. */
  readonly nodeArgs?: readonly string[];
  /** Cancel the workflow while the main step runs. */
  readonly cancel?: CancelTrigger;
  /**
   * The whole run (main and post) must end within this; otherwise every process is killed and the
   * run fails with `ActionTimeoutError`. Default 20,000 ms.
   */
  readonly timeoutMs?: number;
  readonly timing?: RunnerTiming;
  /** Run another step of the same job: its exported env, path additions and masks carry over. */
  readonly continueFrom?: ActionRun;
  /** The name in the step's `Run …` header. Default: `./` and the action's path. */
  readonly stepName?: string;
  /**
   * Whether the log starts with the runner's `Run …` group listing the step's inputs and env
   * (default true). Off for fixtures whose inputs carry the test's own data.
   */
  readonly stepHeader?: boolean;
}

export type LineMatcher = string | RegExp | ((entry: LogEntry) => boolean);

/** A running action. */
export interface ActionHandle {
  /** Cancel the workflow now (SIGINT, then SIGTERM, then SIGKILL, as the runner does). */
  cancel(): void;
  /** The first log entry (already written or still to come) whose text matches. */
  waitForLine(match: LineMatcher, options?: { readonly timeoutMs?: number }): Promise<LogEntry>;
  /** Settles when the run is over and every temporary file is gone. */
  readonly done: Promise<ActionRun>;
}
