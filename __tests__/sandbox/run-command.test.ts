// Run Command against instances that really run their scripts: the agent's environment, status
// transitions, the InvocationDoesNotExist window, timeouts, cancellation, offline and unreachable
// instances, output truncation and S3 output, rate control, and tag targets that resolve late.

import { existsSync, readFileSync, statSync } from 'node:fs';
import {
  CancelCommandCommand,
  GetCommandInvocationCommand,
  InvalidInstanceId,
  InvocationDoesNotExist,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  paginateListCommandInvocations,
  waitUntilCommandExecuted,
} from '@aws-sdk/client-ssm';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_PATH } from '../../sandbox/index.js';
import {
  alive,
  cleanUp,
  clients,
  commandResult,
  eventually,
  invocationResult,
  run,
  sandbox,
} from './helpers.js';

afterEach(cleanUp);

describe('the agent', () => {
  it('runs the commands with bash, as root, in a non-login shell without HOME', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instance = sb.addInstance();
    const { ssm } = clients(sb);
    const id = await run(
      ssm,
      [
        'greeting=joined-by-newlines',
        'echo "$greeting"',
        'echo "home=${HOME-unset} user=$(id -u) path=$PATH"',
        'shopt -q login_shell && echo login || echo non-login',
        'echo "bash=${BASH_VERSION:+yes} instance=$AWS_SSM_INSTANCE_ID region=$AWS_SSM_REGION_NAME"',
      ],
      { InstanceIds: [instance.id] },
    );
    const result = await invocationResult(ssm, id, instance.id);
    expect(result).toMatchObject({
      Status: 'Success',
      StatusDetails: 'Success',
      ResponseCode: 0,
      PluginName: 'aws:runShellScript',
      StandardErrorContent: '',
    });
    expect(result.StandardOutputContent).toBe(
      `joined-by-newlines\nhome=unset user=0 path=${AGENT_PATH}\nnon-login\nbash=yes instance=${instance.id} region=us-east-1\n`,
    );
    expect(result.ExecutionStartDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(result.ExecutionElapsedTime).toMatch(/^PT\d+\.\d{3}S$/);
    expect(Date.parse(result.ExecutionEndDateTime ?? '')).toBeGreaterThanOrEqual(
      Date.parse(result.ExecutionStartDateTime ?? ''),
    );
  });

  it("reports a failing script as Failed with its exit code and the agent's note on stderr", async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instance = sb.addInstance();
    const { ssm } = clients(sb);
    const id = await run(ssm, ['echo partial', 'echo broken >&2', 'exit 3'], {
      InstanceIds: [instance.id],
    });
    const result = await invocationResult(ssm, id, instance.id);
    expect(result).toMatchObject({
      Status: 'Failed',
      StatusDetails: 'Failed',
      ResponseCode: 3,
      StandardOutputContent: 'partial\n',
      StandardErrorContent: 'broken\nfailed to run commands: exit status 3',
    });
    const command = await commandResult(ssm, id);
    expect(command).toMatchObject({
      Status: 'Failed',
      StatusDetails: 'Failed',
      TargetCount: 1,
      CompletedCount: 1,
      ErrorCount: 1,
      DeliveryTimedOutCount: 0,
    });
  });

  it('answers InvocationDoesNotExist for a while after SendCommand, then the waiter succeeds', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 800 } });
    const instance = sb.addInstance();
    const { ssm } = clients(sb);
    const id = await run(ssm, ['echo ok'], { InstanceIds: [instance.id] });
    await expect(
      ssm.send(new GetCommandInvocationCommand({ CommandId: id, InstanceId: instance.id })),
    ).rejects.toBeInstanceOf(InvocationDoesNotExist);
    expect(
      (await ssm.send(new ListCommandInvocationsCommand({ CommandId: id }))).CommandInvocations,
    ).toEqual([]);
    const waited = await waitUntilCommandExecuted(
      { client: ssm, maxWaitTime: 20, minDelay: 1, maxDelay: 1 },
      { CommandId: id, InstanceId: instance.id },
    );
    expect(waited.state).toBe('SUCCESS');
    const calls = sb.calls({ operation: 'GetCommandInvocation' });
    expect(calls[0]?.errorCode).toBe('InvocationDoesNotExist');
    expect(calls.at(-1)?.status).toBe(200);
    expect(
      calls.filter(
        (c) =>
          c.status === 200 && c.time - (sb.calls({ operation: 'SendCommand' })[0]?.time ?? 0) < 800,
      ),
    ).toEqual([]);
  });

  it('refuses an unknown instance with InvalidInstanceId and an unknown document', async () => {
    const sb = await sandbox();
    const { ssm } = clients(sb);
    await expect(
      run(ssm, ['true'], { InstanceIds: ['i-0123456789abcdef0'] }),
    ).rejects.toBeInstanceOf(InvalidInstanceId);
    await expect(run(ssm, ['true'], { InstanceIds: ['bogus'] })).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('timeouts and cancellation', () => {
  it('kills a script that outlives executionTimeout: TimedOut, ExecutionTimedOut, 137 (on the scaled clock)', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0, timeScale: 5 } });
    const instance = sb.addInstance();
    const { ssm } = clients(sb);
    const id = await run(ssm, ['echo started', 'echo $$ > /srv/pid', 'sleep 30', 'echo never'], {
      InstanceIds: [instance.id],
      executionTimeout: '2',
    });
    const result = await invocationResult(ssm, id, instance.id);
    expect(result).toMatchObject({
      Status: 'TimedOut',
      StatusDetails: 'ExecutionTimedOut',
      ResponseCode: 137,
      StandardOutputContent: 'started\n',
      StandardErrorContent: '',
    });
    const seconds = Number(/^PT([\d.]+)S$/.exec(result.ExecutionElapsedTime ?? '')?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(2);
    expect(alive(Number(readFileSync(instance.path('/srv/pid'), 'utf8')))).toBe(false);
    expect(await commandResult(ssm, id)).toMatchObject({
      Status: 'TimedOut',
      StatusDetails: 'ExecutionTimedOut',
      ErrorCount: 1,
    });
  });

  it('CancelCommand kills the whole process group and reports Cancelled', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instance = sb.addInstance();
    const { ssm } = clients(sb);
    const id = await run(
      ssm,
      ['sleep 300 & echo $! > /srv/child.pid', 'echo $$ > /srv/main.pid', 'wait'],
      { InstanceIds: [instance.id] },
    );
    const pids = await eventually(() => {
      const files = ['/srv/main.pid', '/srv/child.pid'].map((p) => instance.path(p));
      return files.every((f) => existsSync(f) && readFileSync(f, 'utf8').endsWith('\n'))
        ? files.map((f) => Number(readFileSync(f, 'utf8')))
        : undefined;
    });
    expect(pids.every(alive)).toBe(true);
    await ssm.send(new CancelCommandCommand({ CommandId: id }));
    const result = await invocationResult(ssm, id, instance.id);
    expect(result).toMatchObject({
      Status: 'Cancelled',
      StatusDetails: 'Cancelled',
      ResponseCode: 137,
    });
    expect(pids.some(alive)).toBe(false);
    expect(sb.runningScripts()).toEqual([]);
    expect(await commandResult(ssm, id)).toMatchObject({
      Status: 'Cancelled',
      StatusDetails: 'Cancelled',
    });
  });

  it('cancels invocations that have not started with ResponseCode -1', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instance = sb.addInstance({ state: 'offline' });
    const { ssm } = clients(sb);
    const id = await run(ssm, ['echo never'], { InstanceIds: [instance.id] });
    await ssm.send(new CancelCommandCommand({ CommandId: id }));
    expect(await invocationResult(ssm, id, instance.id)).toMatchObject({
      Status: 'Cancelled',
      ResponseCode: -1,
      ExecutionStartDateTime: '',
    });
  });
});

