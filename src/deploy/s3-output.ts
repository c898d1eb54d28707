// The whole output of an instance, from the S3 bucket SSM wrote it to (SSM's own API keeps only
// the first 24,000 characters of stdout and 8,000 of stderr).

import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export type Stream = 'stdout' | 'stderr';

/** The most of one stream kept for the log; beyond it only the end is kept, where failures show. */
export const S3_OUTPUT_MAX_CHARS = 1_000_000;

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

export type S3Read =
  | { readonly kind: 'found'; readonly text: string; readonly cut: boolean }
  | { readonly kind: 'missing' }
  | { readonly kind: 'failed'; readonly error: unknown };

export async function readOutput(s3: S3Client, bucket: string, key: string): Promise<S3Read> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = (await response.Body?.transformToString('utf8')) ?? '';
    return text.length > S3_OUTPUT_MAX_CHARS
      ? { kind: 'found', text: text.slice(text.length - S3_OUTPUT_MAX_CHARS), cut: true }
      : { kind: 'found', text, cut: false };
  } catch (error) {
    // SSM writes nothing for a stream that stayed empty.
    if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound'))
      return { kind: 'missing' };
    return { kind: 'failed', error };
  }
}
