// The preflight before every deploy: DescribeInstanceInformation by id or by tag, paged, and each
// instance that cannot take the command refused by name with its fix.

import {
  DescribeInstanceInformationCommand,
  type InstanceInformation,
  InvalidInstanceId,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Targets } from '../../src/config.js';
import { ActionError } from '../../src/errors.js';
import { describeFailure } from '../../src/failure.js';
import { FIXES, requireDeployableTargets, resolveTargets } from '../../src/deploy/targets.js';

const ssmClient = new SSMClient({ region: 'eu-west-1' });
const ssm = mockClient(ssmClient);
const REGION = 'eu-west-1';
const A = 'i-0aaaaaaaaaaaaaaa1';
const B = 'i-0bbbbbbbbbbbbbbb2';
const C = 'i-0ccccccccccccccc3';

const online = (id: string, extra: Partial<InstanceInformation> = {}): InstanceInformation => ({
  InstanceId: id,
  PingStatus: 'Online',
  PlatformType: 'Linux',
  ...extra,
});
const byId = (...ids: string[]): Targets => ({ kind: 'instances', instanceIds: ids });
const byTag = (key: string, ...values: string[]): Targets => ({
  kind: 'tags',
  tags: [{ key, values }],
});

beforeEach(() => ssm.reset());

describe('by instance id', () => {
  it('asks for those ids, 50 to a page, and returns each managed instance', async () => {
    ssm.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: [online(B, { ComputerName: 'web-2' }), online(A)],
    });
    const check = await resolveTargets(ssmClient, byId(A, B, A), REGION);
    expect(check).toEqual({
      instances: [
        { instanceId: A, pingStatus: 'Online', platformType: 'Linux', name: undefined },
        { instanceId: B, pingStatus: 'Online', platformType: 'Linux', name: 'web-2' },
      ],
      refusals: [],
    });
    expect(ssm).toHaveReceivedCommandExactlyOnceWith(DescribeInstanceInformationCommand, {
      Filters: [{ Key: 'InstanceIds', Values: [A, B] }],
      MaxResults: 50,
    });
  });

  it('refuses an instance SSM does not list, one that is offline and one that is not Linux', async () => {
    ssm.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: [
        online(B, {
          PingStatus: 'ConnectionLost',
          ComputerName: 'web-2',
          LastPingDateTime: new Date('2026-01-02T03:04:05Z'),
        }),
        online(C, { PlatformType: 'Windows' }),
      ],
    });
    const check = await resolveTargets(ssmClient, byId(A, B, C), REGION);
    expect(check.instances).toEqual([]);
    expect(check.refusals).toEqual([
      {
        reason: 'not-managed',
        instanceId: A,
        message: `${A}: not managed by SSM in eu-west-1 (DescribeInstanceInformation does not list it), so the command could not reach it.`,
      },
      {
        reason: 'offline',
        instanceId: B,
        message: `${B} (web-2): its SSM agent is ConnectionLost, not Online (last heard from 2026-01-02T03:04:05.000Z), so the command would wait for it until the delivery timeout.`,
      },
      {
        reason: 'not-linux',
        instanceId: C,
        message: `${C}: its platform is Windows, not Linux.`,
      },
    ]);
  });

  it('fails with one error per refused instance, each with its fix', async () => {
    ssm.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: [online(A), online(B, { PingStatus: 'Inactive' })],
    });
    const error = await requireDeployableTargets(ssmClient, byId(A, B, C), REGION).catch(
      (e: unknown) => e,
    );
    expect(describeFailure(error, false).messages).toEqual([
      expect.stringMatching(
        new RegExp(`^${B}: its SSM agent is Inactive, not Online, .*\\n${escape(FIXES.offline)}$`),
      ),
      expect.stringMatching(
        new RegExp(`^${C}: not managed by SSM .*\\n${escape(FIXES['not-managed'])}$`),
      ),
    ]);
  });

  it('when SSM refuses the list as a whole (InvalidInstanceId), asks for each id alone', async () => {
    ssm
      .on(DescribeInstanceInformationCommand)
      .rejects(new InvalidInstanceId({ $metadata: {}, message: '' }))
      .on(DescribeInstanceInformationCommand, { Filters: [{ Key: 'InstanceIds', Values: [A] }] })
      .resolves({ InstanceInformationList: [online(A)] });
    const check = await resolveTargets(ssmClient, byId(A, B), REGION);
    expect(check.instances.map((i) => i.instanceId)).toEqual([A]);
    expect(check.refusals.map((r) => [r.reason, r.instanceId])).toEqual([['not-managed', B]]);
    expect(ssm).toHaveReceivedCommandTimes(DescribeInstanceInformationCommand, 3);
  });

  it('a name from the instance cannot forge a log line', async () => {
    ssm.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: [online(A, { ComputerName: 'web\n::error::forged' })],
    });
    const [instance] = await requireDeployableTargets(ssmClient, byId(A), REGION);
    expect(instance?.name).toBe('web ::error::forged');
  });
});

