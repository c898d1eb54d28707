// The sandbox as a whole: an outage (server stopped and restarted on the same port while a command
// runs), stop() leaving no process and no file behind (even a daemon that left the process group,
// even when the process exits without stop()), the scaled clock, seed files and the CLI.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import {
  GetCommandInvocationCommand,
  GetParameterCommand,
  PutParameterCommand,
} from '@aws-sdk/client-ssm';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { userNamespace } from '../../sandbox/agent.js';
import {
  alive,
  cleanUp,
  clients,
  eventually,
  invocationResult,
  run,
  sandbox,
  tempDir,
} from './helpers.js';

const root = join(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await cleanUp();
});

function readPids(files: readonly string[]): number[] | undefined {
  return files.every((f) => existsSync(f) && readFileSync(f, 'utf8').endsWith('\n'))
    ? files.map((f) => Number(readFileSync(f, 'utf8')))
    : undefined;
}

describe('an outage', () => {
  it('stops and restarts the server on the same port while the command keeps running', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instance = sb.addInstance();
    const { ssm } = clients(sb);
    const once = clients(sb, { maxAttempts: 1 }).ssm;
    const id = await run(ssm, ['sleep 0.6', 'echo finished during the outage'], {
      InstanceIds: [instance.id],
    });
    const port = sb.port;
    await sb.stopServer();
    await expect(
      once.send(new GetCommandInvocationCommand({ CommandId: id, InstanceId: instance.id })),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await eventually(() => (sb.runningScripts().length === 0 ? true : undefined));
    await sb.startServer();
    expect(sb.port).toBe(port);
    expect(await invocationResult(ssm, id, instance.id)).toMatchObject({
      Status: 'Success',
      StandardOutputContent: 'finished during the outage\n',
    });
  });
});