describe('instances that are not there', () => {
  it('an offline instance keeps the invocation Pending and runs it when it comes back', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instance = sb.addInstance({ state: 'offline' });
    const { ssm } = clients(sb);
    const id = await run(ssm, ['echo back'], { InstanceIds: [instance.id] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      await ssm.send(new GetCommandInvocationCommand({ CommandId: id, InstanceId: instance.id })),
    ).toMatchObject({ Status: 'Pending', ResponseCode: -1 });
    expect(await ssm.send(new ListCommandsCommand({ CommandId: id }))).toMatchObject({
      Commands: [{ Status: 'Pending' }],
    });
    sb.setInstanceState(instance.id, 'online');
    expect(await invocationResult(ssm, id, instance.id)).toMatchObject({
      Status: 'Success',
      StandardOutputContent: 'back\n',
    });
  });

  it('an offline instance times out as DeliveryTimedOut once TimeoutSeconds pass', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0, timeScale: 100 } });
    const instance = sb.addInstance({ state: 'offline' });
    const { ssm } = clients(sb);
    const id = await run(ssm, ['echo never'], { InstanceIds: [instance.id], TimeoutSeconds: 30 });
    expect(await invocationResult(ssm, id, instance.id)).toMatchObject({
      Status: 'TimedOut',
      StatusDetails: 'DeliveryTimedOut',
      ResponseCode: -1,
    });
    expect(await commandResult(ssm, id)).toMatchObject({
      Status: 'TimedOut',
      StatusDetails: 'DeliveryTimedOut',
      DeliveryTimedOutCount: 1,
      ErrorCount: 0,
      CompletedCount: 1,
    });
  });

  it('an unreachable instance is Undeliverable, which does not make the command fail', async () => {
    const sb = await sandbox({
      settings: { invocationDoesNotExistMs: 0, undeliverableAfterMs: 100 },
    });
    const up = sb.addInstance();
    const gone = sb.addInstance({ state: 'unreachable' });
    const { ssm } = clients(sb);
    const id = await run(ssm, ['echo hi'], { InstanceIds: [up.id, gone.id] });
    expect(await invocationResult(ssm, id, gone.id)).toMatchObject({
      Status: 'Failed',
      StatusDetails: 'Undeliverable',
      ResponseCode: -1,
    });
    expect(await commandResult(ssm, id)).toMatchObject({
      Status: 'Success',
      TargetCount: 2,
      CompletedCount: 2,
      ErrorCount: 0,
    });
  });
});

