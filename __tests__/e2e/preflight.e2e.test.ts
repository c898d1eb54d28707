// The preflight every deploy runs before SendCommand, end to end through dist/index.js: an
// instance SSM does not manage, one whose agent is offline and one that is not Linux each fail the
// step at once, naming it and the fix, and nothing is sent; tag targets list what they reached.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../sandbox/index.js';
import { FIXES } from '../../src/deploy/targets.js';
import { WORKING_DIRECTORY, headOf, startWorld, type DeployWorld } from './deploy-fixture.js';

let world: DeployWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.stop();
});

const DEPLOY_SH = `#!/usr/bin/env bash
set -euo pipefail
echo "release $(cat VERSION)"
`;

/** The SSM calls the run made, in order, but for reading the seeded secret. */
function ssmOperations(): string[] {
  return world.sandbox.calls({ service: 'ssm' }).map((call) => call.operation);
}

function shipRelease2(count: number, tags: Readonly<Record<string, string>> = {}) {
  const repo = world.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n' });
  const instances = world.instances(repo, count, tags);
  const old = repo.head();
  return { instances, old, sha: repo.commit({ VERSION: '2\n' }) };
}

const uniqueRole = (): string => `role-${Math.random().toString(36).slice(2, 8)}`;

describe('the preflight before SendCommand', () => {
  it('an offline instance fails the step within 10 s, naming it and the fix; nothing is sent', async () => {
    const { instances, old, sha } = shipRelease2(1);
    const [web] = instances as [Instance];
    // What SSM reports once it has lost the agent; the instance would take the command minutes
    // later, or never, and SSM would wait until the delivery timeout.
    world.sandbox.setInstancePing(web.id, 'ConnectionLost');
    world.sandbox.setInstanceState(web.id, 'offline');
    world.sandbox.clearCalls();
    const run = await world.run(
      { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY },
      { sha, harness: { timeoutMs: 10_000 } },
    );

    expect(run.exitCode).toBe(1);
    expect(run.annotations.map((a) => [a.level, a.message])).toEqual([
      [
        'error',
        expect.stringMatching(
          new RegExp(
            `^${web.id} \\(.*\\): its SSM agent is ConnectionLost, not Online \\(last heard from .*\\), so the command would wait for it until the delivery timeout\\.\\n${escape(FIXES.offline)}$`,
          ),
        ),
      ],
    ]);
    expect(ssmOperations()).toEqual(['DescribeInstanceInformation']);
    expect(world.sendCommandsTo(web.id)).toEqual([]);
    expect(headOf(web)).toBe(old);
    world.sandbox.setInstanceState(web.id, 'online');
  });

  it('an instance SSM does not manage, and one that is not Linux: one error each, nothing sent', async () => {
    const repo = world.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n' });
    const sha = repo.commit({ VERSION: '2\n' });
    const windows = world.sandbox.addInstance({ platform: 'Windows' });
    const unknown = 'i-0fedcba9876543210';
    world.sandbox.clearCalls();
    const run = await world.run(
      {
        'instance-ids': `${unknown},${windows.id}`,
        'working-directory': WORKING_DIRECTORY,
      },
      { sha },
    );

    expect(run.exitCode).toBe(1);
    expect(run.annotations.map((a) => a.message)).toEqual([
      `${unknown}: not managed by SSM in us-east-1 (DescribeInstanceInformation does not list it), so the command could not reach it.\n${FIXES['not-managed']}`,
      expect.stringMatching(
        new RegExp(`^${windows.id} \\(.*\\): its platform is Windows, not Linux\\.\\n`),
      ),
    ]);
    expect(ssmOperations()).toEqual(['DescribeInstanceInformation']);
  });

  it('tag targets that match no instance: "No instance matched the targets", nothing sent', async () => {
    const { sha } = shipRelease2(1, { Role: uniqueRole() });
    world.sandbox.clearCalls();
    const run = await world.run(
      { targets: 'tag:Role=wbe', 'working-directory': WORKING_DIRECTORY },
      { sha },
    );

    expect(run.exitCode).toBe(1);
    expect(run.annotations.map((a) => a.message)).toEqual([
      `No instance matched the targets (tag:Role=wbe): SSM manages no instance in us-east-1 with these tags.\n${FIXES['no-match']}`,
    ]);
    expect(ssmOperations()).toEqual(['DescribeInstanceInformation']);
  });

  it('tag targets list every instance they reached, then deploy to them', async () => {
    const role = uniqueRole();
    const { instances, sha } = shipRelease2(2, { Role: role });
    const run = await world.run(
      { targets: `tag:Role=${role}`, 'working-directory': WORKING_DIRECTORY },
      { sha },
    );

    expect(run.exitCode).toBe(0);
    expect(run.maskedLog).toContain(
      'Deploying to 2 instances, each managed by SSM, online and Linux:',
    );
    for (const instance of instances) {
      expect(run.maskedLog).toMatch(new RegExp(`^  ${instance.id} \\(.*\\)$`, 'm'));
      expect(headOf(instance)).toBe(sha);
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
