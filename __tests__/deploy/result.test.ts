import { describe, expect, it } from 'vitest';
import type { GitRef } from '../../src/config.js';
import { EXIT, markerPrefix } from '../../src/deploy/protocol.js';
import {
  interpret,
  parseMarkers,
  tail,
  withoutMarkers,
  type InvocationState,
  type ResultContext,
} from '../../src/deploy/result.js';

const NONCE = 'abcdef012345';
const M = markerPrefix(NONCE);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('parseMarkers', () => {
  it('reads every marker of this deploy', () => {
    const text = [
      `${M}before=${A}`,
      `${M}target=${B}`,
      `${M}deployed=${B}`,
      `${M}stage=script`,
      'deploy output',
      `${M}script-exit=3`,
      `${M}stage=rollback`,
      `${M}rolled-back=${A}`,
      `${M}rollback-exit=0`,
      `${M}exit=220`,
    ].join('\n');
    expect(parseMarkers(text, NONCE)).toEqual({
      before: A,
      target: B,
      deployed: B,
      stage: 'rollback',
      scriptExit: 3,
      rolledBack: A,
      rollbackExit: 0,
      exit: 220,
    });
  });

  it('reads `before=none` as a checkout without a commit', () => {
    expect(parseMarkers(`${M}before=none`, NONCE)).toEqual({ before: null });
  });

  it('is strict: another nonce, a malformed value, an unknown key or any change of form is output', () => {
    const text = [
      `[ssm-deploy:000000000000] before=${A}`,
      `${M}target=${A.slice(1)}`,
      `${M}deployed=${A.toUpperCase()}`,
      `${M}colour=blue`,
      ` ${M}exit=0`,
      `${M}exit =0`,
      `${M}exit=0 `,
      `${M}script-exit=-1`,
      `${M}script-exit=0x1`,
      `${M}stage=deploy`,
      `echo ${M}exit=0`,
    ].join('\n');
    expect(parseMarkers(text, NONCE)).toEqual({});
  });

  it('takes the first of a marker printed on both streams, and accepts CRLF line ends', () => {
    expect(parseMarkers(`${M}exit=3\r\n${M}exit=4\n`, NONCE)).toEqual({ exit: 3 });
  });

  it('still has the early markers when SSM cut the output after a chatty deploy-script', () => {
    const full = [
      `${M}before=${A}`,
      `${M}target=${B}`,
      `${M}deployed=${B}`,
      `${M}stage=script`,
      'x'.repeat(30_000),
      `${M}script-exit=0`,
      `${M}exit=0`,
    ].join('\n');
    const cut = `${full.slice(0, 24_000)}\n---Output truncated---`;
    expect(parseMarkers(cut, NONCE)).toEqual({
      before: A,
      target: B,
      deployed: B,
      stage: 'script',
    });
  });
});

describe('tail and withoutMarkers', () => {
  it('drops marker lines and keeps the last lines, at most so many characters', () => {
    const text = [
      `${M}before=${A}`,
      ...Array.from({ length: 30 }, (_, i) => `line ${i}`),
      `${M}exit=0`,
      '',
    ].join('\n');
    expect(withoutMarkers(`${M}exit=0\nkept`, NONCE)).toBe('kept');
    expect(tail(text, NONCE, 3)).toBe('line 27\nline 28\nline 29');
    expect(tail('y'.repeat(5000), NONCE, 20, 100)).toBe(`…${'y'.repeat(99)}`);
  });
});

const BRANCH: ResultContext = {
  ref: { kind: 'name', name: 'main' },
  gitPull: true,
  rollbackOnFailure: false,
  timeoutSeconds: 900,
  healthCheck: undefined,
};
const failed = (code: number): InvocationState => ({
  status: 'Failed',
  statusDetails: 'Failed',
  responseCode: code,
});

