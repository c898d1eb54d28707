// Secrets: how many Secrets Manager calls the action makes, and how long its secrets phase takes,
// for 1, 20 and 100 named secrets and for 45 secrets under a prefix, with every call answered
// after 20 ms of sandbox latency.
//
// The phase's wall time is read from the sandbox's call log: from the arrival of the first Secrets
// Manager call to the end of the last answer. Its floor is the latency times the calls that must
// follow one another (one round of batches for named secrets; a listing, then the batches, for a
// prefix): the target is that floor plus 3 round trips.

import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { runBenchAction } from '../support/action.js';
import { countByOperation, describeCounts, span } from '../support/calls.js';
import { atMost, type Figure } from '../support/figures.js';
import { summarize } from '../support/stats.js';
import type { Suite, SuiteContext } from './suite.js';

const LATENCY_MS = 20;
/** BatchGetSecretValue takes at most 20 ids. */
const BATCH = 20;
const PREFIX = 'bench-prefixed/';
const PREFIXED = 45;

interface Case {
  readonly label: string;
  readonly secretIds: string;
  /** Calls the design allows: one listing for a prefix, then one batch per 20 secrets. */
  readonly allowedCalls: number;
  /** Round trips that must follow one another. */
  readonly sequentialRoundTrips: number;
}

const named = (index: number): string => `bench/named-${String(index).padStart(3, '0')}`;

function cases(): Case[] {
  const namedCases = [1, 20, 100].map((count) => ({
    label: `${count} named secret${count === 1 ? '' : 's'}`,
    secretIds: Array.from({ length: count }, (_, index) => named(index)).join('\n'),
    allowedCalls: Math.ceil(count / BATCH),
    sequentialRoundTrips: 1,
  }));
  return [
    ...namedCases,
    {
      label: `${PREFIXED} secrets under a prefix`,
      secretIds: `${PREFIX}*`,
      allowedCalls: 1 + Math.ceil(PREFIXED / BATCH),
      sequentialRoundTrips: 2,
    },
  ];
}

async function measure(
  actionPath: string,
  sandbox: Sandbox,
  secretIds: string,
): Promise<{ calls: number; phaseMs: number; counts: Record<string, number> }> {
  sandbox.clearCalls();
  await runBenchAction({
    actionPath,
    sandbox,
    inputs: { 'aws-region': sandbox.region, 'secret-ids': secretIds },
    timeoutMs: 60_000,
  });
  const calls = sandbox.calls({ service: 'secretsmanager' });
  return { calls: calls.length, phaseMs: span(calls), counts: countByOperation(calls) };
}

async function runSecrets({ runs, progress, actionPath }: SuiteContext): Promise<Figure[]> {
  const sandbox = await startSandbox({ settings: { latencyMs: LATENCY_MS } });
  try {
    for (let index = 0; index < 100; index += 1)
      sandbox.addSecret({ name: named(index), secretString: `value of secret ${index}` });
    for (let index = 0; index < PREFIXED; index += 1)
      sandbox.addSecret({ name: `${PREFIX}s${index}`, secretString: `prefixed value ${index}` });

    const figures: Figure[] = [];
    for (const testCase of cases()) {
      progress(`secrets: ${testCase.label}`);
      // One run first, unmeasured, so that every measured run finds the files in the page cache.
      await measure(actionPath, sandbox, testCase.secretIds);
      const measured = [];
      for (let run = 0; run < runs; run += 1)
        measured.push(await measure(actionPath, sandbox, testCase.secretIds));
      const floor = testCase.sequentialRoundTrips * LATENCY_MS;
      const limit = floor + 3 * LATENCY_MS;
      const phase = summarize(measured.map((m) => m.phaseMs));
      figures.push(
        {
          suite: 'secrets',
          name: `${testCase.label}: Secrets Manager calls`,
          unit: 'calls',
          value: summarize(measured.map((m) => m.calls)),
          target: atMost(testCase.allowedCalls, 'max'),
          note: describeCounts(measured[0]?.counts ?? {}),
        },
        {
          suite: 'secrets',
          name: `${testCase.label}: phase wall time`,
          unit: 'ms',
          value: phase,
          target: atMost(limit, 'median', `≤ ${floor} + 3 × ${LATENCY_MS} ms`),
          note: `${(phase.median / LATENCY_MS).toFixed(1)} round trips of ${LATENCY_MS} ms; floor ${testCase.sequentialRoundTrips} round trip${testCase.sequentialRoundTrips === 1 ? '' : 's'}`,
        },
      );
    }
    return figures;
  } finally {
    await sandbox.stop();
  }
}

export const secretsSuite: Suite = { name: 'secrets', title: 'Secrets', run: runSecrets };
