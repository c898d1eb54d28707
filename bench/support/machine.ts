// Where and when the figures were taken: the machine, Node, and the commit measured.

import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly platform: string;
  readonly arch: string;
}

/**
 * The 1-, 5- and 15-minute load averages. Figures taken while other work keeps the cores busy
 * (a load above the core count) measure the machine's contention as much as the action.
 */
export function load(): readonly [number, number, number] {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return [one, five, fifteen];
}

export interface Provenance {
  readonly machine: Machine;
  /** The Node that ran the benchmarks and the action (the action's own process reports it too). */
  readonly node: string;
  readonly date: string;
  readonly commit: string;
  /** Whether the working tree had changes not committed (the figures are then of those too). */
  readonly dirty: boolean;
}

export function provenance(root: string): Provenance {
  const processors = cpus();
  const git = (...args: string[]): string =>
    spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout.trim();
  return {
    machine: {
      cpuModel: processors[0]?.model.trim() ?? 'unknown',
      cores: processors.length,
      memoryBytes: totalmem(),
      platform: process.platform,
      arch: process.arch,
    },
    node: process.version,
    date: new Date().toISOString(),
    commit: git('rev-parse', 'HEAD') || 'unknown',
    dirty: git('status', '--porcelain') !== '',
  };
}
