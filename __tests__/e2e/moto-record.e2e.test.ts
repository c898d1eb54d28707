// The deploy record end to end in moto_server's Parameter Store: the built action, run as the
// runner runs it, deploys for real to a sandbox instance (moto's Run Command runs nothing; see
// moto/ssm-router.ts), while every Parameter Store call of the run, the record's read and write,
// goes to moto. What moto holds afterwards is read back through its own API.

import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import { REPOSITORY, RUN_ID, cleanUp, createWorld, type World } from './app-world.js';
import { fileMoto } from './moto/server.js';
import { startSsmRouter, type RoutedCall, type SsmRouter } from './moto/ssm-router.js';

afterEach(cleanUp);
const moto = fileMoto();

const DEPLOY_SH = '#!/bin/bash\necho "deployed $(git rev-parse --short HEAD)"\n';

/** A world whose SSM endpoint sends Parameter Store to moto and the rest to its sandbox. */
async function motoRecordWorld(): Promise<{ world: World; router: SsmRouter }> {
  const world = await createWorld(DEPLOY_SH);
  const router = await startSsmRouter({
    parameterStore: moto.current.url,
    runCommand: world.sandbox.url,
  });
  routers.push(router);
  return { world, router };
}
const routers: SsmRouter[] = [];
afterEach(async () => {
  await Promise.all(routers.splice(0).map((router) => router.stop()));
});

/** The record as moto holds it now. */
async function motoRecord(
  name: string,
): Promise<{ version: number; type: string; value: unknown }> {
  const { Parameter } = await moto.current.clients
    .ssm()
    .send(new GetParameterCommand({ Name: name }));
  return {
    version: Parameter?.Version ?? 0,
    type: Parameter?.Type ?? '',
    value: JSON.parse(Parameter?.Value ?? 'null'),
  };
}

const toMoto = (calls: readonly RoutedCall[]): string[] =>
  calls.filter((call) => call.to === 'moto').map((call) => call.operation);

describe('record-parameter in moto', () => {
  it('a deploy writes the record; an older run reads it and is skipped; a newer one overwrites it', async () => {
    const name = '/deploys/moto-shop';
    const { world, router } = await motoRecordWorld();
    const env = { AWS_ENDPOINT_URL_SSM: router.url };
    const first = world.commit({ VERSION: '2\n' });

    const wrote = await world.run({ ref: first, 'record-parameter': name }, { env });

    expect(wrote.outcome).toBe('success');
    expect(wrote.outputs.status).toBe('Success');
    expect(world.head()).toBe(first);
    // Parameter Store's calls went to moto: the record was looked for, looked at again right
    // before the write (a newer run may have recorded itself meanwhile), then written.
    expect(toMoto(router.calls())).toEqual(['GetParameter', 'GetParameter', 'PutParameter']);
    expect(router.calls().map((call) => call.operation)).toContain('SendCommand');
    expect(await motoRecord(name)).toEqual({
      version: 1,
      type: 'String',
      value: {
        sha: first,
        ref: first,
        repository: REPOSITORY,
        run: RUN_ID,
        runAttempt: 1,
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
      },
    });
    expect(wrote.maskedLog).toMatch(
      new RegExp(
        `Deploy record written to ${name} \\(version 1\\): run ${RUN_ID} of ${REPOSITORY}`,
      ),
    );

    // An older run of the same repository, shipping another commit: moto's record stops it.
    const older = world.commit({ VERSION: '3\n' });
    const before = router.calls().length;
    const skipped = await world.run(
      { ref: older, 'record-parameter': name },
      { env, github: { run_id: String(RUN_ID - 1) } },
    );
    expect(skipped.outcome).toBe('success');
    expect(skipped.outputs.status).toBe('Skipped');
    const since = router.calls().slice(before);
    expect(toMoto(since)).toEqual(['GetParameter']);
    expect(since.map((call) => call.operation)).not.toContain('SendCommand');
    expect(world.head()).toBe(first);
    expect((await motoRecord(name)).version).toBe(1);

    // A newer run deploys and overwrites the record (PutParameter with Overwrite).
    const newer = await world.run(
      { ref: older, 'record-parameter': name },
      { env, github: { run_id: String(RUN_ID + 1) } },
    );
    expect(newer.outputs.status).toBe('Success');
    expect(world.head()).toBe(older);
    expect(await motoRecord(name)).toMatchObject({
      version: 2,
      value: { sha: older, run: RUN_ID + 1 },
    });
  });

  it('dry run: reads the record in moto, says the deploy would be skipped, and writes nothing', async () => {
    const name = '/deploys/moto-dry';
    const { world, router } = await motoRecordWorld();
    await moto.current.clients.ssm().send(
      new PutParameterCommand({
        Name: name,
        Type: 'String',
        Value: JSON.stringify({
          sha: world.commits[0],
          ref: 'main',
          repository: REPOSITORY,
          run: RUN_ID + 5,
          runAttempt: 1,
          at: '2030-01-01T00:00:00.000Z',
        }),
      }),
    );

    const run = await world.run(
      { 'record-parameter': name, 'dry-run': 'true' },
      { env: { AWS_ENDPOINT_URL_SSM: router.url } },
    );

    expect(run.outcome).toBe('success');
    expect(run.maskedLog).toContain(
      'the deploy would be skipped (allow-older: true deploys it anyway)',
    );
    expect(toMoto(router.calls())).toEqual(['GetParameter']);
    expect(world.sandbox.commandHistory()).toEqual([]);
    expect((await motoRecord(name)).version).toBe(1);
  });
});