describe('cleaning up', () => {
  it('stop() kills running scripts, their children and daemons that left the group, and removes its directory', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instance = sb.addInstance();
    const { ssm } = clients(sb);
    await run(
      ssm,
      [
        'sleep 300 & echo $! > /srv/child.pid',
        'setsid sleep 300 & echo $! > /srv/daemon.pid',
        'echo $$ > /srv/main.pid',
        'wait',
      ],
      { InstanceIds: [instance.id] },
    );
    const pids = await eventually(() =>
      readPids(['/srv/main.pid', '/srv/child.pid', '/srv/daemon.pid'].map((p) => instance.path(p))),
    );
    expect(pids.every(alive)).toBe(true);
    await sb.stop();
    expect(pids.filter(alive)).toEqual([]);
    expect(existsSync(sb.dir)).toBe(false);
  });

  it('stop() kills nothing in a namespace made after a script ended, though the kernel reuses its id at once', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instance = sb.addInstance();
    const { ssm } = clients(sb);
    const id = await run(ssm, ['touch /srv/started', 'sleep 0.3'], { InstanceIds: [instance.id] });
    await eventually(() => (existsSync(instance.path('/srv/started')) ? true : undefined));
    const [script] = sb.runningScripts();
    expect(script).toBeGreaterThan(0);
    // Everything below runs before this process's event loop can hear that the script ended, so
    // the sandbox looks for what the script left only after a new namespace has taken its id.
    const until = (done: () => boolean): void => {
      const deadline = Date.now() + 10_000;
      while (!done()) if (Date.now() > deadline) throw new Error('timed out');
    };
    until(() => !alive(script ?? 0));
    const started = spawnSync(
      'sh',
      [
        '-c',
        'unshare "$@" sleep 300 >/dev/null 2>&1 & echo $!',
        'sh',
        ...userNamespace(),
        '--mount',
      ],
      { encoding: 'utf8' },
    );
    const other = Number(started.stdout.trim());
    // Never 0 below: that would signal this process's own group.
    expect(other, started.stderr).toBeGreaterThan(0);
    const own = readlinkSync('/proc/self/ns/mnt');
    until(() => {
      try {
        return readlinkSync(`/proc/${String(other)}/ns/mnt`) !== own;
      } catch {
        return false;
      }
    });
    try {
      expect(await invocationResult(ssm, id, instance.id)).toMatchObject({ Status: 'Success' });
      await sb.stop();
      expect(alive(other)).toBe(true);
    } finally {
      process.kill(other, 'SIGKILL');
    }
  });

  it('starts nothing after stop(), even as the scripts it killed report back', async () => {
    const sb = await sandbox({ settings: { invocationDoesNotExistMs: 0 } });
    const instances = [sb.addInstance(), sb.addInstance(), sb.addInstance()];
    const { ssm } = clients(sb);
    await run(ssm, ['touch /srv/started', 'sleep 300'], {
      InstanceIds: instances.map((i) => i.id),
      MaxConcurrency: '1',
    });
    await eventually(() => (sb.runningScripts().length === 1 ? true : undefined));
    const started = () => instances.filter((i) => existsSync(i.path('/srv/started'))).length;
    await sb.stop();
    const afterStop = started();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(afterStop).toBeLessThanOrEqual(1);
    expect(sb.runningScripts()).toEqual([]);
  });

  it.each(['process.exit(0)', "process.kill(process.pid, 'SIGTERM')"])(
    'cleans up when the process ends without stop(): %s',
    async (ending) => {
      const dir = tempDir();
      const script = join(dir, 'abandon.mts');
      writeFileSync(
        script,
        `import { startSandbox } from ${JSON.stringify(join(root, 'sandbox/index.ts'))};
       import { existsSync, readFileSync } from 'node:fs';
       const sb = await startSandbox({ settings: { invocationDoesNotExistMs: 0 } });
       const instance = sb.addInstance();
       // The signature's shape is all the sandbox checks, so a plain fetch can send the command.
       await fetch(sb.url, {
         method: 'POST',
         headers: {
           'x-amz-target': 'AmazonSSM.SendCommand',
           'x-amz-date': '20240102T000000Z',
           authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/us-east-1/ssm/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}',
         },
         body: JSON.stringify({ DocumentName: 'AWS-RunShellScript', InstanceIds: [instance.id], Parameters: { commands: ['echo $$ > /srv/pid', 'sleep 300'] } }),
       });
       const file = instance.path('/srv/pid');
       while (!existsSync(file) || !readFileSync(file, 'utf8').endsWith(String.fromCharCode(10))) await new Promise((r) => setTimeout(r, 20));
       console.log(JSON.stringify({ pid: Number(readFileSync(file, 'utf8')), dir: sb.dir }));
       ${ending};`,
      );
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        children.push(child);
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
        child.on('error', reject);
        child.on('exit', () => resolve(text));
      });
      const { pid, dir: sandboxDir } = JSON.parse(output) as { pid: number; dir: string };
      await eventually(() => (alive(pid) ? undefined : true), 5000);
      expect(existsSync(sandboxDir)).toBe(false);
    },
  );
});

