// Shared by the end-to-end tests of phases 1 and 2: one sandbox per file, the built action run
// through the runner harness against it, and the checks every run must pass whatever it tests: no
// secret value visible anywhere a person or a later step could see it, and no stack trace.
//
// Tests in a file share its sandbox and may run concurrently, so each test seeds its own secrets,
// parameters and buckets under names of its own (`namespace`), and reads the call log through
// `callsOf`, which keeps only the calls that name them.

import { afterAll, beforeAll, expect } from 'vitest';
import {
  startSandbox,
  type CallRecord,
  type Sandbox,
  type SandboxOptions,
} from '../../sandbox/index.js';
import {
  assertNoLeaks,
  runAction,
  type ActionRun,
  type RunActionOptions,
  type SecretSpec,
} from '../../sandbox/runner/index.js';
import { RESERVED_OUTPUTS } from '../../src/inputs.js';

/**
 * Starts one sandbox for the file (in `beforeAll`) and stops it in `afterAll`, whatever the tests
 * did. Read `.current` inside a test.
 */
export function fileSandbox(options: SandboxOptions = {}): { readonly current: Sandbox } {
  let started: Sandbox | undefined;
  beforeAll(async () => {
    started = await startSandbox(options);
  });
  afterAll(async () => {
    await started?.stop();
  });
  return {
    get current(): Sandbox {
      if (started === undefined) throw new Error('the sandbox has not been started');
      return started;
    },
  };
}

