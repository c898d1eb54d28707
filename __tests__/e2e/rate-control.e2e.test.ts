// A tag fleet under a count max-concurrency, end to end: the preflight counts the instances the
// tags select, so the delivery timeout covers every wave rate control makes (SSM counts it from
// when the command was sent, and an instance waiting for a place has not been delivered to).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKING_DIRECTORY, startWorld, type DeployWorld } from './deploy-fixture.js';

/** SSM's 600 s pass in 2.5 real seconds; timeout-seconds' 900 in 3.75. */
const TIME_SCALE = 240;

let world: DeployWorld;
beforeAll(async () => {
  world = await startWorld({ settings: { timeScale: TIME_SCALE } });
});
afterAll(async () => {
  await world.stop();
});

describe('a tag fleet with a count max-concurrency', () => {
  it('eight instances, two at a time, a 2.5 s deploy: every wave is delivered', async () => {
    const repo = world.repo({ 'deploy.sh': '#!/usr/bin/env bash\nsleep 2.5\necho done\n' });
    world.instances(repo, 8, { Role: 'fleet' });
    const sha = repo.commit({ VERSION: '2\n' });

    const run = await world.run(
      {
        targets: 'tag:Role=fleet',
        'working-directory': WORKING_DIRECTORY,
        'max-concurrency': '2',
      },
      { sha, harness: { timeoutMs: 120_000 } },
    );

    const statuses = (
      JSON.parse(run.outputs.results ?? '[]') as { statusDetails?: string; status: string }[]
    ).map((r) => r.status);
    expect(statuses).toEqual(Array<string>(8).fill('Success'));
    expect(run.outputs.status).toBe('Success');
  }, 150_000);
});