describe('output', () => {
  it('truncates GetCommandInvocation at 24,000 / 8,000 and the Details output at 2,500', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instance = sb.addInstance();
    const { ssm } = clients(sb);
    const id = await run(
      ssm,
      ["head -c 30000 /dev/zero | tr '\\0' o", "head -c 9000 /dev/zero | tr '\\0' e >&2"],
      { InstanceIds: [instance.id] },
    );
    const result = await invocationResult(ssm, id, instance.id);
    expect(result.StandardOutputContent).toBe('o'.repeat(24_000));
    expect(result.StandardErrorContent).toBe('e'.repeat(8_000));
    const listed = await ssm.send(
      new ListCommandInvocationsCommand({ CommandId: id, Details: true }),
    );
    const output = listed.CommandInvocations?.[0]?.CommandPlugins?.[0]?.Output ?? '';
    expect(output.length).toBeLessThanOrEqual(2500);
    expect(output).toMatch(
      /^o+\n---Output truncated---\n----------ERROR-------\ne+\n---Error truncated----$/,
    );
  });

  it('writes the full output to S3 at <prefix>/<command>/<instance>/awsrunShellScript/0.awsrunShellScript/', async () => {
    const sb = await sandbox({
      settings: { invocationDoesNotExistMs: 0 },
      seed: { buckets: [{ name: 'command-output' }] },
    });
    const instance = sb.addInstance();
    const { ssm, s3 } = clients(sb);
    const id = await run(ssm, ['head -c 30000 /dev/zero | tr "\\0" x', 'echo to-stderr >&2'], {
      InstanceIds: [instance.id],
      OutputS3BucketName: 'command-output',
      OutputS3KeyPrefix: 'deploys/web',
    });
    const result = await invocationResult(ssm, id, instance.id);
    const key = `deploys/web/${id}/${instance.id}/awsrunShellScript/0.awsrunShellScript`;
    expect(result.StandardOutputUrl).toBe(
      `https://s3.us-east-1.amazonaws.com/command-output/${key}/stdout`,
    );
    const stdout = await s3.send(
      new GetObjectCommand({ Bucket: 'command-output', Key: `${key}/stdout` }),
    );
    expect(await stdout.Body?.transformToString()).toBe('x'.repeat(30_000));
    const stderr = await s3.send(
      new GetObjectCommand({ Bucket: 'command-output', Key: `${key}/stderr` }),
    );
    expect(await stderr.Body?.transformToString()).toBe('to-stderr\n');
  });
});

