// The remote script sent as the `commands` of AWS-RunShellScript. Pure: the same options always
// give the same text. Every value from the workflow appears once, single-quoted by `shellQuote`,
// in the assignments at the top; the body below them is constant apart from numbers and the
// marker nonce, so no value can ever become code.
//
// What the script guarantees, in order: a sane environment of its own (SSM runs it as root in a
// non-login shell with HOME unset); the working directory exists; one deploy at a time per
// checkout (flock, on a file in a directory only root can write to); git and deploy-script run
// as `run-as` with that user's HOME and a login-like PATH; tracked files changed on the instance
// stop the deploy; the checkout ends at exactly the commit `ref` names, verified; deploy-script
// runs with the `env` values; on failure, optionally, a rollback to the commit it had. Marker
// lines for the parser are printed before deploy-script writes anything, because SSM keeps only
// the first 24,000 characters of stdout (and the first 8,000 of stderr); what is known only
// afterwards is printed to both streams, and the exit code (never truncated) carries the outcome
// on its own.

import type { DeployConfig } from '../config.js';
import { EXIT, NONCE, RESERVED_EXIT_CODES } from './protocol.js';
import { shellQuote } from './quote.js';

export type ScriptOptions = Pick<
  DeployConfig,
  | 'workingDirectory'
  | 'ref'
  | 'gitPull'
  | 'deployScript'
  | 'runAs'
  | 'env'
  | 'timeoutSeconds'
  | 'rollbackOnFailure'
> & {
  /** 12 hex digits, random per deploy: see `MARKER_KEYS` in protocol.ts. */
  readonly nonce: string;
  /**
   * The branches the commit must be reachable from, to be checked on the instance against what
   * it fetched (the runner has checked it through the GitHub API when it had a token).
   */
  readonly allowedBranches?: readonly string[];
};

/**
 * SSM refuses a command whose document and parameters exceed 64 KB. AWS-RunShellScript itself is
 * about 1 KB, and the script travels JSON-encoded; what is left is kept well clear of the limit.
 */
export const MAX_SCRIPT_JSON_BYTES = 60_000;

/** The script's size as SSM counts it: JSON-encoded UTF-8. */
export function scriptJsonBytes(script: string): number {
  return Buffer.byteLength(JSON.stringify(script), 'utf8');
}

/** Tracked files listed when the deploy stops because of them; the rest are counted. */
export const MODIFIED_FILES_SHOWN = 20;

/**
 * How long a deploy waits for the lock: the execution timeout less a reserve, so a lock that is
 * never released ends as a clear "lock timeout" rather than an anonymous execution time-out.
 */
export function lockWaitSeconds(timeoutSeconds: number): number {
  const reserve = Math.min(60, Math.ceil(timeoutSeconds / 10));
  return Math.max(1, timeoutSeconds - reserve);
}

/**
 * deploy-script as the script runs it: a relative path is made explicit (`deploy.sh` becomes
 * `./deploy.sh`) so that it is never looked up on PATH.
 */
export function scriptPath(deployScript: string): string {
  if (
    deployScript.startsWith('/') ||
    deployScript.startsWith('./') ||
    deployScript.startsWith('../')
  )
    return deployScript;
  return `./${deployScript}`;
}

export function buildScript(options: ScriptOptions): string {
  if (!NONCE.test(options.nonce)) throw new Error(`invalid marker nonce ${options.nonce}`);
  const q = shellQuote;
  const env = options.env.map(({ name, value }) => q(`${name}=${value}`));
  const values = [
    `wd=${q(options.workingDirectory)}`,
    `ref=${q(options.ref.kind === 'sha' ? options.ref.sha : options.ref.name)}`,
    `ref_kind=${options.ref.kind}`,
    `script=${q(scriptPath(options.deployScript))}`,
    `run_as=${q(options.runAs ?? '')}`,
    `git_pull=${options.gitPull ? 1 : 0}`,
    `rollback=${options.rollbackOnFailure ? 1 : 0}`,
    `lock_wait=${lockWaitSeconds(options.timeoutSeconds)}`,
    env.length === 0 ? 'deploy_env=()' : `deploy_env=(\n  ${env.join('\n  ')}\n)`,
  ];
  return `${header()}\n# The values of this deploy.\n${values.join('\n')}\n${body(options.nonce)}`;
}

