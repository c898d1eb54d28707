// A whole run (secrets, a SecureString parameter, a bucket's versioning, a deploy to two instances)
// against a sandbox that throttles 30% of calls, resets the connection of 10%, answers every call
// 200 ms late and does not know a command's invocations for 5 s after accepting it. The deploy must
// still succeed with the right outputs, and the SDK's retries must back off rather than burst.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../sandbox/index.js';
import { seededRandom } from '../sandbox/helpers.js';
import { runAction, type ActionRun } from '../../sandbox/runner/index.js';
import {
  BUCKET,
  SECRET_INPUTS,
  WORKING_DIRECTORY,
  assertNothingLeaked,
  assertNothingRunning,
  createWorld,
  git,
  groupBy,
  githubContext,
  type World,
} from './fixture.js';

const LATENCY_MS = 200;

/**
 * At most this many retries of one operation arrive within any one second.
 *
 * Attempts at one call are sequential: the SDK sends attempt k+1 only once attempt k has been
 * answered (never sooner than the sandbox's 200 ms latency, which delays faults too) and a backoff
 * has passed. The backoff (@smithy/core util-retry) is "full jitter": uniform in
 * [0, min(20 s, base·2^(k-1))), with base 1 s after a throttling error and 50 ms after a transient
 * one such as a reset; in adaptive mode, which the action uses, each attempt also waits for a token
 * from a rate limiter whose rate drops to 70% of the measured one after every throttle. So one
 * operation's attempts are at least 200 ms apart, and a fifth retry inside one second would need
 * the four backoffs before it to add up to less than 200 ms: for the shortest possible ones (a run
 * of resets: [0, 100), [0, 200), [0, 400), [0, 800) ms) that has a chance under 1%, and only a call
 * that fails five times in a row (0.4^5, about 1%) gets that far. A client that retried at once,
 * as a naive loop would, shows five retries a second whenever a call keeps failing.
 *
 * The action never runs two calls of one operation at once, so the bound holds per operation, not
 * only per call.
 */
const MAX_RETRIES_PER_SECOND = 4;

interface InstanceResultOutput {
  readonly instanceId: string;
  readonly status: string;
  readonly responseCode: number;
  readonly previousSha: string | null;
  readonly deployedSha: string | null;
  readonly rolledBack: boolean;
  readonly healthy: boolean | null;
}

