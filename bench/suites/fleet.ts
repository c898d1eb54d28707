// Fleets: 200 and 1,000 instances chosen by tag (`targets`), MaxConcurrency 10%, each instance's
// deploy.sh sleeping 0.2 s. Figures: calls per poll cycle, total calls, the action's peak memory,
// and how long after the last instance finished the action reached its verdict and exited.
//
// The fleet runs in real time. Every instance really runs the action's remote script (bash, git,
// runuser), so a fleet keeps this machine's two cores busy and the run takes as long as the
// scripts do (about 100 at a time), not as long as the sleeps.

import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { runBenchAction } from '../support/action.js';
import { WORKING_DIRECTORY, createApp, type App } from '../support/checkout.js';
import { describeCounts } from '../support/calls.js';
import { noticeLimitSeconds, readDeploy, type DeployCalls } from '../support/deploy-calls.js';
import { atMost, eachAtMost, type Figure } from '../support/figures.js';
import { scratchDir } from '../support/scratch.js';
import { summarize } from '../support/stats.js';
import type { Suite, SuiteContext } from './suite.js';

const SIZES = [200, 1000] as const;
const LARGEST = Math.max(...SIZES);
const PAGE = 50;
const MEMORY_LIMIT_MB = 150;

/** Every instance is tagged Fleet=bench; the first N of them also Size<N>=yes. */
const tagFor = (size: number): string => `tag:Size${size}=yes`;

function addFleet(sandbox: Sandbox, app: App): void {
  for (let index = 0; index < LARGEST; index += 1) {
    const tags: Record<string, string> = { Fleet: 'bench' };
    for (const size of SIZES) if (index < size) tags[`Size${size}`] = 'yes';
    app.install(sandbox.addInstance({ name: `fleet-${index}`, tags }));
  }
}

async function measureFleet(
  size: number,
  sandbox: Sandbox,
  app: App,
  { runs, progress, actionPath }: SuiteContext,
): Promise<Figure[]> {
  const measured: DeployCalls[] = [];
  for (let run = 0; run < runs; run += 1) {
    progress(`fleet: ${size} instances, run ${run + 1} of ${runs}`);
    sandbox.clearCalls();
    const { probe } = await runBenchAction({
      actionPath,
      sandbox,
      github: { sha: app.sha },
      inputs: {
        'aws-region': sandbox.region,
        targets: tagFor(size),
        'max-concurrency': '10%',
        'working-directory': WORKING_DIRECTORY,
        ref: app.sha,
        env: 'BENCH_SLEEP=0.2',
      },
      timeoutMs: 600_000,
    });
    const deploy = readDeploy(sandbox, probe, 1);
    const ran = sandbox.commandHistory().at(-1)?.invocations.length ?? 0;
    if (ran !== size) throw new Error(`the command reached ${ran} instances, not ${size}`);
    measured.push(deploy);
  }
  const suite = 'fleet';
  const name = (what: string): string => `${size.toLocaleString('en-US')} instances: ${what}`;
  const runTime = summarize(measured.map((m) => m.runSeconds));
  // Each run has its own allowance: 10% of its own length.
  const allowances = measured.map((m) => noticeLimitSeconds(m.runSeconds));
  const cycles = measured.map((m) => m.cycles);
  return [
    {
      suite,
      name: name('calls per poll cycle (most in a run)'),
      unit: 'calls',
      value: summarize(cycles.map((c) => Math.max(...c))),
      target: atMost(Math.ceil(size / PAGE) + 1, 'max', `≤ ⌈${size}/${PAGE}⌉ + 1`),
      note: `${summarize(cycles.map((c) => c.length)).median} poll cycles in a median run; a cycle is one ${measured[0]?.statusOperation ?? ''} and the calls after it`,
    },
    {
      suite,
      name: name('total calls'),
      unit: 'calls',
      value: summarize(measured.map((m) => m.totalCalls)),
      note: `${describeCounts(measured[0]?.counts ?? {})}; ${measured[0]?.collectionCalls ?? 0} of them after the verdict, collecting results`,
    },
    {
      suite,
      name: name('peak memory of the action (RSS)'),
      unit: 'MB',
      value: summarize(measured.map((m) => m.peakMemoryMB)),
      target: atMost(MEMORY_LIMIT_MB, 'max', `≤ ${MEMORY_LIMIT_MB} MB`),
      note: `VmHWM of the action’s process, from getrusage at exit; it used ${(summarize(measured.map((m) => m.cpuMs)).median / 1000).toFixed(1)} s of CPU`,
    },
    {
      suite,
      name: name('command run time'),
      unit: 's',
      value: runTime,
      note: 'SendCommand to the last instance’s end, in the sandbox',
    },
    {
      suite,
      name: name('last instance finished → noticed'),
      unit: 's',
      value: summarize(measured.map((m) => m.noticedAfterSeconds)),
      target: eachAtMost(allowances, 'each ≤ max(1.5 s, 10% of its run)'),
      note: `allowances ${allowances.map((a) => a.toFixed(1)).join(', ')} s`,
    },
    {
      suite,
      name: name('last instance finished → verdict, action exited'),
      unit: 's',
      value: summarize(measured.map((m) => m.exitedAfterSeconds)),
      note: 'after the notice: every instance’s result collected and reported',
    },
  ];
}

async function runFleets(context: SuiteContext): Promise<Figure[]> {
  context.progress(`fleet: creating ${LARGEST} instances`);
  const app = createApp();
  const sandbox = await startSandbox({ tmpDir: scratchDir() });
  try {
    addFleet(sandbox, app);
    const figures: Figure[] = [];
    for (const size of SIZES) figures.push(...(await measureFleet(size, sandbox, app, context)));
    return figures;
  } finally {
    await sandbox.stop();
    app.cleanup();
  }
}

export const fleetSuite: Suite = {
  name: 'fleet',
  title: 'Fleet (by tag, 10% at once)',
  run: runFleets,
};
