// What the commit's checks must say before a GitHub Deployment is created: the branch's required
// checks (rulesets and branch protection) must not have failed, those named must have passed,
// none waives it; what cannot be read is said, and then every check on the commit counts.

import { describe, expect, it, vi } from 'vitest';
import {
  checkRunOutcome,
  statusOutcome,
  verifyChecks,
  type ChecksApi,
  type CommitCheck,
  type ProtectionChecks,
} from '../src/required-checks.js';

const SHA = 'a'.repeat(40);
const BRANCH = { kind: 'branch' } as const;

function fakeApi(
  options: {
    rules?: Record<string, readonly string[]>;
    protection?: Record<string, ProtectionChecks>;
    checks?: readonly CommitCheck[];
  } = {},
) {
  return {
    rulesetChecks: vi
      .fn<ChecksApi['rulesetChecks']>()
      .mockImplementation((branch) => Promise.resolve(options.rules?.[branch] ?? [])),
    protectionChecks: vi
      .fn<ChecksApi['protectionChecks']>()
      .mockImplementation((branch) =>
        Promise.resolve(options.protection?.[branch] ?? { kind: 'none' }),
      ),
    commitChecks: vi.fn<ChecksApi['commitChecks']>().mockResolvedValue(options.checks ?? []),
  };
}

const passed = (name: string): CommitCheck => ({ name, outcome: 'passed', detail: 'success' });
const failed = (name: string, detail = 'failure'): CommitCheck => ({
  name,
  outcome: 'failed',
  detail,
});
const running = (name: string): CommitCheck => ({
  name,
  outcome: 'pending',
  detail: 'in_progress',
});

describe('verifyChecks, by default (the branch requires them)', () => {
  it('refuses when a check a ruleset or branch protection requires completed with a failure, naming each', async () => {
    const api = fakeApi({
      rules: { main: ['test', 'lint'] },
      protection: { main: { kind: 'checks', names: ['build'] } },
      checks: [failed('test'), passed('lint'), failed('build', 'timed_out'), failed('nightly')],
    });
    await expect(verifyChecks(api, SHA, BRANCH, ['main'])).rejects.toMatchObject({
      message: `The commit ${SHA} has required checks that failed: test: failure, build: timed_out. Nothing was deployed.`,
      hint: expect.stringContaining('required-checks') as unknown,
    });
  });

  it("ignores the ones still running (such as the deploying job's own) and those not reported yet", async () => {
    const api = fakeApi({
      rules: { main: ['test', 'deploy', 'e2e'] },
      checks: [passed('test'), running('deploy'), failed('unrelated')],
    });
    await expect(verifyChecks(api, SHA, BRANCH, ['main'])).resolves.toEqual({
      kind: 'ok',
      required: 'the required checks of main',
      pending: ['deploy', 'e2e'],
      notes: [],
    });
  });

  it('a branch that requires nothing: the commit is not even read', async () => {
    const api = fakeApi({ checks: [failed('test')] });
    await expect(verifyChecks(api, SHA, BRANCH, ['main'])).resolves.toMatchObject({
      kind: 'ok',
      required: 'no required checks',
    });
    expect(api.commitChecks).not.toHaveBeenCalled();
  });

  it('branch protection it cannot read: says so, and every completed check of the commit counts', async () => {
    const unreadable = { kind: 'unreadable', reason: 'HTTP 403' } as const;
    const api = fakeApi({
      protection: { main: unreadable },
      checks: [passed('test'), running('deploy'), failed('nightly')],
    });
    await expect(verifyChecks(api, SHA, BRANCH, ['main'])).rejects.toThrow(
      'required checks that failed: nightly: failure',
    );
    const clean = fakeApi({
      protection: { main: unreadable },
      checks: [passed('test'), running('deploy')],
    });
    await expect(verifyChecks(clean, SHA, BRANCH, ['main'])).resolves.toEqual({
      kind: 'ok',
      required: 'every check reported on the commit',
      pending: ['deploy'],
      notes: [
        'The branch protection of main could not be read (HTTP 403), so every check reported on the commit counts as required.',
      ],
    });
  });

  it('no branch known: every check on the commit counts', async () => {
    const api = fakeApi({ checks: [failed('test')] });
    await expect(verifyChecks(api, SHA, BRANCH, [])).rejects.toThrow(
      'required checks that failed: test: failure',
    );
  });

  it('a failure wins over a success of the same name (a check run and a status, or two apps)', async () => {
    const api = fakeApi({ rules: { main: ['test'] }, checks: [passed('test'), failed('test')] });
    await expect(verifyChecks(api, SHA, BRANCH, ['main'])).rejects.toThrow('test: failure');
  });

  it('names at most ten failed checks, without control characters', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `c${i}`);
    const api = fakeApi({
      rules: { main: [...names, 'x\u001b[2J'] },
      checks: [...names.map((n) => failed(n)), failed('x\u001b[2J')],
    });
    const error = (await verifyChecks(api, SHA, BRANCH, ['main']).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toContain('c9: failure, and 3 more.');
    const unclean = fakeApi({ rules: { main: ['x\u001b[2J'] }, checks: [failed('x\u001b[2J')] });
    await expect(verifyChecks(unclean, SHA, BRANCH, ['main'])).rejects.toThrow('x [2J: failure');
  });

  it('a read that fails stops the deploy, naming what was read and the permissions', async () => {
    const api = fakeApi({ rules: { main: ['test'] } });
    api.commitChecks.mockRejectedValue(
      Object.assign(new Error('Resource not accessible by integration'), { status: 403 }),
    );
    await expect(verifyChecks(api, SHA, BRANCH, ['main'])).rejects.toMatchObject({
      message: `Reading the checks of ${SHA} from GitHub failed (HTTP 403): Resource not accessible by integration. Nothing was deployed.`,
      hint: expect.stringContaining('checks: read, statuses: read') as unknown,
    });
  });
});