function header(): string {
  const x = EXIT;
  return `#!/bin/bash
# ssm-deploy: bring the git checkout in $wd to exactly one commit and run its deploy script.
# Exit codes: 0 success; ${RESERVED_EXIT_CODES.min}-${RESERVED_EXIT_CODES.max} are this script's own; any other is deploy-script's.
#   ${x.scriptReservedCode} deploy-script exited with a code in ${RESERVED_EXIT_CODES.min}-${RESERVED_EXIT_CODES.max}  ${x.workingDirectoryMissing} working-directory missing
#   ${x.notACheckout} not a git checkout    ${x.deployScriptMissing} deploy-script missing or not executable
#   ${x.trackedFilesModified} tracked files modified ${x.lockTimeout} lock timeout    ${x.refNotFound} ref not found on origin
#   ${x.checkoutFailed} checkout failed       ${x.runAsMissing} run-as user missing  ${x.fetchFailed} git fetch failed
#   ${x.rolledBack} rolled back           ${x.rollbackFailed} rollback failed    ${x.programMissing} program missing (git, flock)
#   ${x.deployScriptKilled} deploy-script killed  ${x.lockUnsafe} lock directory unsafe ${x.internalError} unexpected failure of this script
# Lines "[ssm-deploy:<nonce>] key=value" are read back by the action.
[ -n "\${BASH_VERSION:-}" ] || exec /bin/bash "$0" "$@"
set -Eeuo pipefail
umask 022
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
unset CDPATH ENV BASH_ENV GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_CONFIG_PARAMETERS`;
}

