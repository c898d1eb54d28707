// This repository's built action, through the harness, with a bad input: it fails before any
// network use, with an error annotation that names the input.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT, runAction } from '../../sandbox/runner/index.js';

const noNetwork = join(REPOSITORY_ROOT, '__tests__', 'fixtures', 'no-network.mjs');

describe('dist/index.js through the harness', () => {
  let scratch: string | undefined;
  afterEach(async () => {
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  });

  it('fails on a bad input with an error annotation naming it, and opens no connection', async () => {
    scratch = await mkdtemp(join(tmpdir(), 'harness-real-action-'));
    const networkLog = join(scratch, 'network.log');
    const run = await runAction({
      inputs: { 'aws-region': 'us-east-1', wait: 'maybe' },
      env: {
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'not-a-real-key',
        NO_NETWORK_LOG: networkLog,
      },
      jobSecrets: ['not-a-real-key'],
      nodeArgs: ['--import', noNetwork],
    });
    expect(run.exitCode).toBe(1);
    expect(run.outcome).toBe('failure');
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(/^Input "wait": "maybe" is not a boolean/) as string,
      }),
    );
    expect(run.maskedLog).toContain('##[error]Input "wait": "maybe" is not a boolean');
    // The job summary says what stopped the step, and what to do, rather than nothing.
    expect(run.maskedSummary).toContain('<h3>ssm-deploy</h3>');
    expect(run.maskedSummary).toContain('<p><b>Failed</b> · the step stopped on an error:</p>');
    expect(run.maskedSummary).toContain(
      '<li>Input &quot;wait&quot;: &quot;maybe&quot; is not a boolean; use true or false.</li>',
    );
    // post-if: always() in action.yml: the post step runs, and finds nothing to cancel.
    expect(run.post).toEqual(expect.objectContaining({ ran: true, exitCode: 0, annotations: [] }));
    expect(existsSync(networkLog) ? readFileSync(networkLog, 'utf8') : '').toBe('');
  });
});
