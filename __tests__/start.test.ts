// The head start: inputs read as the runner passes them, a bad input stops everything before any
// AWS SDK is loaded, and `underway` settles once the first request is on its way.

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
});
