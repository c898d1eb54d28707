// Secrets Manager through the real client: values by name, ARN and partial ARN, versions and
// stages, binary values, regions, BatchGetSecretValue with its per-secret Errors, ListSecrets
// with filters and the SDK paginator, DescribeSecret, and a secret the caller may not read.

import {
  BatchGetSecretValueCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  ResourceNotFoundException,
  paginateListSecrets,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, clients, sandbox } from './helpers.js';

afterEach(cleanUp);

describe('GetSecretValue', () => {
  it('reads by name, full ARN and partial ARN; the ARN has the 6-character suffix', async () => {
    const sb = await sandbox();
    const { arn } = sb.addSecret({ name: 'prod/db', secretString: '{"user":"app"}' });
    expect(arn).toMatch(
      /^arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/db-[A-Za-z0-9]{6}$/,
    );
    const { secrets } = clients(sb);
    for (const id of ['prod/db', arn, arn.slice(0, -7)]) {
      const value = await secrets.send(new GetSecretValueCommand({ SecretId: id }));
      expect(value).toMatchObject({
        ARN: arn,
        Name: 'prod/db',
        SecretString: '{"user":"app"}',
        VersionStages: ['AWSCURRENT'],
      });
      expect(value.CreatedDate).toBeInstanceOf(Date);
    }
  });

  it('reads versions by id and by stage; a new value moves AWSCURRENT and AWSPREVIOUS', async () => {
    const sb = await sandbox({
      seed: {
        secrets: [
          {
            name: 'api-key',
            versions: [
              { versionId: 'a'.repeat(32), secretString: 'old', stages: ['AWSCURRENT'] },
              { versionId: 'b'.repeat(32), secretString: 'next', stages: ['AWSPENDING'] },
            ],
          },
        ],
      },
    });
    const { secrets } = clients(sb);
    const read = async (input: { VersionId?: string; VersionStage?: string }) =>
      secrets.send(new GetSecretValueCommand({ SecretId: 'api-key', ...input }));
    expect((await read({})).SecretString).toBe('old');
    expect((await read({ VersionStage: 'AWSPENDING' })).SecretString).toBe('next');
    expect((await read({ VersionId: 'b'.repeat(32) })).VersionStages).toEqual(['AWSPENDING']);
    const { versionId } = sb.putSecretValue('api-key', { secretString: 'new' });
    expect(await read({})).toMatchObject({ SecretString: 'new', VersionId: versionId });
    expect((await read({ VersionStage: 'AWSPREVIOUS' })).SecretString).toBe('old');
    await expect(read({ VersionStage: 'NOPE' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret value for staging label: NOPE",
    });
  });

  it('returns binary secrets as bytes', async () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 255]);
    const sb = await sandbox({ seed: { secrets: [{ name: 'cert', secretBinary: bytes }] } });
    const { secrets } = clients(sb);
    const value = await secrets.send(new GetSecretValueCommand({ SecretId: 'cert' }));
    expect(value.SecretString).toBeUndefined();
    expect(Array.from(value.SecretBinary ?? [])).toEqual([0, 1, 2, 250, 255]);
  });

  it('sees only the region of the request', async () => {
    const sb = await sandbox({
      seed: { secrets: [{ name: 'eu-only', region: 'eu-west-1', secretString: 'x' }] },
    });
    const us = clients(sb).secrets;
    const eu = clients(sb, { region: 'eu-west-1' }).secrets;
    await expect(
      us.send(new GetSecretValueCommand({ SecretId: 'eu-only' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    const value = await eu.send(new GetSecretValueCommand({ SecretId: 'eu-only' }));
    expect(value.ARN).toMatch(/^arn:aws:secretsmanager:eu-west-1:/);
    await expect(
      us.send(new GetSecretValueCommand({ SecretId: value.ARN })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses a secret seeded as access denied, and one marked for deletion', async () => {
    const sb = await sandbox({
      seed: {
        secrets: [
          { name: 'locked', secretString: 'x', accessDenied: true },
          { name: 'gone', secretString: 'y', deleted: true },
        ],
      },
    });
    const { secrets } = clients(sb);
    const denied = secrets.send(new GetSecretValueCommand({ SecretId: 'locked' }));
    await expect(denied).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(denied).rejects.toThrow(
      /is not authorized to perform: secretsmanager:GetSecretValue on resource: locked/,
    );
    await expect(
      secrets.send(new GetSecretValueCommand({ SecretId: 'gone' })),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
    sb.setSecretAccessDenied('locked', false);
    expect(
      (await secrets.send(new GetSecretValueCommand({ SecretId: 'locked' }))).SecretString,
    ).toBe('x');
  });
});

describe('BatchGetSecretValue', () => {
  it('reads up to 20 ids and reports each failure in Errors', async () => {
    const sb = await sandbox({
      seed: {
        secrets: [
          { name: 'a', secretString: '1' },
          { name: 'b', secretString: '2' },
          { name: 'denied', secretString: '3', accessDenied: true },
        ],
      },
    });
    const { secrets } = clients(sb);
    const result = await secrets.send(
      new BatchGetSecretValueCommand({ SecretIdList: ['a', 'missing', 'b', 'denied'] }),
    );
    expect(result.SecretValues?.map((v) => [v.Name, v.SecretString])).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(result.Errors?.map((e) => [e.SecretId, e.ErrorCode])).toEqual([
      ['missing', 'ResourceNotFoundException'],
      ['denied', 'AccessDeniedException'],
    ]);
    const tooMany = Array.from({ length: 21 }, (_, i) => `s${i}`);
    await expect(
      secrets.send(new BatchGetSecretValueCommand({ SecretIdList: tooMany })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(secrets.send(new BatchGetSecretValueCommand({}))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
  });

  it('reads by name-prefix filter, paginated with MaxResults and NextToken', async () => {
    const sb = await sandbox();
    for (let i = 0; i < 25; i++)
      sb.addSecret({ name: `team/s${String(i).padStart(2, '0')}`, secretString: `v${i}` });
    sb.addSecret({ name: 'other', secretString: 'no' });
    const { secrets } = clients(sb);
    const names: string[] = [];
    let nextToken: string | undefined;
    let calls = 0;
    do {
      const page = await secrets.send(
        new BatchGetSecretValueCommand({
          Filters: [{ Key: 'name', Values: ['team/'] }],
          MaxResults: 20,
          NextToken: nextToken,
        }),
      );
      names.push(...(page.SecretValues ?? []).map((v) => v.Name ?? ''));
      nextToken = page.NextToken;
      calls += 1;
    } while (nextToken);
    expect(calls).toBe(2);
    expect(names).toHaveLength(25);
    expect(names).not.toContain('other');
  });
});

describe('ListSecrets and DescribeSecret', () => {
  it('lists by name prefix (case-sensitive, `!` negates) through the SDK paginator', async () => {
    const sb = await sandbox();
    for (let i = 0; i < 7; i++)
      sb.addSecret({ name: `app/${i}`, secretString: 'x', tags: { team: 'web' } });
    sb.addSecret({ name: 'App/upper', secretString: 'x' });
    const { secrets } = clients(sb);
    const listed: string[] = [];
    for await (const page of paginateListSecrets(
      { client: secrets, pageSize: 3 },
      { Filters: [{ Key: 'name', Values: ['app/'] }] },
    )) {
      expect(page.SecretList?.length).toBeLessThanOrEqual(3);
      listed.push(...(page.SecretList ?? []).map((s) => s.Name ?? ''));
    }
    expect(listed.sort()).toEqual(['app/0', 'app/1', 'app/2', 'app/3', 'app/4', 'app/5', 'app/6']);
    expect(sb.calls({ operation: 'ListSecrets' })).toHaveLength(3);
    const negated = [];
    for await (const page of paginateListSecrets(
      { client: secrets },
      { Filters: [{ Key: 'name', Values: ['!app/'] }] },
    ))
      negated.push(...(page.SecretList ?? []));
    expect(negated.map((s) => s.Name)).toEqual(['App/upper']);
  });

  it('describes versions and stages without the value', async () => {
    const sb = await sandbox({
      seed: {
        secrets: [
          { name: 'svc', secretString: 'hidden-value', description: 'd', tags: { env: 'prod' } },
        ],
      },
    });
    sb.putSecretValue('svc', { secretString: 'newer-value' });
    const { secrets } = clients(sb);
    const described = await secrets.send(new DescribeSecretCommand({ SecretId: 'svc' }));
    expect(described).toMatchObject({
      Name: 'svc',
      Description: 'd',
      Tags: [{ Key: 'env', Value: 'prod' }],
    });
    expect(Object.values(described.VersionIdsToStages ?? {}).sort()).toEqual([
      ['AWSCURRENT'],
      ['AWSPREVIOUS'],
    ]);
    expect(JSON.stringify(described)).not.toMatch(/hidden-value|newer-value/);
  });
});
