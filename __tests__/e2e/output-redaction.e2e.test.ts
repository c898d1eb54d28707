// Output the action cuts (the 1,000-character tails of annotations and `results`) or SSM cut (its
// 24,000-character copy of stdout) must not keep a piece of a secret this step read: the runner
// masks a value only where it appears whole. Every such value is replaced by *** in the action's
// own copy before anything is cut, and a tail starts at a line boundary.

import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../sandbox/index.js';
import type { ActionRun } from '../../sandbox/runner/index.js';
import { WORKING_DIRECTORY, results, startWorld, type DeployWorld } from './deploy-fixture.js';

let world: DeployWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.stop();
});

/** Every 6-character piece of the password after its fixed `pw-` start. */
function pieces(secret: string): string[] {
  const random = secret.slice(3);
  return Array.from({ length: random.length - 5 }, (_, i) => random.slice(i, i + 6));
}

function expectNoPiece(run: ActionRun, secret: string): void {
  const places = {
    log: run.jobLog,
    summary: run.maskedSummary,
    results: run.outputs.results ?? '',
    annotations: run.annotations.map((a) => a.message).join('\n'),
  };
  for (const [place, text] of Object.entries(places))
    for (const piece of pieces(secret))
      expect(text.includes(piece), `${place} holds a piece of the secret`).toBe(false);
}

/** A deploy.sh that reads the password from a file on the instance, as an app's config would. */
function deployWith(script: string): { web: Instance; sha: string } {
  const repo = world.repo({ 'deploy.sh': '#!/usr/bin/env bash\necho first\n' });
  const [web] = world.instances(repo, 1) as [Instance];
  writeFileSync(web.path('/srv/password'), world.password);
  const sha = repo.commit({ 'deploy.sh': script }, 'prints the password');
  return { web, sha };
}

describe('output that is cut', () => {
  it('a tail that would start inside a secret shows *** instead, in results and annotations', async () => {
    // With the lines the script and the agent add after it, the password's line ends the last
    // 1,000 characters of stderr about 8 characters into the password: cut by characters, the
    // tail would begin with the rest of it.
    const { web, sha } = deployWith(
      `#!/usr/bin/env bash\nprintf 'note\\n%s%s\\n' "$(cat /srv/password)" "$(printf 'y%.0s' {1..899})" >&2\nexit 1\n`,
    );
    const run = await world.run(
      { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY },
      { sha },
    );
    expect(run.outputs.status).toBe('Failed');
    expectNoPiece(run, world.password);
    const [result] = results(run);
    expect(result?.stderrTail).toMatch(/^note\n\*\*\*y{899}\nssm-deploy: deploy-script failed/);
  });

  it("SSM's 24,000-character cut inside a secret leaves no piece of it in the log", async () => {
    // One line of the password over and over, past SSM's 24,000 characters: the cut falls inside
    // one of them.
    const { web, sha } = deployWith(
      `#!/usr/bin/env bash\npw=$(cat /srv/password)\nfor i in $(seq 1600); do printf '%s' "$pw"; done\necho\n`,
    );
    const run = await world.run(
      { 'instance-ids': web.id, 'working-directory': WORKING_DIRECTORY },
      { sha },
    );
    expect(run.outputs.status).toBe('Success');
    expectNoPiece(run, world.password);
  });
});