describe('rate control and targets', () => {
  it.each(['2', '40%'])(
    'honours MaxConcurrency %s: never more than 2 of 5 scripts at once',
    async (maxConcurrency) => {
      const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0, deliveryDelayMs: 0 } });
      const instances = Array.from({ length: 5 }, () => sb.addInstance({ tags: { Role: 'web' } }));
      const { ssm } = clients(sb);
      const id = await run(ssm, ['date +%s%N > /srv/start', 'sleep 0.3', 'date +%s%N > /srv/end'], {
        InstanceIds: instances.map((i) => i.id),
        MaxConcurrency: maxConcurrency,
      });
      expect(await commandResult(ssm, id)).toMatchObject({ Status: 'Success', CompletedCount: 5 });
      const spans = instances.map(
        (i) =>
          ['/srv/start', '/srv/end'].map((p) => Number(readFileSync(i.path(p), 'utf8'))) as [
            number,
            number,
          ],
      );
      const events = spans
        .flatMap(
          ([start, end]) =>
            [
              [start, 1],
              [end, -1],
            ] as const,
        )
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      let running = 0;
      let peak = 0;
      for (const [, delta] of events) peak = Math.max(peak, (running += delta));
      expect(peak).toBe(2);
    },
  );

  it('stops starting instances once MaxErrors is exceeded', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instances = Array.from({ length: 3 }, () => sb.addInstance());
    const { ssm } = clients(sb);
    const id = await run(ssm, ['exit 1'], {
      InstanceIds: instances.map((i) => i.id),
      MaxConcurrency: '1',
      MaxErrors: '0',
    });
    const command = await commandResult(ssm, id);
    expect(command).toMatchObject({
      Status: 'Failed',
      StatusDetails: 'Failed',
      TargetCount: 3,
      ErrorCount: 1,
      CompletedCount: 3,
    });
    const { CommandInvocations = [] } = await ssm.send(
      new ListCommandInvocationsCommand({ CommandId: id }),
    );
    expect(CommandInvocations.map((i) => i.Status)).toEqual(['Failed', 'Cancelled', 'Cancelled']);
  });

  it('resolves tag targets asynchronously: TargetCount 0, then partial, then all', async () => {
    const sb = await sandbox({
      settings: {
        invocationDoesNotExistMs: 0,
        targetResolution: { delayMs: 500, batchSize: 3, intervalMs: 500 },
      },
    });
    const web = Array.from({ length: 7 }, (_, n) =>
      sb.addInstance({ name: `web-${n}`, tags: { Role: 'web' } }),
    );
    sb.addInstance({ tags: { Role: 'db' } });
    const { ssm } = clients(sb);
    const id = await run(ssm, ['echo "$AWS_SSM_INSTANCE_ID"'], {
      Targets: [{ Key: 'tag:Role', Values: ['web'] }],
    });
    const first = await ssm.send(new ListCommandsCommand({ CommandId: id }));
    expect(first.Commands?.[0]).toMatchObject({
      TargetCount: 0,
      InstanceIds: [],
      Targets: [{ Key: 'tag:Role', Values: ['web'] }],
    });
    expect(
      (await ssm.send(new ListCommandInvocationsCommand({ CommandId: id }))).CommandInvocations,
    ).toEqual([]);
    const partial = await eventually(async () => {
      const count =
        (await ssm.send(new ListCommandsCommand({ CommandId: id }))).Commands?.[0]?.TargetCount ??
        0;
      return count > 0 ? count : undefined;
    });
    expect(partial).toBeLessThan(7);
    expect(await commandResult(ssm, id)).toMatchObject({
      Status: 'Success',
      TargetCount: 7,
      CompletedCount: 7,
    });

    const pages: number[] = [];
    const seen: string[] = [];
    for await (const page of paginateListCommandInvocations(
      { client: ssm, pageSize: 3 },
      { CommandId: id, Details: true },
    )) {
      pages.push(page.CommandInvocations?.length ?? 0);
      for (const invocation of page.CommandInvocations ?? []) {
        expect(invocation.CommandPlugins?.[0]?.Output).toBe(`${invocation.InstanceId}\n`);
        seen.push(invocation.InstanceName ?? '');
      }
    }
    expect(pages).toEqual([3, 3, 1]);
    expect(seen.sort()).toEqual(web.map((i) => i.name).sort());
  });

  it('filters invocations by status; without Details there are no plugins', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const ok = sb.addInstance();
    const bad = sb.addInstance();
    const { ssm } = clients(sb);
    const id = await run(ssm, [`[ "$AWS_SSM_INSTANCE_ID" = ${ok.id} ]`], {
      InstanceIds: [ok.id, bad.id],
      MaxErrors: '1',
    });
    expect(await commandResult(ssm, id)).toMatchObject({
      Status: 'Failed',
      StatusDetails: 'Incomplete',
    });
    const failed = await ssm.send(
      new ListCommandInvocationsCommand({
        CommandId: id,
        Filters: [{ key: 'Status', value: 'Failed' }],
      }),
    );
    expect(failed.CommandInvocations?.map((i) => [i.InstanceId, i.CommandPlugins])).toEqual([
      [bad.id, []],
    ]);
  });
});