describe('a full run on a hostile network', () => {
  let world: World | undefined;
  let run: ActionRun;
  let calls: readonly CallRecord[];

  beforeAll(async () => {
    world = await createWorld({
      settings: {
        throttleRate: 0.3,
        resetRate: 0.1,
        latencyMs: LATENCY_MS,
        invocationDoesNotExistMs: 5_000,
      },
      // Seeded so that every run meets faults early: with this seed the first eight calls, which
      // every run makes, draw three throttles and two resets. Which call gets which depends on the
      // order they arrive in; the rest of the run draws from the same 30% / 10%.
      random: seededRandom(10),
    });
    run = await runAction({
      inputs: world.deployInputs({ ...SECRET_INPUTS, 'versioned-buckets': BUCKET }),
      env: world.env(),
      github: githubContext(world),
      jobSecrets: world.jobSecrets,
      // Debug lines too are shown, and scanned for secrets.
      stepDebug: true,
      timeoutMs: 90_000,
    });
    calls = world.sandbox.calls();
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  const the = (): World => {
    if (world === undefined) throw new Error('the world was not created');
    return world;
  };

  it('deploys, with every output right', () => {
    const { instanceIds, oldSha, sha, secrets, sandbox, instances } = the();
    expect(run.exitCode, run.maskedLog).toBe(0);
    expect(run.outcome).toBe('success');
    expect(run.annotations.filter((a) => a.level !== 'notice')).toEqual([]);

    const [command, ...others] = sandbox.commandHistory();
    expect(others).toEqual([]);
    expect(command?.status).toBe('Success');
    expect(run.outputs['command-id']).toBe(command?.commandId);
    expect(run.outputs.status).toBe('Success');
    expect(run.outputs['deployed-sha']).toBe(sha);
    const results = JSON.parse(run.outputs.results ?? '[]') as InstanceResultOutput[];
    expect(results.map((r) => r.instanceId).sort()).toEqual([...instanceIds].sort());
    for (const result of results)
      expect(result).toMatchObject({
        status: 'Success',
        responseCode: 0,
        previousSha: oldSha,
        deployedSha: sha,
        rolledBack: false,
        healthy: null,
      });
    for (const instance of instances)
      expect(git(instance.path(WORKING_DIRECTORY), 'rev-parse', 'HEAD')).toBe(sha);

    expect(JSON.parse(run.outputs.versioning ?? '')).toEqual([
      { bucket: BUCKET, before: 'Unversioned', after: 'Enabled', changed: true },
    ]);
    expect(sandbox.bucketVersioning(BUCKET)).toBe('Enabled');

    expect(run.outputs.APP_DB_PASSWORD).toBe(secrets.json.db_password);
    expect(run.outputs.APP_API_KEY).toBe(secrets.json.api_key);
    expect(run.outputs.APP_NESTED_TOKEN).toBe(secrets.json.nested.token);
    expect(run.outputs.KEY).toBe(secrets.key);
    expect(run.outputs.TOKEN).toBe(secrets.token);
    const manifest = JSON.parse(run.outputs['secrets-manifest'] ?? '') as {
      secrets: { alias: string }[];
      parameters: { alias: string }[];
    };
    expect(manifest.secrets.map((s) => s.alias).sort()).toEqual(['APP', 'KEY']);
    expect(manifest.parameters.map((p) => p.alias)).toEqual(['TOKEN']);
  });

  it('leaks no secret and leaves nothing running', async () => {
    assertNothingLeaked(run, the());
    await assertNothingRunning(the());
  });

  it('rode out the faults: retries in the call log, each after the previous attempt was answered', () => {
    const retries = calls.filter((c) => (c.attempt ?? 1) > 1);
    expect(calls.some((c) => c.fault === 'throttle')).toBe(true);
    expect(retries.length).toBeGreaterThan(0);
    // One SendCommand reached SSM however many attempts it took: no deploy ran twice.
    expect(calls.filter((c) => c.operation === 'SendCommand' && c.status === 200)).toHaveLength(1);

    const byCall = groupBy(calls, (c) => c.invocationId ?? `seq ${c.seq}`);
    for (const [id, attempts] of byCall) {
      expect(
        attempts.map((a) => a.attempt),
        `attempts of call ${id}`,
      ).toEqual(attempts.map((_, index) => index + 1));
      attempts.slice(1).forEach((next, index) => {
        const previous = attempts[index];
        if (previous === undefined) return;
        // Only a throttle, a reset or a server error is retried.
        expect(previous.fault !== undefined || previous.status >= 500, `call ${id}`).toBe(true);
        expect(next.time, `call ${id}: a retry sent before the answer`).toBeGreaterThanOrEqual(
          previous.time + previous.durationMs,
        );
      });
      // The call got through in the end (the run succeeded). SendCommand is the exception: it is
      // made without the SDK's retries, and a throttled one is sent again by the action as a new
      // call (the one that reached SSM is counted above).
      if (attempts[0]?.operation !== 'SendCommand')
        expect(attempts.at(-1)?.fault, `call ${id}`).toBeUndefined();
    }
  });

  it(`never has more than ${MAX_RETRIES_PER_SECOND} retries of one operation inside one second`, () => {
    for (const [operation, ofOperation] of groupBy(calls, (c) => c.operation)) {
      const retryTimes = ofOperation.filter((c) => (c.attempt ?? 1) > 1).map((c) => c.time);
      retryTimes.forEach((start, index) => {
        const inWindow = retryTimes.slice(index).filter((time) => time < start + 1000).length;
        expect(inWindow, `${operation} retries from ${start}`).toBeLessThanOrEqual(
          MAX_RETRIES_PER_SECOND,
        );
      });
    }
  });
});
