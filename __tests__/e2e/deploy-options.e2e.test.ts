// The deploy phase end to end, option by option: a branch as ref, wait: false, dry-run, run-as
// (the checkout's owner), output kept in S3, and two overlapping deploys to one instance.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orchestrationDir } from '../../sandbox/agent.js';
import { IS_ROOT, needsRoot } from '../helpers/needs-root.js';
import type { Instance } from '../../sandbox/index.js';
import {
  WORKING_DIRECTORY,
  groupLines,
  headOf,
  readInstanceFile,
  results,
  startWorld,
  succeeded,
  until,
  type DeployWorld,
} from './deploy-fixture.js';

const BUCKET = 'deploy-output';
const NOBODY = 65_534;
let world: DeployWorld;
beforeAll(async () => {
  world = await startWorld({ seed: { buckets: [{ name: BUCKET }] } });
});
afterAll(async () => {
  await world.stop();
});

const DEPLOY_SH = `#!/usr/bin/env bash
set -euo pipefail
echo "release $(cat VERSION) as $(id -un)"
`;

/** The lines printed between a `::stop-commands::` line and the line that ends it. */
function untrusted(lines: readonly string[]): string {
  const start = lines.findIndex((line) => line.startsWith('::stop-commands::'));
  const token = lines[start]?.slice('::stop-commands::'.length) ?? '';
  return lines.slice(start + 1, lines.indexOf(`::${token}::`)).join('\n');
}