describe('listing, partial cancellation and history', () => {
  it('ListCommands filters by instance and status; CancelCommand can name some instances only', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const [a, b] = [sb.addInstance(), sb.addInstance()];
    const { ssm } = clients(sb);
    const quick = await run(ssm, ['true'], { InstanceIds: [a.id] });
    await commandResult(ssm, quick);
    const slow = await run(ssm, ['sleep 300'], { InstanceIds: [a.id, b.id] });
    await eventually(() => (sb.runningScripts().length === 2 ? true : undefined));
    await ssm.send(new CancelCommandCommand({ CommandId: slow, InstanceIds: [b.id] }));
    expect(await invocationResult(ssm, slow, b.id)).toMatchObject({ Status: 'Cancelled' });
    expect(
      await ssm.send(new GetCommandInvocationCommand({ CommandId: slow, InstanceId: a.id })),
    ).toMatchObject({ Status: 'InProgress' });

    const byInstance = await ssm.send(new ListCommandsCommand({ InstanceId: b.id }));
    expect(byInstance.Commands?.map((c) => c.CommandId)).toEqual([slow]);
    const running = await ssm.send(
      new ListCommandsCommand({ Filters: [{ key: 'Status', value: 'InProgress' }] }),
    );
    expect(running.Commands?.map((c) => c.CommandId)).toEqual([slow]);
    const complete = await ssm.send(
      new ListCommandsCommand({ Filters: [{ key: 'ExecutionStage', value: 'Complete' }] }),
    );
    expect(complete.Commands?.map((c) => c.CommandId)).toEqual([quick]);

    await ssm.send(new CancelCommandCommand({ CommandId: slow }));
    expect(await commandResult(ssm, slow)).toMatchObject({ Status: 'Cancelled' });
    const history = sb.commandHistory();
    expect(history.map((c) => [c.commandId, c.status])).toEqual([
      [quick, 'Success'],
      [slow, 'Cancelled'],
    ]);
    const [first] = history;
    expect(first?.finishedAt).toBeGreaterThanOrEqual(first?.requestedAt ?? Infinity);
    expect(first?.invocations[0]).toMatchObject({
      instanceId: a.id,
      status: 'Success',
      responseCode: 0,
    });
  });

  it("runs in the workingDirectory parameter, seen through the instance's mapping", async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instance = sb.addInstance({ files: { '/srv/app/marker': 'mine\n' } });
    const { ssm } = clients(sb);
    const { SendCommandCommand } = await import('@aws-sdk/client-ssm');
    const sent = await ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [instance.id],
        Parameters: { commands: ['pwd', 'cat marker'], workingDirectory: ['/srv/app'] },
      }),
    );
    const result = await invocationResult(ssm, sent.Command?.CommandId ?? '', instance.id);
    expect(result.StandardOutputContent).toBe('/srv/app\nmine\n');
  });

  it('gives each instance a /run/ssm-deploy of its own, with the mode of the host one', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const [a, b] = [sb.addInstance(), sb.addInstance()];
    const { ssm } = clients(sb);
    const name = `sandbox-test-${String(process.pid)}-${String(Date.now())}`;
    const id = await run(
      ssm,
      [`echo "$AWS_SSM_INSTANCE_ID" > /run/ssm-deploy/${name}`, 'stat -c %a /run/ssm-deploy'],
      { InstanceIds: [a.id, b.id] },
    );
    for (const instance of [a, b]) {
      const result = await invocationResult(ssm, id, instance.id);
      expect(result.StandardOutputContent).toBe(
        `${(statSync('/run/ssm-deploy').mode & 0o7777).toString(8)}\n`,
      );
      expect(readFileSync(instance.path(`/run/ssm-deploy/${name}`), 'utf8')).toBe(
        `${instance.id}\n`,
      );
    }
    expect(existsSync(`/run/ssm-deploy/${name}`)).toBe(false);
  });

  // Without root, the instance is a user namespace, which shows the host's root-owned files as
  // nobody's: a deploy would refuse git's system config, as it refuses any config root does not own.
  it.skipIf(!existsSync('/etc/gitconfig'))(
    "shows git's system config as root's, with this machine's content",
    async () => {
      const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
      const instance = sb.addInstance();
      const { ssm } = clients(sb);
      const id = await run(ssm, ['stat -c %u /etc/gitconfig', 'cat /etc/gitconfig'], {
        InstanceIds: [instance.id],
      });
      const result = await invocationResult(ssm, id, instance.id);
      expect(result.StandardOutputContent).toBe(`0\n${readFileSync('/etc/gitconfig', 'utf8')}`);
    },
  );

  it("gives each instance an empty /root of its own, never this machine's profile", async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instance = sb.addInstance();
    const { ssm } = clients(sb);
    const id = await run(ssm, ['ls -A /root', 'stat -c %a /root', 'touch /root/mine'], {
      InstanceIds: [instance.id],
    });
    const result = await invocationResult(ssm, id, instance.id);
    expect(result.StandardOutputContent).toBe(`${(statSync('/root').mode & 0o7777).toString(8)}\n`);
    expect(existsSync(instance.path('/root/mine'))).toBe(true);
    expect(existsSync('/root/mine')).toBe(false);
  });
});
