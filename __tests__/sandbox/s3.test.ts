// S3 through the real client, path-style: buckets, versioning (with its empty configuration for a
// bucket never configured), object versions, streamed (aws-chunked) uploads, listing versions,
// and buckets the caller may not touch or that live in another region.

import { Readable } from 'node:stream';
import {
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectVersionsCommand,
  NoSuchKey,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, clients, sandbox } from './helpers.js';

afterEach(cleanUp);

describe('buckets', () => {
  it('creates a bucket in its region, heads it, and refuses a second creation outside us-east-1', async () => {
    const sb = await sandbox({ region: 'eu-west-1' });
    const { s3 } = clients(sb);
    const created = await s3.send(
      new CreateBucketCommand({
        Bucket: 'logs-bucket',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    expect(created.Location).toBe('/logs-bucket');
    expect(await s3.send(new HeadBucketCommand({ Bucket: 'logs-bucket' }))).toMatchObject({
      BucketRegion: 'eu-west-1',
    });
    await expect(
      s3.send(
        new CreateBucketCommand({
          Bucket: 'logs-bucket',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      ),
    ).rejects.toBeInstanceOf(BucketAlreadyOwnedByYou);
    await expect(
      s3.send(
        new CreateBucketCommand({
          Bucket: 'elsewhere',
          CreateBucketConfiguration: { LocationConstraint: 'us-west-2' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'IllegalLocationConstraintException' });
    await expect(
      s3.send(
        new CreateBucketCommand({
          Bucket: 'Bad_Name',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidBucketName' });
  });

  it('refuses every call on a bucket seeded as access denied (403)', async () => {
    const sb = await sandbox({
      seed: { buckets: [{ name: 'locked-bucket', accessDenied: true }] },
    });
    const { s3 } = clients(sb);
    const error = await s3
      .send(new GetBucketVersioningCommand({ Bucket: 'locked-bucket' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3ServiceException);
    expect(error).toMatchObject({
      name: 'AccessDenied',
      message: 'Access Denied',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'locked-bucket' }))).rejects.toMatchObject(
      { $metadata: { httpStatusCode: 403 } },
    );
    sb.setBucketAccessDenied('locked-bucket', false);
    await s3.send(new HeadBucketCommand({ Bucket: 'locked-bucket' }));
  });

  it('answers a request signed for the wrong region with AuthorizationHeaderMalformed', async () => {
    const sb = await sandbox({ seed: { buckets: [{ name: 'eu-bucket', region: 'eu-west-1' }] } });
    const { s3 } = clients(sb);
    await expect(
      s3.send(new GetBucketVersioningCommand({ Bucket: 'eu-bucket' })),
    ).rejects.toMatchObject({
      name: 'AuthorizationHeaderMalformed',
      Region: 'eu-west-1',
    });
    const eu = clients(sb, { region: 'eu-west-1' }).s3;
    await eu.send(new GetBucketVersioningCommand({ Bucket: 'eu-bucket' }));
  });
});

describe('versioning', () => {
  it('is an empty configuration until set; Enabled, then Suspended; MFADelete left alone', async () => {
    const sb = await sandbox({
      seed: {
        buckets: [
          { name: 'site-assets' },
          { name: 'mfa-bucket', versioning: 'Enabled', mfaDelete: 'Enabled' },
        ],
      },
    });
    const { s3 } = clients(sb);
    const before = await s3.send(new GetBucketVersioningCommand({ Bucket: 'site-assets' }));
    expect(before.Status).toBeUndefined();
    expect(before.MFADelete).toBeUndefined();
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'site-assets',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'site-assets' }))).Status).toBe(
      'Enabled',
    );
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'site-assets',
        VersioningConfiguration: { Status: 'Suspended' },
      }),
    );
    expect(sb.bucketVersioning('site-assets')).toBe('Suspended');

    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'mfa-bucket',
        VersioningConfiguration: { Status: 'Suspended' },
      }),
    );
    expect(await s3.send(new GetBucketVersioningCommand({ Bucket: 'mfa-bucket' }))).toMatchObject({
      Status: 'Suspended',
      MFADelete: 'Enabled',
    });
    await expect(
      s3.send(
        new PutBucketVersioningCommand({
          Bucket: 'mfa-bucket',
          VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Disabled' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('answers the empty configuration as S3 does on the wire', async () => {
    const sb = await sandbox({ seed: { buckets: [{ name: 'raw-bucket' }] } });
    const { s3 } = clients(sb);
    let raw = '';
    s3.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const body = (result.response as { body?: Readable }).body;
        if (body) {
          const chunks: Buffer[] = [];
          for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
          raw = Buffer.concat(chunks).toString();
          (result.response as { body?: Readable }).body = Readable.from([Buffer.from(raw)]);
        }
        return result;
      },
      { step: 'deserialize', name: 'captureBody' },
    );
    await s3.send(new GetBucketVersioningCommand({ Bucket: 'raw-bucket' }));
    expect(raw).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>',
    );
  });

  it('refuses a malformed versioning document', async () => {
    const sb = await sandbox({ seed: { buckets: [{ name: 'strict-bucket' }] } });
    const { s3 } = clients(sb);
    await expect(
      s3.send(
        new PutBucketVersioningCommand({
          Bucket: 'strict-bucket',
          VersioningConfiguration: { Status: 'On' as 'Enabled' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'MalformedXML' });
  });
});

describe('objects', () => {
  it('gets a version id when versioning is on, and the null version otherwise', async () => {
    const sb = await sandbox({
      seed: {
        buckets: [{ name: 'plain-bucket' }, { name: 'versioned-bucket', versioning: 'Enabled' }],
      },
    });
    const { s3 } = clients(sb);
    const plain = await s3.send(
      new PutObjectCommand({ Bucket: 'plain-bucket', Key: 'k', Body: 'one' }),
    );
    expect(plain.VersionId).toBeUndefined();
    expect(plain.ETag).toBe('"f97c5d29941bfb1b2fdab0874906ab82"');
    const first = await s3.send(
      new PutObjectCommand({ Bucket: 'versioned-bucket', Key: 'dir/file.txt', Body: 'v1' }),
    );
    const second = await s3.send(
      new PutObjectCommand({ Bucket: 'versioned-bucket', Key: 'dir/file.txt', Body: 'v2' }),
    );
    expect(first.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(second.VersionId).not.toBe(first.VersionId);
    const latest = await s3.send(
      new GetObjectCommand({ Bucket: 'versioned-bucket', Key: 'dir/file.txt' }),
    );
    expect(await latest.Body?.transformToString()).toBe('v2');
    const older = await s3.send(
      new GetObjectCommand({
        Bucket: 'versioned-bucket',
        Key: 'dir/file.txt',
        VersionId: first.VersionId,
      }),
    );
    expect(await older.Body?.transformToString()).toBe('v1');
    await expect(
      s3.send(new GetObjectCommand({ Bucket: 'versioned-bucket', Key: 'nope' })),
    ).rejects.toBeInstanceOf(NoSuchKey);
  });

  it('accepts a streamed upload of unknown length (aws-chunked)', async () => {
    const sb = await sandbox({ seed: { buckets: [{ name: 'stream-bucket' }] } });
    const { s3 } = clients(sb);
    let encoding: unknown;
    s3.middlewareStack.add(
      (next) => async (args) => {
        encoding = (args.request as { headers: Record<string, string> }).headers[
          'content-encoding'
        ];
        return next(args);
      },
      { step: 'finalizeRequest', name: 'captureEncoding' },
    );
    const body = Readable.from([Buffer.from('hello '), Buffer.from('streamed world')]);
    await s3.send(
      new PutObjectCommand({
        Bucket: 'stream-bucket',
        Key: 's.txt',
        Body: body,
        ContentLength: 20,
      }),
    );
    expect(encoding).toBe('aws-chunked');
    expect(sb.getObject('stream-bucket', 's.txt')?.body.toString()).toBe('hello streamed world');
  });

  it('lists versions newest first, paginated with key and version markers', async () => {
    const sb = await sandbox({ seed: { buckets: [{ name: 'history', versioning: 'Enabled' }] } });
    const { s3 } = clients(sb);
    for (const body of ['a1', 'a2', 'a3'])
      await s3.send(new PutObjectCommand({ Bucket: 'history', Key: 'a', Body: body }));
    await s3.send(new PutObjectCommand({ Bucket: 'history', Key: 'b', Body: 'b1' }));
    const seen: [string, boolean][] = [];
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    for (;;) {
      const page = await s3.send(
        new ListObjectVersionsCommand({
          Bucket: 'history',
          MaxKeys: 3,
          KeyMarker: keyMarker,
          VersionIdMarker: versionMarker,
        }),
      );
      seen.push(
        ...(page.Versions ?? []).map((v): [string, boolean] => [v.Key ?? '', v.IsLatest ?? false]),
      );
      if (!page.IsTruncated) break;
      keyMarker = page.NextKeyMarker;
      versionMarker = page.NextVersionIdMarker;
    }
    expect(seen).toEqual([
      ['a', true],
      ['a', false],
      ['a', false],
      ['b', true],
    ]);
  });
});

describe('ranges and the expected bucket owner, as S3 answers them', () => {
  const body = Buffer.from('0123456789');
  const get = async (range: string | undefined, key = 'k') => {
    const sb = await sandbox({
      seed: { buckets: [{ name: 'ranges', objects: { k: '0123456789', empty: '' } }] },
    });
    const { s3 } = clients(sb);
    const answer = await s3.send(
      new GetObjectCommand({
        Bucket: 'ranges',
        Key: key,
        ...(range === undefined ? {} : { Range: range }),
      }),
    );
    return {
      text: (await answer.Body?.transformToString()) ?? '',
      contentRange: answer.ContentRange,
      length: answer.ContentLength,
    };
  };

  it.each([
    ['bytes=-4', '6789', 'bytes 6-9/10'],
    ['bytes=-100', '0123456789', 'bytes 0-9/10'],
    ['bytes=2-4', '234', 'bytes 2-4/10'],
    ['bytes=7-', '789', 'bytes 7-9/10'],
    ['bytes=8-100', '89', 'bytes 8-9/10'],
  ])('Range %s: 206 with %s and Content-Range %s', async (range, text, contentRange) => {
    await expect(get(range)).resolves.toEqual({ text, contentRange, length: text.length });
  });

  it('answers the whole object to a Range it does not read as one byte range', async () => {
    await expect(get('bytes=0-1,4-5')).resolves.toMatchObject({
      text: body.toString(),
      contentRange: undefined,
    });
  });

  it('answers an empty object whole to a suffix range, and refuses other ranges of it', async () => {
    await expect(get('bytes=-10', 'empty')).resolves.toMatchObject({
      text: '',
      contentRange: undefined,
    });
    await expect(get('bytes=0-', 'empty')).rejects.toMatchObject({
      name: 'InvalidRange',
      $metadata: { httpStatusCode: 416 },
    });
  });

  it('refuses a range that starts past the end (416 InvalidRange)', async () => {
    await expect(get('bytes=10-')).rejects.toMatchObject({
      name: 'InvalidRange',
      $metadata: { httpStatusCode: 416 },
    });
  });

  it('refuses with 403 a request whose expected bucket owner is another account', async () => {
    const sb = await sandbox({
      accountId: '111122223333',
      seed: {
        buckets: [
          { name: 'ours', objects: { k: 'x' } },
          { name: 'theirs', owner: '999988887777', objects: { k: 'x' } },
        ],
      },
    });
    const { s3 } = clients(sb);
    await expect(
      s3.send(new HeadBucketCommand({ Bucket: 'ours', ExpectedBucketOwner: '111122223333' })),
    ).resolves.toBeDefined();
    await expect(
      s3.send(
        new GetObjectCommand({ Bucket: 'ours', Key: 'k', ExpectedBucketOwner: '111122223333' }),
      ),
    ).resolves.toBeDefined();
    await expect(
      s3.send(new HeadBucketCommand({ Bucket: 'theirs', ExpectedBucketOwner: '111122223333' })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    await expect(
      s3.send(
        new GetObjectCommand({ Bucket: 'theirs', Key: 'k', ExpectedBucketOwner: '111122223333' }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    // Without the header the other account's bucket answers (as one that allows this caller would).
    await expect(
      s3.send(new GetObjectCommand({ Bucket: 'theirs', Key: 'k' })),
    ).resolves.toBeDefined();
  });
});
