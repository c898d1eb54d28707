// The world the deploy end-to-end tests run in: a sandbox with a secret to read, git origins with
// a developer's clone that pushes new commits, instances holding a clone at /srv/app, and the built
// action run through the runner harness exactly as a workflow step. Every run is checked for
// leaked secrets and stack traces before a test sees it; everything is removed by `stop()`.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import {
  startSandbox,
  type CallRecord,
  type Instance,
  type Sandbox,
  type SandboxOptions,
} from '../../sandbox/index.js';
import {
  assertNoLeaks,
  startAction,
  type ActionHandle,
  type ActionRun,
  type RunActionOptions,
} from '../../sandbox/runner/index.js';

export const WORKING_DIRECTORY = '/srv/app';
export const SECRET_NAME = 'e2e/db';
export const REPOSITORY = 'acme/shop';
export const RUN_ID = '4242';

/** One instance's entry in the `results` output, as DESIGN.md defines it. */
export interface ResultEntry {
  readonly instanceId: string;
  readonly status: string;
  readonly responseCode: number | null;
  readonly durationMs: number | null;
  readonly previousSha: string | null;
  readonly deployedSha: string | null;
  readonly rolledBack: boolean;
  readonly healthy: boolean | null;
  readonly stdoutTail: string;
  readonly stderrTail: string;
}

/** git on this machine, as root: for the test's own reading, whoever owns the repository. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=Dev',
      '-c',
      'user.email=dev@example.test',
      '-c',
      'advice.detachedHead=false',
      '-c',
      'safe.directory=*',
      ...args,
    ],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

/** A bare origin and the developer's clone of it; files are written, committed and pushed. */
export class Repo {
  constructor(
    readonly origin: string,
    readonly developer: string,
  ) {}

