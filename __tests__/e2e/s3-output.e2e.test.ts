// output-s3-bucket end to end, as someone else sees it: the bucket may belong to another account
// (one that took the name), and whoever may write the bucket may rewrite the output once the
// agent has put it there, or make it huge. The built action checks the bucket's owner before it
// sends anything, reads only the tail of each object (a Range request) from the bucket of its own
// account, and takes the commits it reports only from SSM's own copy of the output.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../sandbox/index.js';
import {
  WORKING_DIRECTORY,
  groupLines,
  headOf,
  results,
  startWorld,
  type DeployWorld,
} from './deploy-fixture.js';

const ACCOUNT = '111122223333';
const OURS = 'deploy-output';
const THEIRS = 'deploy-output-sniped';
/** The tail the action reads of each stream, at most. */
const TAIL_BYTES = 1024 * 1024;

let world: DeployWorld;
beforeAll(async () => {
  world = await startWorld({
    accountId: ACCOUNT,
    seed: { buckets: [{ name: OURS }, { name: THEIRS, owner: '999988887777' }] },
  });
});
afterAll(async () => {
  await world.stop();
});

/** A deploy.sh that prints `lines` lines of 50 characters, numbered. */
function chatty(lines: number): string {
  return `#!/usr/bin/env bash\nfor i in $(seq 1 ${lines}); do printf 'line %08d %s\\n' "$i" ${'y'.repeat(36)}; done\n`;
}

describe.concurrent('output-s3-bucket, read back', () => {
  it('a bucket of another account is refused before anything is sent, naming the input and this account', async () => {
    const repo = world.repo({ 'deploy.sh': chatty(1) });
    const [web] = world.instances(repo, 1) as [Instance];
    const before = headOf(web);
    const sha = repo.commit({ VERSION: '2\n' });
    const run = await world.run(
      {
        'instance-ids': web.id,
        'working-directory': WORKING_DIRECTORY,
        'output-s3-bucket': THEIRS,
      },
      { sha },
    );

    expect(run.outcome).toBe('failure');
    expect(world.sendCommandsTo(web.id)).toEqual([]);
    expect(headOf(web)).toBe(before);
    const error = run.annotations.find((a) => a.level === 'error');
    expect(error?.message).toContain(
      `output-s3-bucket ${THEIRS} does not belong to this account (${ACCOUNT})`,
    );
    const heads = world.sandbox
      .calls({ operation: 'HeadBucket' })
      .filter((call) => call.params.Bucket === THEIRS);
    expect(heads.map((call) => [call.params.ExpectedBucketOwner, call.status])).toEqual([
      [ACCOUNT, 403],
    ]);
  });

  it("the commits reported come from SSM's copy: a rewritten S3 object cannot forge deployed-sha", async () => {
    const repo = world.repo({ 'deploy.sh': chatty(600) });
    const [web] = world.instances(repo, 1) as [Instance];
    const sha = repo.commit({ VERSION: '2\n' });
    const forged = 'f'.repeat(40);
    // Whoever may write the bucket rewrites the output right after the agent puts it there.
    const stop = world.sandbox.onObjectWritten((bucket, object) => {
      if (bucket !== OURS || !object.key.includes(`/${web.id}/`) || !object.key.endsWith('stdout'))
        return;
      const text = object.body.toString('utf8');
      if (!text.includes(sha)) return;
      queueMicrotask(() => {
        world.sandbox.putObject(OURS, object.key, Buffer.from(text.replaceAll(sha, forged)));
      });
    });
    try {
      const run = await world.run(
        {
          'instance-ids': web.id,
          'working-directory': WORKING_DIRECTORY,
          'output-s3-bucket': OURS,
          'output-s3-key-prefix': 'forged',
        },
        { sha },
      );
      expect(run.outputs.status).toBe('Success');
      expect(headOf(web)).toBe(sha);
      expect(run.outputs['deployed-sha']).toBe(sha);
      expect(results(run)[0]).toMatchObject({ deployedSha: sha });
      // The S3 copy was read (it is what the log shows), just not believed.
      expect(groupLines(run, web.id).join('\n')).toContain(forged);
    } finally {
      stop();
    }
  });

  it('only the tail of a huge output is read, with a Range, from the bucket of this account', async () => {
    const lines = 80_000; // 4,000,000 bytes of stdout
    const repo = world.repo({ 'deploy.sh': chatty(lines) });
    const [web] = world.instances(repo, 1) as [Instance];
    const sha = repo.commit({ VERSION: '2\n' });
    const run = await world.run(
      {
        'instance-ids': web.id,
        'working-directory': WORKING_DIRECTORY,
        'output-s3-bucket': OURS,
        'output-s3-key-prefix': 'huge',
      },
      { sha },
    );

    expect(run.outputs.status).toBe('Success');
    const key = `huge/${run.outputs['command-id'] ?? ''}/${web.id}/awsrunShellScript/0.awsrunShellScript/stdout`;
    expect(world.sandbox.getObject(OURS, key)?.body.length).toBeGreaterThan(3 * TAIL_BYTES);
    const reads = world.sandbox
      .calls({ operation: 'GetObject' })
      .filter((call) => call.params.Key === key);
    expect(
      reads.map((call) => [call.params.Range, call.params.ExpectedBucketOwner, call.status]),
    ).toEqual([[`bytes=-${TAIL_BYTES}`, ACCOUNT, 206]]);
    const shown = groupLines(run, web.id).join('\n');
    expect(shown).toContain(`line ${String(lines).padStart(8, '0')} `);
    expect(shown).not.toContain('line 00000001 ');
    expect(run.jobLog).toContain(`The stdout of ${web.id} is long; the log shows its end.`);
  });
});
