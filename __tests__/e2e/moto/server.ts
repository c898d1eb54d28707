// moto_server (the Python AWS emulator LocalStack builds on) as a second, independent AWS for the
// end-to-end tests: found on this machine, started on 127.0.0.1 on a free port, and always stopped,
// whether the tests pass, fail, time out or the process is interrupted.
//
// The server runs under a small bash guard in a process group of its own. Stopping kills the
// group; the process-end registry kills it when this process exits or is stopped by a signal; and
// the guard kills the server when its stdin (a pipe from this process) closes, which happens even
// when this process is killed outright.

import { spawn } from 'node:child_process';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { atProcessEnd } from '../../../sandbox/process-end.js';

/** Where moto_server is, or why the moto suites are skipped. */
export type MotoLookup =
  | { readonly found: true; readonly path: string }
  | { readonly found: false; readonly reason: string };

/**
 * `MOTO_SERVER` when set (a path), else `moto_server` on PATH, else pyenv's shim (pyenv puts its
 * shims on PATH only in interactive shells, which CI's is not).
 */
export function findMotoServer(env: NodeJS.ProcessEnv = process.env): MotoLookup {
  const explicit = env.MOTO_SERVER;
  if (explicit !== undefined && explicit !== '')
    return executable(explicit)
      ? { found: true, path: explicit }
      : { found: false, reason: `MOTO_SERVER=${explicit} is not an executable file` };
  const pyenvRoot = env.PYENV_ROOT || join(env.HOME || homedir(), '.pyenv');
  const candidates = [
    ...(env.PATH ?? '')
      .split(delimiter)
      .filter((dir) => dir !== '')
      .map((dir) => join(dir, 'moto_server')),
    join(pyenvRoot, 'shims', 'moto_server'),
  ];
  const path = candidates.find(executable);
  return path === undefined
    ? {
        found: false,
        reason: `moto_server was not found on PATH nor in ${join(pyenvRoot, 'shims')} (pip install 'moto[server]', or set MOTO_SERVER to its path)`,
      }
    : { found: true, path };
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const MOTO_REGION = 'us-east-1';
/** moto's default account, which is also the sandbox's: ARNs differ only in their random parts. */
export const MOTO_ACCOUNT = '123456789012';

export interface MotoServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Environment for a process using the AWS SDK against this server. */
  env(): Record<string, string>;
  /** SDK clients pointed at the server (one per region), to seed it and read it back. */
  readonly clients: MotoClients;
  stop(): Promise<void>;
}

export interface MotoClients {
  secretsManager(region?: string): SecretsManagerClient;
  ssm(region?: string): SSMClient;
  s3(): S3Client;
}

const ACCESS_KEY_ID = 'AKIAMOTOEXAMPLE00000';
const SECRET_ACCESS_KEY = 'moto/secret/access/key/not/a/real/one00';
const READY = /Running on (http:\/\/127\.0\.0\.1:\d+)/;
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

// The guard waits for the server, so that a server that dies ends it; meanwhile a watcher reads the
// guard's stdin (this process's pipe, kept on fd 3 because a background job's stdin is /dev/null)
// and kills the server once that pipe closes, which it does however this process ends. A server
// that ended first takes the watcher with it: its pid may by then be another process's.
const GUARD = `exec 3<&0
"$0" -H 127.0.0.1 -p 0 </dev/null &
server=$!
{ while read -r _ <&3; do :; done; kill -KILL "$server" 2>/dev/null; } &
watcher=$!
wait "$server"
rc=$?
kill "$watcher" 2>/dev/null
exit "$rc"`;

export async function startMotoServer(path: string): Promise<MotoServer> {
  const child = spawn('bash', ['-c', GUARD, path], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  // Heard from the start: an 'error' event nobody listens to would end this process.
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  spawnFailed.catch(() => undefined);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`could not start bash to run ${path}`);
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pgid, signal);
    } catch {
      // Already gone.
    }
  };
  const forget = atProcessEnd(() => {
    killGroup('SIGKILL');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  // werkzeug logs every request: the pipes are drained for good, the last lines kept.
  const lines: string[] = [];
  let ready: ((url: string) => void) | undefined;
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > 40) lines.shift();
      const match = READY.exec(line);
      if (match?.[1] !== undefined) ready?.(match[1]);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const recentOutput = (): string => lines.join('\n');

  const stop = async (): Promise<void> => {
    killGroup('SIGTERM');
    const timer = setTimeout(() => killGroup('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
    // The guard may have gone first; the group's other member is killed outright.
    killGroup('SIGKILL');
    forget();
  };

  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      spawnFailed.catch(reject);
      const timer = setTimeout(() => {
        reject(new Error(`moto_server did not start within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      ready = (found) => {
        clearTimeout(timer);
        resolve(found);
      };
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error('moto_server exited while starting'));
      });
    });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}; its output:\n${recentOutput()}`, {
      cause: error,
    });
  }

  const env = (): Record<string, string> => ({
    AWS_ENDPOINT_URL: url,
    AWS_REGION: MOTO_REGION,
    AWS_DEFAULT_REGION: MOTO_REGION,
    AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  const clientConfig = (region = MOTO_REGION) => ({
    endpoint: url,
    region,
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
  });
  const made = new Map<string, { destroy(): void }>();
  const client = <T extends { destroy(): void }>(key: string, make: () => T): T => {
    const found = made.get(key) as T | undefined;
    if (found !== undefined) return found;
    const fresh = make();
    made.set(key, fresh);
    return fresh;
  };
  return {
    url,
    env,
    clients: {
      secretsManager: (region = MOTO_REGION) =>
        client(`secretsmanager:${region}`, () => new SecretsManagerClient(clientConfig(region))),
      ssm: (region = MOTO_REGION) =>
        client(`ssm:${region}`, () => new SSMClient(clientConfig(region))),
      s3: () => client('s3', () => new S3Client({ ...clientConfig(), forcePathStyle: true })),
    },
    stop: async () => {
      for (const each of made.values()) each.destroy();
      await stop();
    },
  };
}

/**
 * One moto_server for the test file: started in `beforeAll`, stopped in `afterAll`. Where there
 * is none, every test of the file is skipped with the reason, and the file says so once.
 */
export function fileMoto(): { readonly current: MotoServer } {
  const lookup = findMotoServer();
  let started: MotoServer | undefined;
  beforeAll(async () => {
    if (lookup.found) started = await startMotoServer(lookup.path);
    // eslint-disable-next-line no-console -- the one line that says why a whole suite did not run
    else console.warn(`moto suite skipped: ${lookup.reason}`);
  });
  beforeEach((context) => {
    if (!lookup.found) context.skip(lookup.reason);
  });
  afterAll(async () => {
    await started?.stop();
  });
  return {
    get current(): MotoServer {
      if (started === undefined) throw new Error('moto_server has not been started');
      return started;
    },
  };
}
