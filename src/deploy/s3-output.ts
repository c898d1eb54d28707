// The output of an instance from the S3 bucket SSM wrote it to (SSM's own API keeps only the first
// 24,000 characters of stdout and 8,000 of stderr). Whoever may write the bucket may rewrite or
// grow the object, so the bucket must be this account's (ExpectedBucketOwner, checked before the
// command is sent and again on every read), only the end of each object is asked for (a Range
// request) and no more than that is ever read, and the text is shown, never believed: the
// commits an instance reports come from SSM's own copy (see collect.ts).

import { GetObjectCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { ActionError } from '../errors.js';
import { describeError } from './status.js';

export type Stream = 'stdout' | 'stderr';

/** The most of one stream read back: beyond it only the end is kept, where failures show. */
export const S3_TAIL_BYTES = 1024 * 1024;
/** All reads of one deploy together stay within this… */
export const S3_TOTAL_BYTES = 32 * 1024 * 1024;
/** …by reading less of each stream when there are many, but never less than this. */
export const S3_MIN_TAIL_BYTES = 16 * 1024;

/** How much of each of `streams` objects to read, so that a fleet's failures stay bounded too. */
export function tailBytes(streams: number): number {
  const share = Math.floor(S3_TOTAL_BYTES / Math.max(1, streams));
  return Math.max(S3_MIN_TAIL_BYTES, Math.min(S3_TAIL_BYTES, share));
}

/**
 * Where SSM puts one stream of an AWS-RunShellScript invocation:
 * `<prefix>/<command id>/<instance id>/awsrunShellScript/0.awsrunShellScript/<stream>`
 * (the plugin's name, then the index and name of its step).
 */
export function outputKey(
  keyPrefix: string | undefined,
  commandId: string,
  instanceId: string,
  stream: Stream,
): string {
  const prefix = (keyPrefix ?? '').replace(/\/+$/, '');
  const path = `${commandId}/${instanceId}/awsrunShellScript/0.awsrunShellScript/${stream}`;
  return prefix === '' ? path : `${prefix}/${path}`;
}

/**
 * Before anything is sent: the output bucket belongs to `account` (the caller's own). S3 answers
 * 403 to a HeadBucket whose ExpectedBucketOwner is not the owner, as it does when the role may not
 * list the bucket; both stop the deploy here, before the output goes where it should not.
 */
export async function checkOutputBucket(
  s3: S3Client,
  bucket: string,
  account: string,
): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: account }));
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 403)
      throw new ActionError(
        `output-s3-bucket ${bucket} does not belong to this account (${account}), or the role may not use it; nothing was sent.`,
        {
          cause: error,
          hint: 'Name a bucket of this account; the role needs s3:ListBucket on it (see the README policy, CheckTheOutputBucketIsThisAccounts).',
        },
      );
    if (status === 404 || (error instanceof Error && error.name === 'NotFound'))
      throw new ActionError(`output-s3-bucket ${bucket} does not exist; nothing was sent.`, {
        cause: error,
      });
    throw new ActionError(`Could not check output-s3-bucket ${bucket}: ${describeError(error)}`, {
      cause: error,
    });
  }
}

export type S3Read =
  /** `cut`: the object is longer than what was read, which is its end. */
  | { readonly kind: 'found'; readonly text: string; readonly cut: boolean }
  | { readonly kind: 'missing' }
  | { readonly kind: 'failed'; readonly error: unknown };

export interface TailRequest {
  readonly bucket: string;
  readonly key: string;
  /** The account that must own the bucket. */
  readonly owner: string;
  readonly maxBytes: number;
}

/** The last `maxBytes` bytes of an object, never more, whatever S3 (or a stand-in) answers. */
export async function readOutputTail(s3: S3Client, request: TailRequest): Promise<S3Read> {
  try {
    const response = await s3.send(
      new GetObjectCommand({
        Bucket: request.bucket,
        Key: request.key,
        ExpectedBucketOwner: request.owner,
        Range: `bytes=-${request.maxBytes}`,
      }),
    );
    const body = response.Body as AsyncIterable<Uint8Array> | undefined;
    const range = /^bytes (\d+)-\d+\/\d+$/.exec(response.ContentRange ?? '');
    // A 200 is the whole object: S3 answers one to a suffix range only for an empty object.
    if (range === null && (response.ContentLength ?? 0) > request.maxBytes) {
      await discard(body);
      return { kind: 'failed', error: notHonoured(response.ContentLength ?? 0) };
    }
    const bytes = await readAtMost(body, request.maxBytes);
    if (bytes === undefined) return { kind: 'failed', error: notHonoured(undefined) };
    const cut = range !== null && Number(range[1]) > 0;
    return { kind: 'found', text: decodeTail(bytes, cut), cut };
  } catch (error) {
    // SSM writes nothing for a stream that stayed empty.
    if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound'))
      return { kind: 'missing' };
    return { kind: 'failed', error };
  }
}

function notHonoured(length: number | undefined): Error {
  return new Error(
    `S3 answered more than the end of the object that was asked for${length === undefined ? '' : ` (${length} bytes)`}, so it was not read`,
  );
}

/** The body, or undefined as soon as it is longer than `max` (the rest is never read). */
async function readAtMost(
  body: AsyncIterable<Uint8Array> | undefined,
  max: number,
): Promise<Buffer | undefined> {
  if (body === undefined) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early ends the stream (the iterator's return destroys it).
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

async function discard(body: AsyncIterable<Uint8Array> | undefined): Promise<void> {
  if (body === undefined) return;
  const iterator = body[Symbol.asyncIterator]();
  await iterator.return?.();
}

/** UTF-8 text of the end of an object: a character cut at the start is dropped, not garbled. */
function decodeTail(bytes: Buffer, cut: boolean): string {
  let start = 0;
  // Continuation bytes are 10xxxxxx; a character is at most 4 bytes long.
  if (cut)
    while (start < 3 && start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80) start++;
  return bytes.subarray(start).toString('utf8');
}