describe('by tag', () => {
  it('filters by each tag (values OR), follows every page, and lists what matched', async () => {
    ssm
      .on(DescribeInstanceInformationCommand)
      .resolvesOnce({ InstanceInformationList: [online(C), online(A)], NextToken: 'page-2' })
      .resolvesOnce({ InstanceInformationList: [online(B)], NextToken: '' });
    const targets: Targets = {
      kind: 'tags',
      tags: [
        { key: 'Role', values: ['web', 'api'] },
        { key: 'Env', values: ['prod'] },
      ],
    };
    const instances = await requireDeployableTargets(ssmClient, targets, REGION);
    expect(instances.map((i) => i.instanceId)).toEqual([A, B, C]);
    const calls = ssm.commandCalls(DescribeInstanceInformationCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      {
        Filters: [
          { Key: 'tag:Role', Values: ['web', 'api'] },
          { Key: 'tag:Env', Values: ['prod'] },
        ],
        MaxResults: 50,
      },
      {
        Filters: [
          { Key: 'tag:Role', Values: ['web', 'api'] },
          { Key: 'tag:Env', Values: ['prod'] },
        ],
        MaxResults: 50,
        NextToken: 'page-2',
      },
    ]);
  });

  it('no instance matched the targets: refused, naming the tags', async () => {
    ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
    const error = await requireDeployableTargets(ssmClient, byTag('Role', 'wbe'), REGION).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).message).toBe(
      'No instance matched the targets (tag:Role=wbe): SSM manages no instance in eu-west-1 with these tags.',
    );
    expect((error as ActionError).hint).toBe(FIXES['no-match']);
  });

  it('a matched instance that is offline is refused too', async () => {
    ssm.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: [online(A), online(B, { PingStatus: 'ConnectionLost' })],
    });
    const check = await resolveTargets(ssmClient, byTag('Role', 'web'), REGION);
    expect(check.instances.map((i) => i.instanceId)).toEqual([A]);
    expect(check.refusals.map((r) => [r.reason, r.instanceId])).toEqual([['offline', B]]);
  });

  it('a NextToken given twice is an error, not an endless loop', async () => {
    ssm
      .on(DescribeInstanceInformationCommand)
      .resolves({ InstanceInformationList: [online(A)], NextToken: 'again' });
    await expect(resolveTargets(ssmClient, byTag('Role', 'web'), REGION)).rejects.toThrow(
      /NextToken it had already given/,
    );
  });

  it('access denied names the permission', async () => {
    ssm
      .on(DescribeInstanceInformationCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const error = await resolveTargets(ssmClient, byTag('Role', 'web'), REGION).catch(
      (e: unknown) => e,
    );
    expect(describeFailure(error, false).messages).toEqual([
      "Could not check the target instances in eu-west-1 (ssm:DescribeInstanceInformation): AccessDeniedException: not authorized\nThe role needs ssm:DescribeInstanceInformation (see the README's IAM policy).",
    ]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
