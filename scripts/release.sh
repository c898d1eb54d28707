#!/usr/bin/env bash
# Tags the current commit vX.Y.Z and moves the major tag vX to it, then pushes both.
# Usage: scripts/release.sh X.Y.Z   (package.json must already say X.Y.Z; dist/ must be built)
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-}
if ! [[ $version =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]]; then
  echo "usage: $0 X.Y.Z (got '${version}')" >&2
  exit 2
fi
major="v${BASH_REMATCH[1]}"

declared=$(node -p 'require("./package.json").version')
if [ "$declared" != "$version" ]; then
  echo "package.json says $declared, not $version: bump it in a pull request first." >&2
  exit 1
fi
if [ -n "$(git status --porcelain)" ]; then
  echo "The working tree is not clean; release from a clean checkout." >&2
  exit 1
fi
npm run --silent build
if [ -n "$(git status --porcelain -- dist/)" ]; then
  echo "dist/ is not the build of src/ at this commit." >&2
  exit 1
fi
if git rev-parse -q --verify "refs/tags/v$version" >/dev/null; then
  echo "v$version already exists." >&2
  exit 1
fi

git tag -a "v$version" -m "v$version"
git tag -fa "$major" -m "$major → v$version"
git push origin "v$version"
git push --force origin "$major"
echo "Released v$version; $major now points to it."
