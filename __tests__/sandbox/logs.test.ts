// CloudWatch Logs in the sandbox, through the real @aws-sdk/client-cloudwatch-logs: groups,
// streams, PutLogEvents, FilterLogEvents (prefix, start time, pages), and what the SSM agent does
// with a command's CloudWatchOutputConfig: the lines of a running script, as they are written.

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetCommandInvocationCommand } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index.js';
import {
  cleanUp,
  clients,
  eventually,
  invocationResult,
  run,
  sandbox,
  tempDir,
} from './helpers.js';

const made: CloudWatchLogsClient[] = [];
afterEach(async () => {
  for (const client of made.splice(0)) client.destroy();
  await cleanUp();
});

function logsClient(target: Sandbox, region?: string): CloudWatchLogsClient {
  const client = new CloudWatchLogsClient({ ...target.clientConfig(region), maxAttempts: 1 });
  made.push(client);
  return client;
}

describe('CloudWatch Logs', () => {
  it('answers ResourceNotFoundException for a group that does not exist', async () => {
    const sb = await sandbox();
    await expect(
      logsClient(sb).send(new FilterLogEventsCommand({ logGroupName: '/nothing' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('filters by stream prefix and start time (inclusive), oldest first, in pages with a next token', async () => {
    const sb = await sandbox();
    const logs = logsClient(sb);
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/app' }));
    await expect(
      logs.send(new CreateLogGroupCommand({ logGroupName: '/app' })),
    ).rejects.toBeInstanceOf(ResourceAlreadyExistsException);
    for (const stream of ['cmd/a', 'cmd/b', 'other/a'])
      await logs.send(new CreateLogStreamCommand({ logGroupName: '/app', logStreamName: stream }));
    const put = (stream: string, events: [number, string][]) =>
      logs.send(
        new PutLogEventsCommand({
          logGroupName: '/app',
          logStreamName: stream,
          logEvents: events.map(([timestamp, message]) => ({ timestamp, message })),
        }),
      );
    await put('cmd/a', [
      [100, 'a1'],
      [300, 'a3'],
    ]);
    await put('cmd/b', [
      [200, 'b2'],
      [300, 'b3'],
    ]);
    await put('other/a', [[250, 'x']]);
    await expect(
      put('cmd/a', [
        [400, 'late'],
        [399, 'early'],
      ]),
    ).rejects.toBeInstanceOf(InvalidParameterException);

    const all = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/app', logStreamNamePrefix: 'cmd/' }),
    );
    expect(all.events?.map((e) => [e.logStreamName, e.timestamp, e.message])).toEqual([
      ['cmd/a', 100, 'a1'],
      ['cmd/b', 200, 'b2'],
      ['cmd/a', 300, 'a3'],
      ['cmd/b', 300, 'b3'],
    ]);
    expect(all.nextToken).toBeUndefined();
    expect(new Set(all.events?.map((e) => e.eventId)).size).toBe(4);

    const first = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/app',
        logStreamNamePrefix: 'cmd/',
        startTime: 200,
        limit: 2,
      }),
    );
    expect(first.events?.map((e) => e.message)).toEqual(['b2', 'a3']);
    expect(first.nextToken).toBeDefined();
    const second = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/app',
        logStreamNamePrefix: 'cmd/',
        startTime: 200,
        limit: 2,
        nextToken: first.nextToken,
      }),
    );
    expect(second.events?.map((e) => e.message)).toEqual(['b3']);
    expect(second.nextToken).toBeUndefined();
    // A token belongs to its query.
    await expect(
      logs.send(
        new FilterLogEventsCommand({
          logGroupName: '/app',
          logStreamNamePrefix: 'cmd/',
          startTime: 250,
          nextToken: first.nextToken,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);

    expect(sb.calls({ service: 'logs', operation: 'FilterLogEvents' }).at(-2)?.params).toEqual({
      logGroupName: '/app',
      logStreamNamePrefix: 'cmd/',
      startTime: 200,
      limit: 2,
      nextToken: true,
    });
  });

  it('keeps groups per region', async () => {
    const sb = await sandbox();
    await logsClient(sb, 'eu-west-1').send(new CreateLogGroupCommand({ logGroupName: '/g' }));
    expect(sb.logGroups('eu-west-1')).toEqual(['/g']);
    expect(sb.logGroups()).toEqual([]);
  });
});

describe("the agent's CloudWatch output", () => {
  it('writes each line of a running script to its stream as it is written, creating the group', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0, cloudWatchUploadMs: 50 } });
    const instance = sb.addInstance({ name: 'web-1' });
    const gate = join(tempDir('logs-gate-'), 'go');
    const { ssm } = clients(sb);
    const logs = logsClient(sb);
    const id = await run(
      ssm,
      [
        'echo first',
        'echo oops >&2',
        `for i in $(seq 1 400); do [ -e ${gate} ] && break; sleep 0.05; done`,
        'printf second',
      ],
      {
        InstanceIds: [instance.id],
        CloudWatchOutputConfig: {
          CloudWatchLogGroupName: '/deploys',
          CloudWatchOutputEnabled: true,
        },
      },
    );
    const stream = (kind: string) => `${id}/${instance.id}/aws-runShellScript/${kind}`;
    const messages = async () =>
      (
        await logs
          .send(
            new FilterLogEventsCommand({ logGroupName: '/deploys', logStreamNamePrefix: `${id}/` }),
          )
          .catch((error: unknown) => {
            if (error instanceof ResourceNotFoundException) return { events: [] };
            throw error;
          })
      ).events?.map((e) => `${e.logStreamName ?? ''} ${e.message ?? ''}`) ?? [];

    // The first lines arrive while the script is still waiting for the gate.
    const early = await eventually(async () => {
      const seen = await messages();
      return seen.length === 2 ? seen : undefined;
    });
    expect(early.sort()).toEqual([`${stream('stderr')} oops`, `${stream('stdout')} first`]);
    expect(existsSync(gate)).toBe(false);
    const running = await ssm.send(
      new GetCommandInvocationCommand({ CommandId: id, InstanceId: instance.id }),
    );
    expect(running.Status).toBe('InProgress');
    expect(running.CloudWatchOutputConfig).toEqual({
      CloudWatchLogGroupName: '/deploys',
      CloudWatchOutputEnabled: true,
    });

    writeFileSync(gate, '');
    expect(await invocationResult(ssm, id, instance.id)).toMatchObject({ Status: 'Success' });
    // A last line without a newline is uploaded when the script ends.
    expect(await messages()).toContain(`${stream('stdout')} second`);
    expect(sb.logGroups()).toEqual(['/deploys']);
  });

  it('uses the default group when the command names none, and writes nothing without the option', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instance = sb.addInstance();
    const { ssm } = clients(sb);
    const plain = await run(ssm, ['echo plain'], { InstanceIds: [instance.id] });
    await invocationResult(ssm, plain, instance.id);
    expect(sb.logGroups()).toEqual([]);
    const withDefault = await run(ssm, ['echo hello'], {
      InstanceIds: [instance.id],
      CloudWatchOutputConfig: { CloudWatchOutputEnabled: true },
    });
    await invocationResult(ssm, withDefault, instance.id);
    expect(sb.logEvents('aws/ssm/AWS-RunShellScript').map((e) => e.message)).toEqual(['hello']);
  });
});

