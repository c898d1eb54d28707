import 'aws-sdk-client-mock-vitest/extend';
import {
  GetBucketVersioningCommand,
  PutBucketVersioningCommand,
  S3Client,
  S3ServiceException,
  type GetBucketVersioningCommandInput,
  type PutBucketVersioningCommandInput,
} from '@aws-sdk/client-s3';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../src/failure.js';
import { ensureVersioning, type BucketResult } from '../src/versioning.js';

interface FakeBucket {
  readonly name: string;
  status?: 'Enabled' | 'Suspended';
  readonly mfaDelete?: 'Enabled' | 'Disabled';
  readonly region?: string;
  readonly denied?: boolean;
  /** How S3 says "wrong region": a 301 with the region header, or a 400 naming it in the body. */
  readonly redirect?: 'header' | 'body' | 'none';
}

interface FakeS3 {
  readonly stubs: Record<string, AwsClientStub<S3Client>>;
  readonly s3: (region?: string) => S3Client;
  maxInFlight: number;
}

function s3Error(name: string, status: number, extra: Record<string, unknown> = {}): Error {
  return Object.assign(
    new S3ServiceException({
      name,
      $fault: 'client',
      $metadata: { httpStatusCode: status },
      message: `${name} from S3`,
    }),
    extra,
  );
}

/** S3 in two regions; each bucket answers only in its own. */
function fakeS3(buckets: readonly FakeBucket[], regions = ['eu-west-1', 'us-east-2']): FakeS3 {
  const clients: Record<string, S3Client> = {};
  const fake: FakeS3 = {
    stubs: {},
    s3: (region = 'eu-west-1') => {
      const client = clients[region];
      if (client === undefined) throw new Error(`test: no fake S3 in ${region}`);
      return client;
    },
    maxInFlight: 0,
  };
  let inFlight = 0;
  for (const region of regions) {
    const client = new S3Client({ region });
    clients[region] = client;
    const stub = mockClient(client);
    fake.stubs[region] = stub;
    const bucketHere = async (name: string | undefined): Promise<FakeBucket> => {
      inFlight += 1;
      fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      const bucket = buckets.find((candidate) => candidate.name === name);
      if (bucket === undefined) throw s3Error('NoSuchBucket', 404);
      if (bucket.denied === true) throw s3Error('AccessDenied', 403);
      const home = bucket.region ?? 'eu-west-1';
      if (home !== region) {
        if (bucket.redirect === 'body')
          throw s3Error('AuthorizationHeaderMalformed', 400, { Region: home });
        const error = s3Error('PermanentRedirect', 301);
        if (bucket.redirect !== 'none')
          Object.defineProperty(error, '$response', {
            value: { statusCode: 301, headers: { 'x-amz-bucket-region': home } },
            enumerable: false,
          });
        throw error;
      }
      return bucket;
    };
    stub
      .on(GetBucketVersioningCommand)
      .callsFake(async (input: GetBucketVersioningCommandInput) => {
        const bucket = await bucketHere(input.Bucket);
        return {
          ...(bucket.status === undefined ? {} : { Status: bucket.status }),
          ...(bucket.mfaDelete === undefined ? {} : { MFADelete: bucket.mfaDelete }),
        };
      });
    stub
      .on(PutBucketVersioningCommand)
      .callsFake(async (input: PutBucketVersioningCommandInput) => {
        const bucket = await bucketHere(input.Bucket);
        const status = input.VersioningConfiguration?.Status;
        if (status !== undefined) bucket.status = status;
        return {};
      });
  }
  return fake;
}

function ensure(fake: FakeS3, buckets: readonly string[], dryRun = false): Promise<BucketResult[]> {
  return ensureVersioning(buckets, { clients: { s3: fake.s3 }, region: 'eu-west-1', dryRun });
}

function stub(fake: FakeS3, region = 'eu-west-1'): AwsClientStub<S3Client> {
  const found = fake.stubs[region];
  if (found === undefined) throw new Error(`test: no stub in ${region}`);
  return found;
}

