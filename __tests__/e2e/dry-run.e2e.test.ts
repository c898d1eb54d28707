// A dry run that really checks, end to end through dist/index.js: each kind of mistake a real run
// would hit fails the dry run, naming it, with nothing sent and nothing changed; a dry run that
// finds nothing wrong says so with status DryRun.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../sandbox/index.js';
import {
  SECRET_NAME,
  WORKING_DIRECTORY,
  headOf,
  startWorld,
  type DeployWorld,
} from './deploy-fixture.js';

const BUCKET = 'dry-assets';
const OUTPUT_BUCKET = 'dry-output';
const PARAMETER = '/dry/token';
const ROLE = 'dry-web';

let world: DeployWorld;
let web: Instance;
let lost: Instance;
let sha: string;
let old: string;
beforeAll(async () => {
  world = await startWorld({
    seed: {
      buckets: [{ name: BUCKET }, { name: OUTPUT_BUCKET }],
      parameters: [{ name: PARAMETER, value: 'dry-token-value-1', type: 'SecureString' }],
    },
  });
  const repo = world.repo({ 'deploy.sh': '#!/usr/bin/env bash\necho deployed\n', VERSION: '1\n' });
  [web, lost] = world.instances(repo, 2, { Role: ROLE }) as [Instance, Instance];
  world.sandbox.setInstanceTags(lost.id, { Role: 'dry-lost' });
  world.sandbox.setInstancePing(lost.id, 'ConnectionLost');
  old = repo.head();
  sha = repo.commit({ VERSION: '2\n' });
});
afterAll(async () => {
  await world.stop();
});

/** Everything right: a secret, a parameter, a versioned bucket, an instance, the output bucket. */
const GOOD = (): Record<string, string> => ({
  'dry-run': 'true',
  'secret-ids': `DB,${SECRET_NAME}`,
  parameters: PARAMETER,
  'versioned-buckets': BUCKET,
  'instance-ids': web.id,
  'working-directory': WORKING_DIRECTORY,
  'output-s3-bucket': OUTPUT_BUCKET,
  'record-parameter': '/deploys/dry',
});

/** Whether anything was sent or changed since `from` (an index into the call log). */
function changesSince(from: number): string[] {
  return world.sandbox
    .calls()
    .slice(from)
    .map((call) => call.operation)
    .filter((operation) => !/^(Get|List|BatchGet|Describe|Head)/.test(operation));
}

describe('dry-run: true', () => {
  it('finds nothing wrong: status DryRun, the instances listed, nothing sent or changed', async () => {
    const from = world.sandbox.calls().length;
    const run = await world.run(GOOD(), { sha });

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.outputs.status).toBe('DryRun');
    // The values were read, to prove they can be; none is an output.
    expect(run.masks).toEqual(expect.arrayContaining(['dry-token-value-1', world.password]));
    expect(run.outputs.DB).toBeUndefined();
    expect(run.outputs.DRY_TOKEN).toBeUndefined();
    expect(run.maskedLog).toContain(
      'Dry run: the deploy would reach 1 instance, each managed by SSM, online and Linux:',
    );
    expect(run.maskedLog).toContain('Dry run: every check passed; nothing was sent or changed.');
    expect(changesSince(from)).toEqual([]);
    expect(world.sandbox.bucketVersioning(BUCKET)).toBeUndefined();
    expect(headOf(web)).toBe(old);
  });

  const typos: readonly (readonly [string, () => Record<string, string>, () => RegExp])[] = [
    [
      'a misspelt secret',
      () => ({ 'secret-ids': `${SECRET_NAME}b` }),
      () => new RegExp(`secret ${SECRET_NAME}b was not found`),
    ],
    ['a misspelt parameter', () => ({ parameters: '/dry/tokn' }), () => /\/dry\/tokn/],
    [
      'a misspelt versioned bucket',
      () => ({ 'versioned-buckets': 'dry-asets' }),
      () => /dry-asets/,
    ],
    ['a misspelt output bucket', () => ({ 'output-s3-bucket': 'dry-outptu' }), () => /dry-outptu/],
    [
      'an instance id SSM does not manage',
      () => ({ 'instance-ids': 'i-0123456789abcdef9' }),
      () => /^i-0123456789abcdef9: not managed by SSM/,
    ],
    [
      'an instance whose agent is offline',
      () => ({ 'instance-ids': lost.id }),
      () => new RegExp(`^${lost.id} .*its SSM agent is ConnectionLost, not Online`),
    ],
    [
      'a misspelt tag value',
      () => ({ 'instance-ids': '', targets: 'tag:Role=dry-wbe' }),
      () => /^No instance matched the targets \(tag:Role=dry-wbe\)/,
    ],
    [
      'an env value that is a secret read by the step',
      () => ({ env: `DB_PASSWORD=${world.password}` }),
      () => /DB_PASSWORD/,
    ],
  ];

  it.each(typos)(
    '%s fails the dry run, naming it; nothing is sent or changed',
    async (_, typo, named) => {
      const from = world.sandbox.calls().length;
      // The workflow passes a secret as `${{ secrets.X }}`, which the runner masks in its own echo
      // of the inputs.
      const run = await world.run(
        { ...GOOD(), 'parse-json-secrets': 'true', ...typo() },
        { sha, jobSecrets: [world.password] },
      );

      expect(run.exitCode).toBe(1);
      expect(run.annotations.map((a) => a.level)).toEqual(['error']);
      expect(run.annotations[0]?.message).toMatch(named());
      expect(run.outputs.status).toBeUndefined();
      expect(changesSince(from)).toEqual([]);
      expect(headOf(web)).toBe(old);
    },
  );
});
