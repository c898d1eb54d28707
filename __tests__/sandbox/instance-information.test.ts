// DescribeInstanceInformation as SSM answers it: managed nodes with their agent's ping status and
// platform, filtered by id or by tag (tag filters alone), MaxResults 5–50, NextToken paging.

import {
  DescribeInstanceInformationCommand,
  InvalidFilterKey,
  paginateDescribeInstanceInformation,
} from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, clients, sandbox } from './helpers.js';

afterEach(cleanUp);

const A = 'i-0aaaaaaaaaaaaaaa1';
const B = 'i-0bbbbbbbbbbbbbbb2';
const C = 'i-0ccccccccccccccc3';

describe('DescribeInstanceInformation', () => {
  it('reports each instance with its ping status and platform, from the seed', async () => {
    const sb = await sandbox({
      seed: {
        instances: [
          { id: A, name: 'web-1' },
          { id: B, state: 'offline' },
          { id: C, platform: 'Windows' },
        ],
      },
    });
    const { ssm } = clients(sb);
    const answer = await ssm.send(
      new DescribeInstanceInformationCommand({
        Filters: [{ Key: 'InstanceIds', Values: [C, A, B, 'i-0ddddddddddddddd4'] }],
      }),
    );
    expect(
      answer.InstanceInformationList?.map((i) => [i.InstanceId, i.PingStatus, i.PlatformType]),
    ).toEqual([
      [A, 'Online', 'Linux'],
      [B, 'ConnectionLost', 'Linux'],
      [C, 'Online', 'Windows'],
    ]);
    const [web] = answer.InstanceInformationList ?? [];
    expect(web?.LastPingDateTime).toBeInstanceOf(Date);
    expect(web?.ResourceType).toBe('EC2Instance');
    expect(web?.ComputerName).toContain('web-1');
    expect(answer.NextToken).toBeUndefined();
  });

  it('a ping status set at run time is what it reports from then on; the agent is left alone', async () => {
    const sb = await sandbox({ seed: { instances: [{ id: A }] } });
    const { ssm } = clients(sb);
    sb.setInstancePing(A, 'ConnectionLost');
    const answer = await ssm.send(new DescribeInstanceInformationCommand({}));
    expect(answer.InstanceInformationList?.map((i) => i.PingStatus)).toEqual(['ConnectionLost']);
    expect(sb.instance(A).state).toBe('online');
  });

  it('tag filters AND together, their values OR; pages of MaxResults with NextToken', async () => {
    const tags = (role: string, env: string) => ({ Role: role, Env: env });
    const instances = Array.from({ length: 12 }, (_, n) => ({
      id: `i-${n.toString(16).padStart(17, '0')}`,
      tags: tags(n % 3 === 0 ? 'web' : n % 3 === 1 ? 'api' : 'db', n < 10 ? 'prod' : 'test'),
    }));
    const sb = await sandbox({ seed: { instances } });
    const { ssm } = clients(sb);
    const pages = [];
    for await (const page of paginateDescribeInstanceInformation(
      { client: ssm, pageSize: 5 },
      {
        Filters: [
          { Key: 'tag:Role', Values: ['web', 'api'] },
          { Key: 'tag:Env', Values: ['prod'] },
        ],
      },
    ))
      pages.push(page.InstanceInformationList?.map((i) => i.InstanceId));
    const expected = instances
      .filter((i) => i.tags.Role !== 'db' && i.tags.Env === 'prod')
      .map((i) => i.id);
    expect(pages).toEqual([expected.slice(0, 5), expected.slice(5)]);
  });

  it('refuses what SSM refuses: a page size outside 5–50, an unknown key, tags mixed with others', async () => {
    const sb = await sandbox();
    const { ssm } = clients(sb, { maxAttempts: 1 });
    await expect(
      ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 51 })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 4 })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      ssm.send(
        new DescribeInstanceInformationCommand({ Filters: [{ Key: 'Colour', Values: ['red'] }] }),
      ),
    ).rejects.toBeInstanceOf(InvalidFilterKey);
    await expect(
      ssm.send(
        new DescribeInstanceInformationCommand({
          Filters: [
            { Key: 'tag:Role', Values: ['web'] },
            { Key: 'PingStatus', Values: ['Online'] },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidInstanceInformationFilterValue' });
  });
});
