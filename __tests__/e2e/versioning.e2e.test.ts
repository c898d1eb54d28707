// Versioned buckets end to end: the built action, run as the runner runs it, against the
// sandbox's S3, whose own state is checked after each run.

import { describe, expect, it } from 'vitest';
import {
  annotation,
  callsOf,
  fileSandbox,
  groupLines,
  operations,
  phaseSummary,
  runPhase,
} from './helpers.js';

const sandbox = fileSandbox();
const GROUP = 'Secrets, parameters and versioned buckets';

describe.concurrent('versioned buckets', () => {
  it('enables versioning where it is absent or Suspended, leaves Enabled alone, and says so; a second run changes nothing', async () => {
    const sb = sandbox.current;
    sb.addBucket({ name: 'ok-never' });
    sb.addBucket({ name: 'ok-suspended', versioning: 'Suspended' });
    sb.addBucket({ name: 'ok-enabled', versioning: 'Enabled', mfaDelete: 'Enabled' });
    sb.addBucket({ name: 'ok-elsewhere', region: 'eu-west-1' });
    const buckets = ['ok-never', 'ok-suspended', 'ok-enabled', 'ok-elsewhere'];

    const run = await runPhase(sb, {
      inputs: { 'versioned-buckets': buckets.join('\n') },
      secrets: [],
    });

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.outputs).toEqual({
      versioning: JSON.stringify([
        { bucket: 'ok-never', before: 'Unversioned', after: 'Enabled', changed: true },
        { bucket: 'ok-suspended', before: 'Suspended', after: 'Enabled', changed: true },
        { bucket: 'ok-enabled', before: 'Enabled', after: 'Enabled', changed: false },
        { bucket: 'ok-elsewhere', before: 'Unversioned', after: 'Enabled', changed: true },
      ]),
    });
    expect(groupLines(run, GROUP)).toEqual([
      'ok-never: versioning Unversioned → Enabled',
      'ok-suspended: versioning Suspended → Enabled',
      'ok-enabled: versioning already Enabled, left alone',
      'ok-elsewhere (in eu-west-1): versioning Unversioned → Enabled',
    ]);
    expect(run.maskedSummary).toBe(
      phaseSummary({
        buckets: [
          ['ok-never', 'Unversioned', 'Enabled', 'yes'],
          ['ok-suspended', 'Suspended', 'Enabled', 'yes'],
          ['ok-enabled', 'Enabled', 'Enabled', 'no'],
          ['ok-elsewhere', 'Unversioned', 'Enabled', 'yes'],
        ],
      }),
    );
    for (const bucket of buckets) expect(sb.bucketVersioning(bucket)).toBe('Enabled');
    const calls = callsOf(sb, '"ok-');
    const of = (bucket: string): string[][] =>
      calls
        .filter((call) => call.params.Bucket === bucket)
        .map((call) => [call.operation, call.region ?? '', call.errorCode ?? 'ok']);
    expect(of('ok-never')).toEqual([
      ['GetBucketVersioning', 'us-east-1', 'ok'],
      ['PutBucketVersioning', 'us-east-1', 'ok'],
    ]);
    expect(of('ok-suspended')).toEqual([
      ['GetBucketVersioning', 'us-east-1', 'ok'],
      ['PutBucketVersioning', 'us-east-1', 'ok'],
    ]);
    expect(of('ok-enabled')).toEqual([['GetBucketVersioning', 'us-east-1', 'ok']]);
    // Asked in the action's region first; S3 names the bucket's own region, which is asked next.
    expect(of('ok-elsewhere')).toEqual([
      ['GetBucketVersioning', 'us-east-1', 'AuthorizationHeaderMalformed'],
      ['GetBucketVersioning', 'eu-west-1', 'ok'],
      ['PutBucketVersioning', 'eu-west-1', 'ok'],
    ]);

    const again = await runPhase(sb, {
      inputs: { 'versioned-buckets': buckets.join('\n') },
      secrets: [],
    });
    expect(again.exitCode).toBe(0);
    expect(again.annotations).toEqual([]);
    expect(again.outputs).toEqual({
      versioning: JSON.stringify(
        buckets.map((bucket) => ({ bucket, before: 'Enabled', after: 'Enabled', changed: false })),
      ),
    });
    expect(operations(callsOf(sb, '"ok-').slice(calls.length)).sort()).toEqual([
      'GetBucketVersioning',
      'GetBucketVersioning',
      'GetBucketVersioning',
      'GetBucketVersioning',
      'GetBucketVersioning',
    ]);
  });

  it('a missing bucket, a denied one and one with MFA delete fail the step, each named; the others are still handled', async () => {
    const sb = sandbox.current;
    sb.addBucket({ name: 'bad-fine' });
    sb.addBucket({ name: 'bad-denied', accessDenied: true });
    sb.addBucket({ name: 'bad-mfa', versioning: 'Suspended', mfaDelete: 'Enabled' });

    const run = await runPhase(sb, {
      inputs: { 'versioned-buckets': 'bad-fine\nbad-missing\nbad-denied\nbad-mfa' },
      secrets: [],
    });

    expect(run.exitCode).toBe(1);
    expect(run.annotations).toEqual([
      annotation(
        'error',
        'Bucket bad-missing does not exist (NoSuchBucket: The specified bucket does not exist).\nCheck its name in versioned-buckets (bucket names are global), and that the bucket has been created.',
      ),
      annotation(
        'error',
        'Bucket bad-denied: access denied while reading the versioning state (AccessDenied: Access Denied).\nThe role needs s3:GetBucketVersioning and s3:PutBucketVersioning on arn:aws:s3:::bad-denied. If the bucket belongs to another account, its bucket policy must allow the role too.',
      ),
      annotation(
        'error',
        'Bucket bad-mfa: versioning is Suspended and MFA delete is enabled, so versioning can only be changed with the bucket owner\'s root credentials and MFA device; ssm-deploy leaves it alone.\nHave the account\'s root user run: aws s3api put-bucket-versioning --bucket bad-mfa --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "SERIAL CODE"',
      ),
    ]);
    expect(run.outputs).toEqual({
      versioning: JSON.stringify([
        { bucket: 'bad-fine', before: 'Unversioned', after: 'Enabled', changed: true },
        {
          bucket: 'bad-missing',
          before: null,
          after: null,
          changed: false,
          error:
            'Bucket bad-missing does not exist (NoSuchBucket: The specified bucket does not exist).',
        },
        {
          bucket: 'bad-denied',
          before: null,
          after: null,
          changed: false,
          error:
            'Bucket bad-denied: access denied while reading the versioning state (AccessDenied: Access Denied).',
        },
        {
          bucket: 'bad-mfa',
          before: null,
          after: null,
          changed: false,
          error:
            "Bucket bad-mfa: versioning is Suspended and MFA delete is enabled, so versioning can only be changed with the bucket owner's root credentials and MFA device; ssm-deploy leaves it alone.",
        },
      ]),
    });
    expect(groupLines(run, GROUP)).toEqual(['bad-fine: versioning Unversioned → Enabled']);
    expect(sb.bucketVersioning('bad-fine')).toBe('Enabled');
    expect(sb.bucketVersioning('bad-mfa')).toBe('Suspended');
    expect(sb.bucketVersioning('bad-denied')).toBeUndefined();
    expect(
      callsOf(sb, '"bad-')
        .map((call) => `${call.operation} ${String(call.params.Bucket)} ${call.status}`)
        .sort(),
    ).toEqual([
      'GetBucketVersioning bad-denied 403',
      'GetBucketVersioning bad-fine 200',
      'GetBucketVersioning bad-mfa 200',
      'GetBucketVersioning bad-missing 404',
      'PutBucketVersioning bad-fine 200',
    ]);
  });
});
