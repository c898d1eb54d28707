// The deploy phase end to end, outcome by outcome: the built action run as a workflow step against
// the sandbox, on real git checkouts. The step must be green exactly when every instance ended at
// the commit with its deploy.sh succeeded, and say precisely what happened where otherwise.

import { INSTANCE_ROOT_UID } from '../helpers/needs-root.js';
import { lstatSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../sandbox/index.js';
import {
  REPOSITORY,
  RUN_ID,
  WORKING_DIRECTORY,
  groupLines,
  headOf,
  isRunning,
  pidIn,
  readInstanceFile,
  results,
  startWorld,
  succeeded,
  summaryRows,
  type DeployWorld,
} from './deploy-fixture.js';

let world: DeployWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.stop();
});

/** Fails with exit code 3 on an instance that has /srv/broken. */
const DEPLOY_SH = `#!/usr/bin/env bash
set -euo pipefail
if [ -e /srv/broken ]; then echo "migrations failed on $AWS_SSM_INSTANCE_ID" >&2; exit 3; fi
echo "release $(cat VERSION) on $AWS_SSM_INSTANCE_ID"
`;

const SUMMARY_NOTE = /2,500-character summary/;
const DURATION = /^\d+\.\d s$/;
const ids = (instances: readonly Instance[]): string =>
  instances.map((instance) => instance.id).join('\n');
const sorted = (instances: readonly Instance[]): Instance[] =>
  [...instances].sort((a, b) => a.id.localeCompare(b.id));

/** A repo with the usual deploy.sh at release 1, `count` instances on it, release 2 pushed. */
function shipRelease2(count: number, tags?: Readonly<Record<string, string>>) {
  const repo = world.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n' });
  const old = repo.head();
  const instances = world.instances(repo, count, tags);
  const sha = repo.commit({ VERSION: '2\n' }, 'release 2');
  return { repo, old, sha, instances };
}

// The slowest test (the execution timeout) comes first, so that it runs alongside the others.
describe.concurrent('a deploy that is stopped', () => {
  // timeout-seconds leaves git on a busy machine ample time; deploy.sh itself never ends.
  it('timeout-seconds: the deploy is stopped on the instance and reported TimedOut', async () => {
    const repo = world.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n' });
    const old = repo.head();
    const [web] = world.instances(repo, 1) as [Instance];
    const sha = repo.commit({
      'deploy.sh': `#!/usr/bin/env bash\necho $$ > /srv/deploy.pid\nsleep 120 &\necho $! > /srv/sleep.pid\nwait\necho finished > /srv/finished\n`,
    });
    const run = await world.run(
      { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY, 'timeout-seconds': '8' },
      { sha },
    );

    expect(run.exitCode).toBe(1);
    expect(run.annotations).toEqual([
      {
        stage: 'main',
        level: 'error',
        message: `${web.id}: TimedOut (ExecutionTimedOut), exit code 137: the deploy ran longer than timeout-seconds (8 s) and was stopped`,
        properties: { title: `Deploy failed on ${web.id}` },
      },
    ]);
    expect(run.outputs.status).toBe('TimedOut');
    expect(run.outputs['deployed-sha']).toBe('');
    expect(results(run)).toEqual([
      {
        instanceId: web.id,
        status: 'TimedOut',
        responseCode: 137,
        durationMs: expect.any(Number) as number,
        previousSha: old,
        deployedSha: sha,
        rolledBack: false,
        healthy: null,
        stdoutTail: [
          'ssm-deploy: deploying in /srv/app as root (the owner of /srv/app)',
          `ssm-deploy: fetching ${sha} from origin`,
          `ssm-deploy: commit ${sha} is on the allowed branch main of origin`,
          `ssm-deploy: checkout is at ${sha} (it was at ${old})`,
          'ssm-deploy: running ./deploy.sh',
        ].join('\n'),
        stderrTail: '',
      },
    ]);
    for (const file of ['/srv/deploy.pid', '/srv/sleep.pid'])
      expect(isRunning(pidIn(web, file))).toBe(false);
    expect(readInstanceFile(web, '/srv/finished')).toBeUndefined();
  });
});

