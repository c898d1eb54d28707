// What the step says must be what it knows. A tag-targeted deploy whose instances cannot be
// listed (ListCommandInvocations refused or throttled for good) did reach instances: SSM counted
// them. The step fails, gives SSM's counts, and says what could not be read, why, and what to do
// about that cause; it never says that no instance matched.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKING_DIRECTORY, startWorld, type DeployWorld } from './deploy-fixture.js';

let world: DeployWorld;
beforeAll(async () => {
  world = await startWorld({ settings: { throttleRate: { ListCommandInvocations: 1 } } });
});
afterAll(async () => {
  await world.stop();
});

describe('a tag-targeted deploy whose instances cannot be listed', () => {
  it("fails with SSM's counts and the reason, never 'no instance matched'", async () => {
    const role = `web-${Math.random().toString(36).slice(2, 8)}`;
    const repo = world.repo({ 'deploy.sh': '#!/usr/bin/env bash\necho deployed\n' });
    world.instances(repo, 3, { Role: role });
    const run = await world.run(
      { targets: `tag:Role=${role}`, 'working-directory': WORKING_DIRECTORY },
      // The step lists again for up to a minute after sending before it gives up on the listing.
      // Two attempts per call keep each listing short: with the SDK's default of eight, its
      // backoff (and the adaptive rate limit a throttled client falls to) can hold the last
      // listing up to another minute, which put this run anywhere from 70 s to over 100 s.
      {
        sha: repo.head(),
        harness: { timeoutMs: 150_000, env: { AWS_MAX_ATTEMPTS: '2' } },
      },
    );

    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('Failed');
    expect(run.outputs.results).toBe('[]');
    const text = [...run.annotations.map((a) => a.message), run.maskedSummary].join('\n');
    expect(text).not.toMatch(/No instance matched/);
    const errors = run.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors).toContainEqual(expect.stringMatching(/3 of 3 finished/));
    expect(errors).toContainEqual(
      expect.stringMatching(/could not list .*ListCommandInvocations.*(Throttl|Rate exceeded)/i),
    );
    // Throttled, not refused: the advice is about retries, never about the role's permissions.
    expect(errors.join('\n')).toMatch(/raise AWS_MAX_ATTEMPTS/);
    expect(errors.join('\n')).not.toMatch(/permission/);
  }, 180_000);
});
