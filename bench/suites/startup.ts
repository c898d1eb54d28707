// Start-up: how long the action's process takes from its start to its first AWS request, and to
// its exit, on Node 24, for a secrets-only run and for a full deploy.
//
// Process start is Node's own record of it (performance.timeOrigin, reported by the probe preload);
// the first request is its arrival in the sandbox's call log; exit is the process's 'exit' event.
// All three are real epoch ms on this machine's clock. The sandbox answers at once (no latency).

import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { runBenchAction, type BenchAction } from '../support/action.js';
import { firstArrival } from '../support/calls.js';
import { atMost, type Figure, type Target } from '../support/figures.js';
import { summarize } from '../support/stats.js';
import type { Suite, SuiteContext } from './suite.js';

const SECRETS = ['app/db', 'app/api-key', 'app/signing-key'];

export interface StartupCase {
  readonly label: string;
  readonly firstRequestTarget?: Target;
  /** Seeds the sandbox; returns what to run. */
  prepare(sandbox: Sandbox): Promise<{
    readonly inputs: Readonly<Record<string, string>>;
    readonly sha?: string;
  }>;
}

export const secretsOnly: StartupCase = {
  label: 'secrets only',
  prepare: (sandbox) => {
    for (const name of SECRETS) sandbox.addSecret({ name, secretString: `value of ${name}` });
    return Promise.resolve({
      inputs: { 'aws-region': sandbox.region, 'secret-ids': SECRETS.join('\n') },
    });
  },
};

interface Timing {
  readonly firstRequestMs: number;
  readonly exitMs: number;
  readonly node: string;
}

function timing(sandbox: Sandbox, { probe }: BenchAction): Timing {
  return {
    firstRequestMs: firstArrival(sandbox.calls()) - probe.startedAt,
    exitMs: probe.exitedAt - probe.startedAt,
    node: probe.node,
  };
}

async function measureCase(
  startupCase: StartupCase,
  { runs, progress }: SuiteContext,
): Promise<Figure[]> {
  progress(`start-up: ${startupCase.label}`);
  const sandbox = await startSandbox();
  try {
    const { inputs, sha } = await startupCase.prepare(sandbox);
    const once = async (): Promise<Timing> => {
      sandbox.clearCalls();
      const action = await runBenchAction({
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
      {
        suite: 'startup',
        name: `${startupCase.label}: process start → exit`,
        unit: 'ms',
        value: summarize(measured.map((m) => m.exitMs)),
      },
    ];
  } finally {
    await sandbox.stop();
  }
}

export const FULL_DEPLOY_FIRST_REQUEST = atMost(300, 'median', '≤ 300 ms');

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