describe('GetLogEvents', () => {
  it('reads one stream from its head, then on from each forward token; at the end the same token', async () => {
    const sb = await sandbox();
    const logs = logsClient(sb);
    sb.putLogEvents('/app', 'cmd/i-1/aws-runShellScript/stdout', [
      { timestamp: 10, message: 'one' },
      { timestamp: 20, message: 'two' },
    ]);
    sb.putLogEvents('/app', 'cmd/i-2/aws-runShellScript/stdout', [
      { timestamp: 15, message: 'other' },
    ]);
    const read = (nextToken?: string, limit?: number) =>
      logs.send(
        new GetLogEventsCommand({
          logGroupName: '/app',
          logStreamName: 'cmd/i-1/aws-runShellScript/stdout',
          startFromHead: true,
          ...(nextToken === undefined ? {} : { nextToken }),
          ...(limit === undefined ? {} : { limit }),
        }),
      );
    const first = await read(undefined, 1);
    expect(first.events?.map((e) => e.message)).toEqual(['one']);
    const second = await read(first.nextForwardToken);
    expect(second.events?.map((e) => e.message)).toEqual(['two']);
    const end = await read(second.nextForwardToken);
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(second.nextForwardToken);
    sb.putLogEvents('/app', 'cmd/i-1/aws-runShellScript/stdout', [
      { timestamp: 30, message: 'three' },
    ]);
    expect((await read(end.nextForwardToken)).events?.map((e) => e.message)).toEqual(['three']);
  });

  it('without startFromHead answers the latest events; refuses a missing stream and a foreign token', async () => {
    const sb = await sandbox();
    const logs = logsClient(sb);
    sb.putLogEvents('/app', 's', [
      { timestamp: 1, message: 'a' },
      { timestamp: 2, message: 'b' },
    ]);
    const latest = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/app', logStreamName: 's', limit: 1 }),
    );
    expect(latest.events?.map((e) => e.message)).toEqual(['b']);
    await expect(
      logs.send(new GetLogEventsCommand({ logGroupName: '/app', logStreamName: 'none' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    sb.putLogEvents('/app', 't', [{ timestamp: 1, message: 'x' }]);
    await expect(
      logs.send(
        new GetLogEventsCommand({
          logGroupName: '/app',
          logStreamName: 't',
          nextToken: latest.nextForwardToken,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});