describe('the sandbox clock', () => {
  it('runs timeScale times faster for timestamps, while requests keep real Date headers', async () => {
    const sb = await sandbox({ settings: { timeScale: 100 } });
    const { ssm } = clients(sb);
    await ssm.send(new PutParameterCommand({ Name: '/t/one', Value: '1', Type: 'String' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await ssm.send(new PutParameterCommand({ Name: '/t/two', Value: '2', Type: 'String' }));
    const [one, two] = await Promise.all(
      ['/t/one', '/t/two'].map((Name) => ssm.send(new GetParameterCommand({ Name }))),
    );
    const gap =
      (two?.Parameter?.LastModifiedDate?.getTime() ?? 0) -
      (one?.Parameter?.LastModifiedDate?.getTime() ?? 0);
    expect(gap).toBeGreaterThanOrEqual(19_000);
    expect(sb.calls().every((c) => c.status === 200)).toBe(true);
    sb.configure({ timeScale: 1 });
    const before = sb.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sb.now() - before).toBeLessThan(5_000);
  });
});

describe('seeding from a file', () => {
  it('loads secrets, parameters, buckets and instances', async () => {
    const dir = tempDir();
    const file = join(dir, 'seed.json');
    writeFileSync(
      file,
      JSON.stringify({
        secrets: [
          { name: 'prod/api', secretString: '{"key":"k"}' },
          { name: 'bin', secretBinary: Buffer.from('raw').toString('base64') },
        ],
        parameters: [{ name: '/prod/url', value: 'https://example.test' }],
        buckets: [{ name: 'assets-bucket', versioning: 'Enabled' }],
        instances: [
          {
            id: 'i-0123456789abcdef0',
            tags: { Role: 'web' },
            files: { '/srv/app/deploy.sh': '#!/bin/bash\necho ok\n' },
          },
        ],
      }),
    );
    const sb = await sandbox({ seedFile: file });
    const { ssm, secrets, s3 } = clients(sb);
    expect(
      (await secrets.send(new GetSecretValueCommand({ SecretId: 'prod/api' }))).SecretString,
    ).toBe('{"key":"k"}');
    expect(
      Buffer.from(
        (await secrets.send(new GetSecretValueCommand({ SecretId: 'bin' }))).SecretBinary ?? [],
      ).toString(),
    ).toBe('raw');
    expect((await ssm.send(new GetParameterCommand({ Name: '/prod/url' }))).Parameter?.Value).toBe(
      'https://example.test',
    );
    await s3.send(new HeadBucketCommand({ Bucket: 'assets-bucket' }));
    const instance = sb.instance('i-0123456789abcdef0');
    expect(instance.tags).toEqual({ Role: 'web' });
    const id = await run(ssm, ['/srv/app/deploy.sh'], { InstanceIds: [instance.id] });
    expect(await invocationResult(ssm, id, instance.id)).toMatchObject({
      Status: 'Success',
      StandardOutputContent: 'ok\n',
    });
  });

  it('names the problem in a bad seed file', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ secret: [] }));
    await expect(sandbox({ seedFile: file })).rejects.toThrow(/unknown section "secret"/);
    writeFileSync(file, JSON.stringify({ instances: [{ id: 'i-123' }] }));
    await expect(sandbox({ seedFile: file })).rejects.toThrow(
      /instance id must be i- and 17 hex digits/,
    );
  });
});

describe('the command line', () => {
  it('prints its URL, serves the seed, and cleans up on SIGTERM', async () => {
    const dir = tempDir();
    const tmp = join(dir, 'tmp');
    const seed = join(dir, 'seed.json');
    const log = join(dir, 'calls.jsonl');
    writeFileSync(
      seed,
      JSON.stringify({
        parameters: [{ name: '/cli/p', value: 'from-cli' }],
        instances: [{ tags: { Role: 'web' } }],
      }),
    );
    const { mkdirSync } = await import('node:fs');
    mkdirSync(tmp);
    const child = spawn(tsx, ['sandbox/cli.ts', '--seed', seed, '--log', log], {
      cwd: root,
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) resolve(text.split('\n')[0] ?? '');
      });
      child.on('exit', (code) => reject(new Error(`cli exited with ${String(code)}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { SSMClient } = await import('@aws-sdk/client-ssm');
    const ssm = new SSMClient({
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    expect((await ssm.send(new GetParameterCommand({ Name: '/cli/p' }))).Parameter?.Value).toBe(
      'from-cli',
    );
    ssm.destroy();
    const sandboxDirs = () => readdirSync(tmp).filter((name) => name.startsWith('ssm-sandbox-'));
    expect(sandboxDirs()).toHaveLength(1);
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(sandboxDirs()).toEqual([]);
    const logged = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { operation: string });
    expect(logged.map((l) => l.operation)).toEqual(['GetParameter']);
  });
});
