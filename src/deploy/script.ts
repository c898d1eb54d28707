// The remote script sent as the `commands` of AWS-RunShellScript. Pure: the same options always
// give the same text. Every value from the workflow appears once, single-quoted by `shellQuote`,
// in the assignments at the top; the body below them is constant apart from numbers and the
// marker nonce, so no value can ever become code.
//
// What the script guarantees, in order: a sane environment of its own (SSM runs it as root in a
// non-login shell with HOME unset); the working directory exists; one deploy at a time per
// checkout (flock, on a file in a directory only root can write to); everything after runs as
// `run-as`, in one shell (git on the system's PATH, deploy-script with that user's HOME and a
// login-like PATH), once nobody else can write what would run; tracked files changed on the instance
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

/** Markers for the parser, messages, and exits that print their own marker: in both shells. */
function helpers(nonce: string): string {
  return `mark() { printf '[ssm-deploy:${nonce}] %s=%s\\n' "$1" "$2"; }
mark2() { mark "$1" "$2"; mark "$1" "$2" >&2; }
say() { printf 'ssm-deploy: %s\\n' "$*"; }
warn() { printf 'ssm-deploy: %s\\n' "$*" >&2; }
finish() { mark2 exit "$1"; exit "$1"; }
die() { local code=$1; shift; warn "$*"; finish "$code"; }
# shellcheck disable=SC2317  # (it runs from the ERR trap, which shellcheck does not follow)
on_error() {  # EXIT-CODE LINE FUNCTION COMMAND: the ERR trap
  trap - ERR
  warn "unexpected failure (exit $1) at line $2\${3:+ in $3}: $4"
  finish ${EXIT.internalError}
}`;
}

const ON_ERROR = `trap 'on_error "$?" "$LINENO" "\${FUNCNAME:-}" "$BASH_COMMAND"' ERR`;

