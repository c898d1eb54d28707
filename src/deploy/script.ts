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

import type { DeployConfig, HealthCheck } from '../config.js';
import { EXIT, HEALTH_OUTPUT_MAX, NONCE, RESERVED_EXIT_CODES } from './protocol.js';
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
  /** Absent or undefined: no health check. */
  readonly healthCheck?: HealthCheck | undefined;
  /**
   * Branches of origin the commit must be reachable from (checked on the instance against what it
   * fetches); absent or empty: no such check. Only with a `sha` ref: a name would be resolved on
   * the instance, after the check was asked for.
   */
  readonly allowedBranches?: readonly string[] | undefined;
  /** 12 hex digits, random per deploy: see `MARKER_KEYS` in protocol.ts. */
  readonly nonce: string;
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

/** The longest one attempt of health-check may take; the next starts a second after it ends. */
export const HEALTH_ATTEMPT_MAX_SECONDS = 10;

/** Tracked files listed when the deploy stops because of them; the rest are counted. */
export const MODIFIED_FILES_SHOWN = 20;

/** Paths listed when the deploy refuses because users other than run-as can write them. */
export const UNSAFE_PATHS_SHOWN = 10;

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
  const allowed = (options.allowedBranches ?? []).map((name) => q(name));
  if (allowed.length > 0 && options.ref.kind !== 'sha')
    throw new Error('allowedBranches needs ref to be a commit SHA, resolved before sending');
  const values = [
    `wd=${q(options.workingDirectory)}`,
    `ref=${q(options.ref.kind === 'sha' ? options.ref.sha : options.ref.name)}`,
    `ref_kind=${options.ref.kind}`,
    `script=${q(scriptPath(options.deployScript))}`,
    `run_as=${q(options.runAs ?? '')}`,
    `git_pull=${options.gitPull ? 1 : 0}`,
    `rollback=${options.rollbackOnFailure ? 1 : 0}`,
    `lock_wait=${lockWaitSeconds(options.timeoutSeconds)}`,
    `health_check=${q(options.healthCheck?.command ?? '')}`,
    `health_timeout=${options.healthCheck?.timeoutSeconds ?? 0}`,
    env.length === 0 ? 'deploy_env=()' : `deploy_env=(\n  ${env.join('\n  ')}\n)`,
    allowed.length === 0
      ? 'allowed_branches=()'
      : `allowed_branches=(\n  ${allowed.join('\n  ')}\n)`,
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
#   ${x.rolledBack} rolled back           ${x.rollbackFailed} rollback failed    ${x.programMissing} program missing (git, flock, runuser)
#   ${x.deployScriptKilled} deploy-script killed  ${x.lockUnsafe} lock directory unsafe ${x.runAsUnsafe} files writable by another user
#   ${x.unhealthy} health check failed     ${x.refNotAllowed} commit not on an allowed branch
#   ${x.internalError} unexpected failure of this script
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
# Where the checkout really is: a symlink in its path (made by root, say /srv/app -> a release
# directory) must not make its owner, root, the user everything runs as.
cd -P -- "$wd"
real_wd=$(pwd -P)
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
[ -d "$lock_dir" ] || mkdir -m 700 -- "$lock_dir" 2>/dev/null || true
root_only "$lock_dir" || die ${x.lockUnsafe} "the lock directory $lock_dir is not a directory only root can write to; remove it (the next deploy makes it anew)"
lock_file=$lock_dir/$(stat -c %d-%i -- .).lock
{ exec 9>>"$lock_file"; } 2>/dev/null || die ${x.internalError} "cannot open the lock file $lock_file"
if ! flock -n 9; then
  say "another deploy is running in $wd; waiting up to \${lock_wait}s for it to finish"
  flock -w "$lock_wait" 9 || die ${x.lockTimeout} "gave up waiting for the lock on $wd after \${lock_wait}s"
fi

if [ -z "$run_as" ]; then
  run_as=$(stat -c %U -- "$real_wd")
  [ "$run_as" != UNKNOWN ] || die ${x.runAsMissing} "$real_wd belongs to uid $(stat -c %u -- "$real_wd"), which has no user name here; set run-as"
  if [ "$real_wd" = "$wd" ]; then why="the owner of $wd"; else why="the owner of $real_wd, where $wd leads"; fi
else
  why="run-as"
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
# Only runuser and setpriv switch user without leaving the process group that the SSM agent kills
# on a cancel or a timeout; su -c starts a new session, so a deploy-script started through it
# would outlive the command (and the lock). Without either, only run-as root can run.
# (command -v alone also names a file it found but cannot run.)
runnable() { local path; path=$(command -v "$1" 2>/dev/null) && [ -f "$path" ] && [ -x "$path" ]; }
if [ "$run_uid" = "$EUID" ]; then switch=none
elif runnable runuser; then switch=runuser
elif runnable setpriv; then switch=setpriv; run_gid=$(id -g -- "$run_as")
else
  die ${x.programMissing} "running as $run_as needs runuser or setpriv, and this instance has neither: install util-linux (it has both; on older Debian and Ubuntu, setpriv is in the setpriv package), or set run-as to root. su is not used: what it starts cannot be stopped by a cancel or a timeout"
fi
as_user() {
  case $switch in
    none) env -i "\${user_env[@]}" "$@" ;;
    runuser) runuser -u "$run_as" -- env -i "\${user_env[@]}" "$@" ;;
    setpriv) setpriv --reuid="$run_uid" --regid="$run_gid" --init-groups -- env -i "\${user_env[@]}" "$@" ;;
  esac
}
git_() { as_user GIT_TERMINAL_PROMPT=0 git -C "$wd" "$@" </dev/null 9>&-; }
say "deploying in $wd as $run_as ($why)"

