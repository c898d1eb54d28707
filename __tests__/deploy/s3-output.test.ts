// Reading an instance's output from S3, bounded whatever answers: a Range for the end, never more
// bytes read than asked for even from an endpoint that ignores the Range, and the bucket checked to
// be this account's before anything is sent.

import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadBucketCommand,
  S3Client,
  S3ServiceException,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { ActionError } from '../../src/errors.js';
import {
  S3_MIN_TAIL_BYTES,
  S3_TAIL_BYTES,
  S3_TOTAL_BYTES,
  checkOutputBucket,
  readOutputTail,
  tailBytes,
} from '../../src/deploy/s3-output.js';

const client = new S3Client({ region: 'eu-west-1' });
const s3 = mockClient(client);
beforeEach(() => s3.reset());

const REQUEST = { bucket: 'logs', key: 'k', owner: '123456789012', maxBytes: 1000 };

/** A body of `total` bytes made as it is read, counting what was pulled from it. */
function endless(total: number): {
  body: NonNullable<GetObjectCommandOutput['Body']>;
  read: () => number;
} {
  let read = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x78);
  const stream = Readable.from(
    (function* () {
      while (read < total) {
        read += chunk.length;
        yield chunk;
      }
    })(),
  );
  return {
    body: stream as unknown as NonNullable<GetObjectCommandOutput['Body']>,
    read: () => read,
  };
}

describe('readOutputTail', () => {
  it('asks for the end of the object, from a bucket of this account', async () => {
    s3.on(GetObjectCommand).resolves({
      Body: Readable.from([Buffer.from('the end\n')]) as never,
      ContentRange: 'bytes 5000-5007/5008',
      ContentLength: 8,
    });
    await expect(readOutputTail(client, REQUEST)).resolves.toEqual({
      kind: 'found',
      text: 'the end\n',
      cut: true,
    });
    expect(s3).toHaveReceivedCommandExactlyOnceWith(GetObjectCommand, {
      Bucket: 'logs',
      Key: 'k',
      Range: 'bytes=-1000',
      ExpectedBucketOwner: '123456789012',
    });
  });

  it('is not cut when the range covers the whole object', async () => {
    s3.on(GetObjectCommand).resolves({
      Body: Readable.from([Buffer.from('all of it')]) as never,
      ContentRange: 'bytes 0-8/9',
    });
    await expect(readOutputTail(client, REQUEST)).resolves.toMatchObject({ cut: false });
  });

  it('drops a character the range cut in half rather than garbling it', async () => {
    // "é" is c3 a9: a range that starts on a9 leaves half a character.
    s3.on(GetObjectCommand).resolves({
      Body: Readable.from([Buffer.from([0xa9, 0x21])]) as never,
      ContentRange: 'bytes 1-2/3',
    });
    await expect(readOutputTail(client, REQUEST)).resolves.toMatchObject({ text: '!' });
  });

  it('never reads a 200 MiB object whole from an endpoint that ignores the Range', async () => {
    const huge = endless(200 * 1024 * 1024);
    s3.on(GetObjectCommand).resolves({ Body: huge.body, ContentLength: 200 * 1024 * 1024 });
    const answer = await readOutputTail(client, REQUEST);
    expect(answer).toMatchObject({ kind: 'failed' });
    expect(String((answer as { error: unknown }).error)).toContain('was not read');
    expect(huge.read()).toBeLessThanOrEqual(128 * 1024);
  });

  it('stops reading a body longer than it asked for, whatever the headers say', async () => {
    const huge = endless(200 * 1024 * 1024);
    s3.on(GetObjectCommand).resolves({ Body: huge.body, ContentRange: 'bytes 0-999/1000' });
    await expect(readOutputTail(client, REQUEST)).resolves.toMatchObject({ kind: 'failed' });
    expect(huge.read()).toBeLessThanOrEqual(128 * 1024);
  });

  it('reports a stream SSM wrote no object for as missing', async () => {
    s3.on(GetObjectCommand).rejects(
      new S3ServiceException({ name: 'NoSuchKey', $fault: 'client', $metadata: {} }),
    );
    await expect(readOutputTail(client, REQUEST)).resolves.toEqual({ kind: 'missing' });
  });
});

describe('tailBytes', () => {
  it('reads 1 MiB of each stream of a few instances, and keeps a fleet within the total', () => {
    expect(tailBytes(2)).toBe(S3_TAIL_BYTES);
    expect(tailBytes(200) * 200).toBeLessThanOrEqual(S3_TOTAL_BYTES);
    expect(tailBytes(100_000)).toBe(S3_MIN_TAIL_BYTES);
  });
});

describe('checkOutputBucket', () => {
  const denied = new S3ServiceException({
    name: '403',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
  });

  it('asks S3 with this account as the expected owner', async () => {
    s3.on(HeadBucketCommand).resolves({});
    await checkOutputBucket(client, 'logs', '123456789012');
    expect(s3).toHaveReceivedCommandExactlyOnceWith(HeadBucketCommand, {
      Bucket: 'logs',
      ExpectedBucketOwner: '123456789012',
    });
  });

  it("refuses another account's bucket, naming the input and the account", async () => {
    s3.on(HeadBucketCommand).rejects(denied);
    const error = await checkOutputBucket(client, 'logs', '123456789012').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).message).toBe(
      'output-s3-bucket logs does not belong to this account (123456789012), or the role may not use it; nothing was sent.',
    );
  });
});
