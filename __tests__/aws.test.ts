// The client factory: every client is made from the environment as it was when the step started.
// process.env is changed after the factory is made (as export-env does), and real SDK clients then
// send real requests to servers on 127.0.0.1 (or are stopped before sending): what they target
// and sign with must be the start's.

import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuildMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clientContext, createClients, type RunClients } from '../src/aws.js';
import { snapshotEnvironment } from '../src/aws-settings.js';
import type { Environment } from '../src/inputs.js';

interface FakeAws {
  readonly url: string;
  readonly requests: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** Answers every request as SSM answers GetParameter. */
async function fakeAws(): Promise<FakeAws> {
  const requests: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.headers);
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify({ Parameter: { Name: 'p', Value: 'v', Type: 'String', Version: 1 } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The access key id a request was signed with. */
function keyOf(headers: IncomingHttpHeaders): string | undefined {
  return /Credential=([^/]+)\//.exec(headers.authorization ?? '')?.[1];
}

/** Where a client would send a request: its host, learnt before anything is sent. */
interface Client {
  readonly middlewareStack: Pick<MiddlewareStack<object, MetadataBearer>, 'add'>;
  send(command: never): Promise<unknown>;
}

async function targetOf(
  client: Client,
  command: GetParameterCommand | GetSecretValueCommand,
): Promise<string> {
  let host = '';
  client.middlewareStack.add(
    () => () => {
      throw new Error('stopped before sending');
    },
    { step: 'finalizeRequest', priority: 'high', name: 'stopBeforeSending' },
  );
  const seeHost: BuildMiddleware<object, MetadataBearer> = (next) => (args) => {
    host = (args.request as { hostname: string }).hostname;
    return next(args);
  };
  client.middlewareStack.add(seeHost, { step: 'build', name: 'seeHost' });
  await expect(client.send(command as never)).rejects.toThrow('stopped before sending');
  return host;
}

const NO_FILES = {
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
};
const KEYS = { AWS_ACCESS_KEY_ID: 'AKIDATSTART', AWS_SECRET_ACCESS_KEY: 'secret-at-start' };

describe('the clients are made from the environment as it was when the step started', () => {
  let start: FakeAws;
  let hostile: FakeAws;
  let dir: string;
  beforeEach(async () => {
    [start, hostile] = await Promise.all([fakeAws(), fakeAws()]);
    dir = mkdtempSync(join(tmpdir(), 'aws-test-'));
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await Promise.all([start.close(), hostile.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  async function clientsFor(env: Environment): Promise<RunClients> {
    const clients = createClients('eu-west-1', await clientContext(env));
    await clients.load('ssm', 'secretsManager');
    return clients;
  }

  /** What export-env does to this process: every name the SDK reads, changed. */
  function exportHostileEnvironment(): void {
    vi.stubEnv('AWS_ENDPOINT_URL', hostile.url);
    vi.stubEnv('AWS_ENDPOINT_URL_SSM', hostile.url);
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', hostile.url);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXPORTED');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'exported');
    vi.stubEnv('AWS_PROFILE', 'exported');
    vi.stubEnv('AWS_USE_FIPS_ENDPOINT', 'true');
    vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'false');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'exported-credentials'));
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'exported-config'));
    writeFileSync(
      join(dir, 'exported-credentials'),
      '[exported]\naws_access_key_id = AKIDFROMEXPORTEDFILE\naws_secret_access_key = x\n',
    );
    writeFileSync(
      join(dir, 'exported-config'),
      `[profile exported]\nendpoint_url = ${hostile.url}\n`,
    );
  }

  it('an AWS_ENDPOINT_URL_SSM exported after the start does not redirect SSM', async () => {
    const env = snapshotEnvironment({ ...NO_FILES, ...KEYS, AWS_ENDPOINT_URL_SSM: start.url });
    const clients = await clientsFor(env);
    exportHostileEnvironment();

    // A client made after the export, and one made before it, alike.
    const answer = await clients.ssm().send(new GetParameterCommand({ Name: 'p' }));

    expect(answer.Parameter?.Value).toBe('v');
    expect(start.requests).toHaveLength(1);
    expect(hostile.requests).toHaveLength(0);
    expect(keyOf(start.requests[0] ?? {})).toBe('AKIDATSTART');
  });

  it('without an endpoint at the start, one exported later is not looked for', async () => {
    const clients = await clientsFor(snapshotEnvironment({ ...NO_FILES, ...KEYS }));
    exportHostileEnvironment();

    expect(await targetOf(clients.ssm(), new GetParameterCommand({ Name: 'p' }))).toBe(
      'ssm.eu-west-1.amazonaws.com',
    );
    expect(
      await targetOf(
        clients.secretsManager('us-east-2'),
        new GetSecretValueCommand({ SecretId: 's' }),
      ),
    ).toBe('secretsmanager.us-east-2.amazonaws.com');
    expect(hostile.requests).toHaveLength(0);
  });

  it('settings of the start are kept: FIPS from the environment, an endpoint from the profile', async () => {
    writeFileSync(join(dir, 'config'), `[profile ops]\nendpoint_url = ${start.url}\n`);
    writeFileSync(
      join(dir, 'credentials'),
      '[ops]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = x\n',
    );
    const env = snapshotEnvironment({
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_PROFILE: 'ops',
    });
    const clients = await clientsFor(env);
    exportHostileEnvironment();

    await clients.ssm().send(new GetParameterCommand({ Name: 'p' }));
    expect(start.requests).toHaveLength(1);
    expect(keyOf(start.requests[0] ?? {})).toBe('AKIDFROMPROFILE');
    expect(hostile.requests).toHaveLength(0);

    const fips = await clientsFor(
      snapshotEnvironment({ ...NO_FILES, ...KEYS, AWS_USE_FIPS_ENDPOINT: 'true' }),
    );
    vi.stubEnv('AWS_USE_FIPS_ENDPOINT', 'false');
    expect(await targetOf(fips.ssm(), new GetParameterCommand({ Name: 'p' }))).toBe(
      'ssm-fips.eu-west-1.amazonaws.com',
    );
  });

  it('keys exported when the start had none are never used', async () => {
    // No keys, no profile file, no instance metadata: the start had no credentials at all.
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const env = snapshotEnvironment({
      ...NO_FILES,
      AWS_ENDPOINT_URL: start.url,
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    const clients = await clientsFor(env);
    exportHostileEnvironment();
    vi.stubEnv('AWS_PROFILE', undefined);

    await expect(clients.ssm().send(new GetParameterCommand({ Name: 'p' }))).rejects.toThrow(
      /credentials/i,
    );
    expect(start.requests).toHaveLength(0);
    expect(hostile.requests).toHaveLength(0);
  });
});

describe('createClients', () => {
  it('makes no client of a service whose SDK was not loaded', async () => {
    const clients = createClients(
      'eu-west-1',
      await clientContext(snapshotEnvironment({ ...NO_FILES, ...KEYS })),
    );
    expect(() => clients.s3()).toThrow('The S3 SDK was not loaded.');
    await clients.load('s3');
    expect(clients.s3().config.forcePathStyle).toBe(false);
  });
});
