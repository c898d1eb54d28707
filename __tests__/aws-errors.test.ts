import { SSMServiceException } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { retryHint } from '../src/aws-errors.js';

const serviceError = (name: string, status: number, fault: 'client' | 'server' = 'client') =>
  new SSMServiceException({
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status },
    message: `${name} said so`,
  });

const RETRIES_RAN_OUT = /after every retry/;

describe('retryHint', () => {
  it('a request AWS refused (a 4xx that is not throttling) is not said to have been retried', () => {
    for (const error of [
      serviceError('ValidationException', 400),
      serviceError('ResourceNotFoundException', 400),
      serviceError('NoSuchKey', 404),
    ]) {
      const hint = retryHint(error);
      expect(hint).not.toMatch(RETRIES_RAN_OUT);
      expect(hint).toBe(
        `AWS refused the request itself (HTTP ${String(error.$metadata.httpStatusCode)}), so running the job again as it is will fail the same way; the message says what it objects to.`,
      );
    }
  });

  it('throttling, server errors and network failures are what the SDK retries: their retries ran out', () => {
    for (const error of [
      serviceError('ThrottlingException', 400),
      serviceError('TooManyRequestsException', 429),
      serviceError('InternalServerError', 500, 'server'),
      serviceError('ServiceUnavailable', 503, 'server'),
      new Error('connect ECONNREFUSED 127.0.0.1:9'),
    ])
      expect(retryHint(error)).toMatch(RETRIES_RAN_OUT);
  });
});
