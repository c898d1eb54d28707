// Phases 1 and 2 together, end to end: a dry run that reads what a real run reads, masks it, sets
// no output of it and changes nothing,
// throttling and connection resets that the retries ride out, and failures that outlast them.
// These tests look at the whole call log and change the sandbox's faults, so they run one at a
// time, each from an empty call log and with no fault left behind.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SecretSpec } from '../../sandbox/runner/index.js';
import {
  annotation,
  countByOperation,
  expectMasked,
  fileSandbox,
  groupLines,
  runPhase,
} from './helpers.js';

/** A small seeded generator, so that the injected faults fall the same way on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let random = seeded(46);
const sandbox = fileSandbox({ random: () => random() });

beforeEach(() => {
  sandbox.current.clearCalls();
});
afterEach(() => {
  sandbox.current.configure({ throttleRate: 0, resetRate: 0 });
});

describe('dry-run', () => {
  it('reads what a real run reads, masks it, sets no output of it and changes nothing', async () => {
    const sb = sandbox.current;
    sb.addSecret({ name: 'dry/one', secretString: 'dry-secret-one' });
    sb.addSecret({
      name: 'dry/two',
      versions: [{ secretString: 'dry-secret-two-old' }, { secretString: 'dry-secret-two-new' }],
    });
    const eu = sb.addSecret({ name: 'dry/eu', secretString: 'dry-secret-eu', region: 'eu-west-1' });
    sb.putParameter({ name: '/dry/name', value: 'dry-param-name', type: 'SecureString' });
    sb.putParameter({ name: '/dry/p/token', value: 'dry-param-token', type: 'SecureString' });
    sb.putParameter({ name: '/dry/p/deep/url', value: 'https://dry.example.test' });
    sb.addBucket({ name: 'dry-never' });
    sb.addBucket({ name: 'dry-suspended', versioning: 'Suspended' });
    sb.addBucket({ name: 'dry-enabled', versioning: 'Enabled' });
    const secrets: SecretSpec[] = [
      'dry-secret-one',
      'dry-secret-two-old',
      'dry-secret-two-new',
      'dry-secret-eu',
      'dry-param-name',
      'dry-param-token',
    ];

    const run = await runPhase(sb, {
      inputs: {
        'secret-ids': `ONE,dry/one\ndry/*\nOLD,dry/two,AWSPREVIOUS\n${eu.arn}`,
        parameters: '/dry/name\n/dry/p/',
        'versioned-buckets': 'dry-never\ndry-suspended\ndry-enabled',
        'dry-run': 'true',
      },
      secrets,
    });

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    // Every value is read, to prove it can be, and masked; none becomes an output. The buckets'
    // states are real.
    expect(run.outputs).toEqual({
      versioning: JSON.stringify([
        { bucket: 'dry-never', before: 'Unversioned', after: 'Unversioned', changed: false },
        { bucket: 'dry-suspended', before: 'Suspended', after: 'Suspended', changed: false },
        { bucket: 'dry-enabled', before: 'Enabled', after: 'Enabled', changed: false },
      ]),
      status: 'DryRun',
    });
    expectMasked(
      run,
      secrets.map((spec) => (typeof spec === 'string' ? spec : spec.value)),
    );
    expect(groupLines(run, 'Plan')[0]).toBe('Region: us-east-1 (dry run: nothing is changed)');
    const lines = groupLines(
      run,
      'Dry run: secrets and parameters read and masked, no output set; buckets checked, nothing changed',
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^secret-ids line 2: .*dry\/one.*DRY_ONE/),
        'dry-never: versioning Unversioned; would be enabled',
        'dry-suspended: versioning Suspended; would be enabled',
        'dry-enabled: versioning already Enabled, left alone',
      ]),
    );
    expect(run.maskedSummary).toContain(
      '<li>Dry run: secrets and parameters read and masked, no output set; buckets checked, nothing changed.</li>',
    );
    expect(run.maskedLog).toContain('Dry run: every check passed; nothing was sent or changed.');
    // Reads only: nothing that changes anything.
    expect(
      Object.keys(countByOperation(sb.calls())).filter(
        (operation) => !/^(Get|List|BatchGet|Describe|Head)/.test(operation),
      ),
    ).toEqual([]);
    expect(sb.bucketVersioning('dry-never')).toBeUndefined();
    expect(sb.bucketVersioning('dry-suspended')).toBe('Suspended');
    expect(sb.bucketVersioning('dry-enabled')).toBe('Enabled');
  });
});

describe('faults', () => {
  it('throttling on 30% of calls and connection resets on 10%: retried until everything is read and enabled', async () => {
    const sb = sandbox.current;
    const names = Array.from({ length: 25 }, (_, i) => `faulty/app-${String(i).padStart(2, '0')}`);
    for (const name of names) sb.addSecret({ name, secretString: `${name}-value` });
    const below = Array.from({ length: 15 }, (_, i) => `/faulty/p/k${String(i).padStart(2, '0')}`);
    for (const name of below)
      sb.putParameter({ name, value: `${name}-value`, type: 'SecureString' });
    const named = ['/faulty/n0', '/faulty/n1', '/faulty/n2'];
    for (const name of named) sb.putParameter({ name, value: `${name}-value` });
    sb.addBucket({ name: 'faulty-bucket', versioning: 'Suspended' });
    const secrets: SecretSpec[] = [...names, ...below].map((name) => ({
      name,
      value: `${name}-value`,
    }));

    // The faults fall on calls in the order they arrive; this seed puts both kinds among the
    // first eight calls, which every run makes.
    random = seeded(46);
    sb.configure({ throttleRate: 0.3, resetRate: 0.1 });
    const run = await runPhase(sb, {
      inputs: {
        'secret-ids': 'faulty/*',
        parameters: ['/faulty/p/', ...named].join('\n'),
        'versioned-buckets': 'faulty-bucket',
      },
      secrets,
      timeoutMs: 60_000,
    });

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    const outputName = (name: string): string =>
      name
        .replace(/^\//, '')
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '_');
    expect(run.outputs).toEqual({
      ...Object.fromEntries(names.map((name) => [outputName(name), `${name}-value`])),
      ...Object.fromEntries(
        below.map((name) => [outputName(name.slice('/faulty/p/'.length)), `${name}-value`]),
      ),
      ...Object.fromEntries(named.map((name) => [outputName(name), `${name}-value`])),
      'secrets-manifest': expect.any(String),
      versioning: JSON.stringify([
        { bucket: 'faulty-bucket', before: 'Suspended', after: 'Enabled', changed: true },
      ]),
    });
    expectMasked(
      run,
      [...names, ...below].map((name) => `${name}-value`),
    );
    expect(sb.bucketVersioning('faulty-bucket')).toBe('Enabled');

    const calls = sb.calls();
    const faulted = calls.filter((call) => call.fault !== undefined);
    expect(faulted.some((call) => call.fault === 'throttle')).toBe(true);
    expect(faulted.some((call) => call.fault === 'reset')).toBe(true);
    // Every call that met a fault was made again, and that later call got its answer.
    for (const call of faulted)
      expect(
        calls.some(
          (later) =>
            later.seq > call.seq &&
            later.status === 200 &&
            later.operation === call.operation &&
            JSON.stringify(later.params) === JSON.stringify(call.params),
        ),
        `a retry of ${call.operation} #${call.seq}`,
      ).toBe(true);
    // What got through is exactly what a run without faults makes.
    expect(countByOperation(calls.filter((call) => call.status === 200))).toEqual({
      ListSecrets: 1,
      BatchGetSecretValue: 2,
      GetParametersByPath: 2,
      GetParameters: 1,
      GetBucketVersioning: 1,
      PutBucketVersioning: 1,
    });
    expect(calls.length).toBe(8 + faulted.length);
    // Backoff after throttling grows with each retry of a call: bounded, but not short.
  }, 60_000);

  it('when the endpoint stays unreachable, each failure is one clear error once the retries run out', async () => {
    const sb = sandbox.current;
    sb.addSecret({ name: 'outage/one', secretString: 'outage-secret-one' });
    sb.putParameter({ name: '/outage/p', value: 'outage-param', type: 'SecureString' });
    sb.addBucket({ name: 'outage-bucket' });
    await sb.stopServer();
    try {
      const run = await runPhase(sb, {
        inputs: {
          'secret-ids': 'outage/one',
          parameters: '/outage/p',
          'versioned-buckets': 'outage-bucket',
        },
        env: { AWS_MAX_ATTEMPTS: '2' },
        secrets: ['outage-secret-one', 'outage-param'],
      });
      const refused = `Error: connect ECONNREFUSED 127.0.0.1:${sb.port}`;
      const retryHint =
        'The call kept failing after every retry. Check the region and the network, or raise AWS_MAX_ATTEMPTS, then run the job again.';
      expect(run.exitCode).toBe(1);
      expect(run.annotations).toEqual([
        annotation(
          'error',
          `Reading 1 secret(s) in us-east-1 with BatchGetSecretValue failed (outage/one): ${refused}\n${retryHint}`,
        ),
        annotation(
          'error',
          `Reading /outage/p with GetParameters failed: ${refused}\n${retryHint}`,
        ),
        annotation(
          'error',
          `Bucket outage-bucket: reading the versioning state failed: ${refused}\n${retryHint}`,
        ),
      ]);
      expect(JSON.parse(run.outputs.versioning ?? '')).toEqual([
        {
          bucket: 'outage-bucket',
          before: null,
          after: null,
          changed: false,
          error: `Bucket outage-bucket: reading the versioning state failed: ${refused}`,
        },
      ]);
    } finally {
      await sb.startServer();
    }
    expect(sb.bucketVersioning('outage-bucket')).toBeUndefined();
  });

  it('when S3 keeps throttling past the retries, the error says so', async () => {
    const sb = sandbox.current;
    sb.addBucket({ name: 'busy-bucket', versioning: 'Suspended' });
    sb.configure({ throttleRate: { GetBucketVersioning: 1 } });
    const run = await runPhase(sb, {
      inputs: { 'versioned-buckets': 'busy-bucket' },
      env: { AWS_MAX_ATTEMPTS: '2' },
      secrets: [],
    });
    expect(run.exitCode).toBe(1);
    expect(run.annotations).toEqual([
      annotation(
        'error',
        'Bucket busy-bucket: reading the versioning state failed: SlowDown: Please reduce your request rate.\nAWS kept throttling the calls after every retry. Try again, or raise AWS_MAX_ATTEMPTS.',
      ),
    ]);
    expect(JSON.parse(run.outputs.versioning ?? '')).toEqual([
      {
        bucket: 'busy-bucket',
        before: null,
        after: null,
        changed: false,
        error:
          'Bucket busy-bucket: reading the versioning state failed: SlowDown: Please reduce your request rate.',
      },
    ]);
    expect(sb.calls().map((call) => [call.operation, call.status, call.fault])).toEqual([
      ['GetBucketVersioning', 503, 'throttle'],
      ['GetBucketVersioning', 503, 'throttle'],
    ]);
    expect(sb.bucketVersioning('busy-bucket')).toBe('Suspended');
  });

  it('without credentials: one error saying so, and no call', async () => {
    const sb = sandbox.current;
    sb.addSecret({ name: 'nocreds/one', secretString: 'nocreds-secret-one' });
    const run = await runPhase(sb, {
      inputs: {
        'secret-ids': 'nocreds/one',
        parameters: '/nocreds/p',
        'versioned-buckets': 'nocreds-bucket',
      },
      env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined },
      secrets: ['nocreds-secret-one'],
    });
    expect(run.exitCode).toBe(1);
    expect(run.annotations).toEqual([
      annotation(
        'error',
        'Reading 1 secret(s) in us-east-1 with BatchGetSecretValue failed (nocreds/one): CredentialsProviderError: Could not load credentials from any providers\nNo AWS credentials were found. Add aws-actions/configure-aws-credentials (with GitHub OIDC) before this step.',
      ),
    ]);
    expect(JSON.parse(run.outputs.versioning ?? '')).toEqual([
      {
        bucket: 'nocreds-bucket',
        before: null,
        after: null,
        changed: false,
        error: expect.stringMatching(/^Bucket nocreds-bucket: .*CredentialsProviderError/),
      },
    ]);
    expect(sb.calls()).toEqual([]);
  });
});
