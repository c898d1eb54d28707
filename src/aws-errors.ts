// Reading the AWS SDK's errors without trusting their shape: a service exception carries its code
// in `name`, its HTTP status in `$metadata`, and sometimes extra fields from the response.

import { knownHint } from './failure.js';

export interface AwsErrorFacts {
  /** The exception name (`ResourceNotFoundException`, `NoSuchBucket`, …) or `Error`. */
  readonly code: string;
  readonly message: string;
  readonly status: number | undefined;
}

export function awsErrorFacts(error: unknown): AwsErrorFacts {
  if (!(error instanceof Error))
    return { code: 'Error', message: String(error), status: undefined };
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata;
  const status = metadata?.httpStatusCode;
  return {
    code: error.name || 'Error',
    message: error.message,
    status: typeof status === 'number' ? status : undefined,
  };
}

/** `Code: message`, for a message that says what AWS answered. */
export function describeAwsError(error: unknown): string {
  const { code, message } = awsErrorFacts(error);
  return message && message !== code ? `${code}: ${message}` : code;
}

/**
 * Errors of the whole setup rather than of one secret or bucket: with no credentials every call
 * fails alike, and saying so once is enough.
 */
const SETUP_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredTokenException',
  'ExpiredToken',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
]);

export function isSetupError(error: unknown): boolean {
  return SETUP_ERRORS.has(awsErrorFacts(error).code);
}

/** Refusals for the rate, not for the request: nothing was carried out, and a later try may pass. */
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
]);

export function isThrottling(error: unknown): boolean {
  const { code, status } = awsErrorFacts(error);
  return THROTTLING.has(code) || status === 429;
}

/** Any other 4xx: AWS answered and refused the request itself, and will refuse it again. */
export function isRefusal(error: unknown): boolean {
  const { status } = awsErrorFacts(error);
  return status !== undefined && status >= 400 && status < 500 && !isThrottling(error);
}

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'Forbidden']);

export function isAccessDenied(code: string): boolean {
  return ACCESS_DENIED.has(code);
}

/**
 * What to do about a call that failed for a reason not of the item itself: the known hint for its
 * error (no credentials, expired token, …); for a request AWS refused, that trying again will not
 * help (the SDK retries none of those); or else that the SDK's retries ran out.
 */
export function retryHint(error: unknown): string {
  const { code, status } = awsErrorFacts(error);
  const known = knownHint(code);
  if (known !== undefined) return known;
  if (status !== undefined && isRefusal(error))
    return `AWS refused the request itself (HTTP ${status}), so running the job again as it is will fail the same way; the message says what it objects to.`;
  return 'The call kept failing after every retry. Check the region and the network, or raise AWS_MAX_ATTEMPTS, then run the job again.';
}
