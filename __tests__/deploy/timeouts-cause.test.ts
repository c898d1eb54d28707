// After SSM reports a delivery timeout, the reason says whether rate control could have caused
// it: SSM counts the delivery timeout from when the command was sent, and later waves wait.

import { describe, expect, it } from 'vitest';
import { deliveryTimeoutCause, deliveryTimeoutSeconds } from '../../src/deploy/timeouts.js';

describe('deliveryTimeoutCause', () => {
  it('eight instances at max-concurrency 2 (a tag fleet sent with 600 s): rate control could have', () => {
    expect(deliveryTimeoutCause(8, { maxConcurrency: '2', timeoutSeconds: 900 }, 600)).toBe(
      'Rate control could have caused it: 8 instances at max-concurrency 2 make 4 waves, each waiting for a place (up to timeout-seconds, 900 s, per wave), so the last may start up to 2700 s after sending, past the delivery timeout of 600 s.',
    );
  });

  it('waves that all start within the delivery timeout: rate control alone could not have', () => {
    expect(deliveryTimeoutCause(8, { maxConcurrency: '50%', timeoutSeconds: 60 }, 600)).toBe(
      'Rate control alone could not have: 8 instances at max-concurrency 50% make 2 waves, which start within 60 s, inside the delivery timeout of 600 s.',
    );
  });

  it('one wave: rate control did not hold it back', () => {
    expect(deliveryTimeoutCause(3, { maxConcurrency: '50', timeoutSeconds: 900 }, 600)).toBe(
      'Rate control did not hold it back: max-concurrency 50 lets all 3 instance(s) start at once.',
    );
  });
});

describe('deliveryTimeoutSeconds for a tag fleet', () => {
  const tags = {
    targets: { kind: 'tags', tags: [{ key: 'Role', values: ['web'] }] },
    maxConcurrency: '2',
    timeoutSeconds: 900,
  } as const;

  it('eight instances at max-concurrency 2: four waves, so three execution timeouts more than 600 s', () => {
    expect(deliveryTimeoutSeconds(tags, 8)).toBe(600 + 3 * 900);
  });

  it('the fleet unknown: a count says nothing, 600 s', () => {
    expect(deliveryTimeoutSeconds(tags)).toBe(600);
  });
});