describe('ensureVersioning', () => {
  it('enables versioning where it is absent or Suspended and leaves Enabled alone', async () => {
    const fake = fakeS3([
      { name: 'never' },
      { name: 'paused', status: 'Suspended' },
      { name: 'on', status: 'Enabled' },
    ]);
    const results = await ensure(fake, ['never', 'paused', 'on']);
    expect(results).toEqual([
      {
        kind: 'ok',
        bucket: 'never',
        before: 'Unversioned',
        after: 'Enabled',
        changed: true,
        region: undefined,
        wouldEnable: false,
      },
      {
        kind: 'ok',
        bucket: 'paused',
        before: 'Suspended',
        after: 'Enabled',
        changed: true,
        region: undefined,
        wouldEnable: false,
      },
      {
        kind: 'ok',
        bucket: 'on',
        before: 'Enabled',
        after: 'Enabled',
        changed: false,
        region: undefined,
        wouldEnable: false,
      },
    ]);
    expect(stub(fake)).toHaveReceivedCommandTimes(GetBucketVersioningCommand, 3);
    expect(stub(fake)).toHaveReceivedCommandTimes(PutBucketVersioningCommand, 2);
    for (const call of stub(fake).commandCalls(PutBucketVersioningCommand))
      // Exactly Status: MFADelete is never part of the configuration sent.
      expect(call.args[0].input.VersioningConfiguration).toStrictEqual({ Status: 'Enabled' });
  });

  it('reads every bucket in parallel', async () => {
    const names = Array.from({ length: 6 }, (_, index) => `bucket-${index}`);
    const fake = fakeS3(names.map((name) => ({ name, status: 'Enabled' as const })));
    await ensure(fake, names);
    expect(fake.maxInFlight).toBe(6);
  });

  it('explains, and does not touch, a Suspended bucket with MFA delete on', async () => {
    const fake = fakeS3([
      { name: 'locked', status: 'Suspended', mfaDelete: 'Enabled' },
      { name: 'locked-on', status: 'Enabled', mfaDelete: 'Enabled' },
    ]);
    const [locked, lockedOn] = await ensure(fake, ['locked', 'locked-on']);
    expect(stub(fake)).toHaveReceivedCommandTimes(PutBucketVersioningCommand, 0);
    expect(lockedOn).toMatchObject({ kind: 'ok', before: 'Enabled', changed: false });
    expect(locked?.kind).toBe('failed');
    if (locked?.kind !== 'failed') return;
    expect(describeFailure(locked.error, false).messages).toEqual([
      expect.stringMatching(
        /^Bucket locked: versioning is Suspended and MFA delete is enabled.*\n.*put-bucket-versioning --bucket locked .*--mfa/s,
      ),
    ]);
  });

  it('a missing bucket and a denied one fail, each named with what to check; the rest go on', async () => {
    const fake = fakeS3([{ name: 'fine' }, { name: 'theirs', denied: true }]);
    const results = await ensure(fake, ['gone', 'theirs', 'fine']);
    expect(results[2]).toMatchObject({ kind: 'ok', bucket: 'fine', changed: true });
    const messages = results.flatMap((result) =>
      result.kind === 'failed' ? describeFailure(result.error, false).messages : [],
    );
    expect(messages).toEqual([
      expect.stringMatching(
        /^Bucket gone does not exist \(NoSuchBucket.*\nCheck its name in versioned-buckets/,
      ),
      expect.stringMatching(
        /^Bucket theirs: access denied while reading the versioning state.*\nThe role needs s3:GetBucketVersioning and s3:PutBucketVersioning on arn:aws:s3:::theirs/,
      ),
    ]);
  });

  it.each<['header' | 'body']>([['header'], ['body']])(
    'follows a bucket into its own region when S3 names it (in the %s)',
    async (redirect) => {
      const fake = fakeS3([{ name: 'far', status: 'Suspended', region: 'us-east-2', redirect }]);
      const [result] = await ensure(fake, ['far']);
      expect(result).toMatchObject({
        kind: 'ok',
        before: 'Suspended',
        after: 'Enabled',
        region: 'us-east-2',
      });
      expect(stub(fake)).toHaveReceivedCommandTimes(GetBucketVersioningCommand, 1);
      expect(stub(fake)).toHaveReceivedCommandTimes(PutBucketVersioningCommand, 0);
      expect(stub(fake, 'us-east-2')).toHaveReceivedCommandTimes(GetBucketVersioningCommand, 1);
      expect(stub(fake, 'us-east-2')).toHaveReceivedCommandTimes(PutBucketVersioningCommand, 1);
    },
  );

  it('says that S3 kept throttling when its SlowDown outlasts the retries', async () => {
    const fake = fakeS3([{ name: 'busy' }]);
    stub(fake).on(GetBucketVersioningCommand).rejects(s3Error('SlowDown', 503));
    const [result] = await ensure(fake, ['busy']);
    expect(result?.kind === 'failed' && describeFailure(result.error, false).messages).toEqual([
      'Bucket busy: reading the versioning state failed: SlowDown: SlowDown from S3\nAWS kept throttling the calls after every retry. Try again, or raise AWS_MAX_ATTEMPTS.',
    ]);
  });

  it('explains a redirect that does not say where the bucket is', async () => {
    const fake = fakeS3([{ name: 'lost', region: 'us-east-2', redirect: 'none' }]);
    const [result] = await ensure(fake, ['lost']);
    expect(result?.kind === 'failed' && describeFailure(result.error, false).messages).toEqual([
      "Bucket lost is not in eu-west-1, and S3 did not say which region it is in.\nSet aws-region to the bucket's region, or use a separate step for buckets in other regions.",
    ]);
  });

  it('in a dry run, reads each state and changes nothing', async () => {
    const fake = fakeS3([{ name: 'never' }, { name: 'on', status: 'Enabled' }]);
    const results = await ensure(fake, ['never', 'on'], true);
    expect(stub(fake)).toHaveReceivedCommandTimes(PutBucketVersioningCommand, 0);
    expect(results).toEqual([
      expect.objectContaining({
        before: 'Unversioned',
        after: 'Unversioned',
        changed: false,
        wouldEnable: true,
      }),
      expect.objectContaining({
        before: 'Enabled',
        after: 'Enabled',
        changed: false,
        wouldEnable: false,
      }),
    ]);
  });
});
