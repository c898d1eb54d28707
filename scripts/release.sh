#!/usr/bin/env bash
# Publishes release vX.Y.Z of the commit checked out here, through GitHub's API (the `gh` CLI with
# GH_TOKEN): it needs no git credentials and runs no npm, so no dependency's code ever runs next to
# the write token. Everything is checked before anything is created:
#   - X.Y.Z is package.json's version, and every `uses: ssm-deploy/ssm-deploy@…` in the README,
#     examples/ and the workflows names vX.Y.Z (what a caller pinned to this release runs);
#   - the working tree is clean, and HEAD is the tip of main on GitHub (reviewed, merged code);
#   - the CI workflow (ci.yml) succeeded on a push to main at exactly this commit;
#   - the tag vX.Y.Z does not exist yet.
# Then it creates the release with its tag vX.Y.Z at HEAD and moves the major tag vX to HEAD.
# Usage: scripts/release.sh X.Y.Z   (in GitHub Actions: .github/workflows/release.yml)
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "release: $*" >&2
  exit 1
}

version=${1:-}
if ! [[ $version =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]]; then
  echo "usage: $0 X.Y.Z (got '${version}')" >&2
  exit 2
fi
tag="v$version"
major="v${BASH_REMATCH[1]}"
command -v gh >/dev/null || fail "the GitHub CLI (gh) is needed, with GH_TOKEN set"

declared=$(node -p 'require("./package.json").version')
[ "$declared" = "$version" ] || fail "package.json says $declared, not $version: bump it in a pull request first."

# Every reference to this action or its reusable workflow must name the release being made.
stale=$(grep -rnoE '^[[:space:]]*(-[[:space:]]+)?uses:[[:space:]]*ssm-deploy/ssm-deploy(/\.github/workflows/[A-Za-z0-9._-]+)?@[^[:space:]]+' \
  README.md examples .github/workflows | grep -vE "@${tag//./\\.}\$" || true)
[ -z "$stale" ] || fail "these lines do not name $tag (bump them with package.json):
$stale"

[ -z "$(git status --porcelain)" ] || fail "the working tree is not clean; release from a clean checkout."
sha=$(git rev-parse --verify 'HEAD^{commit}')

repo=${GITHUB_REPOSITORY:-$(gh repo view --json nameWithOwner --jq .nameWithOwner)}
[[ $repo =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || fail "cannot tell the repository (got '$repo')"

main=$(gh api "repos/$repo/branches/main" --jq .commit.sha) || fail "cannot read main's tip from GitHub"
[ "$main" = "$sha" ] || fail "HEAD ($sha) is not the tip of main on GitHub ($main): releases are made from main only."

green=$(gh api "repos/$repo/actions/workflows/ci.yml/runs?head_sha=$sha&branch=main&event=push&status=success&per_page=1" \
  --jq .total_count) || fail "cannot ask GitHub whether CI passed on $sha"
[ "${green:-0}" -gt 0 ] 2>/dev/null || fail "CI (ci.yml) has not succeeded on a push to main at $sha: wait for it, or fix it."

exists() {
  local count
  count=$(gh api "repos/$repo/git/matching-refs/tags/$1" --jq "map(select(.ref == \"refs/tags/$1\")) | length") ||
    fail "cannot list the tags of $repo"
  [ "$count" != 0 ]
}
if exists "$tag"; then fail "$tag already exists."; fi

gh release create "$tag" --repo "$repo" --target "$sha" --title "$tag" --generate-notes
if exists "$major"; then
  gh api --method PATCH "repos/$repo/git/refs/tags/$major" -f sha="$sha" -F force=true >/dev/null
else
  gh api --method POST "repos/$repo/git/refs" -f ref="refs/tags/$major" -f sha="$sha" >/dev/null
fi
echo "Released $tag at $sha; $major now points to it."
