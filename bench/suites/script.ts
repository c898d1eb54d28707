// The remote script's own overhead on one instance: lock, fetch, checkout, markers and an empty
// deploy.sh, against what a person would type by hand (`git fetch && git checkout && ./deploy.sh`),
// both on the same checkout, each fetching a new commit, run alternately and timed as processes.
// Run as root (as SSM runs the script), the repositories belong to nobody, as an instance's
// checkout belongs to a user of its own: the script switches to that user for git and deploy.sh,
// and the commands typed by hand run as that user directly.

import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildScript } from '../../src/deploy/script.js';
import { atMost, type Figure } from '../support/figures.js';
import { scratchDir } from '../support/scratch.js';
import { summarize } from '../support/stats.js';
import type { Suite } from './suite.js';

const GIT_ENV = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/nonexistent',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.test',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.test',
};

/** The owner of the repositories: nobody when the bench runs as root, else the bench's own user. */
const OWNER = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', ...OWNER });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** Milliseconds for `command` to run to exit 0. */
function timed(
  command: string,
  args: readonly string[],
  cwd: string,
  user: { uid?: number; gid?: number } = {},
): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd,
    env: { PATH: '/usr/bin:/bin' },
    stdio: 'pipe',
    ...user,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(`${command} exited ${String(result.status)}: ${String(result.stderr)}`);
  return ms;
}

export const scriptSuite: Suite = {
  name: 'script',
  title: 'Remote script on one instance',
  run({ runs, progress }) {
    const root = mkdtempSync(join(scratchDir(), 'ssm-deploy-bench-script-'));
    try {
      if (OWNER.uid !== undefined) chownSync(root, OWNER.uid, OWNER.gid);
      const origin = join(root, 'origin.git');
      const author = join(root, 'author');
      const checkout = join(root, 'srv');
      git(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
      git(root, 'clone', '--quiet', origin, author);
      writeFileSync(join(author, 'deploy.sh'), '#!/bin/bash\n');
      chmodSync(join(author, 'deploy.sh'), 0o755);
      git(author, 'add', 'deploy.sh');
      git(author, 'commit', '--quiet', '-m', 'one');
      git(author, 'push', '--quiet', 'origin', 'HEAD:main');
      git(root, 'clone', '--quiet', '--branch', 'main', origin, checkout);
      const push = (): string => {
        git(author, 'commit', '--quiet', '--allow-empty', '-m', 'next');
        git(author, 'push', '--quiet', 'origin', 'HEAD:main');
        return git(author, 'rev-parse', 'HEAD');
      };
      const scriptFile = join(root, 'script.sh');
      const plainFile = join(root, 'plain.sh');
      writeFileSync(
        plainFile,
        '#!/bin/bash\nset -e\ncd "$1"\ngit fetch --quiet origin "$2"\ngit checkout --quiet --detach "$2"\n./deploy.sh\n',
      );
      chmodSync(plainFile, 0o755);
      const script: number[] = [];
      const plain: number[] = [];
      // Each run takes a tenth of a second: four times the runs asked for steady the medians.
      const pairs = runs * 4;
      // One of each not measured, so that both start warm.
      for (let i = -1; i < pairs; i += 1) {
        progress(`remote script: run ${i + 2} of ${pairs + 1}`);
        const pair: [string, () => number][] = [
          [
            'script',
            () => {
              const sha = push();
              writeFileSync(
                scriptFile,
                buildScript({
                  workingDirectory: checkout,
                  ref: { kind: 'sha', sha },
                  gitPull: true,
                  deployScript: './deploy.sh',
                  runAs: undefined,
                  env: [],
                  timeoutSeconds: 600,
                  rollbackOnFailure: false,
                  nonce: '0123456789ab',
                }),
              );
              chmodSync(scriptFile, 0o700);
              return timed(scriptFile, [], '/');
            },
          ],
          ['plain', () => timed(plainFile, [checkout, push()], '/', OWNER)],
        ];
        // Alternate which goes first, so that neither always follows the other.
        if (i % 2 === 1) pair.reverse();
        for (const [which, measure] of pair) {
          const ms = measure();
          if (i >= 0) (which === 'script' ? script : plain).push(ms);
        }
      }
      const scriptSummary = summarize(script);
      const plainSummary = summarize(plain);
      const figures: Figure[] = [
        {
          suite: 'script',
          name: 'remote script: lock, fetch, checkout, markers, empty deploy.sh',
          unit: 'ms',
          value: scriptSummary,
          // The target: at most twice what the same work costs typed by hand.
          target: atMost(2 * plainSummary.median, 'median', '≤ 2 × by hand'),
        },
        {
          suite: 'script',
          name: 'by hand: git fetch && git checkout && ./deploy.sh',
          unit: 'ms',
          value: plainSummary,
          note: `ratio of medians ${(scriptSummary.median / plainSummary.median).toFixed(2)}×, ${pairs} runs of each, alternated; ${OWNER.uid === undefined ? "both as this user, deploy.sh through this user's own login profile" : "the script as root running git and deploy.sh as nobody (the checkout's owner), by hand as nobody"}`,
        },
      ];
      return Promise.resolve(figures);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
