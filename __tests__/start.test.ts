// The head start: inputs read as the runner passes them, a bad input stops everything before any
// AWS SDK is loaded, and `underway` settles once the first request has been written.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { headStart, inputFrom } from '../src/start.js';

describe('inputFrom', () => {
  it('reads INPUT_<NAME> as @actions/core does: spaces to underscores, upper case, trimmed', () => {
    const read = inputFrom({ 'INPUT_SECRET-IDS': '  db\n ', INPUT_AWS_REGION: 'x' });
    expect(read('secret-ids')).toBe('db');
    expect(read('aws-region')).toBe('');
    expect(read('parameters')).toBe('');
  });
});

describe('headStart', () => {
  it('bad inputs: the error, no phases, and nothing under way', async () => {
    const head = headStart({ 'INPUT_SECRET-IDS': 'db' });
    expect(head.inputs.kind).toBe('failed');
    if (head.inputs.kind === 'failed') expect(head.inputs.error).toBeInstanceOf(InputError);
    expect(head.phases).toBeUndefined();
    await expect(head.underway).resolves.toBeUndefined();
  });

  it('nothing to read before the deploy: under way at once, with the clients made', async () => {
    const head = headStart({
      'INPUT_AWS-REGION': 'eu-west-1',
      'INPUT_INSTANCE-IDS': 'i-0123456789abcdef0',
      'INPUT_WORKING-DIRECTORY': '/srv/app',
      INPUT_REF: 'a'.repeat(40),
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'secret',
    });
    expect(head.inputs.kind).toBe('parsed');
    await head.underway;
    const phases = await head.phases;
    const before = await phases?.before;
    expect(before?.failure).toBeUndefined();
    expect(before?.values).toBeUndefined();
    await phases?.clients.load('ssm');
    expect(await phases?.clients.ssm().config.region()).toBe('eu-west-1');
  });

  it('under way once the first request is written, while its answer is still awaited', async () => {
    const held: (() => void)[] = [];
    const server = createServer((req, res) => {
      req.resume();
      held.push(() => {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ SecretValues: [], Errors: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const head = headStart({
        'INPUT_AWS-REGION': 'eu-west-1',
        'INPUT_SECRET-IDS': 'app/db',
        AWS_ENDPOINT_URL: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
        AWS_CONFIG_FILE: '/nonexistent/config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
        AWS_ACCESS_KEY_ID: 'AKIDTEST',
        AWS_SECRET_ACCESS_KEY: 'secret',
      });
      let phasesDone = false;
      const before = head.phases?.then(async (phases) => phases.before);
      void before?.finally(() => {
        phasesDone = true;
      });
      await head.underway;
      expect(phasesDone).toBe(false);
      // The server saw the request; the phases end once it is answered.
      await expect.poll(() => held.length).toBe(1);
      for (const release of held) release();
      await before;
      expect(phasesDone).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