function body(nonce: string): string {
  const x = EXIT;
  return `
mark() { printf '[ssm-deploy:${nonce}] %s=%s\\n' "$1" "$2"; }
mark2() { mark "$1" "$2"; mark "$1" "$2" >&2; }
say() { printf 'ssm-deploy: %s\\n' "$*"; }
warn() { printf 'ssm-deploy: %s\\n' "$*" >&2; }
finish() { mark2 exit "$1"; exit "$1"; }
die() { local code=$1; shift; warn "$*"; finish "$code"; }
trap 'rc=$?; trap - ERR; warn "unexpected failure (exit $rc) at line $LINENO: $BASH_COMMAND"; finish ${x.internalError}' ERR

[ -d "$wd" ] || die ${x.workingDirectoryMissing} "working-directory $wd does not exist on this instance (or is not a directory)"
cd -- "$wd"
for tool in flock stat id env; do
  command -v "$tool" >/dev/null 2>&1 || die ${x.programMissing} "$tool is not installed on this instance"
done
if [ "$git_pull" = 1 ] && ! command -v git >/dev/null 2>&1; then
  die ${x.programMissing} "git is not installed on this instance"
fi

# One deploy at a time per checkout. The lock file is never in the checkout: run-as owns it, and a
# symlink planted there (say .git/ssm-deploy.lock -> /etc/nologin) would have root create or open
# whatever file it names. It lives in /run/ssm-deploy: /run is root's alone, so nobody else can take
# that name first (as anyone could in the world-writable /run/lock or /tmp, stopping every deploy)
# or put anything where the lock is opened. It is named by the checkout's device and inode, the same
# however the checkout is reached. Every command below runs with fd 9 closed (9>&-), so a process
# deploy-script leaves running cannot hold the lock after this script ends.
root_only() {  # DIR: a directory (not a symlink) only root may write to
  local st type owner mode
  st=$(stat -c '%F:%u:%a' -- "$1" 2>/dev/null) || return 1
  IFS=: read -r type owner mode <<<"$st" || return 1
  [ "$type" = directory ] && [ "$owner" = 0 ] && [[ $mode =~ ^[0-7]+$ ]] && (( (8#$mode & 8#022) == 0 ))
}
# /run may be a symlink (only root can make one in /), to a directory that must be root's alone;
# the lock directory itself may not be one.
[ -d /run ] || die ${x.lockUnsafe} "this instance has no /run directory, where the deploy lock is kept"
root_only "$(readlink -f /run)" || die ${x.lockUnsafe} "/run is not a directory only root can write to, so the deploy lock cannot be kept there safely"
lock_dir=/run/ssm-deploy
mkdir -m 700 -- "$lock_dir" 2>/dev/null || true
root_only "$lock_dir" || die ${x.lockUnsafe} "the lock directory $lock_dir is not a directory only root can write to; remove it (the next deploy makes it anew)"
lock_file=$lock_dir/$(stat -c %d-%i -- .).lock
{ exec 9>>"$lock_file"; } 2>/dev/null || die ${x.internalError} "cannot open the lock file $lock_file"
if ! flock -n 9; then
  say "another deploy is running in $wd; waiting up to \${lock_wait}s for it to finish"
  flock -w "$lock_wait" 9 || die ${x.lockTimeout} "gave up waiting for the lock on $wd after \${lock_wait}s"
fi

if [ -z "$run_as" ]; then
  run_as=$(stat -c %U -- "$wd")
  [ "$run_as" != UNKNOWN ] || die ${x.runAsMissing} "$wd belongs to uid $(stat -c %u -- "$wd"), which has no user name here; set run-as"
fi
run_uid=$(id -u -- "$run_as" 2>/dev/null) || die ${x.runAsMissing} "the run-as user $run_as does not exist on this instance"
pw=$(getent passwd "$run_as" 2>/dev/null) ||
  pw=$(u=$run_as awk -F: '$1 == ENVIRON["u"] { print; exit }' /etc/passwd 2>/dev/null) || pw=
IFS=: read -r _ _ _ _ _ run_home _ <<<"$pw" || true
[ -n "$run_home" ] || run_home=/
user_env=(HOME="$run_home" USER="$run_as" LOGNAME="$run_as" SHELL=/bin/bash
  PATH="$run_home/.local/bin:$run_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
for name in AWS_SSM_INSTANCE_ID AWS_SSM_REGION_NAME; do
  [ -z "\${!name:-}" ] || user_env+=("$name=\${!name}")
done

# Runs a command as run-as, with nothing of this script's environment but what user_env gives.
as_user() {
  if [ "$run_uid" = "$(id -u)" ]; then env -i "\${user_env[@]}" "$@"
  elif command -v runuser >/dev/null 2>&1; then runuser -u "$run_as" -- env -i "\${user_env[@]}" "$@"
  elif command -v setpriv >/dev/null 2>&1; then
    setpriv --reuid="$run_uid" --regid="$(id -g -- "$run_as")" --init-groups -- env -i "\${user_env[@]}" "$@"
  else su -s /bin/sh -c 'exec "$0" "$@"' "$run_as" -- env -i "\${user_env[@]}" "$@"; fi
}
git_() { as_user GIT_TERMINAL_PROMPT=0 git -C "$wd" "$@" </dev/null 9>&-; }
say "deploying in $wd as $run_as"

case $script in /*) script_abs=$script ;; *) script_abs=$wd/$script ;; esac
before=none
head=
if [ "$git_pull" = 1 ]; then
  [ -e "$wd/.git" ] || die ${x.notACheckout} "$wd is not a git checkout (it has no .git)"
  out=$(git_ rev-parse --show-toplevel 2>&1) || die ${x.notACheckout} "git cannot use $wd: $out"
  before=$(git_ rev-parse --verify --quiet 'HEAD^{commit}') || before=none
  mark before "$before"

  changes=$(git_ status --porcelain --untracked-files=no) || die ${x.notACheckout} "git status failed in $wd"
  if [ -n "$changes" ]; then
    mapfile -t changed <<<"$changes"
    warn "tracked files were changed on this instance; the deploy stops and keeps them (commit or revert them first):"
    for line in "\${changed[@]:0:${MODIFIED_FILES_SHOWN}}"; do warn "  \${line:0:300}"; done
    [ "\${#changed[@]}" -le ${MODIFIED_FILES_SHOWN} ] || warn "  ... and $(( \${#changed[@]} - ${MODIFIED_FILES_SHOWN} )) more"
    die ${x.trackedFilesModified} "\${#changed[@]} tracked file(s) modified in $wd"
  fi

  if [ "$ref_kind" = sha ]; then
    if ! git_ cat-file -e "$ref^{commit}" 2>/dev/null; then
      say "fetching $ref from origin"
      if ! git_ fetch --quiet --no-tags origin "$ref" 2>/dev/null; then
        git_ fetch --quiet --no-tags origin || die ${x.fetchFailed} "git fetch from origin failed in $wd"
      fi
      git_ cat-file -e "$ref^{commit}" 2>/dev/null || die ${x.refNotFound} "commit $ref is not on origin (was it pushed?)"
    fi
    target=$ref
  else
    case $ref in refs/*) wanted=("$ref") ;; *) wanted=("refs/heads/$ref" "refs/tags/$ref") ;; esac
    rc=0
    listing=$(git_ ls-remote --exit-code origin "\${wanted[@]}") || rc=$?
    [ "$rc" != 2 ] || die ${x.refNotFound} "$ref is not a branch or tag on origin"
    [ "$rc" = 0 ] || die ${x.fetchFailed} "git ls-remote origin failed in $wd"
    found=
    for want in "\${wanted[@]}"; do
      while read -r _ name; do
        if [ "$name" = "$want" ]; then found=$want; break 2; fi
      done <<<"$listing"
    done
    [ -n "$found" ] || die ${x.refNotFound} "$ref is not a branch or tag on origin"
    case $found in
      refs/heads/*) spec="+$found:refs/remotes/origin/\${found#refs/heads/}" ;;
      refs/tags/*) spec="+$found:$found" ;;
      *) spec=$found ;;
    esac
    say "fetching $found from origin"
    git_ fetch --quiet --no-tags origin "$spec" || die ${x.fetchFailed} "git fetch of $found from origin failed"
    target=$(git_ rev-parse --verify --quiet 'FETCH_HEAD^{commit}') || die ${x.refNotFound} "$found on origin is not a commit"
  fi
  mark target "$target"

  # Checked before the checkout moves, so a commit without the script leaves the instance as it was.
  # An untracked script on disk counts; one the checkout would delete does not.
  case $script in
    /*) ;;
    *) if ! git_ cat-file -e "$target:$script" 2>/dev/null; then
        if [ ! -f "$script_abs" ] || git_ ls-files --error-unmatch -- "$script" >/dev/null 2>&1; then
          die ${x.deployScriptMissing} "deploy-script $script is not in commit $target"
        fi
      fi ;;
  esac

  if [ "$before" != "$target" ]; then
    git_ checkout --quiet --detach "$target" || die ${x.checkoutFailed} "git checkout of $target failed in $wd"
  fi
  head=$(git_ rev-parse --verify --quiet HEAD) || head=
  [ "$head" = "$target" ] || die ${x.checkoutFailed} "HEAD is \${head:-unknown} after the checkout, not $target"
  mark deployed "$head"
  say "checkout is at $head (it was at $before)"
elif [ -e "$wd/.git" ] && command -v git >/dev/null 2>&1; then
  before=$(git_ rev-parse --verify --quiet 'HEAD^{commit}') || before=none
  mark before "$before"
fi

[ -f "$script_abs" ] || die ${x.deployScriptMissing} "deploy-script $script does not exist in $wd"
as_user test -x "$script_abs" 9>&- || die ${x.deployScriptMissing} "deploy-script $script is not executable by $run_as (chmod +x it and commit the mode)"

# deploy-script runs in a login shell (profiles sourced, as over SSH); the env values are exported
# after the profiles so that they win, and they reach deploy-script only, never git.
run_deploy() {
  local previous=$before
  [ "$previous" != none ] || previous=
  as_user bash --login -c 'cd -- "$1" || exit 1; s=$2; shift 2; for kv in "$@"; do export "$kv"; done; exec "$s"' \\
    ssm-deploy "$wd" "$script" \${deploy_env[@]+"\${deploy_env[@]}"} \\
    "SSM_DEPLOY_SHA=$1" "SSM_DEPLOY_PREVIOUS_SHA=$previous" "SSM_DEPLOY_REF=$ref" "SSM_DEPLOY_ROLLBACK=$2" \\
    </dev/null 9>&-
}

mark stage script
say "running $script"
rc=0
run_deploy "$head" 0 || rc=$?
mark2 script-exit "$rc"
if [ "$rc" = 0 ]; then
  if [ "$git_pull" = 0 ] && [ "$before" != none ]; then
    mark2 deployed "$(git_ rev-parse --verify --quiet HEAD || true)"
  fi
  say "deploy-script succeeded"
  finish 0
fi
if [ "$rc" = 194 ]; then
  warn "deploy-script asked SSM to reboot the instance (exit 194)"
  mark2 exit 194
  exit 194
fi
warn "deploy-script failed with exit code $rc"

if [ "$rollback" = 1 ]; then
  if [ "$before" = none ] || [ "$before" = "$head" ]; then
    warn "no rollback: there is no earlier commit to go back to"
  else
    mark2 stage rollback
    warn "rolling back $wd to $before"
    changes=$(git_ status --porcelain --untracked-files=no) || changes=
    [ -z "$changes" ] || warn "discarding what the failed deploy-script changed in tracked files"
    if git_ checkout --quiet --force --detach "$before" && [ "$(git_ rev-parse --verify --quiet HEAD || true)" = "$before" ]; then
      mark2 rolled-back "$before"
      rrc=0
      run_deploy "$before" 1 || rrc=$?
      mark2 rollback-exit "$rrc"
      if [ "$rrc" = 0 ]; then
        warn "rolled back to $before, and deploy-script succeeded there"
        finish ${x.rolledBack}
      fi
      die ${x.rollbackFailed} "rolled back to $before, but deploy-script failed there too (exit $rrc)"
    fi
    die ${x.rollbackFailed} "could not check out $before to roll back"
  fi
fi

case $rc in
  137) die ${x.deployScriptKilled} "deploy-script was killed (SIGKILL)" ;;
  ${reservedPattern()}) die ${x.scriptReservedCode} "deploy-script exit code $rc is one ssm-deploy reserves; reported as ${x.scriptReservedCode}" ;;
esac
finish "$rc"
`;
}

/** A bash `case` pattern matching exactly the reserved exit codes. */
function reservedPattern(): string {
  const { min, max } = RESERVED_EXIT_CODES;
  return Array.from({ length: max - min + 1 }, (_, i) => String(min + i)).join('|');
}