function body(nonce: string): string {
  const x = EXIT;
  return `
${helpers(nonce)}
${ON_ERROR}

[ -d "$wd" ] || die ${x.workingDirectoryMissing} "working-directory $wd does not exist on this instance (or is not a directory)"
# Where the checkout really is: a symlink in its path (made by root, say /srv/app -> a release
# directory) must not make its owner, root, the user everything runs as.
cd -P -- "$wd"
real_wd=$PWD
for tool in flock stat env; do
  command -v "$tool" >/dev/null 2>&1 || die ${x.programMissing} "$tool is not installed on this instance"
done
if [ "$git_pull" = 1 ] && ! command -v git >/dev/null 2>&1; then
  die ${x.programMissing} "git is not installed on this instance"
fi

# One deploy at a time per checkout. The lock is never in the checkout, where run-as could plant a
# symlink for root to follow (say to /etc/nologin), nor in a world-writable directory (/run/lock,
# /tmp), where anyone could take its name first and stop every deploy: it is in /run/ssm-deploy,
# root's alone, named by the checkout's device and inode. The shell run as run-as starts with fd 9
# closed, so nothing deploy-script leaves running holds the lock once this script ends.
root_only() {  # "TYPE:OWNER:MODE[:...]" from stat: a directory only root may write to
  local type owner mode rest
  IFS=: read -r type owner mode rest <<<"$1" || return 1
  [ "$type" = directory ] && [ "$owner" = 0 ] && [[ $mode =~ ^[0-7]+$ ]] && (( (8#$mode & 8#022) == 0 ))
}
[ -d /run ] || die ${x.lockUnsafe} "this instance has no /run directory, where the deploy lock is kept"
lock_dir=/run/ssm-deploy
# One stat: the checkout (its owner; its device and inode name the lock), /run where it really
# leads (the trailing slash follows a symlink) and the lock directory, never followed.
stats=$(stat -c '%F:%u:%a:%d-%i:%U' -- . /run/ "$lock_dir" 2>/dev/null) || true
{ IFS= read -r wd_stat; IFS= read -r run_stat; IFS= read -r lock_stat; } <<<"$stats" || true
root_only "$run_stat" || die ${x.lockUnsafe} "/run is not a directory only root can write to, so the deploy lock cannot be kept there safely"
if [ -z "$lock_stat" ]; then
  mkdir -m 700 -- "$lock_dir" 2>/dev/null || true
  lock_stat=$(stat -c '%F:%u:%a' -- "$lock_dir" 2>/dev/null) || true
fi
root_only "$lock_stat" || die ${x.lockUnsafe} "the lock directory $lock_dir is not a directory only root can write to; remove it (the next deploy makes it anew)"
IFS=: read -r _ wd_uid _ wd_id wd_owner <<<"$wd_stat" || true
[ -n "$wd_id" ] || die ${x.internalError} "cannot stat $real_wd"
lock_file=$lock_dir/$wd_id.lock
{ exec 9>>"$lock_file"; } 2>/dev/null || die ${x.internalError} "cannot open the lock file $lock_file"
if ! flock -n 9; then
  say "another deploy is running in $wd; waiting up to \${lock_wait}s for it to finish"
  flock -w "$lock_wait" 9 || die ${x.lockTimeout} "gave up waiting for the lock on $wd after \${lock_wait}s"
fi

if [ -z "$run_as" ]; then
  run_as=$wd_owner
  [ "$run_as" != UNKNOWN ] || die ${x.runAsMissing} "$real_wd belongs to uid $wd_uid, which has no user name here; set run-as"
  if [ "$real_wd" = "$wd" ]; then why="the owner of $wd"; else why="the owner of $real_wd, where $wd leads"; fi
else
  why="run-as"
fi
# The account: from /etc/passwd, read by bash itself, else from getent (a directory service's).
pw=
if [ -r /etc/passwd ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    if [ "\${line%%:*}" = "$run_as" ]; then pw=$line; break; fi
  done </etc/passwd
fi
[ -n "$pw" ] || pw=$(getent passwd -- "$run_as" 2>/dev/null) || pw=
IFS=: read -r pw_name _ run_uid run_gid _ run_home _ <<<"$pw" || true
# The name must match: getent takes a number for a uid.
[[ $pw_name == "$run_as" && $run_uid =~ ^[0-9]+$ ]] || die ${x.runAsMissing} "the run-as user $run_as does not exist on this instance"
[ -n "$run_home" ] || run_home=/
user_env=(HOME="$run_home" USER="$run_as" LOGNAME="$run_as" SHELL=/bin/bash
  PATH="$run_home/.local/bin:$run_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
for name in AWS_SSM_INSTANCE_ID AWS_SSM_REGION_NAME; do
  [ -z "\${!name:-}" ] || user_env+=("$name=\${!name}")
done

# Only runuser and setpriv switch user without leaving the process group that the SSM agent kills
# on a cancel or a timeout; su -c starts a new session, so a deploy-script started through it
# would outlive the command (and the lock). Without either, only run-as root can run.
runnable() { hash "$1" 2>/dev/null && [ -f "\${BASH_CMDS[$1]}" ] && [ -x "\${BASH_CMDS[$1]}" ]; }
if [ "$run_uid" = "$EUID" ]; then switch=none
elif runnable runuser; then switch=runuser
elif runnable setpriv; then switch=setpriv
else
  die ${x.programMissing} "running as $run_as needs runuser or setpriv, and this instance has neither: install util-linux (it has both; on older Debian and Ubuntu, setpriv is in the setpriv package), or set run-as to root. su is not used: what it starts cannot be stopped by a cancel or a timeout"
fi
say "deploying in $wd as $run_as ($why)"

# The rest runs as run-as in one shell, the program below: one switch of user, not one per command.
# Values reach it as arguments, never as its text; the env values (secrets, maybe) on a pipe, as
# every user can read arguments in /proc. It says on fd 3 that it started, so that a failure to
# switch is told apart from how the shell itself ends.
program=${shellQuote(userProgram(nonce))}
case $switch in
  none) as_user=(env -i "\${user_env[@]}") ;;
  runuser) as_user=(runuser -u "$run_as" -- env -i "\${user_env[@]}") ;;
  setpriv) as_user=(setpriv --reuid="$run_uid" --regid="$run_gid" --init-groups -- env -i "\${user_env[@]}") ;;
esac
started=
user_rc=0
{ started=$("\${as_user[@]}" bash -c "$program" ssm-deploy "$wd" "$real_wd" "$ref" "$ref_kind" "$script" "$git_pull" \\
    "$rollback" "$health_check" "$health_timeout" "$run_as" "$run_uid" "$run_home" \${allowed_branches[@]+"\${allowed_branches[@]}"} \\
    </dev/null 9>&- 5< <(printf '%s\\0' \${deploy_env[@]+"\${deploy_env[@]}"}) 3>&1 >&4 4>&-) || user_rc=$?; } 4>&1
[ "$started" = started ] || die ${x.internalError} "could not start a shell as $run_as (exit $user_rc)"
exit "$user_rc"
`;
}

