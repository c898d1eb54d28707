// Deploy: how often the action polls one instance, and how soon it notices the end, for deploys of
// 5 s, 60 s and 10 minutes. The deploy's length is how long deploy.sh sleeps on the instance.
//
// The 60-second and 10-minute deploys run on sped-up clocks: the sandbox's (its timeScale) and
// the action's (the scaled-clock preload) run 10 and 60 times faster than real time, from the same
// anchor, so the action sleeps, times and polls as it would for the full length while the run
// takes a tenth or a sixtieth of it; every figure is read on that clock. What is not sped up is
// real work (a 3 ms HTTP answer counts as 30 or 180 ms), which makes the scaled runs' poll
// intervals slightly longer than the design's: they show a little fewer polls and a little later
// notice than a real-time run, and the figures say so.

import { startSandbox } from '../../sandbox/index.js';
import { runBenchAction } from '../support/action.js';
import { WORKING_DIRECTORY, createApp } from '../support/checkout.js';
import { describeCounts } from '../support/calls.js';
import { noticeLimitSeconds, readDeploy, type DeployCalls } from '../support/deploy-calls.js';
import { atMost, eachAtMost, type Figure } from '../support/figures.js';
import { clockOf, scaledSettings } from '../support/scaled-sandbox.js';
import { scratchDir } from '../support/scratch.js';
import { summarize } from '../support/stats.js';
import type { Suite, SuiteContext } from './suite.js';

interface DeployCase {
  readonly label: string;
  readonly seconds: number;
  /** How much faster than real time both clocks run. */
  readonly scale: number;
  /** The design's poll budget for a deploy this long, where it states one. */
  readonly pollLimit?: number;
}

const CASES: readonly DeployCase[] = [
  { label: '5 s deploy', seconds: 5, scale: 1 },
  { label: '60 s deploy', seconds: 60, scale: 10, pollLimit: 30 },
  { label: '10 min deploy', seconds: 600, scale: 60, pollLimit: 80 },
];

async function measureCase(deployCase: DeployCase, context: SuiteContext): Promise<Figure[]> {
  const { runs, progress, actionPath } = context;
  const app = createApp();
  const sandbox = await startSandbox({
    settings: scaledSettings(deployCase.scale),
    tmpDir: scratchDir(),
  });
  try {
    const instance = sandbox.addInstance({ name: 'web-1' });
    app.install(instance);
    const realSeconds = deployCase.seconds / deployCase.scale;
    const measured: DeployCalls[] = [];
    for (let run = 0; run < runs; run += 1) {
      progress(`deploy: ${deployCase.label}, run ${run + 1} of ${runs}`);
      sandbox.clearCalls();
      const clock = clockOf(sandbox);
      const { probe } = await runBenchAction({
        actionPath,
        sandbox,
        github: { sha: app.sha },
        inputs: {
          'aws-region': sandbox.region,
          'instance-ids': instance.id,
          'working-directory': WORKING_DIRECTORY,
          ref: app.sha,
          env: `BENCH_SLEEP=${realSeconds}`,
        },
        ...(clock === undefined ? {} : { clock }),
        timeoutMs: (realSeconds + 60) * 1000,
      });
      measured.push(readDeploy(sandbox, probe, deployCase.scale));
    }
    // The promise is relative to how long the command has run when it ends (from SendCommand,
    // which is what the action can know): each run has its own allowance.
    const allowances = measured.map((m) => noticeLimitSeconds(m.runSeconds));
    const scaled =
      deployCase.scale === 1
        ? 'real time'
        : `clocks ${deployCase.scale}× faster (${realSeconds} s of real time)`;
    const suite = 'deploy';
    const name = (what: string): string => `${deployCase.label}: ${what}`;
    return [
      {
        suite,
        name: name('poll calls'),
        unit: 'calls',
        value: summarize(measured.map((m) => m.pollCalls)),
        ...(deployCase.pollLimit === undefined
          ? {}
          : { target: atMost(deployCase.pollLimit, 'max') }),
        note: `${measured[0]?.statusOperation ?? ''} from SendCommand to the poll that saw the end; ${scaled}`,
      },
      {
        suite,
        name: name('total calls'),
        unit: 'calls',
        value: summarize(measured.map((m) => m.totalCalls)),
        note: describeCounts(measured[0]?.counts ?? {}),
      },
      {
        suite,
        name: name('finished → noticed'),
        unit: 's',
        value: summarize(measured.map((m) => m.noticedAfterSeconds)),
        target: eachAtMost(allowances, 'each ≤ max(1.5 s, 10% of its run)'),
        note: `the command ran ${summarize(measured.map((m) => m.runSeconds)).median.toFixed(1)} s (median): allowances ${allowances.map((a) => a.toFixed(1)).join(', ')} s`,
      },
      {
        suite,
        name: name('finished → action exited'),
        unit: 's',
        value: summarize(measured.map((m) => m.exitedAfterSeconds)),
        note: 'after the notice: the result reported',
      },
    ];
  } finally {
    await sandbox.stop();
    app.cleanup();
  }
}

export const deploySuite: Suite = {
  name: 'deploy',
  title: 'Deploy (one instance)',
  run: async (context) => {
    const figures: Figure[] = [];
    for (const deployCase of CASES) figures.push(...(await measureCase(deployCase, context)));
    return figures;
  },
};
