// S3: make sure every bucket in `versioned-buckets` keeps every version of its objects. A bucket
// whose versioning is Enabled is left alone; one never versioned or Suspended is enabled. MFA
// delete is never touched: where it is on, changing versioning needs the root account's MFA
// device, so such a bucket is explained rather than changed.

import {
  GetBucketVersioningCommand,
  PutBucketVersioningCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import type { AwsClients } from './aws.js';
import { awsErrorFacts, describeAwsError, isAccessDenied, retryHint } from './aws-errors.js';
import { ActionError } from './errors.js';
import { REGION } from './names.js';

/** S3 says nothing about a bucket that was never versioned; this is its name in the output. */
export type VersioningState = 'Enabled' | 'Suspended' | 'Unversioned';

/** Buckets handled at once. */
export const DEFAULT_CONCURRENCY = 10;

export interface VersioningDeps {
  readonly clients: Pick<AwsClients, 's3'>;
  /** The action's region, which the buckets are looked up in first. */
  readonly region: string;
  /** Read each bucket's state and change nothing. */
  readonly dryRun: boolean;
  readonly concurrency?: number;
}

export type BucketResult =
  | {
      readonly kind: 'ok';
      readonly bucket: string;
      readonly before: VersioningState;
      readonly after: VersioningState;
      readonly changed: boolean;
      /** Where the bucket is, when that is not the action's region. */
      readonly region: string | undefined;
      /** Dry run: versioning would have been enabled. */
      readonly wouldEnable: boolean;
    }
  | { readonly kind: 'failed'; readonly bucket: string; readonly error: ActionError };

/** Each bucket's result, in the order given; a failure of one does not stop the others. */
export async function ensureVersioning(
  buckets: readonly string[],
  deps: VersioningDeps,
): Promise<BucketResult[]> {
  const limit = pLimit(deps.concurrency ?? DEFAULT_CONCURRENCY);
  return Promise.all(
    buckets.map((bucket) =>
      limit(() => ensureOne(bucket, deps)).catch((error: unknown): BucketResult => ({
        kind: 'failed',
        bucket,
        error: error instanceof ActionError ? error : bucketFailure(bucket, 'handling', error),
      })),
    ),
  );
}

async function ensureOne(bucket: string, deps: VersioningDeps): Promise<BucketResult> {
  const { client, region, state, mfaDelete } = await readState(bucket, deps);
  const result = { kind: 'ok' as const, bucket, before: state, region };
  if (state === 'Enabled') return { ...result, after: state, changed: false, wouldEnable: false };
  if (mfaDelete)
    throw new ActionError(
      `Bucket ${bucket}: versioning is ${state} and MFA delete is enabled, so versioning can only be changed with the bucket owner's root credentials and MFA device; ssm-deploy leaves it alone.`,
      {
        hint: `Have the account's root user run: aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "SERIAL CODE"`,
      },
    );
  if (deps.dryRun) return { ...result, after: state, changed: false, wouldEnable: true };
  try {
    // MFADelete is left out of the configuration, which leaves it as it is.
    await client.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
  } catch (error) {
    throw bucketFailure(bucket, 'enabling versioning', error);
  }
  return { ...result, after: 'Enabled', changed: true, wouldEnable: false };
}

interface ReadState {
  readonly client: S3Client;
  readonly region: string | undefined;
  readonly state: VersioningState;
  readonly mfaDelete: boolean;
}

/**
 * GetBucketVersioning in the action's region, and once more in the bucket's own region when S3
 * answers that the bucket lives elsewhere (a redirect naming its region).
 */
async function readState(bucket: string, deps: VersioningDeps): Promise<ReadState> {
  const read = async (region: string | undefined): Promise<ReadState> => {
    const client = deps.clients.s3(region ?? deps.region);
    const answer = await client.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    return {
      client,
      region,
      state:
        answer.Status === 'Enabled' || answer.Status === 'Suspended'
          ? answer.Status
          : 'Unversioned',
      mfaDelete: answer.MFADelete === 'Enabled',
    };
  };
  try {
    return await read(undefined);
  } catch (error) {
    const elsewhere = redirectRegion(error);
    if (elsewhere === undefined || elsewhere === deps.region) {
      if (isRedirect(error))
        throw new ActionError(
          `Bucket ${bucket} is not in ${deps.region}, and S3 did not say which region it is in.`,
          {
            hint: "Set aws-region to the bucket's region, or use a separate step for buckets in other regions.",
            cause: error,
          },
        );
      throw bucketFailure(bucket, 'reading the versioning state', error);
    }
    try {
      return await read(elsewhere);
    } catch (retried) {
      throw bucketFailure(bucket, `reading the versioning state in ${elsewhere}`, retried);
    }
  }
}

const REDIRECT_CODES = new Set([
  'PermanentRedirect',
  'AuthorizationHeaderMalformed',
  'IllegalLocationConstraintException',
]);

function isRedirect(error: unknown): boolean {
  const { code, status } = awsErrorFacts(error);
  return status === 301 || REDIRECT_CODES.has(code);
}

/** The region S3 names in a wrong-region answer: the x-amz-bucket-region header, or the body. */
function redirectRegion(error: unknown): string | undefined {
  if (!isRedirect(error) || typeof error !== 'object' || error === null) return undefined;
  const response = (error as { $response?: { headers?: Record<string, string | undefined> } })
    .$response;
  const header = response?.headers?.['x-amz-bucket-region'];
  const body = (error as { Region?: unknown }).Region;
  const region = header ?? (typeof body === 'string' ? body : undefined);
  return region !== undefined && REGION.test(region) ? region : undefined;
}

function bucketFailure(bucket: string, doing: string, error: unknown): ActionError {
  const { code, status } = awsErrorFacts(error);
  if (code === 'NoSuchBucket' || status === 404)
    return new ActionError(`Bucket ${bucket} does not exist (${describeAwsError(error)}).`, {
      hint: 'Check its name in versioned-buckets (bucket names are global), and that the bucket has been created.',
      cause: error,
    });
  if (isAccessDenied(code) || status === 403)
    return new ActionError(
      `Bucket ${bucket}: access denied while ${doing} (${describeAwsError(error)}).`,
      {
        hint: `The role needs s3:GetBucketVersioning and s3:PutBucketVersioning on arn:aws:s3:::${bucket}. If the bucket belongs to another account, its bucket policy must allow the role too.`,
        cause: error,
      },
    );
  return new ActionError(`Bucket ${bucket}: ${doing} failed: ${describeAwsError(error)}`, {
    hint: retryHint(error),
    cause: error,
  });
}