describe('interpret', () => {
  it('success: the deployed commit from the marker', () => {
    expect(
      interpret(
        { status: 'Success', statusDetails: 'Success', responseCode: 0 },
        { before: A, deployed: B },
        BRANCH,
      ),
    ).toEqual({
      success: true,
      reason: undefined,
      previousSha: A,
      deployedSha: B,
      rolledBack: false,
      healthy: null,
    });
  });

  it('success with the markers lost: a sha ref is what was verified; a branch is unknown', () => {
    const ok: InvocationState = { status: 'Success', statusDetails: 'Success', responseCode: 0 };
    const sha: GitRef = { kind: 'sha', sha: C };
    expect(interpret(ok, {}, { ...BRANCH, ref: sha }).deployedSha).toBe(C);
    expect(interpret(ok, {}, BRANCH).deployedSha).toBeNull();
    expect(interpret(ok, {}, { ...BRANCH, ref: sha, gitPull: false }).deployedSha).toBeNull();
  });

  it.each([
    [EXIT.workingDirectoryMissing, /working-directory does not exist/],
    [EXIT.notACheckout, /not a git checkout/],
    [EXIT.deployScriptMissing, /deploy-script is missing or not executable/],
    [EXIT.trackedFilesModified, /tracked files were changed/],
    [EXIT.lockTimeout, /another deploy held the lock/],
    [EXIT.refNotFound, /ref was not found/],
    [EXIT.runAsMissing, /run-as user does not exist/],
    [EXIT.fetchFailed, /git fetch failed/],
    [EXIT.programMissing, /program the deploy needs is missing/],
  ])(
    'exit %i before the checkout moved: the precise reason, and the instance where it was',
    (code, reason) => {
      const result = interpret(failed(code), { before: A }, BRANCH);
      expect(result).toMatchObject({
        success: false,
        previousSha: A,
        deployedSha: A,
        rolledBack: false,
      });
      expect(result.reason).toMatch(reason);
    },
  );

  it('a deploy-script failure: its exit code, and the commit that is checked out', () => {
    expect(interpret(failed(3), { before: A, deployed: B, scriptExit: 3 }, BRANCH)).toMatchObject({
      reason: 'deploy-script failed with exit code 3',
      deployedSha: B,
    });
  });

  it('a rollback that worked, even with the end markers cut off', () => {
    const full = interpret(
      failed(EXIT.rolledBack),
      { before: A, deployed: B, scriptExit: 4, rolledBack: A },
      BRANCH,
    );
    expect(full).toMatchObject({ rolledBack: true, deployedSha: A });
    expect(full.reason).toMatch(
      /deploy-script failed \(exit code 4\); the checkout was rolled back to aaaaaaaaaaaa and deploy-script succeeded there/,
    );
    const cut = interpret(failed(EXIT.rolledBack), { before: A, deployed: B }, BRANCH);
    expect(cut).toMatchObject({ rolledBack: true, deployedSha: A });
  });

  it('a rollback that failed: whether the checkout went back decides what is deployed', () => {
    expect(
      interpret(
        failed(EXIT.rollbackFailed),
        { before: A, deployed: B, rolledBack: A, rollbackExit: 5 },
        BRANCH,
      ),
    ).toMatchObject({
      rolledBack: true,
      deployedSha: A,
      reason: expect.stringMatching(/failed there too \(exit code 5\)/) as unknown,
    });
    expect(
      interpret(failed(EXIT.rollbackFailed), { before: A, deployed: B }, BRANCH),
    ).toMatchObject({
      rolledBack: false,
      deployedSha: null,
      reason: expect.stringMatching(/could not be rolled back/) as unknown,
    });
  });

  it('reserved and killed exit codes of deploy-script', () => {
    expect(interpret(failed(EXIT.scriptReservedCode), { scriptExit: 215 }, BRANCH).reason).toMatch(
      /its exit code: 215/,
    );
    expect(interpret(failed(EXIT.deployScriptKilled), {}, BRANCH).reason).toMatch(/killed/);
  });

  it('an unexpected failure of the script itself, and a checkout that failed', () => {
    expect(interpret(failed(EXIT.internalError), {}, BRANCH).reason).toMatch(
      /ssm-deploy script itself/,
    );
    expect(interpret(failed(EXIT.checkoutFailed), { before: A }, BRANCH)).toMatchObject({
      deployedSha: null,
    });
  });

  it.each<[InvocationState, RegExp]>([
    [
      { status: 'TimedOut', statusDetails: 'Execution Timed Out', responseCode: 137 },
      /longer than timeout-seconds \(900 s\)/,
    ],
    [
      { status: 'TimedOut', statusDetails: 'ExecutionTimedOut', responseCode: 137 },
      /longer than timeout-seconds \(900 s\)/,
    ],
    [
      { status: 'TimedOut', statusDetails: 'Delivery Timed Out', responseCode: -1 },
      /could not deliver the command before the delivery timeout/,
    ],
    // StatusDetails as answers spell them, without spaces, reads the same.
    [
      { status: 'TimedOut', statusDetails: 'DeliveryTimedOut', responseCode: -1 },
      /could not deliver the command before the delivery timeout/,
    ],
    [
      { status: 'Failed', statusDetails: 'Undeliverable', responseCode: -1 },
      /not a managed instance/,
    ],
    [{ status: 'Failed', statusDetails: 'Terminated', responseCode: -1 }, /max-errors/],
    [{ status: 'Cancelled', statusDetails: 'Cancelled', responseCode: 137 }, /cancelled/],
    [{ status: 'Failed', statusDetails: 'Failed', responseCode: -1 }, /never started/],
  ])('SSM status %j: the reason SSM gives', (state, reason) => {
    const result = interpret(state, {}, BRANCH);
    expect(result.success).toBe(false);
    expect(result.reason).toMatch(reason);
  });

  it('Success with a non-zero exit code is not success', () => {
    expect(
      interpret({ status: 'Success', statusDetails: 'Success', responseCode: 2 }, {}, BRANCH)
        .success,
    ).toBe(false);
  });
});
