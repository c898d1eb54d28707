// One case, two AWSes: the built action run with the same inputs against the sandbox and against
// moto, both holding the same data (mirror.ts), must do exactly the same. What is compared is all
// a workflow sees: the exit code, every output, every value registered as a secret, the
// annotations, the log groups, the job summary and the exported variables; the only thing
// rewritten is each secret's ARN, whose last six characters each service draws at random.
//
// This holds whatever the action's naming rules become: both runs go through the same build.

import { expect } from 'vitest';
import type { Sandbox } from '../../../sandbox/index.js';
import type { ActionRun } from '../../../sandbox/runner/index.js';
import { runPhase, type PhaseRunOptions } from '../helpers.js';
import { mergeLabels, type ArnLabels } from './mirror.js';
import type { MotoServer } from './server.js';

export type Backend = 'sandbox' | 'moto';

export interface Backends {
  readonly sandbox: Sandbox;
  readonly moto: MotoServer;
}

export interface BothRunOptions extends Omit<PhaseRunOptions, 'inputs' | 'continueFrom'> {
  /** The same for both, or per backend where an input names something only one of them made. */
  readonly inputs:
    Readonly<Record<string, string>> | ((backend: Backend) => Readonly<Record<string, string>>);
}

export interface RunPair {
  readonly sandbox: ActionRun;
  readonly moto: ActionRun;
  /** Each backend's AWS secret key, which the job masks from the start (and which differ). */
  readonly jobSecrets: readonly string[];
  /** Each backend's endpoint and access key id, as the runner's step header shows them. */
  readonly setup: ArnLabels;
}

/** Runs the case against both at once; each run passes runPhase's leak scan on its own. */
export async function runOnBoth(backends: Backends, options: BothRunOptions): Promise<RunPair> {
  const inputsFor = (backend: Backend) =>
    typeof options.inputs === 'function' ? options.inputs(backend) : options.inputs;
  // Two runs at once on a busy machine: more time than one run's default.
  const timeoutMs = options.timeoutMs ?? 45_000;
  const [sandbox, moto] = await Promise.all([
    runPhase(backends.sandbox, { ...options, timeoutMs, inputs: inputsFor('sandbox') }),
    runPhase(backends.moto, { ...options, timeoutMs, inputs: inputsFor('moto') }),
  ]);
  const jobSecrets = [backends.sandbox, backends.moto].map(
    (backend) => backend.env().AWS_SECRET_ACCESS_KEY ?? '',
  );
  const setup = (backend: Backend) => {
    const env = backends[backend].env();
    return new Map([
      [env.AWS_ENDPOINT_URL ?? '', '<endpoint>'],
      [env.AWS_ACCESS_KEY_ID ?? '', '<access key id>'],
    ]);
  };
  return { sandbox, moto, jobSecrets, setup: { sandbox: setup('sandbox'), moto: setup('moto') } };
}

/** What a workflow sees of a run, with each secret's ARN replaced by its label. */
export function seenByWorkflow(
  run: ActionRun,
  arns: ReadonlyMap<string, string>,
  jobSecrets: readonly string[] = [],
) {
  // Longest first: a full ARN is never rewritten as if it were a partial one.
  const replacements = [...arns].sort(([a], [b]) => b.length - a.length);
  const label = (text: string): string =>
    replacements.reduce((result, [arn, name]) => result.split(arn).join(name), text);
  const labelled = (record: Readonly<Record<string, string>>): Record<string, string> =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, label(value)]));
  return {
    exitCode: run.exitCode,
    outputs: labelled(run.outputs),
    masks: [...new Set(run.masks)].filter((mask) => !jobSecrets.includes(mask)).sort(),
    annotations: run.annotations.map((annotation) => ({
      ...annotation,
      message: label(annotation.message),
      properties: labelled(annotation.properties),
    })),
    groups: run.groups.map((group) => ({
      title: label(group.title),
      lines: group.lines.map(label),
    })),
    summary: label(run.maskedSummary),
    exportedEnv: labelled(run.exportedEnv),
  };
}

/** The two runs did exactly the same. */
export function expectSameRuns(pair: RunPair, arns: ArnLabels = EMPTY_LABELS): void {
  const labels = mergeLabels(arns, pair.setup);
  expect(seenByWorkflow(pair.moto, labels.moto, pair.jobSecrets)).toEqual(
    seenByWorkflow(pair.sandbox, labels.sandbox, pair.jobSecrets),
  );
}

const EMPTY_LABELS: ArnLabels = { sandbox: new Map(), moto: new Map() };
