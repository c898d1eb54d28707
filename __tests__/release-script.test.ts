// scripts/release.sh, run with bash on a scratch copy of the repository's release-relevant files,
// against a stand-in `gh` on PATH that answers GitHub's questions as a test sets them and records
// every call. A release is made only from main's tip, at a commit CI passed on, with every
// `uses: ssm-deploy/ssm-deploy@…` naming the version; otherwise nothing is created.

import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const version = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
).version;
const major = `v${version.split('.')[0] ?? ''}`;

/** Answers keyed by what the script asks; every call is appended to calls.log. */
const FAKE_GH = `#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$FAKE_GH_DIR/calls.log"
case "$*" in
  "api repos/acme/ssm-deploy/branches/main --jq .commit.sha") cat "$FAKE_GH_DIR/main" ;;
  "api repos/acme/ssm-deploy/actions/workflows/ci.yml/runs?"*) cat "$FAKE_GH_DIR/green" ;;
  "api repos/acme/ssm-deploy/git/matching-refs/tags/"*)
    tag=\${2##*/}
    if grep -qx "$tag" "$FAKE_GH_DIR/tags"; then echo 1; else echo 0; fi ;;
  "release create "*|"api --method "*) ;;
  *) echo "unexpected gh call: $*" >&2; exit 1 ;;
esac
`;

let dir: string;
let repo: string;
let fake: string;

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
}

function release(arg = version): { status: number | null; stderr: string; calls: string[] } {
  const result = spawnSync('bash', ['scripts/release.sh', arg], {
    cwd: repo,
    encoding: 'utf8',
    env: {
      PATH: `${fake}:${process.env.PATH ?? ''}`,
      HOME: dir,
      GITHUB_REPOSITORY: 'acme/ssm-deploy',
      GH_TOKEN: 'not-a-real-token',
      FAKE_GH_DIR: fake,
    },
  });
  const log = join(fake, 'calls.log');
  const calls = (() => {
    try {
      return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
    } catch {
      return [];
    }
  })();
  return { status: result.status, stderr: result.stderr, calls };
}

const mutating = (calls: string[]): string[] =>
  calls.filter((call) => call.startsWith('release create') || call.startsWith('api --method'));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'release-'));
  repo = join(dir, 'repo');
  fake = join(dir, 'bin');
  mkdirSync(fake);
  writeFileSync(join(fake, 'gh'), FAKE_GH);
  chmodSync(join(fake, 'gh'), 0o755);
  mkdirSync(repo);
  for (const path of ['scripts', 'examples', '.github', 'README.md', 'package.json'])
    cpSync(join(root, path), join(repo, path), { recursive: true });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'release');
  writeFileSync(join(fake, 'main'), `${git('rev-parse', 'HEAD')}\n`);
  writeFileSync(join(fake, 'green'), '1\n');
  writeFileSync(join(fake, 'tags'), '');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('scripts/release.sh', () => {
  it('releases main at a commit CI passed on: the tag and the release at HEAD, the major tag moved', () => {
    writeFileSync(join(fake, 'tags'), `${major}\n`);
    const { status, stderr, calls } = release();
    const sha = git('rev-parse', 'HEAD');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(calls).toContain(
      `api repos/acme/ssm-deploy/actions/workflows/ci.yml/runs?head_sha=${sha}&branch=main&event=push&status=success&per_page=1 --jq .total_count`,
    );
    expect(mutating(calls)).toEqual([
      `release create v${version} --repo acme/ssm-deploy --target ${sha} --title v${version} --generate-notes`,
      `api --method PATCH repos/acme/ssm-deploy/git/refs/tags/${major} -f sha=${sha} -F force=true`,
    ]);
  });

  it('creates the major tag when there is none yet', () => {
    const sha = git('rev-parse', 'HEAD');
    const { status, calls } = release();
    expect(status).toBe(0);
    expect(mutating(calls)).toContain(
      `api --method POST repos/acme/ssm-deploy/git/refs -f ref=refs/tags/${major} -f sha=${sha}`,
    );
  });

  it('refuses a commit that is not the tip of main', () => {
    writeFileSync(join(fake, 'main'), `${'a'.repeat(40)}\n`);
    const { status, stderr, calls } = release();
    expect(status).toBe(1);
    expect(stderr).toContain('is not the tip of main');
    expect(mutating(calls)).toEqual([]);
  });

  it('refuses a commit CI has not passed on', () => {
    writeFileSync(join(fake, 'green'), '0\n');
    const { status, stderr, calls } = release();
    expect(status).toBe(1);
    expect(stderr).toContain('CI (ci.yml) has not succeeded');
    expect(mutating(calls)).toEqual([]);
  });

  it('refuses a version that exists already', () => {
    writeFileSync(join(fake, 'tags'), `v${version}\n`);
    const { status, stderr, calls } = release();
    expect(status).toBe(1);
    expect(stderr).toContain(`v${version} already exists`);
    expect(mutating(calls)).toEqual([]);
  });

  it('refuses a version package.json does not carry, asking GitHub nothing', () => {
    const { status, stderr, calls } = release('9.9.9');
    expect(status).toBe(1);
    expect(stderr).toContain(`package.json says ${version}, not 9.9.9`);
    expect(calls).toEqual([]);
  });

  it('refuses while a uses: line names another release of this action', () => {
    const path = join(repo, 'examples/manual-deploy.yml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(`@v${version}`, '@v1'));
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'stale');
    writeFileSync(join(fake, 'main'), `${git('rev-parse', 'HEAD')}\n`);
    const { status, stderr, calls } = release();
    expect(status).toBe(1);
    expect(stderr).toMatch(/examples\/manual-deploy\.yml:\d+:\s+uses: ssm-deploy\/ssm-deploy@v1/);
    expect(calls).toEqual([]);
  });

  it('refuses a working tree that is not clean', () => {
    writeFileSync(join(repo, 'stray.txt'), 'x');
    const { status, stderr, calls } = release();
    expect(status).toBe(1);
    expect(stderr).toContain('not clean');
    expect(mutating(calls)).toEqual([]);
  });
});
