// The GitHub Deployment end to end: the built action through the runner harness, GITHUB_API_URL
// pointing at the GitHub REST stand-in, the deploy against the sandbox. The deployment is created
// for the branch as given and the environment, its statuses follow the deploy, a refusal by
// GitHub stops the step before anything is sent, and the token never reaches the log.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RUN_ID, REPOSITORY, TOKEN, cleanUp, createWorld, type World } from './app-world.js';

afterEach(cleanUp);

const DEPLOY_SH = '#!/bin/bash\necho "deployed $(git rev-parse --short HEAD)"\n';
const INPUTS = { 'github-token': TOKEN, environment: 'staging' };

function states(world: World): string[] {
  return world.github.deployments().flatMap((d) => d.statuses.map((s) => s.state));
}

describe('github-token and environment', () => {
  it('a deploy of a branch: created for the commit the branch resolved to, in_progress → success, with the run linked', async () => {
    const world = await createWorld(DEPLOY_SH);
    const shipped = world.commit({ VERSION: '2\n' });

    const run = await world.run({ ...INPUTS, ref: 'main' });

    expect(run.outcome).toBe('success');
    expect(run.outputs['deployed-sha']).toBe(shipped);
    const [deployment, ...others] = world.github.deployments();
    expect(others).toEqual([]);
    expect(deployment).toMatchObject({
      repository: REPOSITORY,
      ref: shipped,
      sha: shipped,
      environment: 'staging',
      request: { auto_merge: false },
    });
    // The action checked the commit's checks itself, so GitHub is asked to check none.
    expect(deployment?.request).toMatchObject({ required_contexts: [] });
    expect(deployment?.statuses).toEqual([
      expect.objectContaining({
        state: 'in_progress',
        logUrl: `https://github.com/${REPOSITORY}/actions/runs/${RUN_ID}`,
      }),
      expect.objectContaining({
        state: 'success',
        description: `Deployed ${shipped.slice(0, 7)} to 1 instance(s)`,
      }),
    ]);
    // Created and in progress before the command was sent; set to success after it finished.
    const sentAt = world.sandbox.calls({ operation: 'SendCommand' })[0]?.time ?? 0;
    const finishedAt = world.sandbox.commandHistory()[0]?.finishedAt ?? Infinity;
    const [created, inProgress, success] = world.github
      .requests()
      .filter((r) => r.method === 'POST')
      .map((r) => r.time);
    expect(sentAt).toBeGreaterThan(0);
    expect(created).toBeLessThanOrEqual(sentAt);
    expect(inProgress).toBeLessThanOrEqual(sentAt);
    expect(success).toBeGreaterThanOrEqual(finishedAt);
    expect(run.maskedLog.indexOf('GitHub Deployment')).toBeLessThan(
      run.maskedLog.indexOf('Sent SSM command'),
    );
    // The token was masked by the action itself (the harness did not know it), and sent only
    // to the stand-in as the Authorization header.
    expect(run.masks).toContain(TOKEN);
    expect(world.github.requests().every((r) => r.token === 'valid')).toBe(true);
  });

  it('a deploy that fails: in_progress → failure', async () => {
    const world = await createWorld(DEPLOY_SH);
    const shipped = world.commit({ 'deploy.sh': '#!/bin/bash\nexit 4\n' });

    const run = await world.run({ ...INPUTS, ref: shipped });

    expect(run.outcome).toBe('failure');
    expect(world.github.deployments()[0]?.ref).toBe(shipped);
    expect(states(world)).toEqual(['in_progress', 'failure']);
  });

  it('a cancelled workflow: in_progress → error, and the command is cancelled', async () => {
    const world = await createWorld(DEPLOY_SH);
    const gate = join(world.scratch(), 'never');
    const shipped = world.commit({
      'deploy.sh': `#!/bin/bash\necho waiting\nfor i in $(seq 1 300); do [ -e ${gate} ] && break; sleep 0.1; done\n`,
    });

    const handle = world.start({ ...INPUTS, ref: shipped });
    await handle.waitForLine(/^Deploy: .*InProgress/);
    handle.cancel();
    const run = await handle.done;
    writeFileSync(gate, '');

    expect(run.outcome).toBe('cancelled');
    expect(run.outputs.status).toBe('Cancelled');
    expect(world.sandbox.calls({ operation: 'CancelCommand' })).toHaveLength(1);
    expect(states(world)).toEqual(['in_progress', 'error']);
  });

  it('GitHub refuses to create it (no deployments: write): the step fails, nothing is sent', async () => {
    const world = await createWorld(DEPLOY_SH);
    world.github.refuseDeployments({
      status: 403,
      message: 'Resource not accessible by integration',
    });

    const run = await world.run({ ...INPUTS, ref: world.commit({ VERSION: '2\n' }) });

    expect(run.outcome).toBe('failure');
    expect(world.sandbox.calls({ operation: 'SendCommand' })).toEqual([]);
    expect(world.head()).toBe(world.commits[0]);
    const errors = run.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors.join('\n')).toContain('Resource not accessible by integration');
    expect(errors.join('\n')).toContain('deployments: write');
    expect(world.github.deployments()).toEqual([]);
  });

  it("the deploying job's own check still running does not stop a default deploy (GitHub's own rule refused it with a 409)", async () => {
    const world = await createWorld(DEPLOY_SH);
    const shipped = world.commit({ VERSION: '2\n' });
    world.github.setCheckRun(shipped, 'test', { status: 'completed', conclusion: 'success' });
    world.github.setCheckRun(shipped, 'deploy', { status: 'in_progress' });

    const run = await world.run({ ...INPUTS, ref: shipped });

    expect(run.outcome).toBe('success');
    expect(world.head()).toBe(shipped);
    expect(world.github.deployments()[0]?.request).toMatchObject({ required_contexts: [] });
    // GITHUB_TOKEN cannot read branch protection: said, and every check on the commit counted.
    const warnings = run.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    expect(warnings).toContain(
      'The branch protection of main could not be read (HTTP 403; reading it needs administration: read, which GITHUB_TOKEN never has), so every check reported on the commit counts as required.',
    );
    expect(run.maskedLog).toContain(
      `Checks of ${shipped}: every check reported on the commit, none failed. Not finished or not reported, and not waited for: deploy.`,
    );
  });

  it('a required check of the branch (a ruleset, branch protection) that failed: refused before anything is sent, naming it; one still running is not waited for', async () => {
    const world = await createWorld(DEPLOY_SH, { administration: 'read' });
    const before = world.head();
    world.github.addRuleset('main', ['test', 'e2e']);
    world.github.protectBranch('main', ['lint']);
    const shipped = world.commit({ VERSION: '2\n' });
    world.github.setCheckRun(shipped, 'test', { status: 'completed', conclusion: 'success' });
    world.github.setCheck(shipped, 'lint', 'failure');
    world.github.setCheckRun(shipped, 'e2e', { status: 'in_progress' });
    world.github.setCheckRun(shipped, 'nightly', { status: 'completed', conclusion: 'failure' });

    const run = await world.run({ ...INPUTS, ref: shipped });

    expect(run.outcome).toBe('failure');
    expect(world.sandbox.calls({ operation: 'SendCommand' })).toEqual([]);
    expect(world.head()).toBe(before);
    expect(world.github.deployments()).toEqual([]);
    const error = run.annotations.find((a) => a.level === 'error');
    expect(error?.message).toContain(
      `The commit ${shipped} has required checks that failed: lint: failure. Nothing was deployed.`,
    );

    // Once lint passes, e2e still running and nightly (not required) failed do not stop it.
    world.github.setCheck(shipped, 'lint', 'success');
    const again = await world.run({ ...INPUTS, ref: shipped });
    expect(again.outcome).toBe('success');
    expect(again.maskedLog).toContain(
      `Checks of ${shipped}: the required checks of main, none failed. Not finished or not reported, and not waited for: e2e.`,
    );
  });

  it('required-checks names the checks that must pass (running is not passed); none deploys whatever they say, and says so', async () => {
    const world = await createWorld(DEPLOY_SH);
    const shipped = world.commit({ VERSION: '2\n' });
    world.github.setCheck(shipped, 'test', 'success');
    world.github.setCheck(shipped, 'flaky-nightly', 'failure');
    world.github.setCheckRun(shipped, 'e2e', { status: 'queued' });

    const named = await world.run({ ...INPUTS, ref: shipped, 'required-checks': 'test' });
    expect(named.outcome).toBe('success');
    expect(world.github.deployments()[0]?.request).toMatchObject({ required_contexts: [] });

    const waiting = await world.run({ ...INPUTS, ref: shipped, 'required-checks': 'test\ne2e' });
    expect(waiting.outcome).toBe('failure');
    expect(waiting.annotations.find((a) => a.level === 'error')?.message).toContain(
      'checks named in required-checks that have not passed: e2e: queued.',
    );
    expect(world.github.deployments()).toHaveLength(1);

    const waived = await world.run({ ...INPUTS, ref: shipped, 'required-checks': 'none' });
    expect(waived.outcome).toBe('success');
    expect(world.github.deployments()[1]?.request).toMatchObject({ required_contexts: [] });
    expect(waived.maskedLog).toContain(
      'required-checks is none: the GitHub Deployment is created whatever the checks of the commit say.',
    );
  });
});
