// The deploy record end to end: the built action through the runner harness against the sandbox's
// Parameter Store and a real instance. A newer run's record skips the deploy with nothing sent;
// allow-older deploys anyway and records this run; a failure leaves the record alone.

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import { RUN_ID, REPOSITORY, cleanUp, createWorld, type World } from './app-world.js';

afterEach(cleanUp);

const NAME = '/deploys/shop';
const DEPLOY_SH = '#!/bin/bash\necho "deployed $(git rev-parse --short HEAD)"\n';

function seedRecord(world: World, run: number, sha: string): void {
  world.sandbox.putParameter({
    name: NAME,
    value: JSON.stringify({
      sha,
      ref: 'main',
      repository: REPOSITORY,
      run,
      runAttempt: 1,
      at: '2030-01-01T00:00:00.000Z',
    }),
  });
}

/** The record as Parameter Store holds it now, read with the real SDK. */
async function storedRecord(world: World): Promise<{ version: number; value: unknown }> {
  const ssm = new SSMClient(world.sandbox.clientConfig());
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: NAME }));
    return { version: Parameter?.Version ?? 0, value: JSON.parse(Parameter?.Value ?? '') };
  } finally {
    ssm.destroy();
  }
}

describe('record-parameter', () => {
  it('a newer run recorded: Skipped, nothing sent, a notice saying how to force it, the step succeeds', async () => {
    const world = await createWorld(DEPLOY_SH);
    const deployed = world.commits[0] ?? '';
    const shipped = world.commit({ VERSION: '2\n' });
    seedRecord(world, RUN_ID + 1, deployed);
    world.sandbox.clearCalls();

    const run = await world.run({ ref: shipped, 'record-parameter': NAME });

    expect(run.outcome).toBe('success');
    expect(run.outputs.status).toBe('Skipped');
    expect(run.outputs.results).toBe('[]');
    expect(run.outputs).not.toHaveProperty('command-id');
    expect(world.sandbox.calls({ service: 'ssm' }).map((call) => call.operation)).toEqual([
      'GetParameter',
    ]);
    expect(world.sandbox.commandHistory()).toEqual([]);
    expect(world.head()).toBe(deployed);
    const notice = run.annotations.find((a) => a.level === 'notice');
    expect(notice?.properties.title).toBe('Deploy skipped');
    expect(notice?.message).toContain(
      `records run ${RUN_ID + 1} of ${REPOSITORY}, which deployed ${deployed}`,
    );
    expect(notice?.message).toContain('set allow-older: true');
    expect(run.maskedSummary).toContain('<b>Skipped</b>');
    expect(run.post).toMatchObject({ ran: false });
  });

  it('allow-older: deploys the older run anyway, then records it (the record names this run)', async () => {
    const world = await createWorld(DEPLOY_SH);
    const shipped = world.commit({ VERSION: '2\n' });
    seedRecord(world, RUN_ID + 1, 'f'.repeat(40));

    const run = await world.run({
      ref: shipped,
      'record-parameter': NAME,
      'allow-older': 'true',
    });

    expect(run.outcome).toBe('success');
    expect(run.outputs.status).toBe('Success');
    expect(world.head()).toBe(shipped);
    expect(run.annotations).toContainEqual(
      expect.objectContaining({ level: 'notice', properties: { title: 'Deploying an older run' } }),
    );
    const ops = world.sandbox.calls({ service: 'ssm' }).map((call) => call.operation);
    expect(ops.indexOf('GetParameter')).toBeLessThan(ops.indexOf('SendCommand'));
    expect(ops.at(-1)).toBe('PutParameter');
    expect(await storedRecord(world)).toEqual({
      version: 2,
      value: {
        sha: shipped,
        ref: shipped,
        repository: REPOSITORY,
        run: RUN_ID,
        runAttempt: 1,
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      },
    });
    expect(run.maskedLog).toMatch(
      new RegExp(
        `Deploy record written to ${NAME} \\(version 2\\): run ${RUN_ID} of ${REPOSITORY}, which deployed ${shipped} at `,
      ),
    );
  });

  it('after a failed deploy the record is left as it was, and the log says why', async () => {
    const world = await createWorld(DEPLOY_SH);
    const shipped = world.commit({ 'deploy.sh': '#!/bin/bash\necho broken >&2\nexit 3\n' });
    seedRecord(world, RUN_ID - 1, world.commits[0] ?? '');

    const run = await world.run({ ref: shipped, 'record-parameter': NAME });

    expect(run.outcome).toBe('failure');
    expect(run.outputs.status).toBe('Failed');
    expect(world.sandbox.calls({ operation: 'PutParameter' })).toEqual([]);
    expect(await storedRecord(world)).toMatchObject({ version: 1, value: { run: RUN_ID - 1 } });
    expect(run.maskedLog).toContain(
      `Deploy record ${NAME} not written: the deploy ended Failed, so the record still names the last successful deploy.`,
    );
  });

  it('dry run: reads the record and says the deploy would be skipped; sends and writes nothing', async () => {
    const world = await createWorld(DEPLOY_SH);
    seedRecord(world, RUN_ID + 5, world.commits[0] ?? '');
    world.sandbox.clearCalls();

    const run = await world.run({ 'record-parameter': NAME, 'dry-run': 'true' });

    expect(run.outcome).toBe('success');
    // The record is read, and the instances checked as a real run would.
    expect(world.sandbox.calls({ service: 'ssm' }).map((call) => call.operation)).toEqual([
      'GetParameter',
      'DescribeInstanceInformation',
    ]);
    expect(run.outputs.status).toBe('DryRun');
    expect(run.maskedLog).toContain(
      'the deploy would be skipped (allow-older: true deploys it anyway)',
    );
  });

  it.each([
    [
      'a run number that parses as Infinity',
      '{"sha":"%S","repository":"%R","run":1e999,"at":"2030-01-01T00:00:00Z"}',
    ],
    [
      'a fractional run',
      '{"sha":"%S","repository":"%R","run":9999999999.5,"at":"2030-01-01T00:00:00Z"}',
    ],
    [
      'a run past the safe integers',
      '{"sha":"%S","repository":"%R","run":9007199254740993,"at":"2030-01-01T00:00:00Z"}',
    ],
    [
      'an unknown field',
      '{"sha":"%S","repository":"%R","run":9999999999,"at":"2030-01-01T00:00:00Z","x":1}',
    ],
    ['a time that is not one', '{"sha":"%S","repository":"%R","run":9999999999,"at":"soon"}'],
  ])(
    'a hostile record (%s) is no newer run: the deploy goes on, says why, and records itself',
    async (_what, template) => {
      const world = await createWorld(DEPLOY_SH);
      const shipped = world.commit({ VERSION: '2\n' });
      world.sandbox.putParameter({
        name: NAME,
        value: template.replace('%S', 'f'.repeat(40)).replace('%R', REPOSITORY),
      });

      const run = await world.run({ ref: shipped, 'record-parameter': NAME });

      expect(run.outputs.status).toBe('Success');
      expect(run.outcome).toBe('success');
      expect(world.head()).toBe(shipped);
      const warning = run.annotations.find((a) => a.level === 'warning');
      expect(warning?.message).toMatch(
        new RegExp(`^${NAME} does not hold a valid deploy record \\(.+\\); it will be overwritten`),
      );
      expect(await storedRecord(world)).toMatchObject({
        version: 2,
        value: { sha: shipped, run: RUN_ID },
      });
    },
  );

  it('a newer run recorded while this one deployed: the record keeps the newer run, and the log says so', async () => {
    const world = await createWorld(
      '#!/bin/bash\ntouch "$HANDSHAKE_DIR/started"\nwhile [ ! -e "$HANDSHAKE_DIR/go" ]; do sleep 0.1; done\n',
    );
    const scratch = world.scratch();
    const shipped = world.commit({ VERSION: '2\n' });
    seedRecord(world, RUN_ID - 1, world.commits[0] ?? '');

    const handle = world.start({
      ref: shipped,
      'record-parameter': NAME,
      env: `HANDSHAKE_DIR=${scratch}`,
    });
    await expect.poll(() => existsSync(join(scratch, 'started')), { timeout: 30_000 }).toBe(true);
    // Another workflow's newer run deploys meanwhile and writes its record (version 2).
    seedRecord(world, RUN_ID + 1, 'e'.repeat(40));
    writeFileSync(join(scratch, 'go'), '');
    const run = await handle.done;

    expect(run.outputs.status).toBe('Success');
    expect(world.sandbox.calls({ operation: 'PutParameter' })).toEqual([]);
    expect(await storedRecord(world)).toMatchObject({ version: 2, value: { run: RUN_ID + 1 } });
    expect(run.maskedLog).toContain(
      `Deploy record ${NAME} not written: while this run deployed, run ${RUN_ID + 1} of ${REPOSITORY} recorded ${'e'.repeat(40)}`,
    );
  });
});