/** A version id of a test's own (a UUID, as Secrets Manager makes), so that it can be checked exactly. */
export const versionId = (n: number): string =>
  `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export interface PhaseRunOptions {
  readonly inputs: Readonly<Record<string, string>>;
  /** The step's `env:`, on top of the sandbox's endpoint, region and credentials. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Every secret value the test seeded (whole values, JSON leaves, SecureString values, the
   * binary secrets' base64), looked for in every form GitHub masks.
   */
  readonly secrets: readonly SecretSpec[];
  /**
   * Outputs meant to carry a secret's value. Default: every output except the action's own
   * (`secrets-manifest`, `versioning`, ...), which must never carry one; the tests assert the
   * outputs exactly, so no other output can slip through.
   */
  readonly valueOutputs?: readonly string[];
  /** Exported variables meant to carry a secret's value (export-env). */
  readonly valueEnv?: readonly string[];
  readonly timeoutMs?: number;
  /** Run as a later step of the job of this earlier run (its exported env and masks carry over). */
  readonly continueFrom?: ActionRun;
}

/**
 * Runs `dist/index.js` as one step of a job against the sandbox (or another AWS stand-in: `env()`
 * gives its endpoint, region and keys), then checks what every run must hold: no leak of any
 * secret value (nor of the AWS secret key), no stack trace, no post step.
 */
export async function runPhase(
  sandbox: Pick<Sandbox, 'env'>,
  options: PhaseRunOptions,
): Promise<ActionRun> {
  const sandboxEnv = sandbox.env();
  const awsSecretKey = sandboxEnv.AWS_SECRET_ACCESS_KEY ?? '';
  const runOptions: RunActionOptions = {
    inputs: options.inputs,
    env: { ...sandboxEnv, ...options.env },
    // As configure-aws-credentials would have it: the secret key is masked from the start.
    jobSecrets: [awsSecretKey],
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.continueFrom === undefined ? {} : { continueFrom: options.continueFrom }),
  };
  const run = await runAction(runOptions);
  const reserved = new Set<string>(RESERVED_OUTPUTS);
  assertNoLeaks(run, [...options.secrets, { name: 'AWS_SECRET_ACCESS_KEY', value: awsSecretKey }], {
    allowOutputs:
      options.valueOutputs ?? Object.keys(run.outputs).filter((name) => !reserved.has(name)),
    allowEnv: options.valueEnv ?? [],
  });
  expectNoStackTrace(run);
  // post-if: always(): after a run that left no command running, the post step has nothing to do.
  expect(run.post).toMatchObject({ ran: true, exitCode: 0, annotations: [] });
  return run;
}

// A V8 stack frame: "    at fn (file:///…/index.js:12:34)", "    at async Promise.all (index 0)".
const STACK_FRAME = /^\s+at (?:async )?\S.*(?:\(.*:\d+:\d+\)|:\d+:\d+|\(index \d+\)|\(native\))$/m;

export function expectNoStackTrace(run: ActionRun): void {
  for (const [where, text] of [
    ['log', run.jobLog],
    ['stdout', run.stdout],
    ['stderr', run.stderr],
    ['summary', run.summary],
  ] as const)
    expect(STACK_FRAME.exec(text)?.[0], `a stack frame in the ${where}`).toBeUndefined();
  for (const annotation of run.annotations)
    expect(STACK_FRAME.exec(annotation.message)?.[0], 'a stack frame in an annotation').toBe(
      undefined,
    );
}

/** Calls whose logged parameters (ids, names, ARNs, buckets, paths, filters) mention `marker`. */
export function callsOf(sandbox: Sandbox, marker: string): readonly CallRecord[] {
  return sandbox.calls().filter((call) => JSON.stringify(call.params).includes(marker));
}

/** `operation` per call, in order, e.g. to compare with an exact list. */
export function operations(calls: readonly CallRecord[]): string[] {
  return calls.map((call) => call.operation);
}

/** How many calls of each operation. */
export function countByOperation(calls: readonly CallRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) counts[call.operation] = (counts[call.operation] ?? 0) + 1;
  return counts;
}

/** An annotation as the harness records it, for exact comparison. */
export function annotation(
  level: 'error' | 'warning' | 'notice',
  message: string,
): ActionRun['annotations'][number] {
  return { stage: 'main', level, message, properties: {} };
}

/** The lines of the log group titled `title` (masked, as a user sees them). */
export function groupLines(run: ActionRun, title: string): readonly string[] {
  const group = run.groups.find((candidate) => candidate.title === title);
  if (group === undefined)
    throw new Error(
      `no log group "${title}"; groups: ${run.groups.map((g) => g.title).join(', ')}`,
    );
  return group.lines;
}

/** The secret specs for a JSON secret: the whole value and each leaf long enough to be masked. */
export function jsonSecretSpecs(name: string, value: string): SecretSpec[] {
  const specs: SecretSpec[] = [{ name, value }];
  const visit = (node: unknown, path: string): void => {
    if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
      for (const [key, child] of Object.entries(node)) visit(child, `${path}.${key}`);
      return;
    }
    if (node === null || typeof node === 'boolean') return;
    const text = typeof node === 'string' ? node : JSON.stringify(node);
    if (text.length >= 4) specs.push({ name: `${name}${path}`, value: text });
  };
  visit(JSON.parse(value), '');
  return specs;
}

export interface SummaryParts {
  /** Dry run: what would be read, as listed. */
  readonly dryRun?: readonly string[];
  /** Output, where it comes from (HTML as written), whether it is masked. */
  readonly outputs?: readonly (readonly [string, string, string])[];
  /** Bucket, before, after, changed. */
  readonly buckets?: readonly (readonly [string, string, string, 'yes' | 'no'])[];
}

/** The job summary's section for phases 1 and 2, exactly as the action writes it. */
export function phaseSummary(parts: SummaryParts): string {
  const row = (cells: readonly string[], tag: 'th' | 'td'): string =>
    `<tr>${cells.map((cell) => `<${tag}>${cell}</${tag}>`).join('')}</tr>`;
  const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
    `<table>${row(head, 'th')}${rows.map((cells) => row(cells, 'td')).join('')}</table>\n`;
  let html = '<h3>Secrets, parameters and versioned buckets</h3>\n';
  if (parts.dryRun !== undefined)
    html += `<ul>${parts.dryRun.map((line) => `<li>${line}</li>`).join('')}</ul>\n`;
  if (parts.outputs !== undefined) html += table(['Output', 'From', 'Masked'], parts.outputs);
  if (parts.buckets !== undefined)
    html += table(['Bucket', 'Before', 'After', 'Changed'], parts.buckets);
  return html;
}

/**
 * Every value was registered with the runner as a secret, so whatever prints it later in the job
 * (a step's log, its summary) shows `***`. The action itself never prints a value, which the leak
 * scan of each run checks; this checks that a later step could not either.
 */
export function expectMasked(run: ActionRun, values: readonly string[]): void {
  const missing = values.filter((value) => !run.masks.includes(value));
  expect(missing.length, `${missing.length} value(s) not registered as secrets`).toBe(0);
}
