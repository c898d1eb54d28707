// The commit a deploy ships: `ref` resolved once to a full SHA, which must be reachable from an
// allowed branch (by default the repository's default branch); without a token only a full SHA,
// left to the instance's own check.

import { describe, expect, it, vi } from 'vitest';
import { resolveShippedCommit, type CommitsApi, type Comparison } from '../src/shipped-commit.js';

const SHA = 'a'.repeat(40);
const PR_ONLY = 'b'.repeat(40);

function fakeApi(options: { on?: Record<string, Comparison | undefined> } = {}) {
  return {
    defaultBranch: vi.fn<CommitsApi['defaultBranch']>().mockResolvedValue('main'),
    resolve: vi
      .fn<CommitsApi['resolve']>()
      .mockImplementation((ref) =>
        Promise.resolve(
          ref === 'main' || ref === SHA || ref === 'aaaaaaa'
            ? SHA
            : ref === 'refs/pull/7/head' || ref === PR_ONLY
              ? PR_ONLY
              : undefined,
        ),
      ),
    compare: vi.fn<CommitsApi['compare']>().mockImplementation((branch, sha) => {
      const on = options.on ?? {};
      if (branch in on) return Promise.resolve(on[branch]);
      // Unless told otherwise, SHA is on every branch and nothing else is.
      return Promise.resolve(sha === SHA ? 'behind' : 'ahead');
    }),
  };
}

const base = {
  allowedBranches: undefined,
  eventDefaultBranch: 'trunk',
  repository: 'acme/shop',
} as const;

describe('resolveShippedCommit with a token', () => {
  it('resolves a branch, a tag or an abbreviated SHA to one full SHA on the default branch', async () => {
    const api = fakeApi();
    for (const name of ['main', 'aaaaaaa'])
      await expect(
        resolveShippedCommit(api, { ...base, ref: { kind: 'name', name } }),
      ).resolves.toEqual({
        sha: SHA,
        given: name,
        allowedBranches: ['main'],
        reachableFrom: 'main',
        defaultBranch: 'main',
      });
    // The default branch comes from the API, not from the event payload.
    expect(api.compare).toHaveBeenCalledWith('main', SHA);
  });

  it('refuses a pull request ref: its head is on no allowed branch; nothing else is asked', async () => {
    const api = fakeApi();
    await expect(
      resolveShippedCommit(api, { ...base, ref: { kind: 'name', name: 'refs/pull/7/head' } }),
    ).rejects.toMatchObject({
      message: `ref refs/pull/7/head is commit ${PR_ONLY}, which is not reachable from the allowed branch main. Nothing was sent.`,
      hint: expect.stringContaining('allowed-branches') as unknown,
    });
  });

  it('refuses a full SHA that only a pull request holds, the same way', async () => {
    const api = fakeApi();
    await expect(
      resolveShippedCommit(api, { ...base, ref: { kind: 'sha', sha: PR_ONLY } }),
    ).rejects.toThrow(
      `ref ${PR_ONLY} is commit ${PR_ONLY}, which is not reachable from the allowed branch main.`,
    );
  });

  it('identical or behind is reachable; ahead and diverged are not; a missing branch is said', async () => {
    const on = { main: 'diverged', 'hotfix/1': undefined, release: 'identical' } as const;
    const api = fakeApi({ on });
    await expect(
      resolveShippedCommit(api, {
        ...base,
        allowedBranches: ['main', 'hotfix/1', 'release'],
        ref: { kind: 'sha', sha: SHA },
      }),
    ).resolves.toMatchObject({
      reachableFrom: 'release',
      allowedBranches: ['main', 'hotfix/1', 'release'],
    });
    await expect(
      resolveShippedCommit(fakeApi({ on: { main: 'ahead', 'hotfix/1': undefined } }), {
        ...base,
        allowedBranches: ['main', 'hotfix/1'],
        ref: { kind: 'sha', sha: SHA },
      }),
    ).rejects.toThrow(
      'not reachable from any of the allowed branches main, hotfix/1 (hotfix/1: no such branch, or no common history)',
    );
  });

  it('a ref that names no commit; a read GitHub refuses (naming the permission)', async () => {
    await expect(
      resolveShippedCommit(fakeApi(), { ...base, ref: { kind: 'name', name: 'nope' } }),
    ).rejects.toThrow('ref nope names no commit in acme/shop. Nothing was sent.');
    const api = fakeApi();
    api.defaultBranch.mockRejectedValue(
      Object.assign(new Error('Resource not accessible by integration'), { status: 403 }),
    );
    await expect(
      resolveShippedCommit(api, { ...base, ref: { kind: 'sha', sha: SHA } }),
    ).rejects.toMatchObject({
      message:
        'Reading the default branch of acme/shop from GitHub failed (HTTP 403): Resource not accessible by integration. Nothing was sent.',
      hint: expect.stringContaining('contents: read') as unknown,
    });
  });

  it('names from data are shown without control characters', async () => {
    await expect(
      resolveShippedCommit(fakeApi(), { ...base, ref: { kind: 'name', name: 'x\u001b[2Jy' } }),
    ).rejects.toThrow('ref x [2Jy names no commit');
  });
});

describe('resolveShippedCommit without a token', () => {
  it('a full SHA: not checked here, with the event payload default branch for the instance', async () => {
    await expect(
      resolveShippedCommit(undefined, { ...base, ref: { kind: 'sha', sha: SHA } }),
    ).resolves.toEqual({
      sha: SHA,
      given: SHA,
      allowedBranches: ['trunk'],
      reachableFrom: undefined,
      defaultBranch: 'trunk',
    });
  });

  it('no default branch known and no allowed-branches: refused', async () => {
    await expect(
      resolveShippedCommit(undefined, {
        ...base,
        eventDefaultBranch: undefined,
        ref: { kind: 'sha', sha: SHA },
      }),
    ).rejects.toMatchObject({ hint: expect.stringContaining('allowed-branches') as unknown });
  });
});