describe.concurrent('a deploy that succeeds', () => {
  it('on one instance: green, at the commit, outputs, summary and command as designed', async () => {
    const { old, sha, instances } = shipRelease2(1);
    const [web] = instances as [Instance];
    const run = await world.run(
      { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY },
      { sha },
    );

    expect(run.exitCode).toBe(0);
    expect(run.outcome).toBe('success');
    expect(run.annotations).toEqual([]);
    expect(headOf(web)).toBe(sha);
    const [command] = world.sandbox
      .commandHistory()
      .filter((c) => c.commandId === run.outputs['command-id']);
    expect(command?.invocations.map((i) => [i.instanceId, i.status])).toEqual([
      [web.id, 'Success'],
    ]);
    expect(run.outputs.status).toBe('Success');
    expect(run.outputs['deployed-sha']).toBe(sha);
    expect(results(run)).toEqual([succeeded(web.id, old, sha, [`release 2 on ${web.id}`])]);

    const [send, ...more] = world.sendCommandsTo(web.id);
    expect(more).toEqual([]);
    expect(send?.params).toMatchObject({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [web.id],
      Comment: `${REPOSITORY}@${sha.slice(0, 7)} run ${RUN_ID}`,
      TimeoutSeconds: 600,
      MaxConcurrency: '50',
      MaxErrors: '0',
    });
    expect(groupLines(run, web.id)).toContain(`release 2 on ${web.id}`);
    expect(groupLines(run, web.id).join('\n')).not.toMatch(/summary|SSM kept only/);
    expect(summaryRows(run)).toEqual([
      [
        web.id,
        'Success',
        '0',
        expect.stringMatching(DURATION),
        `${old.slice(0, 7)} → ${sha.slice(0, 7)}`,
        'no',
      ],
    ]);
    // post-if: always(): the command finished, so the post step has nothing to cancel.
    expect(run.post).toMatchObject({ ran: true, exitCode: 0, annotations: [] });
  });

  it('on three instances by id: every one at the commit, each reported in full', async () => {
    const { old, sha, instances } = shipRelease2(3);
    const run = await world.run(
      { 'instance-ids': ids(instances), 'working-directory': WORKING_DIRECTORY },
      { sha },
    );

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.outputs.status).toBe('Success');
    expect(run.outputs['deployed-sha']).toBe(sha);
    expect(results(run)).toEqual(
      sorted(instances).map((i) => succeeded(i.id, old, sha, [`release 2 on ${i.id}`])),
    );
    for (const instance of instances) {
      expect(headOf(instance)).toBe(sha);
      // The whole output fitted in SSM's 2,500-character listing: no note that it was cut.
      expect(groupLines(run, instance.id).join('\n')).not.toMatch(SUMMARY_NOTE);
    }
    expect(summaryRows(run).map((row) => [row[0], row[1], row[5]])).toEqual(
      sorted(instances).map((i) => [i.id, 'Success', 'no']),
    );
  });

  it('on three instances by tag, and not on an instance with another tag value', async () => {
    const role = `web-${Math.random().toString(36).slice(2, 8)}`;
    const { repo, old, sha, instances } = shipRelease2(3, { Role: role });
    const [other] = world.instances(repo, 1, { Role: `${role}-staging` }) as [Instance];
    const otherHead = headOf(other);
    const run = await world.run(
      { targets: `tag:Role=${role}`, 'working-directory': WORKING_DIRECTORY },
      { sha },
    );

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.outputs.status).toBe('Success');
    expect(run.outputs['deployed-sha']).toBe(sha);
    expect(results(run)).toEqual(
      sorted(instances).map((i) => succeeded(i.id, old, sha, [`release 2 on ${i.id}`])),
    );
    for (const instance of instances) expect(headOf(instance)).toBe(sha);
    expect(headOf(other)).toBe(otherHead);
    expect(world.sendCommandsTo(other.id)).toEqual([]);
  });
});

