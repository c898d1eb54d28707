// What the step says must be what it knows. A tag-targeted deploy whose instances cannot be
// listed (ListCommandInvocations refused or throttled for good) did reach instances: SSM counted
// them. The step fails, gives SSM's counts, and says what could not be read and why; it never
// says that no instance matched.

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
      { sha: repo.head(), harness: { timeoutMs: 150_000 } },
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
  }, 180_000);
});
