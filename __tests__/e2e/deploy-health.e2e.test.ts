// health-check end to end: the built action against the sandbox, where deploy.sh and the check
// really run in bash on a real checkout.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../sandbox/index.js';
import {
  WORKING_DIRECTORY,
  headOf,
  readInstanceFile,
  results,
  startWorld,
  type DeployWorld,
} from './deploy-fixture.js';

let world: DeployWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.stop();
});

// The "app" is healthy when its VERSION file does not say broken.
const CHECK = 'echo "version $(cat VERSION)"; ! grep -q broken VERSION';
const DEPLOY_SH = `#!/usr/bin/env bash\necho "ran $(cat VERSION) rollback=$SSM_DEPLOY_ROLLBACK" >> /srv/runs.log\n`;

describe.concurrent('health-check', () => {
  it('passes: Success, healthy true', async () => {
    const repo = world.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n' });
    const [web] = world.instances(repo, 1) as [Instance];
    const sha = repo.commit({ VERSION: '2\n' });
    const run = await world.run(
      { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY, 'health-check': CHECK },
      { sha },
    );
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('Success');
    expect(results(run)[0]).toMatchObject({ status: 'Success', healthy: true, deployedSha: sha });
    expect(results(run)[0]?.stdoutTail).toContain('ssm-deploy: health check passed (attempt 1)');
  });

  it('never passes: Failed with 226 and the last output; healthy false; nothing rolled back', async () => {
    const repo = world.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n' });
    const [web] = world.instances(repo, 1) as [Instance];
    const sha = repo.commit({ VERSION: 'broken\n' });
    const run = await world.run(
      {
        'instance-ids': web.id,
        'working-directory': WORKING_DIRECTORY,
        'health-check': CHECK,
        'health-check-timeout': '2',
      },
      { sha },
    );
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('Failed');
    expect(results(run)[0]).toMatchObject({
      status: 'Failed',
      responseCode: 226,
      healthy: false,
      rolledBack: false,
      deployedSha: sha,
    });
    expect(headOf(web)).toBe(sha);
    expect(run.annotations[0]?.message).toContain(
      `${web.id}: Failed, exit code 226: deploy-script succeeded, but the instance did not pass health-check within health-check-timeout (2 s); its last output: version broken`,
    );
  });

  it('with rollback-on-failure: rolled back, deploy.sh and the check run again there, healthy', async () => {
    const repo = world.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n' });
    const old = repo.head();
    const [web] = world.instances(repo, 1) as [Instance];
    const sha = repo.commit({ VERSION: 'broken\n' });
    const run = await world.run(
      {
        'instance-ids': web.id,
        'working-directory': WORKING_DIRECTORY,
        'health-check': CHECK,
        'health-check-timeout': '2',
        'rollback-on-failure': 'true',
      },
      { sha },
    );
    expect(run.exitCode).toBe(1);
    expect(headOf(web)).toBe(old);
    expect(readInstanceFile(web, '/srv/runs.log')).toBe(
      'ran broken rollback=0\nran 1 rollback=1\n',
    );
    expect(results(run)[0]).toMatchObject({
      status: 'Failed',
      responseCode: 220,
      rolledBack: true,
      healthy: true,
      deployedSha: old,
    });
    expect(run.annotations[0]?.message).toContain(
      `exit code 220: deploy-script succeeded but health-check failed; its last output: version broken; the checkout was rolled back to ${old.slice(0, 12)} and deploy-script and health-check succeeded there`,
    );
  });
});

// Alone, so that no other test's calls are counted.
describe('health-check-timeout', () => {
  it('a bad health-check-timeout is refused before any AWS call', async () => {
    const repo = world.repo({ 'deploy.sh': DEPLOY_SH, VERSION: '1\n' });
    const [web] = world.instances(repo, 1) as [Instance];
    const callsBefore = world.sandbox.calls({}).length;
    const run = await world.run(
      {
        'instance-ids': web.id,
        'working-directory': WORKING_DIRECTORY,
        'health-check': CHECK,
        'health-check-timeout': '0',
      },
      { sha: repo.head() },
    );
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]?.message).toContain(
      'Input "health-check-timeout": "0" is not a whole number of seconds from 1 to 172800',
    );
    expect(world.sandbox.calls({}).length).toBe(callsBefore);
  });
});