describe.concurrent('the lock on the checkout', () => {
  it('a symlink planted where the lock once was in the checkout makes no file as root', async () => {
    const { old, sha, instances } = shipRelease2(1);
    const [web] = instances as [Instance];
    // What the app's owner (or its deploy.sh) can do in the checkout it owns.
    const planted = web.path(`${WORKING_DIRECTORY}/.git/ssm-deploy.lock`);
    symlinkSync('/srv/nologin', planted);
    const run = await world.run(
      { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY },
      { sha },
    );

    expect(run.exitCode).toBe(0);
    expect(results(run)).toEqual([succeeded(web.id, old, sha, [`release 2 on ${web.id}`])]);
    expect(readInstanceFile(web, '/srv/nologin')).toBeUndefined();
    expect(lstatSync(planted).isSymbolicLink()).toBe(true);
    // The lock the deploy took: root's, in the instance's own /run/ssm-deploy.
    const { dev, ino } = statSync(web.path(WORKING_DIRECTORY), { bigint: true });
    const lock = statSync(web.path(`/run/ssm-deploy/${String(dev)}-${String(ino)}.lock`));
    // Without root, the instance's root is this user (in its user namespace).
    expect([lock.isFile(), lock.uid]).toEqual([true, INSTANCE_ROOT_UID]);
  });
});