describe('verifyChecks with required-checks', () => {
  it('names: each must have completed and passed; failed, running and never reported are refused', async () => {
    const api = fakeApi({
      rules: { main: ['ignored'] },
      checks: [passed('test'), failed('lint'), running('e2e'), failed('ignored')],
    });
    const named = (names: string[]) => verifyChecks(api, SHA, { kind: 'named', names }, ['main']);
    await expect(named(['test'])).resolves.toMatchObject({ kind: 'ok' });
    await expect(named(['test', 'lint', 'e2e', 'docs'])).rejects.toThrow(
      `The commit ${SHA} has checks named in required-checks that have not passed: lint: failure, e2e: in_progress, docs: not reported. Nothing was deployed.`,
    );
    expect(api.rulesetChecks).not.toHaveBeenCalled();
  });

  it('none: nothing is read', async () => {
    const api = fakeApi({ checks: [failed('test')] });
    await expect(verifyChecks(api, SHA, { kind: 'none' }, ['main'])).resolves.toEqual({
      kind: 'waived',
    });
    expect(api.rulesetChecks).not.toHaveBeenCalled();
    expect(api.protectionChecks).not.toHaveBeenCalled();
    expect(api.commitChecks).not.toHaveBeenCalled();
  });
});

describe('outcomes as branch protection counts them', () => {
  it.each([
    [{ status: 'completed', conclusion: 'success' }, 'passed'],
    [{ status: 'completed', conclusion: 'neutral' }, 'passed'],
    [{ status: 'completed', conclusion: 'skipped' }, 'passed'],
    [{ status: 'completed', conclusion: 'failure' }, 'failed'],
    [{ status: 'completed', conclusion: 'cancelled' }, 'failed'],
    [{ status: 'completed', conclusion: 'timed_out' }, 'failed'],
    [{ status: 'completed', conclusion: 'action_required' }, 'failed'],
    [{ status: 'completed', conclusion: 'stale' }, 'failed'],
    [{ status: 'completed', conclusion: null }, 'failed'],
    [{ status: 'in_progress', conclusion: null }, 'pending'],
    [{ status: 'queued', conclusion: null }, 'pending'],
  ])('check run %j → %s', (run, outcome) => {
    expect(checkRunOutcome(run)).toBe(outcome);
  });

  it.each([
    ['success', 'passed'],
    ['pending', 'pending'],
    ['failure', 'failed'],
    ['error', 'failed'],
  ])('status %s → %s', (state, outcome) => {
    expect(statusOutcome(state)).toBe(outcome);
  });
});
