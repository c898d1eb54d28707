// What ships, end to end: the built action through the runner harness, the GitHub REST stand-in
// answering for commits, branches and compare from the sandbox's own git origin (which holds
// pull request refs), the deploy against the sandbox. A pull request's head, or a commit only a
// pull request holds, is refused before any AWS call; a branch name is resolved to one SHA before
// anything is sent, and that SHA is what the instance, the record and the Deployment get.

import { afterEach, describe, expect, it } from 'vitest';
import { TOKEN, cleanUp, createWorld } from './app-world.js';

afterEach(cleanUp);

const DEPLOY_SH =
  '#!/bin/bash\necho "deployed $(git rev-parse --short HEAD) for ref=$SSM_DEPLOY_REF"\n';

function errors(run: { annotations: readonly { level: string; message: string }[] }): string {
  return run.annotations
    .filter((a) => a.level === 'error')
    .map((a) => a.message)
    .join('\n');
}

describe('ref and allowed-branches', () => {
  it('refs/pull/7/head: refused before any AWS call, naming the ref, the SHA and the branch', async () => {
    const world = await createWorld(DEPLOY_SH);
    const before = world.head();
    const fork = world.pushElsewhere('refs/pull/7/head', {
      'deploy.sh': '#!/bin/bash\necho pwned\n',
    });

    const run = await world.run({ 'github-token': TOKEN, ref: 'refs/pull/7/head' });

    expect(run.outcome).toBe('failure');
    expect(errors(run)).toContain(
      `ref refs/pull/7/head is commit ${fork}, which is not reachable from the allowed branch main. Nothing was sent.`,
    );
    // Phase 1 reads its secrets meanwhile (it starts with the step); nothing is sent or changed.
    expect(world.sandbox.calls().filter((call) => call.service !== 'secretsmanager')).toEqual([]);
    expect(world.head()).toBe(before);
  });

  it('a bare SHA reachable only from refs/pull/8/head: refused the same way', async () => {
    const world = await createWorld(DEPLOY_SH);
    const fork = world.pushElsewhere('refs/pull/8/head', { VERSION: 'fork\n' });

    const run = await world.run({ 'github-token': TOKEN, ref: fork });

    expect(run.outcome).toBe('failure');
    expect(errors(run)).toContain(
      `ref ${fork} is commit ${fork}, which is not reachable from the allowed branch main.`,
    );
    // Phase 1 reads its secrets meanwhile (it starts with the step); nothing is sent or changed.
    expect(world.sandbox.calls().filter((call) => call.service !== 'secretsmanager')).toEqual([]);
  });

  it('a branch name is resolved once to the SHA the instance and the log get', async () => {
    const world = await createWorld(DEPLOY_SH);
    const older = world.commit({ VERSION: '2\n' });
    const tip = world.commit({ VERSION: '3\n' });

    const run = await world.run({ 'github-token': TOKEN, ref: 'main' });

    expect(run.outcome).toBe('success');
    expect(run.outputs['deployed-sha']).toBe(tip);
    expect(world.head()).toBe(tip);
    expect(run.maskedLog).toContain(
      `Shipping commit ${tip} (ref main), reachable from branch main.`,
    );
    // The command carries the SHA, not the name the instance would resolve by itself.
    expect(run.maskedLog).toContain(`for ref=${tip}`);
    expect(run.maskedLog).not.toContain('for ref=main');
    // An older commit of main is reachable too.
    const again = await world.run({ 'github-token': TOKEN, ref: older.slice(0, 10) });
    expect(again.outcome).toBe('success');
    expect(world.head()).toBe(older);
  });

  it('allowed-branches beyond the default branch: a hotfix ships, and the log says it is an override', async () => {
    const world = await createWorld(DEPLOY_SH);
    const hotfix = world.pushElsewhere('refs/heads/hotfix/1', { VERSION: 'hotfix\n' });

    const refused = await world.run({ 'github-token': TOKEN, ref: 'hotfix/1' });
    expect(refused.outcome).toBe('failure');
    expect(errors(refused)).toContain(
      `is commit ${hotfix}, which is not reachable from the allowed branch main.`,
    );

    const run = await world.run({
      'github-token': TOKEN,
      ref: 'hotfix/1',
      'allowed-branches': 'main\nhotfix/1',
    });
    expect(run.outcome).toBe('success');
    expect(world.head()).toBe(hotfix);
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        level: 'notice',
        message:
          'allowed-branches lets commits ship from hotfix/1, beyond the default branch main: a deliberate override.',
      }),
    );
  });

  it('without github-token: a branch name is refused before any call, saying how to fix it; a full SHA goes on, said in the log', async () => {
    const world = await createWorld(DEPLOY_SH);
    const tip = world.commit({ VERSION: '2\n' });

    const named = await world.run({ ref: 'main' });
    expect(named.outcome).toBe('failure');
    expect(errors(named)).toContain('set github-token');
    expect(world.sandbox.calls()).toEqual([]);
    expect(world.github.requests()).toEqual([]);

    const run = await world.run({ ref: tip });
    expect(run.outcome).toBe('success');
    expect(run.maskedLog).toContain(
      `Shipping commit ${tip}. Whether it is on main was not checked before sending: there is no github-token to ask GitHub.`,
    );
  });
});
