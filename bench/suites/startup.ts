// Start-up: how long the action's process takes from its start to its first AWS request, and to
// its exit, on Node 24, for a secrets-only run and for a full deploy (secrets, a parameter, a
// versioned bucket, then a deploy to one instance whose deploy.sh does nothing).
//
// Process start is Node's own record of it (performance.timeOrigin, reported by the probe preload);
// a request's time is its arrival in the sandbox's call log; exit is the process's 'exit' event.
// All are real epoch ms on this machine's clock. The sandbox answers at once (no latency).

import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { pollInterval } from '../../src/deploy/wait.js';
import { runBenchAction, type BenchAction } from '../support/action.js';
import { firstArrival } from '../support/calls.js';
import { WORKING_DIRECTORY, createApp } from '../support/checkout.js';
import { scratchDir } from '../support/scratch.js';
import { atMost, type Figure, type Target } from '../support/figures.js';
import { summarize } from '../support/stats.js';
import type { Suite, SuiteContext } from './suite.js';

const SECRETS = ['app/db', 'app/api-key', 'app/signing-key'];

interface Prepared {
  readonly inputs: Readonly<Record<string, string>>;
  readonly sha?: string;
  readonly cleanup?: () => void;
}

export interface StartupCase {
  readonly label: string;
  readonly firstRequestTarget?: Target;
  /** Seeds the sandbox; returns what to run. */
  readonly prepare: (sandbox: Sandbox) => Prepared;
}

function seedSecrets(sandbox: Sandbox): string {
  for (const name of SECRETS) sandbox.addSecret({ name, secretString: `value of ${name}` });
  return SECRETS.join('\n');
}

export const secretsOnly: StartupCase = {
  label: 'secrets only',
  // 0.65 × the 199 ms of aws-actions/aws-secretsmanager-get-secrets measured beside it on an idle
  // machine: the bench cannot run that action, so the ratio is checked from outside.
  firstRequestTarget: atMost(130, 'median', '≤ 130 ms (0.65 × 199 ms)'),
  prepare: (sandbox) => ({
    inputs: { 'aws-region': sandbox.region, 'secret-ids': seedSecrets(sandbox) },
  }),
};

export const fullDeploy: StartupCase = {
  label: 'full deploy',
  firstRequestTarget: atMost(200, 'median', '≤ 200 ms'),
  prepare: (sandbox) => {
    const app = createApp();
    const instance = sandbox.addInstance({ name: 'web-1' });
    app.install(instance);
    sandbox.putParameter({ name: '/app/url', value: 'https://app.example.test' });
    sandbox.addBucket({ name: 'app-releases' });
    return {
      inputs: {
        'aws-region': sandbox.region,
        'secret-ids': seedSecrets(sandbox),
        parameters: '/app/url',
        'versioned-buckets': 'app-releases',
        'instance-ids': instance.id,
        'working-directory': WORKING_DIRECTORY,
        ref: app.sha,
      },
      sha: app.sha,
      cleanup: () => {
        app.cleanup();
      },
    };
  },
};

interface Timing {
  readonly firstRequestMs: number;
  /** Undefined when nothing was sent. */
  readonly sendCommandMs: number | undefined;
  readonly exitMs: number;
  readonly peakMemoryMB: number;
  readonly node: string;
}

function timing(sandbox: Sandbox, { probe }: BenchAction): Timing {
  const sent = sandbox.calls({ operation: 'SendCommand' })[0];
  const first = firstArrival(sandbox.calls());
  // A request before the process started means the probe measured another process.
  if (first < probe.startedAt)
    throw new Error('the probe did not measure the main step: its first request came before it');
  return {
    firstRequestMs: first - probe.startedAt,
    sendCommandMs: sent === undefined ? undefined : sent.time - probe.startedAt,
    exitMs: probe.exitedAt - probe.startedAt,
    peakMemoryMB: (probe.maxRssKiB * 1024) / 1e6,
    node: probe.node,
  };
}

async function measureCase(
  startupCase: StartupCase,
  { runs, progress, actionPath }: SuiteContext,
): Promise<Figure[]> {
  progress(`start-up: ${startupCase.label}`);
  const sandbox = await startSandbox({ tmpDir: scratchDir() });
  let cleanup: (() => void) | undefined;
  try {
    const { inputs, sha, ...prepared } = startupCase.prepare(sandbox);
    cleanup = prepared.cleanup;
    const once = async (): Promise<Timing> => {
      sandbox.clearCalls();
      const action = await runBenchAction({
        actionPath,
        sandbox,
        inputs,
        ...(sha === undefined ? {} : { github: { sha } }),
        timeoutMs: 60_000,
      });
      return timing(sandbox, action);
    };
    // One run first, unmeasured: the measured runs find dist/ in the page cache, as a runner that
    // has just downloaded the action does.
    await once();
    const measured: Timing[] = [];
    for (let run = 0; run < runs; run += 1) measured.push(await once());
    const node = measured[0]?.node ?? 'unknown';
    const sent = measured.flatMap((m) => (m.sendCommandMs === undefined ? [] : [m.sendCommandMs]));
    return [
      {
        suite: 'startup',
        name: `${startupCase.label}: process start → first AWS request`,
        unit: 'ms',
        value: summarize(measured.map((m) => m.firstRequestMs)),
        ...(startupCase.firstRequestTarget === undefined
          ? {}
          : { target: startupCase.firstRequestTarget }),
        note: `the action ran on Node ${node}`,
      },
      ...(sent.length === 0
        ? []
        : [
            {
              suite: 'startup',
              name: `${startupCase.label}: process start → SendCommand`,
              unit: 'ms' as const,
              value: summarize(sent),
            },
          ]),
      {
        suite: 'startup',
        name: `${startupCase.label}: process start → exit`,
        unit: 'ms',
        value: summarize(measured.map((m) => m.exitMs)),
        ...(sent.length === 0
          ? {}
          : {
              note: `the first status poll comes ${String(pollInterval(0) / 1000)} s after SendCommand, by design`,
            }),
      },
      {
        suite: 'startup',
        name: `${startupCase.label}: peak memory of the action (RSS)`,
        unit: 'MB',
        value: summarize(measured.map((m) => m.peakMemoryMB)),
      },
    ];
  } finally {
    await sandbox.stop();
    cleanup?.();
  }
}

export function startupSuite(cases: readonly StartupCase[]): Suite {
  return {
    name: 'startup',
    title: 'Start-up',
    run: async (context) => {
      const figures: Figure[] = [];
      for (const startupCase of cases) figures.push(...(await measureCase(startupCase, context)));
      return figures;
    },
  };
}
