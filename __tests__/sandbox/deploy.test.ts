// A real deploy through the sandbox: a bare git origin, a clone of it on the instance at /srv/app
// (which is <instance dir>/srv/app on this machine), `git pull && ./deploy.sh` sent with
// SendCommand, and the instance's own files and the command output checked afterwards.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanUp,
  clients,
  commandResult,
  invocationResult,
  run,
  sandbox,
  tempDir,
} from './helpers.js';

afterEach(cleanUp);

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  }).trim();
}

/** A bare origin with one commit holding an executable deploy.sh, and a work tree to push from. */
function makeOrigin(): { origin: string; work: string } {
  const root = tempDir('sandbox-git-');
  const origin = join(root, 'origin.git');
  const work = join(root, 'work');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  git(root, 'clone', '--quiet', origin, work);
  writeFileSync(
    join(work, 'deploy.sh'),
    '#!/usr/bin/env bash\nset -euo pipefail\necho "deploying $(git rev-parse HEAD) on $AWS_SSM_INSTANCE_ID"\ncat VERSION > /srv/app-deployed-version\n',
    { mode: 0o755 },
  );
  writeFileSync(join(work, 'VERSION'), '1\n');
  git(work, 'add', '.');
  git(work, 'commit', '--quiet', '-m', 'v1');
  git(work, 'push', '--quiet', 'origin', 'main');
  return { origin, work };
}

describe('a deploy with git on sandbox instances', () => {
  it("pulls the new commit into the instance's /srv/app and runs deploy.sh there", async () => {
    const { origin, work } = makeOrigin();
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instance = sb.addInstance({ name: 'web-1' });
    git('/', 'clone', '--quiet', origin, instance.path('/srv/app'));

    writeFileSync(join(work, 'VERSION'), '2\n');
    git(work, 'commit', '--quiet', '-am', 'v2');
    git(work, 'push', '--quiet', 'origin', 'main');
    const shipped = git(work, 'rev-parse', 'HEAD');

    const { ssm } = clients(sb);
    const id = await run(ssm, ['cd /srv/app', 'git pull --quiet && ./deploy.sh'], {
      InstanceIds: [instance.id],
    });
    const result = await invocationResult(ssm, id, instance.id);
    expect(result).toMatchObject({ Status: 'Success', ResponseCode: 0 });
    expect(result.StandardOutputContent).toBe(`deploying ${shipped} on ${instance.id}\n`);
    expect(git(instance.path('/srv/app'), 'rev-parse', 'HEAD')).toBe(shipped);
    expect(readFileSync(instance.path('/srv/app-deployed-version'), 'utf8')).toBe('2\n');
  });

  it('gives two instances that share one working-directory string their own files', async () => {
    const { origin } = makeOrigin();
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const [a, b] = [
      sb.addInstance({ tags: { Role: 'web' } }),
      sb.addInstance({ tags: { Role: 'web' } }),
    ];
    for (const instance of [a, b]) git('/', 'clone', '--quiet', origin, instance.path('/srv/app'));
    const { ssm } = clients(sb);
    const id = await run(
      ssm,
      ['cd /srv/app && ./deploy.sh && echo "$AWS_SSM_INSTANCE_ID" > /srv/app/who'],
      {
        Targets: [{ Key: 'tag:Role', Values: ['web'] }],
      },
    );
    expect(await commandResult(ssm, id)).toMatchObject({ Status: 'Success', TargetCount: 2 });
    expect(readFileSync(a.path('/srv/app/who'), 'utf8')).toBe(`${a.id}\n`);
    expect(readFileSync(b.path('/srv/app/who'), 'utf8')).toBe(`${b.id}\n`);
  });

  it('fails clearly when the checkout is missing on the instance', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instance = sb.addInstance();
    const { ssm } = clients(sb);
    const id = await run(ssm, ['cd /srv/app', './deploy.sh'], { InstanceIds: [instance.id] });
    const result = await invocationResult(ssm, id, instance.id);
    expect(result.Status).toBe('Failed');
    expect(result.StandardErrorContent).toMatch(/cd: \/srv\/app: No such file or directory/);
  });
});