describe.concurrent('deploy options', () => {
  it('ref: the full SHA of a commit on another branch is fetched and deployed exactly', async () => {
    const repo = world.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n' });
    const old = repo.head();
    const [web] = world.instances(repo, 1) as [Instance];
    const sha = repo.commit({ VERSION: 'rc\n' }, 'release candidate', 'release/2.0');
    // The workflow runs on a later commit of main; ref says which commit ships.
    const main = repo.commit({ VERSION: 'main only\n' }, 'not for this deploy');
    const run = await world.run(
      {
        'instance-ids': web.id,
        'working-directory': WORKING_DIRECTORY,
        ref: sha,
        'allowed-branches': 'release/2.0',
      },
      { sha: main },
    );

    expect(run.exitCode).toBe(0);
    // Shipping from a branch other than the default one is stated.
    expect(run.annotations).toEqual([
      expect.objectContaining({
        level: 'notice',
        message:
          'allowed-branches lets commits ship from release/2.0, beyond the default branch main: a deliberate override.',
      }),
    ]);
    expect(headOf(web)).toBe(sha);
    expect(run.outputs.status).toBe('Success');
    expect(run.outputs['deployed-sha']).toBe(sha);
    expect(results(run)).toEqual([
      {
        ...succeeded(web.id, old, sha, ['release rc as root']),
        stdoutTail: [
          'ssm-deploy: deploying in /srv/app as root (the owner of /srv/app)',
          `ssm-deploy: fetching ${sha} from origin`,
          `ssm-deploy: commit ${sha} is on the allowed branch release/2.0 of origin`,
          `ssm-deploy: checkout is at ${sha} (it was at ${old})`,
          'ssm-deploy: running ./deploy.sh',
          'release rc as root',
          'ssm-deploy: deploy-script succeeded',
        ].join('\n'),
      },
    ]);
  });

  it('wait: false sends the command, sets command-id, and polls nothing', async () => {
    const repo = world.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n' });
    const [web] = world.instances(repo, 1) as [Instance];
    const sha = repo.commit({ VERSION: '2\n' });
    const run = await world.run(
      { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY, wait: 'false' },
      { sha },
    );

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    const commandId = run.outputs['command-id'] ?? '';
    expect(Object.keys(run.outputs).filter((name) => !name.startsWith('DB'))).toEqual([
      'secrets-manifest',
      'command-id',
    ]);
    expect(run.maskedLog).toContain(
      `wait is false: not waiting for command ${commandId}; it goes on running without this step.`,
    );
    expect(world.sendCommandsTo(web.id)).toHaveLength(1);
    // The command goes on without the step, and gets there.
    const done = await until('the command to finish', () =>
      world.sandbox.commandHistory().find((c) => c.commandId === commandId && c.finishedAt),
    );
    expect(done.status).toBe('Success');
    expect(headOf(web)).toBe(sha);
    const polls = world.sandbox
      .calls({ service: 'ssm' })
      .filter((call) => call.params.CommandId === commandId);
    expect(polls).toEqual([]);
  });

  it('dry-run prints the exact script and sends nothing', async () => {
    const repo = world.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n' });
    const [web] = world.instances(repo, 1) as [Instance];
    const old = headOf(web);
    const sha = repo.commit({ VERSION: '2\n' });
    const run = await world.run(
      {
        'instance-ids': web.id,
        'working-directory': WORKING_DIRECTORY,
        'dry-run': 'true',
        env: 'GREETING=hello world',
      },
      { sha },
    );

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.outputs).toEqual({ status: 'DryRun' });
    expect(run.maskedLog).toContain('Dry run: nothing was sent.');
    expect(world.sendCommandsTo(web.id)).toEqual([]);
    expect(headOf(web)).toBe(old);

    const command = JSON.parse(
      untrusted(groupLines(run, 'Dry run: the SSM command that would be sent')),
    ) as unknown;
    expect(command).toEqual({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [web.id],
      TimeoutSeconds: 600,
      MaxConcurrency: '50',
      MaxErrors: '0',
      Comment: `acme/shop@${sha.slice(0, 7)} run 4242`,
      Parameters: { commands: ['(the script below)'], executionTimeout: ['900'] },
    });
    const script = untrusted(groupLines(run, 'Dry run: the script'));
    expect(script.split('\n')[0]).toBe('#!/bin/bash');
    for (const line of [
      `wd='/srv/app'`,
      `ref='${sha}'`,
      `script='./deploy.sh'`,
      `deploy_env=(\n  'GREETING=***'\n)`,
    ])
      expect(script).toContain(line);
    expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0);
  });

  it('dry-run never prints an env value, which the runner could not mask once quoted for bash', async () => {
    const repo = world.repo({ 'deploy.sh': DEPLOY_SH });
    const [web] = world.instances(repo, 1) as [Instance];
    // A workflow secret with a quote in it (`${{ secrets.GREETING }}`), masked by the runner.
    const secret = "Zq'9x Wv8K'jR";
    const run = await world.run(
      {
        'instance-ids': web.id,
        'working-directory': WORKING_DIRECTORY,
        'dry-run': 'true',
        env: `GREETING=${secret}\nMODE=plain`,
      },
      { sha: repo.head(), jobSecrets: [secret] },
    );

    expect(run.exitCode).toBe(0);
    // In no form: whole, bash-quoted, or any piece of it.
    for (const text of [run.maskedLog, run.maskedSummary])
      for (let i = 0; i + 4 <= secret.length; i++)
        expect(text).not.toContain(secret.slice(i, i + 4));
    expect(run.maskedLog).toContain('The values of env (GREETING, MODE) are shown as ***');
    const script = untrusted(groupLines(run, 'Dry run: the script'));
    expect(script).toContain(`deploy_env=(\n  'GREETING=***'\n  'MODE=***'\n)`);
  });

  it.skipIf(!IS_ROOT)(
    'run-as empty: git and deploy.sh run as the owner of the checkout (nobody)',
    needsRoot('hands the checkout to another Unix user (chown) and runs as that user'),
    async () => {
      const repo = world.repo({
        'deploy.sh': `#!/usr/bin/env bash\nset -euo pipefail\necho "as $(id -un), HOME=$HOME"\necho built > built.txt\n`,
        VERSION: '1\n',
      });
      const old = repo.head();
      const [web] = world.instances(repo, 1) as [Instance];
      const sha = repo.commit({ VERSION: '2\n' });
      // The origin stands for a server the instance fetches from; nobody may read it as its own.
      execFileSync('chmod', ['755', join(repo.origin, '..')]);
      execFileSync('chown', ['-R', 'nobody:nogroup', repo.origin, web.path(WORKING_DIRECTORY)]);
      const run = await world.run(
        { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY },
        { sha },
      );

      expect(run.exitCode).toBe(0);
      expect(run.annotations).toEqual([]);
      expect(run.maskedLog).not.toContain('dubious ownership');
      expect(results(run)).toEqual([
        succeeded(web.id, old, sha, ['as nobody, HOME=/nonexistent'], 'nobody'),
      ]);
      expect(headOf(web)).toBe(sha);
      expect(statSync(web.path('/srv/app/built.txt')).uid).toBe(NOBODY);
      // Nothing in the checkout belongs to root: the deploy lock is kept outside it.
      const notNobody = execFileSync('find', ['.', '-not', '-user', 'nobody'], {
        cwd: web.path(WORKING_DIRECTORY),
        encoding: 'utf8',
      });
      expect(notNobody.trim()).toBe('');
    },
  );

  it('output-s3-bucket: output over 24,000 characters is read back whole from S3', async () => {
    const filler = 'x'.repeat(40);
    const lines = Array.from(
      { length: 600 },
      (_, i) => `line ${String(i + 1).padStart(4, '0')} ${filler}`,
    );
    const repo = world.repo({
      'deploy.sh': `#!/usr/bin/env bash\nfor i in $(seq 1 600); do printf 'line %04d %s\\n' "$i" ${filler}; done\n`,
    });
    const old = repo.head();
    const [web] = world.instances(repo, 1) as [Instance];
    const sha = repo.commit({ VERSION: '2\n' });
    const run = await world.run(
      {
        'instance-ids': web.id,
        'working-directory': WORKING_DIRECTORY,
        'output-s3-bucket': BUCKET,
        'output-s3-key-prefix': 'deploys/shop',
      },
      { sha },
    );

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    const commandId = run.outputs['command-id'] ?? '';
    const key = `deploys/shop/${commandId}/${web.id}/awsrunShellScript/0.awsrunShellScript/stdout`;
    const stored = world.sandbox.getObject(BUCKET, key)?.body.toString('utf8') ?? '';
    expect(stored.length).toBeGreaterThan(24_000);
    expect(
      world.sandbox.calls({ operation: 'GetObject' }).map((c) => [c.params.Bucket, c.params.Key]),
    ).toContainEqual([BUCKET, key]);
    const shown = untrusted(groupLines(run, web.id));
    expect(shown).toBe(
      [
        'ssm-deploy: deploying in /srv/app as root (the owner of /srv/app)',
        `ssm-deploy: fetching ${sha} from origin`,
        `ssm-deploy: commit ${sha} is on the allowed branch main of origin`,
        `ssm-deploy: checkout is at ${sha} (it was at ${old})`,
        'ssm-deploy: running ./deploy.sh',
        ...lines,
        'ssm-deploy: deploy-script succeeded',
      ].join('\n'),
    );
    expect(groupLines(run, web.id).join('\n')).not.toMatch(/SSM kept only|2,500/);
    const [result] = results(run);
    // The last whole lines that fit in 1,000 characters: a tail never starts inside a line.
    const tailLines = [...lines.slice(-19), 'ssm-deploy: deploy-script succeeded'];
    while (tailLines.join('\n').length > 1000) tailLines.shift();
    expect(result?.stdoutTail).toBe(tailLines.join('\n'));
  });

  it('two overlapping deploys to one instance queue on the lock: both succeed, in order', async () => {
    const repo = world.repo({
      'deploy.sh': `#!/usr/bin/env bash
set -euo pipefail
echo "start $NAME $(git rev-parse HEAD) $(date +%s%N)" >> /srv/deploys.log
if [ "\${HOLD:-}" = 1 ]; then until [ -e /srv/gate ]; do sleep 0.05; done; fi
echo "end $NAME $(git rev-parse HEAD) $(date +%s%N)" >> /srv/deploys.log
`,
    });
    const [web] = world.instances(repo, 1) as [Instance];
    const first = repo.commit({ VERSION: 'A\n' }, 'A');
    const second = repo.commit({ VERSION: 'B\n' }, 'B');
    const inputs = { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY };
    const log = (): string => readInstanceFile(web, '/srv/deploys.log') ?? '';

    const a = world.start({ ...inputs, env: 'NAME=A\nHOLD=1' }, { sha: first });
    await until('deploy A to run deploy.sh', () => (log().includes('start A') ? true : undefined));
    const b = world.start({ ...inputs, env: 'NAME=B' }, { sha: second });
    const sent = await b.waitForLine(/^Sent SSM command /);
    const commandB = /^Sent SSM command (\S+):/.exec(sent.text)?.[1] ?? '';
    const stdoutB = join(orchestrationDir(web, commandB), 'stdout');
    await until('deploy B to wait for the lock', () =>
      existsSync(stdoutB) && readFileSync(stdoutB, 'utf8').includes('another deploy is running')
        ? true
        : undefined,
    );
    execFileSync('touch', [web.path('/srv/gate')]);
    const [runA, runB] = await Promise.all([a.done, b.done]);

    expect([runA.exitCode, runB.exitCode]).toEqual([0, 0]);
    expect([runA.annotations, runB.annotations]).toEqual([[], []]);
    expect([runA.outputs['deployed-sha'], runB.outputs['deployed-sha']]).toEqual([first, second]);
    expect(results(runB)[0]?.previousSha).toBe(first);
    expect(results(runB)[0]?.stdoutTail).toMatch(
      /^ssm-deploy: another deploy is running in \/srv\/app; waiting up to \d+s for it to finish\n/,
    );
    const events = log()
      .trim()
      .split('\n')
      .map((line) => line.split(' '));
    expect(events.map(([what, name, sha]) => [what, name, sha])).toEqual([
      ['start', 'A', first],
      ['end', 'A', first],
      ['start', 'B', second],
      ['end', 'B', second],
    ]);
    const times = events.map((event) => BigInt(event[3] ?? '0'));
    expect([...times].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(times);
    expect(headOf(web)).toBe(second);
  });
});