# Whoever can write what runs as run-as can run code as run-as: the checkout, its .git (hooks and
# config run commands), git's config files and deploy-script must be run-as's or root's alone.
# Each path is judged where it really is, after every symlink; a group counts as writing when
# anyone but run-as and root is in it.
group_others() {  # GID: members other than run-as and root (supplementary and primary)
  local members
  members=$(getent group "$1" 2>/dev/null | cut -d: -f4) || members=
  { tr , '\\n' <<<"$members"; getent passwd 2>/dev/null | awk -F: -v g="$1" '$4 == g { print $1 }'; } |
    grep -vxF -e "$run_as" -e root -e '' | head -n 3 | paste -sd, - || true
}
unsafe=()
declare -A judged=()
check_writers() {  # PATH...: note every path someone other than run-as and root may write to
  local path real st owner group mode others
  for path in "$@"; do
    case $path in */hooks/*.sample) continue ;; esac  # never run by git
    [ -e "$path" ] || [ -L "$path" ] || continue  # nothing there (most profiles): nothing to ask stat
    [ -z "\${judged[$path]:-}" ] || continue  # .git and its config come up twice
    judged[$path]=1
    real=$(readlink -f -- "$path" 2>/dev/null) || real=$path
    st=$(stat -c '%u:%g:%a' -- "$real" 2>/dev/null) || continue
    IFS=: read -r owner group mode <<<"$st"
    [ "$real" = "$path" ] || path="$path -> $real"
    if [ "$owner" != 0 ] && [ "$owner" != "$run_uid" ]; then
      unsafe+=("$path (owned by $(id -nu -- "$owner" 2>/dev/null || echo "uid $owner"))")
    elif (( 8#$mode & 8#002 )); then
      unsafe+=("$path (writable by every user)")
    elif (( 8#$mode & 8#020 )) && others=$(group_others "$group") && [ -n "$others" ]; then
      unsafe+=("$path (writable by group $(getent group "$group" 2>/dev/null | cut -d: -f1 || true), which has $others)")
    fi
  done
}
refuse_unsafe() {
  [ "\${#unsafe[@]}" -gt 0 ] || return 0
  local who=$run_as
  [ "$run_as" = root ] || who="$run_as and root"
  warn "refusing to run as $run_as: users other than $who can write to what would run:"
  local line
  for line in "\${unsafe[@]:0:${UNSAFE_PATHS_SHOWN}}"; do warn "  \${line:0:300}"; done
  [ "\${#unsafe[@]}" -le ${UNSAFE_PATHS_SHOWN} ] || warn "  ... and $(( \${#unsafe[@]} - ${UNSAFE_PATHS_SHOWN} )) more"
  die ${x.runAsUnsafe} "\${#unsafe[@]} path(s) can be written by a user other than $run_as; give them to $run_as (or set run-as to their owner)"
}
check_git_dir() {  # DIR: a git directory, its config and its hooks
  check_writers "$1" "$1/config" "$1/hooks" "$1"/hooks/* "$1"/hooks/.[!.]*
}
# The login shell deploy-script runs in reads run-as's profiles.
check_writers "$real_wd" "$run_home" "$run_home/.bash_profile" "$run_home/.bash_login" "$run_home/.profile" "$run_home/.bashrc"
if [ -d "$real_wd/.git" ]; then
  check_writers "$real_wd/.git"
  check_git_dir "$(readlink -f -- "$real_wd/.git")"
elif [ -e "$real_wd/.git" ]; then
  # A .git file (a linked worktree, a submodule) names the git directory elsewhere, and a worktree's
  # config and hooks are in the common directory: once the file is known to be safe, git says where.
  check_writers "$real_wd/.git"
  refuse_unsafe
  if command -v git >/dev/null 2>&1; then
    git_dirs=$(git_ rev-parse --absolute-git-dir --git-common-dir 2>/dev/null) || git_dirs=
    while IFS= read -r dir; do
      case $dir in '') continue ;; /*) ;; *) dir=$real_wd/$dir ;; esac
      check_git_dir "$(readlink -f -- "$dir")"
    done <<<"$git_dirs"
  fi
fi
refuse_unsafe
if [ -e "$wd/.git" ] && command -v git >/dev/null 2>&1; then
  # Every config file git reads (includes too), and a hooks directory kept elsewhere: one listing
  # gives both (each entry is "key" or "key<newline>value"; the last core.hooksPath is the one git uses).
  config_files=()
  declare -A seen=()
  hooks=
  while IFS= read -r -d '' origin && IFS= read -r -d '' entry; do
    case $entry in core.hookspath) hooks= ;; core.hookspath$'\n'*) hooks=\${entry#*$'\n'} ;; esac
    case $origin in file:/*) file=\${origin#file:} ;; file:*) file=$real_wd/\${origin#file:} ;; *) continue ;; esac
    [ -n "\${seen[$file]:-}" ] || { seen[$file]=1; config_files+=("$file"); }
  done < <(git_ config --list --show-origin -z 2>/dev/null || true)
  check_writers \${config_files[@]+"\${config_files[@]}"}
  if [ -n "$hooks" ]; then
    case $hooks in /*) ;; *) hooks=$real_wd/$hooks ;; esac
    check_writers "$hooks" "$hooks"/* "$hooks"/.[!.]*
  fi
  refuse_unsafe
fi

case $script in /*) script_abs=$script ;; *) script_abs=$wd/$script ;; esac
before=none
head=
script_x=0
if [ "$git_pull" = 1 ]; then
  IFS= read -r -d '' git_steps <<'GIT_STEPS_END' || true
${gitSteps(nonce)}
GIT_STEPS_END
  [ -e "$wd/.git" ] || die ${x.notACheckout} "$wd is not a git checkout (it has no .git)"
  # The git steps run in one shell as run-as (one switch of user, not one per git command); every
  # value reaches it as an argument, never as part of its text. It prints its own markers and, on
  # failure, its own exit marker; on success it hands back, on fd 3, the commit before, the commit
  # now checked out, and whether run-as may execute deploy-script there.
  git_rc=0
  { git_out=$(as_user bash -c "$git_steps" ssm-deploy-git "$wd" "$ref" "$ref_kind" "$script" "$script_abs" \
      \${allowed_branches[@]+"\${allowed_branches[@]}"} </dev/null 9>&- 3>&1 >&4 4>&-) || git_rc=$?; } 4>&1
  case $git_rc in
    0) read -r before head script_x <<<"$git_out" || true ;;
    ${reservedPattern()}) exit "$git_rc" ;;
    *) die ${x.internalError} "the git steps ended unexpectedly (exit $git_rc)" ;;
  esac
  [ -n "$head" ] || die ${x.internalError} "the git steps did not say where the checkout is"
elif [ -e "$wd/.git" ] && command -v git >/dev/null 2>&1; then
  before=$(git_ rev-parse --verify --quiet 'HEAD^{commit}') || before=none
  mark before "$before"
fi

[ -f "$script_abs" ] || die ${x.deployScriptMissing} "deploy-script $script does not exist in $wd"
# deploy-script, and each directory between it and the checkout (or the one holding it, outside),
# judged afresh now that the checkout has moved.
judged=()
script_real=$(readlink -f -- "$script_abs")
check_writers "$script_real"
dir=\${script_real%/*}
while [ -n "$dir" ] && [ "$dir" != "$real_wd" ]; do
  check_writers "$dir"
  case $dir in "$real_wd"/*) dir=\${dir%/*} ;; *) break ;; esac
done
refuse_unsafe
[ "$script_x" = 1 ] || as_user test -x "$script_abs" 9>&- || die ${x.deployScriptMissing} "deploy-script $script is not executable by $run_as (chmod +x it and commit the mode)"

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

# health-check, as run-as in the checkout, until it passes or health_timeout seconds have gone by.
# Each attempt is bounded by what is left (timeout --foreground keeps it in this process group, so
# a cancel still reaches it). Prints the marker KEY=passed or failed; on failure the last output
# is kept in health_output.
health_output=
check_health() {  # KEY
  [ -n "$health_check" ] || return 0
  local deadline=$((SECONDS + health_timeout)) attempt=0 left hrc out
  say "health check: waiting up to \${health_timeout}s for it to pass"
  while :; do
    attempt=$((attempt + 1))
    left=$((deadline - SECONDS))
    [ "$left" -ge 1 ] || left=1
    [ "$left" -le ${HEALTH_ATTEMPT_MAX_SECONDS} ] || left=${HEALTH_ATTEMPT_MAX_SECONDS}
    hrc=0
    out=$(as_user timeout --foreground -k 2 "$left" bash -c "$health_check" </dev/null 9>&- 2>&1 | tail -c ${HEALTH_OUTPUT_MAX * 4}; exit "\${PIPESTATUS[0]}") || hrc=$?
    if [ "$hrc" = 0 ]; then
      say "health check passed (attempt $attempt)"
      mark2 "$1" passed
      return 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      health_output=$(printf '%s' "$out" | tr '\\n\\t' '  ' | tr -d '\\000-\\037\\177' | tail -c ${HEALTH_OUTPUT_MAX})
      warn "health check failed $attempt time(s) in \${health_timeout}s; the last time with exit code $hrc:"
      [ -z "$out" ] || printf '%s\\n' "$out" | tail -n 20 | sed 's/^/  /' >&2
      mark2 "$1" failed
      mark2 health-output "$health_output"
      return 1
    fi
    sleep 1
  done
}

mark stage script
say "running $script"
rc=0
run_deploy "$head" 0 || rc=$?
mark2 script-exit "$rc"
unhealthy=0
if [ "$rc" = 0 ]; then
  say "deploy-script succeeded"
  if check_health health; then
    if [ "$git_pull" = 0 ] && [ "$before" != none ]; then
      mark2 deployed "$(git_ rev-parse --verify --quiet HEAD || true)"
    fi
    finish 0
  fi
  unhealthy=1
elif [ "$rc" = 194 ]; then
  warn "deploy-script asked SSM to reboot the instance (exit 194)"
  mark2 exit 194
  exit 194
else
  warn "deploy-script failed with exit code $rc"
fi

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
      [ "$rrc" = 0 ] || die ${x.rollbackFailed} "rolled back to $before, but deploy-script failed there too (exit $rrc)"
      check_health rollback-health || die ${x.rollbackFailed} "rolled back to $before and deploy-script succeeded there, but the health check failed there too"
      warn "rolled back to $before, and deploy-script succeeded there"
      finish ${x.rolledBack}
    fi
    die ${x.rollbackFailed} "could not check out $before to roll back"
  fi
fi

[ "$unhealthy" = 0 ] || die ${x.unhealthy} "the health check did not pass within \${health_timeout}s"
case $rc in
  137) die ${x.deployScriptKilled} "deploy-script was killed (SIGKILL)" ;;
  ${reservedPattern()}) die ${x.scriptReservedCode} "deploy-script exit code $rc is one ssm-deploy reserves; reported as ${x.scriptReservedCode}" ;;
esac
finish "$rc"
`;
}

/**
 * The git steps of a deploy with git-pull: run as run-as by one `bash -c`, with the values as its
 * arguments (wd, ref, ref_kind, script, script_abs, then the allowed branches), so that its text is
 * constant apart from the marker nonce. From the hand-edit check to HEAD verified at the commit.
 */
export function gitSteps(nonce: string): string {
  const x = EXIT;
  return `set -Eeuo pipefail
mark() { printf '[ssm-deploy:${nonce}] %s=%s\\n' "$1" "$2"; }
say() { printf 'ssm-deploy: %s\\n' "$*"; }
warn() { printf 'ssm-deploy: %s\\n' "$*" >&2; }
finish() { mark exit "$1"; mark exit "$1" >&2; exit "$1"; }
die() { local code=$1; shift; warn "$*"; finish "$code"; }
trap 'rc=$?; trap - ERR; warn "unexpected failure of the git steps (exit $rc) at line $LINENO: $BASH_COMMAND"; finish ${x.internalError}' ERR
wd=$1 ref=$2 ref_kind=$3 script=$4 script_abs=$5
shift 5
allowed_branches=("$@")
export GIT_TERMINAL_PROMPT=0
git_() { git -C "$wd" "$@" </dev/null 3>&-; }
out=$(git_ rev-parse --show-toplevel 2>&1) || die ${x.notACheckout} "git cannot use $wd: $out"
before=$(git_ rev-parse --verify --quiet 'HEAD^{commit}') || before=none
mark before "$before"

changes=$(git_ status --porcelain --untracked-files=no) || die ${x.notACheckout} "git status failed in $wd"
changed=()
[ -z "$changes" ] || mapfile -t changed <<<"$changes"
# git status does not look at files marked --assume-unchanged (tag a lower-case letter) or
# --skip-worktree (tag S): compare each with what the index holds. A skip-worktree file that is
# absent is a sparse checkout, not an edit.
while IFS= read -r -d '' entry; do
  tag=\${entry%% *}
  rest=\${entry#* }
  mode=\${rest%% *}
  rest=\${rest#* }
  blob=\${rest%% *}
  path=\${rest#*$'\t'}
  case $tag in [a-z]) how=assume-unchanged ;; S) how=skip-worktree ;; *) continue ;; esac
  if [ ! -e "$path" ] && [ ! -L "$path" ]; then
    [ "$how" = skip-worktree ] || changed+=(" D $path (hidden from git status by --$how)")
    continue
  fi
  if [ "$mode" = 120000 ]; then
    now=$(printf '%s' "$(readlink -- "$path")" | git -C "$wd" hash-object --stdin 2>/dev/null) || now=
  elif [ -f "$path" ] && [ ! -L "$path" ]; then
    now=$(git_ hash-object -- "$path" 2>/dev/null) || now=
  else
    now=
  fi
  [ "$now" = "$blob" ] || changed+=(" M $path (hidden from git status by --$how)")
done < <(git_ ls-files -v -s -z 2>/dev/null | { grep -z '^[a-zS] ' || true; })  # the few marked, not every file
if [ "\${#changed[@]}" -gt 0 ]; then
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

# The commit must be reachable from one of the allowed branches as origin has them now: each is
# fetched into a namespace of this script's own (emptied first, so a branch deleted on origin
# since an earlier deploy does not count), then asked whether it contains the commit.
if [ "\${#allowed_branches[@]}" -gt 0 ]; then
  allowed_by=
  i=0
  for branch in "\${allowed_branches[@]}"; do
    mine=refs/ssm-deploy/allowed/$i
    i=$((i + 1))
    git_ update-ref -d "$mine" 2>/dev/null || true
    if ! git_ check-ref-format "refs/heads/$branch" 2>/dev/null; then
      warn "allowed branch $branch is not a valid branch name; skipped"
      continue
    fi
    if ! git_ fetch --quiet --no-tags origin "+refs/heads/$branch:$mine" 2>/dev/null; then
      warn "allowed branch $branch could not be fetched from origin; skipped"
      continue
    fi
    if git_ merge-base --is-ancestor "$target" "$mine" 2>/dev/null; then allowed_by=$branch; break; fi
  done
  if [ -z "$allowed_by" ]; then
    list=$(printf '%s, ' "\${allowed_branches[@]}")
    die ${x.refNotAllowed} "commit $target is not on any allowed branch of origin (\${list%, }); nothing was changed"
  fi
  say "commit $target is on the allowed branch $allowed_by of origin"
fi

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
script_x=0
if [ -x "$script_abs" ]; then script_x=1; fi
printf '%s %s %s\\n' "$before" "$head" "$script_x" >&3
`;
}

/** A bash `case` pattern matching exactly the reserved exit codes. */
function reservedPattern(): string {
  const { min, max } = RESERVED_EXIT_CODES;
  return Array.from({ length: max - min + 1 }, (_, i) => String(min + i)).join('|');
}
