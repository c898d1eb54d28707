// Runs the built action (dist/index.js) through the runner harness, as a workflow step would run
// it, with the benchmarks' preloads in its Node process: a probe that reports when the process
// started and exited and its peak memory, and, for the long deploys, a clock that runs faster.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '../../sandbox/index.js';
import { runAction, type ActionRun } from '../../sandbox/runner/index.js';

const PROBE = join(import.meta.dirname, '../preload/probe.mjs');
const SCALED_CLOCK = join(import.meta.dirname, '../preload/scaled-clock.mjs');

/** What the probe preload saw of the action's process. Times are real epoch ms. */
export interface Probe {
  /** performance.timeOrigin: when Node started the process. */
  readonly startedAt: number;
  /** When the process emitted 'exit' (its last JavaScript). */
  readonly exitedAt: number;
  readonly exitCode: number;
  /** Peak resident set size (VmHWM), KiB. */
  readonly maxRssKiB: number;
  /** User and system CPU time of the process, ms. */
  readonly cpuMs: number;
  readonly node: string;
}

/** The action's clock runs `scale` times faster, reading `scaledAnchor` at real time `realAnchor`. */
export interface ClockScale {
  readonly scale: number;
  readonly realAnchor: number;
  readonly scaledAnchor: number;
}

export interface BenchActionOptions {
  /** The directory holding action.yml and dist/. */
  readonly actionPath: string;
  readonly sandbox: Sandbox;
  readonly inputs: Readonly<Record<string, string>>;
  readonly github?: { readonly sha?: string };
  readonly clock?: ClockScale;
  readonly timeoutMs: number;
}

export interface BenchAction {
  readonly run: ActionRun;
  readonly probe: Probe;
}

export class ActionFailedError extends Error {
  override readonly name = 'ActionFailedError';
}

/** Runs the action once; throws unless its main step succeeded. */
export async function runBenchAction(options: BenchActionOptions): Promise<BenchAction> {
  const dir = mkdtempSync(join(tmpdir(), 'ssm-deploy-bench-'));
  const probeFile = join(dir, 'probe.json');
  try {
    const run = await runAction({
      actionPath: options.actionPath,
      inputs: options.inputs,
      env: {
        ...options.sandbox.env(),
        SSM_DEPLOY_BENCH_PROBE: probeFile,
        ...(options.clock === undefined
          ? {}
          : {
              SSM_DEPLOY_BENCH_CLOCK: [
                options.clock.scale,
                options.clock.realAnchor,
                options.clock.scaledAnchor,
              ].join(','),
            }),
      },
      ...(options.github?.sha === undefined ? {} : { github: { sha: options.github.sha } }),
      nodeArgs: [
        '--import',
        PROBE,
        ...(options.clock === undefined ? [] : ['--import', SCALED_CLOCK]),
      ],
      stepHeader: false,
      timeoutMs: options.timeoutMs,
    });
    if (run.outcome !== 'success') {
      const tail = run.maskedLog.split('\n').slice(-15).join('\n');
      throw new ActionFailedError(`the action's step ended ${run.outcome}:\n${tail}`);
    }
    const probe = JSON.parse(readFileSync(probeFile, 'utf8')) as Probe;
    return { run, probe };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