/**
 * The shell run as run-as, by one switch of user: everything after the lock and the choice of user.
 * Its text is constant apart from the marker nonce; every value reaches it as an argument (see
 * `as_run_as`), the env values on fd 5. It travels without its comments, which are for reading
 * here: the script's size is taken from what env may hold.
 */
export function userProgram(nonce: string): string {
  return withoutComments(userProgramSource(nonce));
}

/**
 * The text without comments and blank lines: lines that hold only a comment (shellcheck's
 * directives stay), and comments after two spaces at the end of a line (never inside a string:
 * such a comment holds no quote).
 */
function withoutComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^\s*#(?! shellcheck )/.test(line))
    .map((line) => line.replace(/ {2}# [^'"`]*$/, ''))
    .join('\n')
    .concat('\n');
}

function userProgramSource(nonce: string): string {
  const x = EXIT;
  return `set -Eeuo pipefail
${helpers(nonce)}

# Whoever can write what runs as run-as can run code as run-as: the checkout, its .git (hooks and
# config run commands), git's config files, run-as's login profiles and deploy-script must be
# run-as's or root's alone. Each path is judged where it really is, after every symlink; a group
# counts as writing when anyone but run-as and root is in it.
group_others() {  # GID: sets others to its members other than run-as and root, once per group
  if [ -z "\${group_members[$1]+set}" ]; then
    local members
    members=$(getent group "$1" 2>/dev/null | cut -d: -f4) || members=
    group_members[$1]=$({ tr , '\\n' <<<"$members"; getent passwd 2>/dev/null | awk -F: -v g="$1" '$4 == g { print $1 }'; } |
      grep -vxF -e "$run_as" -e root -e '' | head -n 3 | paste -sd, - || true)
  fi
  others=\${group_members[$1]}
}
check_writers() {  # PATH...: note every path someone other than run-as and root may write to
  local path fresh=() record owner group mode real others
  for path in "$@"; do
    case $path in */hooks/*.sample) continue ;; esac  # never run by git
    [ -e "$path" ] || [ -L "$path" ] || continue  # nothing there (most profiles): nothing to ask stat
    [ -z "\${judged[$path]:-}" ] || continue  # .git and its config come up twice
    judged[$path]=1
    fresh+=("$path")
  done
  [ "\${#fresh[@]}" -gt 0 ] || return 0
  # One stat for all of them; -L follows every symlink, so each is judged where it really is. What
  # it cannot follow (a dangling symlink) it leaves out: nothing runs from there.
  while IFS= read -r -d '' record; do
    owner=\${record%%:*} record=\${record#*:}
    group=\${record%%:*} record=\${record#*:}
    mode=\${record%%:*} path=\${record#*:}
    if [ "$owner" != 0 ] && [ "$owner" != "$run_uid" ]; then
      unsafe_path "$path" "owned by $(id -nu -- "$owner" 2>/dev/null || echo "uid $owner")"
    elif (( 8#$mode & 8#002 )); then
      unsafe_path "$path" "writable by every user"
    elif (( 8#$mode & 8#020 )); then
      group_others "$group"
      [ -z "$others" ] || unsafe_path "$path" "writable by group $(getent group "$group" 2>/dev/null | cut -d: -f1 || true), which has $others"
    fi
  done < <(stat -L --printf '%u:%g:%a:%n\\0' -- "\${fresh[@]}" 2>/dev/null || true)
}
unsafe_path() {  # PATH WHY
  local real
  real=$(readlink -f -- "$1" 2>/dev/null) || real=$1
  if [ "$real" = "$1" ]; then unsafe+=("$1 ($2)"); else unsafe+=("$1 -> $real ($2)"); fi
}
refuse_unsafe() {
  [ "\${#unsafe[@]}" -gt 0 ] || return 0
  local who=$run_as line
  [ "$run_as" = root ] || who="$run_as and root"
  warn "refusing to run as $run_as: users other than $who can write to what would run:"
  for line in "\${unsafe[@]:0:${UNSAFE_PATHS_SHOWN}}"; do warn "  \${line:0:300}"; done
  [ "\${#unsafe[@]}" -le ${UNSAFE_PATHS_SHOWN} ] || warn "  ... and $(( \${#unsafe[@]} - ${UNSAFE_PATHS_SHOWN} )) more"
  die ${x.runAsUnsafe} "\${#unsafe[@]} path(s) can be written by a user other than $run_as; give them to $run_as (or set run-as to their owner)"
}
git_dir_paths() {  # DIR: a git directory, its config and its hooks
  git_paths=("$1" "$1/config" "$1/hooks" "$1"/hooks/* "$1"/hooks/.[!.]*)
}
git_() { GIT_TERMINAL_PROMPT=0 git -C "$wd" "$@" </dev/null; }

# Everything git and deploy-script would run, judged before git runs any of it. Listing git's
# config runs nothing the config names, so the listing comes first and one stat judges it all.
judge_before_git() {
  local git_paths=() git_dirs dir origin entry file hooks=''
  local -A seen=()
  # The login shell deploy-script runs in reads run-as's profiles.
  local paths=("$real_wd" "$run_home" "$run_home/.bash_profile" "$run_home/.bash_login" "$run_home/.profile" "$run_home/.bashrc")
  if [ -d "$real_wd/.git" ]; then
    git_dir_paths "$real_wd/.git"
    paths+=("\${git_paths[@]}")
  elif [ -e "$real_wd/.git" ]; then
    # A .git file (a linked worktree, a submodule) names the git directory elsewhere, and a
    # worktree's config and hooks are in the common directory: once the file is known to be safe,
    # git says where.
    check_writers "\${paths[@]}" "$real_wd/.git"
    refuse_unsafe
    if command -v git >/dev/null 2>&1; then
      git_dirs=$(git_ rev-parse --absolute-git-dir --git-common-dir 2>/dev/null) || git_dirs=
      while IFS= read -r dir; do
        case $dir in '') continue ;; /*) ;; *) dir=$real_wd/$dir ;; esac
        git_dir_paths "$(readlink -f -- "$dir")"
        paths+=("\${git_paths[@]}")
      done <<<"$git_dirs"
    fi
  fi
  if [ -e "$wd/.git" ] && command -v git >/dev/null 2>&1; then
    # Every config file git reads (includes too), and a hooks directory kept elsewhere: one listing
    # gives both (each entry is "key" or "key<newline>value"; the last core.hooksPath is the one git uses).
    while IFS= read -r -d '' origin && IFS= read -r -d '' entry; do
      case $entry in core.hookspath) hooks= ;; core.hookspath$'\\n'*) hooks=\${entry#*$'\\n'} ;; esac
      case $origin in file:/*) file=\${origin#file:} ;; file:*) file=$real_wd/\${origin#file:} ;; *) continue ;; esac
      [ -n "\${seen[$file]:-}" ] || { seen[$file]=1; paths+=("$file"); }
    done < <(git_ config --list --show-origin -z 2>/dev/null || true)
    if [ -n "$hooks" ]; then
      case $hooks in /*) ;; *) hooks=$real_wd/$hooks ;; esac
      paths+=("$hooks" "$hooks"/* "$hooks"/.[!.]*)
    fi
  fi
  check_writers "\${paths[@]}"
  refuse_unsafe
}

# Sets ids to the object id each NAME stands for ("" for one that is not here): one git process for
# several questions. Fails only when git cannot use the checkout at all.
object_ids() {
  local answers line
  answers=$(printf '%s\\n' "$@" | GIT_TERMINAL_PROMPT=0 git -C "$wd" cat-file --batch-check='%(objectname)' 2>/dev/null) || return 1
  ids=()
  while IFS= read -r line; do
    [[ $line =~ ^[0-9a-f]{40}([0-9a-f]{24})?$ ]] || line=
    ids+=("$line")
  done <<<"$answers"
}

# From the hand-edit check to HEAD verified at the commit; sets before and head.
git_steps() {
  local ids=() out changes changed=() entry tag rest mode blob path how now line
  local target='' script_in='' in_target=() wanted=() want found spec listing rc fetching=''
  local allowed_by branch mine i list
  [ -e "$wd/.git" ] || die ${x.notACheckout} "$wd is not a git checkout (it has no .git)"
  # deploy-script is asked for by path in the commit only when the path stays in the checkout
  # (git refuses the whole question otherwise); a script elsewhere is checked on disk below.
  case $script in /* | ../* | */../* | */..) ;; *) script_in=1 ;; esac
  local asked=('HEAD^{commit}')
  if [ "$ref_kind" = sha ]; then
    asked+=("$ref^{commit}")
    [ -z "$script_in" ] || asked+=("$ref:$script")
  fi
  if ! object_ids "\${asked[@]}"; then
    out=$(git_ rev-parse --show-toplevel 2>&1) || true
    die ${x.notACheckout} "git cannot use $wd: $out"
  fi
  before=\${ids[0]:-}
  [ -n "$before" ] || before=none
  mark before "$before"
  in_target=("\${ids[@]:1}")
  if [ "$ref_kind" = sha ] && [ -z "\${in_target[0]:-}" ]; then
    # Fetched while the checkout is examined: only objects arrive, nothing in the checkout changes,
    # and what arrived is looked at only once the checkout has passed. (|| exit: a failure here is
    # handled below, not by the ERR trap in this background shell.)
    { git_ fetch --quiet --no-tags origin "$ref" 2>/dev/null || exit 1; } &
    fetching=$!
  fi

  if ! changes=$(git_ status --porcelain --untracked-files=no); then
    [ -z "$fetching" ] || wait "$fetching" || true
    die ${x.notACheckout} "git status failed in $wd"
  fi
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
    path=\${rest#*$'\\t'}
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
    [ -z "$fetching" ] || wait "$fetching" || true
    die ${x.trackedFilesModified} "\${#changed[@]} tracked file(s) modified in $wd"
  fi

  if [ "$ref_kind" = sha ]; then
    if [ -n "$fetching" ]; then
      say "fetching $ref from origin"
      # Not every server gives a commit by its id: then everything is fetched.
      if ! wait "$fetching"; then
        git_ fetch --quiet --no-tags origin || die ${x.fetchFailed} "git fetch from origin failed in $wd"
      fi
      asked=("$ref^{commit}")
      [ -z "$script_in" ] || asked+=("$ref:$script")
      object_ids "\${asked[@]}" || ids=('')
      in_target=("\${ids[@]}")
      [ -n "\${in_target[0]:-}" ] || die ${x.refNotFound} "commit $ref is not on origin (was it pushed?)"
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
    asked=('FETCH_HEAD^{commit}')
    [ -z "$script_in" ] || asked+=("FETCH_HEAD:$script")
    object_ids "\${asked[@]}" || ids=('')
    in_target=("\${ids[@]}")
    target=\${in_target[0]:-}
    [ -n "$target" ] || die ${x.refNotFound} "$found on origin is not a commit"
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
    *) if [ -z "\${in_target[1]:-}" ] && { [ -n "$script_in" ] || ! git_ cat-file -e "$target:$script" 2>/dev/null; }; then
        if [ ! -f "$script_abs" ] || git_ ls-files --error-unmatch -- "$script" >/dev/null 2>&1; then
          die ${x.deployScriptMissing} "deploy-script $script is not in commit $target"
        fi
      fi ;;
  esac

  if [ "$before" != "$target" ]; then
    git_ checkout --quiet --detach "$target" || die ${x.checkoutFailed} "git checkout of $target failed in $wd"
  fi
  # After a detached checkout the HEAD file holds the commit itself: read here, without starting
  # git, where it can be (not in a linked worktree, nor with refs kept in a reftable).
  head=''
  if [ -f "$wd/.git/HEAD" ]; then IFS= read -r head <"$wd/.git/HEAD" || true; fi
  [[ $head =~ ^[0-9a-f]{40}([0-9a-f]{24})?$ ]] || head=$(git_ rev-parse --verify --quiet HEAD) || head=
  [ "$head" = "$target" ] || die ${x.checkoutFailed} "HEAD is \${head:-unknown} after the checkout, not $target"
  mark deployed "$head"
  say "checkout is at $head (it was at $before)"
}

# deploy-script, and each directory between it and the checkout (or the one holding it, outside),
# judged afresh now that the checkout has moved.
judge_deploy_script() {
  local script_real dir
  [ -f "$script_abs" ] || die ${x.deployScriptMissing} "deploy-script $script does not exist in $wd"
  judged=()
  if [ -L "$script_abs" ]; then
    script_real=$(readlink -f -- "$script_abs")
  else
    dir=\${script_abs%/*}
    case $dir in "$wd" | "$wd/.") dir=$real_wd ;; *) dir=$(cd -P -- "$dir" && pwd -P) ;; esac
    script_real=$dir/\${script_abs##*/}
  fi
  local paths=("$script_real")
  dir=\${script_real%/*}
  while [ -n "$dir" ] && [ "$dir" != "$real_wd" ]; do
    paths+=("$dir")
    case $dir in "$real_wd"/*) dir=\${dir%/*} ;; *) break ;; esac
  done
  check_writers "\${paths[@]}"
  refuse_unsafe
  [ -x "$script_abs" ] || die ${x.deployScriptMissing} "deploy-script $script is not executable by $run_as (chmod +x it and commit the mode)"
}

# deploy-script runs in a login shell (profiles sourced, as over SSH) with nothing of this shell's
# environment but user_env; the env values are exported after the profiles so that they win, and
# they reach deploy-script only, never git.
run_deploy() {  # SHA ROLLBACK
  local previous=$before
  [ "$previous" != none ] || previous=
  env -i "\${user_env[@]}" bash --login -c 'cd -- "$1" || exit 1; s=$2; shift 2; for kv in "$@"; do export "$kv"; done; exec "$s"' \\
    ssm-deploy "$wd" "$script" \${deploy_env[@]+"\${deploy_env[@]}"} \\
    "SSM_DEPLOY_SHA=$1" "SSM_DEPLOY_PREVIOUS_SHA=$previous" "SSM_DEPLOY_REF=$ref" "SSM_DEPLOY_ROLLBACK=$2" \\
    </dev/null
}

# health-check, in the checkout, until it passes or health_timeout seconds have gone by. Each
# attempt is bounded by what is left (timeout --foreground keeps it in this process group, so a
# cancel still reaches it). Prints the marker KEY=passed or failed; on failure the last output is
# kept in health_output.
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
    out=$(env -i "\${user_env[@]}" timeout --foreground -k 2 "$left" bash -c "$health_check" </dev/null 2>&1 | tail -c ${HEALTH_OUTPUT_MAX * 4}; exit "\${PIPESTATUS[0]}") || hrc=$?
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

# The shell run as run-as: everything after the lock and the choice of user.
as_run_as() {
  wd=$1 real_wd=$2 ref=$3 ref_kind=$4 script=$5 git_pull=$6 rollback=$7
  health_check=$8 health_timeout=$9 run_as=\${10} run_uid=\${11} run_home=\${12}
  shift 12
  allowed_branches=("$@")
  printf 'started\\n' >&3
  exec 3>&-
  ${ON_ERROR}
  # What deploy-script and health-check start from: exactly the environment this shell was given.
  # This shell's own commands are found on the system's PATH only, never in run-as's home.
  user_env=()
  local name kv
  for name in HOME USER LOGNAME SHELL PATH AWS_SSM_INSTANCE_ID AWS_SSM_REGION_NAME; do
    [ -z "\${!name+set}" ] || user_env+=("$name=\${!name}")
  done
  export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
  deploy_env=()
  while IFS= read -r -d '' kv; do [ -z "$kv" ] || deploy_env+=("$kv"); done <&5
  exec 5<&-
  before=none head='' health_output=''

  judge_before_git
  case $script in /*) script_abs=$script ;; *) script_abs=$wd/$script ;; esac
  if [ "$git_pull" = 1 ]; then
    git_steps
  elif [ -e "$wd/.git" ] && command -v git >/dev/null 2>&1; then
    before=$(git_ rev-parse --verify --quiet 'HEAD^{commit}') || before=none
    mark before "$before"
  fi
  judge_deploy_script

  local rc=0 unhealthy=0 changes rrc
  mark stage script
  say "running $script"
  run_deploy "$head" 0 || rc=$?
  mark2 script-exit "$rc"
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
}
unsafe=()
declare -A judged=() group_members=()
as_run_as "$@"
`;
}

/** A bash `case` pattern matching exactly the reserved exit codes. */
function reservedPattern(): string {
  const { min, max } = RESERVED_EXIT_CODES;
  return Array.from({ length: max - min + 1 }, (_, i) => String(min + i)).join('|');
}