describe.concurrent('a deploy that fails is a red step that says where and why', () => {
  it('deploy.sh exits 3 on one instance of three', async () => {
    const { old, sha, instances } = shipRelease2(3);
    const [, broken] = instances as [Instance, Instance, Instance];
    writeFileSync(broken.path('/srv/broken'), '');
    const run = await world.run(
      { 'instance-ids': ids(instances), 'working-directory': WORKING_DIRECTORY },
      { sha },
    );

    expect(run.exitCode).toBe(1);
    expect(run.outcome).toBe('failure');
    const stderr = [
      `migrations failed on ${broken.id}`,
      'ssm-deploy: deploy-script failed with exit code 3',
      'failed to run commands: exit status 3',
    ].join('\n');
    expect(run.annotations).toEqual([
      {
        stage: 'main',
        level: 'error',
        message: `${broken.id}: Failed, exit code 3: deploy-script failed with exit code 3\nLast lines of stderr:\n${stderr}`,
        properties: { title: `Deploy failed on ${broken.id}` },
      },
    ]);
    expect(run.outputs.status).toBe('Failed');
    // The two that succeeded are at the commit: that is what deployed-sha says.
    expect(run.outputs['deployed-sha']).toBe(sha);
    expect(results(run)).toEqual(
      sorted(instances).map((i) =>
        i === broken
          ? {
              instanceId: i.id,
              status: 'Failed',
              responseCode: 3,
              durationMs: expect.any(Number) as number,
              previousSha: old,
              deployedSha: sha,
              rolledBack: false,
              healthy: null,
              stdoutTail: [
                'ssm-deploy: deploying in /srv/app as root (the owner of /srv/app)',
                `ssm-deploy: fetching ${sha} from origin`,
                `ssm-deploy: commit ${sha} is on the allowed branch main of origin`,
                `ssm-deploy: checkout is at ${sha} (it was at ${old})`,
                'ssm-deploy: running ./deploy.sh',
              ].join('\n'),
              stderrTail: stderr,
            }
          : succeeded(i.id, old, sha, [`release 2 on ${i.id}`]),
      ),
    );
    expect(summaryRows(run).map((row) => row.slice(0, 3))).toEqual(
      sorted(instances).map((i) =>
        i === broken
          ? [i.id, 'Failed | deploy-script failed with exit code 3', '3']
          : [i.id, 'Success', '0'],
      ),
    );
  });

  it('deploy.sh is missing at the commit: the checkout stays where it was', async () => {
    const repo = world.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n' });
    const old = repo.head();
    const [web] = world.instances(repo, 1) as [Instance];
    const sha = repo.commit({ 'deploy.sh': null, VERSION: '2\n' }, 'drop deploy.sh');
    const run = await world.run(
      { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY },
      { sha },
    );

    expect(run.exitCode).toBe(1);
    const stderr = `ssm-deploy: deploy-script ./deploy.sh is not in commit ${sha}\nfailed to run commands: exit status 213`;
    expect(run.annotations).toEqual([
      {
        stage: 'main',
        level: 'error',
        message: `${web.id}: Failed, exit code 213: deploy-script is missing or not executable at the deployed commit\nLast lines of stderr:\n${stderr}`,
        properties: { title: `Deploy failed on ${web.id}` },
      },
    ]);
    expect(run.outputs.status).toBe('Failed');
    expect(run.outputs['deployed-sha']).toBe('');
    expect(results(run)).toEqual([
      {
        instanceId: web.id,
        status: 'Failed',
        responseCode: 213,
        durationMs: expect.any(Number) as number,
        previousSha: old,
        deployedSha: old,
        rolledBack: false,
        healthy: null,
        stdoutTail: `ssm-deploy: deploying in /srv/app as root (the owner of /srv/app)\nssm-deploy: fetching ${sha} from origin\nssm-deploy: commit ${sha} is on the allowed branch main of origin`,
        stderrTail: stderr,
      },
    ]);
    expect(headOf(web)).toBe(old);
  });

  it('tracked files changed on the instance: listed, kept, and the checkout not moved', async () => {
    const repo = world.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n', 'config/app.ini': 'a=1\n' });
    const old = repo.head();
    const [web] = world.instances(repo, 1) as [Instance];
    writeFileSync(web.path('/srv/app/VERSION'), 'hot fix on the box\n');
    writeFileSync(web.path('/srv/app/config/app.ini'), 'a=2\n');
    const sha = repo.commit({ VERSION: '2\n' }, 'release 2');
    const run = await world.run(
      { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY },
      { sha },
    );

    expect(run.exitCode).toBe(1);
    const stderr = [
      'ssm-deploy: tracked files were changed on this instance; the deploy stops and keeps them (commit or revert them first):',
      'ssm-deploy:    M VERSION',
      'ssm-deploy:    M config/app.ini',
      'ssm-deploy: 2 tracked file(s) modified in /srv/app',
      'failed to run commands: exit status 214',
    ].join('\n');
    expect(run.annotations).toEqual([
      {
        stage: 'main',
        level: 'error',
        message: `${web.id}: Failed, exit code 214: tracked files were changed on the instance; the deploy stopped rather than discard them\nLast lines of stderr:\n${stderr}`,
        properties: { title: `Deploy failed on ${web.id}` },
      },
    ]);
    expect(run.outputs.status).toBe('Failed');
    expect(results(run)).toEqual([
      {
        instanceId: web.id,
        status: 'Failed',
        responseCode: 214,
        durationMs: expect.any(Number) as number,
        previousSha: old,
        deployedSha: old,
        rolledBack: false,
        healthy: null,
        stdoutTail: 'ssm-deploy: deploying in /srv/app as root (the owner of /srv/app)',
        stderrTail: stderr,
      },
    ]);
    expect(headOf(web)).toBe(old);
    expect(readInstanceFile(web, '/srv/app/VERSION')).toBe('hot fix on the box\n');
    expect(readInstanceFile(web, '/srv/app/config/app.ini')).toBe('a=2\n');
  });

  it('rollback-on-failure: back at the old commit, deploy.sh run there again, and still red', async () => {
    const log = `echo "ran $(git rev-parse HEAD) rollback=$SSM_DEPLOY_ROLLBACK" >> /srv/runs.log`;
    const repo = world.repo({ 'deploy.sh': `#!/usr/bin/env bash\n${log}\n` });
    const old = repo.head();
    const [web] = world.instances(repo, 1) as [Instance];
    const sha = repo.commit(
      { 'deploy.sh': `#!/usr/bin/env bash\n${log}\necho "cannot start" >&2\nexit 1\n` },
      'a broken release',
    );
    const run = await world.run(
      {
        'instance-ids': web.id,
        'working-directory': WORKING_DIRECTORY,
        'rollback-on-failure': 'true',
      },
      { sha },
    );

    expect(run.exitCode).toBe(1);
    expect(headOf(web)).toBe(old);
    expect(readInstanceFile(web, '/srv/runs.log')).toBe(
      `ran ${sha} rollback=0\nran ${old} rollback=1\n`,
    );
    const stderr = [
      'cannot start',
      'ssm-deploy: deploy-script failed with exit code 1',
      `ssm-deploy: rolling back /srv/app to ${old}`,
      `ssm-deploy: rolled back to ${old}, and deploy-script succeeded there`,
      'failed to run commands: exit status 220',
    ].join('\n');
    const reason = `deploy-script failed (exit code 1); the checkout was rolled back to ${old.slice(0, 12)} and deploy-script succeeded there`;
    expect(run.annotations).toEqual([
      {
        stage: 'main',
        level: 'error',
        message: `${web.id}: Failed, exit code 220: ${reason}\nLast lines of stderr:\n${stderr}`,
        properties: { title: `Deploy failed on ${web.id}` },
      },
    ]);
    expect(run.outputs.status).toBe('Failed');
    expect(run.outputs['deployed-sha']).toBe('');
    expect(results(run)).toEqual([
      {
        instanceId: web.id,
        status: 'Failed',
        responseCode: 220,
        durationMs: expect.any(Number) as number,
        previousSha: old,
        deployedSha: old,
        rolledBack: true,
        healthy: null,
        stdoutTail: [
          'ssm-deploy: deploying in /srv/app as root (the owner of /srv/app)',
          `ssm-deploy: fetching ${sha} from origin`,
          `ssm-deploy: commit ${sha} is on the allowed branch main of origin`,
          `ssm-deploy: checkout is at ${sha} (it was at ${old})`,
          'ssm-deploy: running ./deploy.sh',
        ].join('\n'),
        stderrTail: stderr,
      },
    ]);
    expect(groupLines(run, web.id)).toContain(
      `Commit: ${old.slice(0, 7)} → ${sha.slice(0, 7)}, rolled back to ${old.slice(0, 7)}`,
    );
    expect(summaryRows(run)[0]?.[5]).toBe('yes');
  });

  it('an unreachable instance (Undeliverable) fails the step', async () => {
    const { sha, instances } = shipRelease2(1);
    const [web] = instances as [Instance];
    const old = headOf(web);
    world.sandbox.setInstanceState(web.id, 'unreachable');
    const run = await world.run(
      { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY },
      { sha },
    );

    expect(run.exitCode).toBe(1);
    expect(run.annotations).toEqual([undeliverable(web.id)]);
    expect(run.outputs.status).toBe('Failed');
    expect(run.outputs['deployed-sha']).toBe('');
    expect(results(run)).toEqual([neverRan(web.id)]);
    expect(headOf(web)).toBe(old);
  });

  it('only unreachable instances by tag: SSM says Success for the command, the step still fails', async () => {
    const role = `gone-${Math.random().toString(36).slice(2, 8)}`;
    const { sha, instances } = shipRelease2(2, { Role: role });
    for (const instance of instances) world.sandbox.setInstanceState(instance.id, 'unreachable');
    const run = await world.run(
      { targets: `tag:Role=${role}`, 'working-directory': WORKING_DIRECTORY },
      { sha },
    );

    const command = world.sandbox
      .commandHistory()
      .find((c) => c.commandId === run.outputs['command-id']);
    expect(command?.status).toBe('Success');
    expect(run.exitCode).toBe(1);
    expect(run.outcome).toBe('failure');
    expect(run.annotations).toEqual(sorted(instances).map((i) => undeliverable(i.id)));
    expect(run.outputs.status).toBe('Failed');
    expect(run.outputs['deployed-sha']).toBe('');
    expect(results(run)).toEqual(sorted(instances).map((i) => neverRan(i.id)));
  });
});

function undeliverable(instanceId: string) {
  return {
    stage: 'main',
    level: 'error',
    message: `${instanceId}: Failed (Undeliverable): SSM could not deliver the command: the instance is not a managed instance that SSM can reach (terminated, or no SSM agent)`,
    properties: { title: `Deploy failed on ${instanceId}` },
  };
}

function neverRan(instanceId: string) {
  return {
    instanceId,
    status: 'Failed',
    responseCode: -1,
    durationMs: null,
    previousSha: null,
    deployedSha: null,
    rolledBack: false,
    healthy: null,
    stdoutTail: '',
    stderrTail: '',
  };
}