  /** Writes (or, for `null`, deletes) files, commits, pushes to `branch`; returns the new sha. */
  commit(
    files: Readonly<Record<string, string | null>>,
    message = 'change',
    branch = 'main',
  ): string {
    for (const [path, content] of Object.entries(files)) {
      const file = join(this.developer, path);
      if (content === null) rmSync(file, { force: true });
      else {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
        if (content.startsWith('#!')) chmodSync(file, 0o755);
      }
    }
    git(this.developer, 'add', '--all');
    git(this.developer, 'commit', '--quiet', '--allow-empty', '-m', message);
    git(this.developer, 'push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`);
    return this.head();
  }

  head(): string {
    return git(this.developer, 'rev-parse', 'HEAD');
  }
}

export interface RunOptions {
  /** The workflow's commit: `ref` defaults to it, as `${{ github.sha }}`. */
  readonly sha: string;
  /** The workflow's own `secrets.*` values used in this step (the runner masks them). */
  readonly jobSecrets?: readonly string[];
  readonly harness?: Partial<RunActionOptions>;
}

export interface DeployWorld {
  readonly sandbox: Sandbox;
  /** Every secret value the world holds: the seeded secret's value and leaves, the AWS key. */
  readonly secrets: readonly { readonly name: string; readonly value: string }[];
  /** The seeded secret's JSON leaf `password`. */
  readonly password: string;
  tempDir(prefix: string): string;
  repo(files: Readonly<Record<string, string>>): Repo;
  /** Instances (each with a clone of the origin at /srv/app, at the origin's main). */
  instances(repo: Repo, count: number, tags?: Readonly<Record<string, string>>): Instance[];
  /** Starts the action; `done` is checked for leaks and stack traces before it resolves. */
  start(inputs: Readonly<Record<string, string>>, options: RunOptions): ActionHandle;
  run(inputs: Readonly<Record<string, string>>, options: RunOptions): Promise<ActionRun>;
  /** The SendCommand calls naming this instance. */
  sendCommandsTo(instanceId: string): readonly CallRecord[];
  stop(): Promise<void>;
}

/** Lines of a Node.js stack trace (`    at fn (file:1:2)`): never shown without step debugging. */
const STACK_LINE = /^\s*at .*(?:\(.*:\d+:\d+\)|:\d+:\d+)$/m;

export async function startWorld(options: SandboxOptions = {}): Promise<DeployWorld> {
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const apiKey = `key-${randomBytes(12).toString('hex')}`;
  const secretString = JSON.stringify({ password, apiKey });
  const accessKey = `sandbox-${randomBytes(16).toString('hex')}`;
  const dirs: string[] = [];
  const sandbox = await startSandbox({
    ...options,
    seed: { ...options.seed, secrets: [{ name: SECRET_NAME, secretString }] },
  });
  const secrets = [
    { name: SECRET_NAME, value: secretString },
    { name: `${SECRET_NAME}:password`, value: password },
    { name: `${SECRET_NAME}:apiKey`, value: apiKey },
    { name: 'AWS_SECRET_ACCESS_KEY', value: accessKey },
  ];

  const tempDir = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  const start = (inputs: Readonly<Record<string, string>>, run: RunOptions): ActionHandle => {
    // Every run reads the seeded secret first, as a real workflow does: its values are then
    // masked, and must stay out of everything the run leaves but the outputs meant for them.
    const handle = startAction({
      inputs: { 'secret-ids': `DB,${SECRET_NAME}`, 'parse-json-secrets': 'true', ...inputs },
      jobSecrets: [accessKey, ...(run.jobSecrets ?? [])],
      github: { sha: run.sha, repository: REPOSITORY, run_id: RUN_ID },
      timeoutMs: 60_000,
      ...run.harness,
      env: { ...sandbox.env(), AWS_SECRET_ACCESS_KEY: accessKey, ...run.harness?.env },
    });
    const done = handle.done.then((result) => {
      assertNoLeaks(result, secrets, { allowOutputs: ['DB', 'DB_PASSWORD', 'DB_APIKEY'] });
      const trace = STACK_LINE.exec(result.jobLog);
      if (trace !== null) throw new Error(`a stack trace in the log: ${trace[0]}`);
      return result;
    });
    return {
      cancel: () => {
        handle.cancel();
      },
      waitForLine: (match, waitOptions) => handle.waitForLine(match, waitOptions),
      done,
    };
  };

  return {
    sandbox,
    secrets,
    password,
    tempDir,
    repo(files) {
      const root = tempDir('e2e-deploy-repo-');
      const origin = join(root, 'origin.git');
      const developer = join(root, 'developer');
      git(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
      git(root, 'clone', '--quiet', origin, developer);
      const repo = new Repo(origin, developer);
      repo.commit(files, 'first release');
      return repo;
    },
    instances(repo, count, tags = {}) {
      return Array.from({ length: count }, () => {
        const instance = sandbox.addInstance({ tags });
        git('/', 'clone', '--quiet', repo.origin, instance.path(WORKING_DIRECTORY));
        return instance;
      });
    },
    start,
    run: (inputs, options) => start(inputs, options).done,
    sendCommandsTo(instanceId) {
      return sandbox.calls({ operation: 'SendCommand' }).filter((call) => {
        const ids = call.params.InstanceIds;
        return Array.isArray(ids) && ids.includes(instanceId);
      });
    },
    async stop() {
      try {
        await sandbox.stop();
      } finally {
        for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The `results` output, parsed. */
export function results(run: ActionRun): ResultEntry[] {
  return JSON.parse(run.outputs.results ?? 'null') as ResultEntry[];
}

/** The commit the instance's checkout is at. */
export function headOf(instance: Instance): string {
  return git(instance.path(WORKING_DIRECTORY), 'rev-parse', 'HEAD');
}

export function readInstanceFile(instance: Instance, path: string): string | undefined {
  const file = instance.path(path);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Waits until `check` returns something other than undefined (polling; never a fixed sleep). */
export async function until<T>(
  what: string,
  check: () => T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The process id a deploy.sh wrote to a file on the instance; it must have written one. */
export function pidIn(instance: Instance, path: string): number {
  const text = readInstanceFile(instance, path) ?? '';
  if (!/^\d+\n$/.test(text)) throw new Error(`no process id in ${path}: ${JSON.stringify(text)}`);
  return Number(text);
}

/** Whether a process with this id is running (a zombie counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** What the remote script prints on a successful deploy from `before` to `after` with a sha ref. */
export function successStdout(
  before: string,
  after: string,
  user: string,
  ...script: string[]
): string {
  return [
    `ssm-deploy: deploying in ${WORKING_DIRECTORY} as ${user} (the owner of ${WORKING_DIRECTORY})`,
    ...(before === after
      ? []
      : [
          `ssm-deploy: fetching ${after} from origin`,
          `ssm-deploy: commit ${after} is on the allowed branch main of origin`,
        ]),
    `ssm-deploy: checkout is at ${after} (it was at ${before})`,
    'ssm-deploy: running ./deploy.sh',
    ...script,
    'ssm-deploy: deploy-script succeeded',
  ].join('\n');
}

/** The `results` entry of an instance that succeeded (sha ref, run as root unless said). */
export function succeeded(
  instanceId: string,
  before: string,
  after: string,
  scriptOutput: readonly string[],
  user = 'root',
): ResultEntry {
  return {
    instanceId,
    status: 'Success',
    responseCode: 0,
    durationMs: expect.any(Number) as number,
    previousSha: before,
    deployedSha: after,
    rolledBack: false,
    healthy: null,
    stdoutTail: successStdout(before, after, user, ...scriptOutput),
    stderrTail: '',
  };
}

/** The rows of the deploy's job-summary table, each cell as text. */
export function summaryRows(run: ActionRun): string[][] {
  const tables = [...run.maskedSummary.matchAll(/<table>(.*?)<\/table>/gs)].map((m) => m[1] ?? '');
  const deploy = tables.at(-1) ?? '';
  return [...deploy.matchAll(/<tr>(.*?)<\/tr>/gs)].slice(1).map((row) =>
    [...(row[1] ?? '').matchAll(/<td>(.*?)(?:<\/td>|(?=<td>)|$)/gs)].map((cell) =>
      (cell[1] ?? '')
        .replace(/<br>/g, ' | ')
        .replace(/<[^>]+>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    ),
  );
}

/** The lines of the log group whose title starts with `prefix` (an instance id). */
export function groupLines(run: ActionRun, prefix: string): readonly string[] {
  const group = run.groups.find((g) => g.stage === 'main' && g.title.startsWith(prefix));
  if (group === undefined) throw new Error(`no log group for ${prefix}`);
  return group.lines;
}
