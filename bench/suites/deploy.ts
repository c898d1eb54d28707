// Deploy: how often the action polls one instance, and how soon it notices the end, for deploys of
// 5 s and 60 s run for real, and of 10 and 30 minutes computed from the action's own poller.
// The deploy's length is how long deploy.sh sleeps on the instance.
//
// The 60-second deploy runs on sped-up clocks: the sandbox's (its timeScale) and the action's (the
// scaled-clock preload) run 10 times faster than real time, from the same anchor, so the action
// sleeps, times and polls as it would for the full length while the run takes a tenth of it;
// every figure is read on that clock. What is not sped up is real work (a 3 ms HTTP answer counts
// as 30 ms), which makes the scaled run's poll intervals slightly longer than the design's.
//
// The 10- and 30-minute deploys are computed (support/schedule.ts): the poller, unchanged, on a
// simulated clock, its polls answered with the latency the 5 s runs measured, for endings spread
// over the last gap between polls before their length (where a deploy ends in that gap decides how
// long its end waits); after the notice, what the 5 s runs took from it to the process's exit.

import { startSandbox } from '../../sandbox/index.js';
import { runBenchAction } from '../support/action.js';
import { WORKING_DIRECTORY, createApp } from '../support/checkout.js';
import { describeCounts } from '../support/calls.js';
import { noticeLimitSeconds, readDeploy, type DeployCalls } from '../support/deploy-calls.js';
import { atMost, eachAtMost, type Figure } from '../support/figures.js';
import { clockOf, scaledSettings } from '../support/scaled-sandbox.js';
import { endings, simulateWait } from '../support/schedule.js';
import { pollInterval, pollSchedule } from '../../src/deploy/wait.js';
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
];

interface ComputedCase {
  readonly label: string;
  readonly seconds: number;
  readonly pollLimit: number;
}

const COMPUTED: readonly ComputedCase[] = [
  { label: '10 min deploy', seconds: 600, pollLimit: 80 },
  { label: '30 min deploy', seconds: 1_800, pollLimit: 200 },
];

/** Endings computed per long deploy, over the last gap between polls. */
const ENDINGS = 20;

/** What the real runs measured that a computed deploy takes as it is. */
interface Measured {
  /** Status poll answers, ms (the sandbox's own time to answer). */
  readonly pollLatencyMs: number;
  /** From the notice to the process's exit, s. */
  readonly noticeToExitSeconds: number;
}

async function measureCase(
  deployCase: DeployCase,
  context: SuiteContext,
): Promise<{ figures: Figure[]; measured: Measured }> {
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
    const latencies: number[] = [];
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
      const deploy = readDeploy(sandbox, probe, deployCase.scale);
      measured.push(deploy);
      latencies.push(
        ...sandbox.calls({ operation: deploy.statusOperation }).map((call) => call.durationMs),
      );
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
    const figures: Figure[] = [
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
        target: eachAtMost(allowances, 'each ≤ max(1.5 s, min(10% of its run, 10 s))'),
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
    return {
      figures,
      measured: {
        pollLatencyMs: summarize(latencies).median,
        noticeToExitSeconds: summarize(
          measured.map((m) => m.exitedAfterSeconds - m.noticedAfterSeconds),
        ).median,
      },
    };
  } finally {
    await sandbox.stop();
    app.cleanup();
  }
}

/** A long deploy's figures, from the action's poller on a simulated clock. */
async function computeCase(computed: ComputedCase, measured: Measured): Promise<Figure[]> {
  const lengthMs = computed.seconds * 1000;
  // The gap between the last two polls before the deploy's length.
  const gapMs = pollInterval(pollSchedule(lengthMs).at(-1) ?? 0);
  const waits = await Promise.all(
    endings(lengthMs, gapMs, ENDINGS).map(async (endsAt) => ({
      endsAt,
      ...(await simulateWait(endsAt, measured.pollLatencyMs)),
    })),
  );
  const noticed = waits.map((w) => w.noticeMs / 1000);
  const suite = 'deploy';
  const name = (what: string): string => `${computed.label}: ${what}`;
  const how = `computed: the poller on a simulated clock, ${ENDINGS} endings over the last ${String(gapMs / 1000)} s gap, polls answered in ${measured.pollLatencyMs.toFixed(0)} ms`;
  return [
    {
      suite,
      name: name('poll calls'),
      unit: 'calls',
      value: summarize(waits.map((w) => w.polls)),
      target: atMost(computed.pollLimit, 'max'),
      note: how,
    },
    {
      suite,
      name: name('finished → noticed'),
      unit: 's',
      value: summarize(noticed),
      target: eachAtMost(
        waits.map((w) => noticeLimitSeconds(w.endsAt / 1000)),
        'each ≤ max(1.5 s, min(10% of its run, 10 s))',
      ),
    },
    {
      suite,
      name: name('finished → action exited'),
      unit: 's',
      value: summarize(noticed.map((n) => n + measured.noticeToExitSeconds)),
      target: atMost(10, 'max', '≤ 10 s'),
      note: `the notice, then ${measured.noticeToExitSeconds.toFixed(2)} s from it to the exit, as the 5 s runs measured`,
    },
  ];
}

export const deploySuite: Suite = {
  name: 'deploy',
  title: 'Deploy (one instance)',
  run: async (context) => {
    const figures: Figure[] = [];
    let first: Measured | undefined;
    for (const deployCase of CASES) {
      const result = await measureCase(deployCase, context);
      first ??= result.measured;
      figures.push(...result.figures);
    }
    if (first === undefined) throw new Error('no deploy was measured');
    for (const computed of COMPUTED) figures.push(...(await computeCase(computed, first)));
    return figures;
  },
};
