// `npm run bench`: the action's figures against the local sandbox. Runs every suite (or those
// named: `npm run bench -- secrets deploy`), prints a table of figures with their targets, and
// writes bench/results.json (a partial run, with fewer runs, some suites or another action,
// writes bench/results.local.json).
// See bench/README.md for what each figure means and how it is measured.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { verdict, type Figure } from './support/figures.js';
import { load, provenance, type Provenance } from './support/machine.js';
import { markdownTable, textTable } from './support/table.js';
import { bundleSuite } from './suites/bundle.js';
import { deploySuite } from './suites/deploy.js';
import { fleetSuite } from './suites/fleet.js';
import { rolloutSuite } from './suites/rollout.js';
import { scriptSuite } from './suites/script.js';
import { secretsSuite } from './suites/secrets.js';
import { fullDeploy, secretsOnly, startupSuite } from './suites/startup.js';
import type { Suite } from './suites/suite.js';

const ROOT = resolve(import.meta.dirname, '..');
const MIN_RUNS = 5;

const SUITES: readonly Suite[] = [
  bundleSuite,
  // Before the rollout's minutes of traffic: start-up is a matter of milliseconds, and measured
  // right after that traffic, its medians came out 35-45% higher.
  startupSuite([secretsOnly, fullDeploy]),
  rolloutSuite,
  secretsSuite,
  deploySuite,
  // Before the fleet, which leaves the cores busy for a while after it ends.
  scriptSuite,
  fleetSuite,
];
const TITLES = Object.fromEntries(SUITES.map((suite) => [suite.name, suite.title]));

export interface Results extends Provenance {
  /** The action measured, relative to the repository root ('.' for this repository's). */
  readonly action: string;
  /** Runs per timed figure. */
  readonly runs: number;
  readonly suites: readonly string[];
  /** Wall time of the whole benchmark run. */
  readonly durationSeconds: number;
  /**
   * The machine's 1-minute load average as each suite started. Not at the end: the fleet suite's
   * hundred instance scripts at a time load the machine themselves.
   */
  readonly loadAtSuiteStart: Readonly<Record<string, number>>;
  readonly figures: readonly (Figure & { readonly met?: boolean })[];
}

const USAGE = `Usage: npm run bench -- [SUITE ...] [--runs N] [--out FILE] [--markdown]
       npm run bench -- --from FILE [--markdown]

Suites: ${SUITES.map((suite) => suite.name).join(', ')} (default: all).
  --runs N     measured runs per figure (default ${MIN_RUNS}; fewer only for a quick look)
  --out FILE   where to write the results (default: bench/results.json for a complete run,
               bench/results.local.json for fewer runs, some suites or another action)
  --markdown   print the table as Markdown (as in the README)
  --action DIR measure the action in DIR (its action.yml and dist/) instead of this repository's
  --from FILE  print the table of an earlier run instead of running anything`;

/**
 * The action must be measured on Node 24, the runtime action.yml declares, and the harness starts
 * it with the Node that runs this file. Under an older Node, run this file again under Node 24:
 * the one in /opt/node24 when there is one, else node@24 from the npm registry (as .ci/run does).
 */
function ensureNode24(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 24) return;
  if (process.env.SSM_DEPLOY_BENCH_REEXEC !== undefined) {
    console.error(`Node 24 was requested but this is still Node ${process.version}.`);
    process.exit(1);
  }
  const tsx = import.meta.resolve('tsx');
  const args = ['--import', tsx, fileURLToPath(import.meta.url), ...process.argv.slice(2)];
  const local = '/opt/node24/node_modules/.bin/node';
  const [command, commandArgs] = existsSync(local)
    ? [local, args]
    : ['npx', ['-y', '-p', 'node@24', '--', 'node', ...args]];
  console.error(`Node ${process.version} is older than 24: running the benchmarks under Node 24.`);
  const result = spawnSync(command, commandArgs, {
    stdio: 'inherit',
    env: { ...process.env, SSM_DEPLOY_BENCH_REEXEC: '1' },
  });
  process.exit(result.status ?? 1);
}

function print(results: Results, markdown: boolean): void {
  const figures = results.figures;
  console.log(markdown ? markdownTable(figures, TITLES) : textTable(figures, TITLES));
  const m = results.machine;
  console.log(
    `\n${m.cpuModel}, ${m.cores} cores, ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB; Node ${results.node}; ` +
      `commit ${results.commit.slice(0, 12)}${results.dirty ? ' (with uncommitted changes)' : ''}; ` +
      `${results.date}; ${results.runs} runs per figure; ${results.durationSeconds.toFixed(0)} s in all.`,
  );
  const loads = Object.entries(results.loadAtSuiteStart);
  console.log(
    `Load average (1 min) as each suite started: ${loads.map(([suite, value]) => `${suite} ${value.toFixed(1)}`).join(', ')}.`,
  );
  const busy = loads.filter(([, value]) => value > m.cores);
  if (busy.length > 0)
    console.log(
      `Warning: other work kept the ${m.cores} cores busy as ${busy.map(([suite]) => suite).join(', ')} started: those timings are not the action's alone.`,
    );
  const missed = figures.filter((figure) => verdict(figure) === 'missed');
  if (missed.length > 0)
    console.log(
      `\nMissed targets: ${missed.map((f) => `${TITLES[f.suite] ?? f.suite}: ${f.name}`).join('; ')}`,
    );
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      runs: { type: 'string' },
      out: { type: 'string' },
      action: { type: 'string' },
      markdown: { type: 'boolean', default: false },
      from: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.from !== undefined) {
    print(JSON.parse(readFileSync(values.from, 'utf8')) as Results, values.markdown);
    return;
  }
  ensureNode24();

  const unknown = positionals.filter((name) => !SUITES.some((suite) => suite.name === name));
  if (unknown.length > 0) throw new UsageError(`unknown suite ${unknown.join(', ')}`);
  const selected =
    positionals.length === 0 ? SUITES : SUITES.filter((s) => positionals.includes(s.name));
  const runs = values.runs === undefined ? MIN_RUNS : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new UsageError('--runs must be a positive integer');
  if (runs < MIN_RUNS)
    console.error(`Note: ${runs} run(s) per figure; published figures take at least ${MIN_RUNS}.`);
  const actionPath = resolve(values.action ?? ROOT);
  // Only a complete run of this repository's action replaces the published results.
  const complete = selected.length === SUITES.length && runs >= MIN_RUNS && actionPath === ROOT;
  const out = values.out ?? join(ROOT, 'bench', complete ? 'results.json' : 'results.local.json');

  const started = performance.now();
  const figures: Figure[] = [];
  const loadAtSuiteStart: Record<string, number> = {};
  for (const suite of selected) {
    loadAtSuiteStart[suite.name] = load()[0];
    figures.push(
      ...(await suite.run({
        runs,
        root: ROOT,
        actionPath,
        progress: (message) => {
          console.error(
            `[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`,
          );
        },
      })),
    );
  }
  const results: Results = {
    ...provenance(ROOT),
    action: relative(ROOT, actionPath) || '.',
    runs,
    suites: selected.map((suite) => suite.name),
    durationSeconds: (performance.now() - started) / 1000,
    loadAtSuiteStart,
    figures: figures.map((figure) => {
      const result = verdict(figure);
      return result === 'none' ? figure : { ...figure, met: result === 'met' };
    }),
  };
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  print(results, values.markdown);
  console.log(`\nWrote ${relative(process.cwd(), out)}.`);
}

class UsageError extends Error {}

try {
  await main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  throw error;
}
