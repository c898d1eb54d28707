// Parameter Store through the real SSM client: versions, overwrite, selectors, SecureString,
// GetParameters' InvalidParameters and limit, GetParametersByPath with the SDK paginator.

import {
  DescribeParametersCommand,
  GetParameterCommand,
  GetParametersCommand,
  ParameterAlreadyExists,
  ParameterVersionNotFound,
  PutParameterCommand,
  paginateDescribeParameters,
  paginateGetParametersByPath,
} from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, clients, sandbox } from './helpers.js';

afterEach(cleanUp);

describe('PutParameter', () => {
  it('creates version 1, refuses to overwrite unless asked, then increments', async () => {
    const sb = await sandbox();
    const { ssm } = clients(sb);
    expect(
      await ssm.send(new PutParameterCommand({ Name: '/app/url', Value: 'a', Type: 'String' })),
    ).toMatchObject({ Version: 1, Tier: 'Standard' });
    const error = await ssm
      .send(new PutParameterCommand({ Name: '/app/url', Value: 'b', Type: 'String' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterAlreadyExists);
    expect(
      await ssm.send(new PutParameterCommand({ Name: '/app/url', Value: 'b', Overwrite: true })),
    ).toMatchObject({ Version: 2 });
    const current = await ssm.send(new GetParameterCommand({ Name: '/app/url' }));
    expect(current.Parameter).toMatchObject({
      Name: '/app/url',
      Value: 'b',
      Version: 2,
      Type: 'String',
      DataType: 'text',
      ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/url',
    });
    expect(current.Parameter?.LastModifiedDate).toBeInstanceOf(Date);
  });

  it('needs a type for a new parameter and refuses reserved or malformed names', async () => {
    const sb = await sandbox();
    const { ssm } = clients(sb);
    await expect(
      ssm.send(new PutParameterCommand({ Name: '/new', Value: 'v' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      ssm.send(new PutParameterCommand({ Name: '/aws/x', Value: 'v', Type: 'String' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      ssm.send(new PutParameterCommand({ Name: 'a/b', Value: 'v', Type: 'String' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Parameter name must be a fully qualified name.',
    });
  });
});

describe('GetParameter and GetParameters', () => {
  it('reads a version or a label with `name:selector`, and says which', async () => {
    const sb = await sandbox();
    sb.putParameter({ name: '/db/host', value: 'one', labels: ['stable'] });
    sb.putParameter({ name: '/db/host', value: 'two' });
    const { ssm } = clients(sb);
    expect((await ssm.send(new GetParameterCommand({ Name: '/db/host' }))).Parameter).toMatchObject(
      { Value: 'two', Version: 2 },
    );
    expect(
      (await ssm.send(new GetParameterCommand({ Name: '/db/host:1' }))).Parameter,
    ).toMatchObject({ Name: '/db/host', Value: 'one', Version: 1, Selector: ':1' });
    expect(
      (await ssm.send(new GetParameterCommand({ Name: '/db/host:stable' }))).Parameter,
    ).toMatchObject({ Value: 'one', Selector: ':stable' });
    await expect(ssm.send(new GetParameterCommand({ Name: '/db/host:9' }))).rejects.toBeInstanceOf(
      ParameterVersionNotFound,
    );
  });

  it('decrypts a SecureString only WithDecryption', async () => {
    const sb = await sandbox({
      seed: { parameters: [{ name: '/db/password', value: 'hunter2', type: 'SecureString' }] },
    });
    const { ssm } = clients(sb);
    const hidden = await ssm.send(new GetParameterCommand({ Name: '/db/password' }));
    expect(hidden.Parameter?.Type).toBe('SecureString');
    expect(hidden.Parameter?.Value).not.toContain('hunter2');
    expect(hidden.Parameter?.Value).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    const shown = await ssm.send(
      new GetParameterCommand({ Name: '/db/password', WithDecryption: true }),
    );
    expect(shown.Parameter?.Value).toBe('hunter2');
  });

  it('reports the names it cannot find in InvalidParameters and takes at most 10', async () => {
    const sb = await sandbox({
      seed: {
        parameters: [
          { name: '/a', value: '1' },
          { name: '/b', value: 'x,y', type: 'StringList' },
        ],
      },
    });
    const { ssm } = clients(sb);
    const result = await ssm.send(
      new GetParametersCommand({ Names: ['/a', '/missing', '/b', '/a:7'] }),
    );
    expect(result.Parameters?.map((p) => [p.Name, p.Value, p.Type])).toEqual([
      ['/a', '1', 'String'],
      ['/b', 'x,y', 'StringList'],
    ]);
    expect(result.InvalidParameters).toEqual(['/missing', '/a:7']);
    const eleven = Array.from({ length: 11 }, (_, i) => `/p${i}`);
    const tooMany = ssm.send(new GetParametersCommand({ Names: eleven }));
    await expect(tooMany).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(tooMany).rejects.toThrow(
      /at 'names' failed to satisfy constraint: Member must have length less than or equal to 10/,
    );
  });
});

describe('GetParametersByPath', () => {
  it('pages 10 at a time through the SDK paginator, recursively or one level', async () => {
    const sb = await sandbox();
    for (let i = 0; i < 23; i++)
      sb.putParameter({ name: `/app/${String(i).padStart(2, '0')}`, value: `v${i}` });
    sb.putParameter({ name: '/app/deep/one', value: 'd1' });
    sb.putParameter({ name: '/app/deep/er/two', value: 'd2', type: 'SecureString' });
    sb.putParameter({ name: '/other/x', value: 'no' });
    const { ssm } = clients(sb);
    const pages: string[][] = [];
    for await (const page of paginateGetParametersByPath(
      { client: ssm },
      { Path: '/app', Recursive: true, WithDecryption: true },
    )) {
      pages.push((page.Parameters ?? []).map((p) => p.Name ?? ''));
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toContain('/app/deep/er/two');
    expect(pages.flat()).not.toContain('/other/x');
    expect(
      sb.calls({ operation: 'GetParametersByPath' }).map((c) => c.params.NextToken ?? false),
    ).toEqual([false, true, true]);

    const oneLevel: string[] = [];
    for await (const page of paginateGetParametersByPath({ client: ssm }, { Path: '/app/deep/' })) {
      oneLevel.push(...(page.Parameters ?? []).map((p) => p.Name ?? ''));
    }
    expect(oneLevel).toEqual(['/app/deep/one']);
  });

  it('refuses MaxResults above 10 and a path without a leading slash', async () => {
    const sb = await sandbox();
    const { ssm } = clients(sb);
    const { GetParametersByPathCommand } = await import('@aws-sdk/client-ssm');
    await expect(
      ssm.send(new GetParametersByPathCommand({ Path: '/app', MaxResults: 11 })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(ssm.send(new GetParametersByPathCommand({ Path: 'app' }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('GetParameters by ARN', () => {
  it("reads a parameter by its ARN in the ARN's own region, with a selector too", async () => {
    const sb = await sandbox();
    sb.putParameter({ name: '/app/url', value: 'one', labels: ['stable'] });
    sb.putParameter({ name: '/app/url', value: 'two' });
    sb.putParameter({ name: 'flat', value: 'flat-value' });
    const arn = 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/url';
    const { ssm } = clients(sb, { region: 'eu-west-1' });
    const answer = await ssm.send(
      new GetParametersCommand({
        Names: [
          arn,
          `${arn}:stable`,
          'arn:aws:ssm:eu-west-1:123456789012:parameter/flat',
          'arn:aws:ssm:us-east-1:123456789012:parameter/app/url',
          'arn:aws:ssm:eu-west-1:999999999999:parameter/app/url',
        ],
      }),
    );
    expect(answer.Parameters?.map((p) => [p.Name, p.Value, p.ARN, p.Selector])).toEqual([
      ['/app/url', 'two', arn, undefined],
      ['/app/url', 'one', arn, ':stable'],
      ['flat', 'flat-value', 'arn:aws:ssm:eu-west-1:123456789012:parameter/flat', undefined],
    ]);
    expect(answer.InvalidParameters).toEqual([
      'arn:aws:ssm:us-east-1:123456789012:parameter/app/url',
      'arn:aws:ssm:eu-west-1:999999999999:parameter/app/url',
    ]);
  });
});

describe('DescribeParameters', () => {
  it('lists names and metadata below a path, never a value, 50 to a page', async () => {
    const sb = await sandbox();
    for (let i = 0; i < 55; i++)
      sb.putParameter({ name: `/app/p${String(i).padStart(2, '0')}`, value: `value-${i}` });
    sb.putParameter({ name: '/app/deep/token', value: 'deep-secret', type: 'SecureString' });
    sb.putParameter({ name: '/apple', value: 'not-below' });
    const { ssm } = clients(sb);
    const pages: string[][] = [];
    for await (const page of paginateDescribeParameters(
      { client: ssm },
      { ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: ['/app'] }] },
    )) {
      pages.push((page.Parameters ?? []).map((p) => p.Name ?? ''));
      expect(JSON.stringify(page)).not.toMatch(/value-|deep-secret/);
    }
    expect(pages.map((p) => p.length)).toEqual([50, 6]);
    expect(pages.flat()).toContain('/app/deep/token');
    expect(pages.flat()).not.toContain('/apple');
    expect(sb.calls({ operation: 'DescribeParameters' }).map((c) => c.params)).toEqual([
      { ParameterFilters: ['Path=/app'] },
      { ParameterFilters: ['Path=/app'], NextToken: true },
    ]);

    const oneLevel = await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Path', Values: ['/app/deep/'] }],
      }),
    );
    expect(oneLevel.Parameters).toEqual([
      expect.objectContaining({
        Name: '/app/deep/token',
        Type: 'SecureString',
        Version: 1,
        ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/deep/token',
      }),
    ]);
    expect(oneLevel.Parameters?.[0]).not.toHaveProperty('Value');
  });

  it('filters by name and type, and refuses filters it does not model', async () => {
    const sb = await sandbox();
    sb.putParameter({ name: '/a/one', value: 'x' });
    sb.putParameter({ name: '/a/two', value: 'y', type: 'SecureString' });
    sb.putParameter({ name: '/b/one', value: 'z', type: 'SecureString' });
    const { ssm } = clients(sb);
    const names = async (
      filters: { Key: string; Option?: string; Values: string[] }[],
    ): Promise<string[]> =>
      (
        (await ssm.send(new DescribeParametersCommand({ ParameterFilters: filters }))).Parameters ??
        []
      ).map((p) => p.Name ?? '');
    expect(await names([{ Key: 'Name', Option: 'BeginsWith', Values: ['/a/'] }])).toEqual([
      '/a/one',
      '/a/two',
    ]);
    expect(await names([{ Key: 'Type', Values: ['SecureString'] }])).toEqual(['/a/two', '/b/one']);
    expect(
      await names([
        { Key: 'Name', Values: ['/a/two', '/b/one'] },
        { Key: 'Path', Values: ['/b'] },
      ]),
    ).toEqual(['/b/one']);
    await expect(names([{ Key: 'KeyId', Values: ['alias/x'] }])).rejects.toMatchObject({
      name: 'InvalidFilterKey',
    });
    await expect(ssm.send(new DescribeParametersCommand({ MaxResults: 51 }))).rejects.toMatchObject(
      { name: 'ValidationException' },
    );
  });
});
