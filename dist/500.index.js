export const id = 500;
export const ids = [500];
export const modules = {

/***/ 531:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BP: () => (/* binding */ RESERVED_EXIT_CODES),
/* harmony export */   X4: () => (/* binding */ markerPrefix),
/* harmony export */   Yy: () => (/* binding */ exitName),
/* harmony export */   au: () => (/* binding */ NONCE),
/* harmony export */   dc: () => (/* binding */ EXIT),
/* harmony export */   dv: () => (/* binding */ EXIT_REASONS),
/* harmony export */   gR: () => (/* binding */ HEALTH_OUTPUT_MAX),
/* harmony export */   ui: () => (/* binding */ MARKER_KEYS)
/* harmony export */ });
// The contract between the remote script (script.ts writes it) and the result parser (result.ts
// reads it): exit codes and marker lines. Both sides import these definitions, so they cannot
// drift apart.
/**
 * Exit codes of the remote script. They sit in 210–229: clear of what scripts commonly return
 * (1, 2, 126, 127, 255), of 128+signal (129–192), and of the two codes the SSM agent treats
 * specially on Linux (137: stopped, reported as TimedOut or Cancelled; 194: reboot requested).
 * A deploy-script that itself exits with a code in this range is reported as 210, with its own
 * code in the output, so a code here always means what this table says.
 */
const EXIT = {
    scriptReservedCode: 210,
    workingDirectoryMissing: 211,
    notACheckout: 212,
    deployScriptMissing: 213,
    trackedFilesModified: 214,
    lockTimeout: 215,
    refNotFound: 216,
    checkoutFailed: 217,
    runAsMissing: 218,
    fetchFailed: 219,
    rolledBack: 220,
    rollbackFailed: 221,
    programMissing: 222,
    deployScriptKilled: 223,
    lockUnsafe: 224,
    runAsUnsafe: 225,
    unhealthy: 226,
    refNotAllowed: 227,
    internalError: 229,
};
const RESERVED_EXIT_CODES = { min: 210, max: 229 };
/** What each exit code means, said to the person reading the annotation. */
const EXIT_REASONS = {
    scriptReservedCode: 'deploy-script failed with an exit code in the range ssm-deploy reserves (210-229); its own code is in the output',
    workingDirectoryMissing: 'working-directory does not exist on the instance',
    notACheckout: 'working-directory is not a git checkout (or git refused to use it)',
    deployScriptMissing: 'deploy-script is missing or not executable at the deployed commit',
    trackedFilesModified: 'tracked files were changed on the instance; the deploy stopped rather than discard them',
    lockTimeout: 'another deploy held the lock on this checkout for the whole wait',
    refNotFound: 'ref was not found on the remote of the checkout',
    checkoutFailed: 'the checkout could not be brought to the commit (git checkout failed or HEAD differs)',
    runAsMissing: 'the run-as user does not exist on the instance',
    fetchFailed: 'git fetch failed (network, credentials, or no remote named origin)',
    rolledBack: 'deploy-script failed; the checkout was rolled back to the previous commit and deploy-script succeeded there',
    rollbackFailed: 'deploy-script failed, and rolling back to the previous commit failed too',
    programMissing: 'a program the deploy needs is missing on the instance (git, flock, or runuser or setpriv to run as run-as)',
    deployScriptKilled: 'deploy-script was killed (SIGKILL, often the out-of-memory killer)',
    lockUnsafe: 'the lock directory /run/ssm-deploy (or /run) may be written by users other than root; see the output',
    runAsUnsafe: 'the checkout, its .git or deploy-script can be written by a user other than the one the deploy runs as; the output names the files',
    unhealthy: 'deploy-script succeeded, but the instance did not pass health-check within health-check-timeout',
    refNotAllowed: 'the commit is not on any of the allowed branches of origin (as the instance fetched them); nothing was changed',
    internalError: 'the ssm-deploy script itself failed unexpectedly',
};
const BY_CODE = new Map(Object.entries(EXIT).map(([name, code]) => [code, name]));
/** The name of one of the remote script's own exit codes, or undefined for any other code. */
function exitName(code) {
    return BY_CODE.get(code);
}
/**
 * Marker lines: `[ssm-deploy:<nonce>] <key>=<value>`. The nonce is random per deploy, so neither
 * a deploy-script's own output nor the log of an earlier deploy (a script that prints its last
 * log, say) can pass for a marker of this one.
 */
const MARKER_KEYS = [
    /** The commit the checkout had before the deploy, or `none`. */
    'before',
    /** The commit `ref` resolved to. */
    'target',
    /** HEAD once verified, before deploy-script runs (after it, with git-pull false). */
    'deployed',
    /** Printed as deploy-script starts: `script`, then `rollback` if it comes to that. */
    'stage',
    /** deploy-script's own exit code. */
    'script-exit',
    /** The commit the checkout was rolled back to. */
    'rolled-back',
    /** deploy-script's exit code when run again after the rollback. */
    'rollback-exit',
    /** The health check after deploy-script: `passed` or `failed`. */
    'health',
    /** The health check after the rollback's deploy-script: `passed` or `failed`. */
    'rollback-health',
    /** The last output of a health check that failed, on one line, bounded. */
    'health-output',
    /** The remote script's own exit code, printed last. */
    'exit',
];
const NONCE = /^[0-9a-f]{12}$/;
/** The most characters of a failed health check's last output that the script prints. */
const HEALTH_OUTPUT_MAX = 500;
function markerPrefix(nonce) {
    return `[ssm-deploy:${nonce}] `;
}


/***/ }),

/***/ 2438:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kj: () => (/* binding */ MAX_SCRIPT_JSON_BYTES),
  AJ: () => (/* binding */ buildScript),
  f: () => (/* binding */ scriptJsonBytes)
});

// UNUSED EXPORTS: HEALTH_ATTEMPT_MAX_SECONDS, MODIFIED_FILES_SHOWN, UNSAFE_PATHS_SHOWN, lockWaitSeconds, scriptPath, userProgram

// EXTERNAL MODULE: ./src/deploy/protocol.ts
var protocol = __webpack_require__(531);
;// CONCATENATED MODULE: ./src/deploy/quote.ts
// The one way a value reaches the remote bash script: as a single-quoted word. Inside single
// quotes bash interprets nothing at all, so the only character that needs care is the single
// quote itself, which ends the quoting, is emitted escaped, and starts a new quoted run.
// With the `u` flag a well-formed surrogate pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u;
/** A value bash cannot receive byte for byte. */
class UnquotableError extends Error {
    name = 'UnquotableError';
}
/**
 * Quotes `value` as one bash word that expands to exactly `value`, whatever it contains (quotes,
 * `$()`, backticks, newlines, globs, `~`, leading dashes, non-ASCII). Refuses a NUL character
 * (a C string cannot hold one) and lone UTF-16 surrogates (they have no UTF-8 encoding, so the
 * bytes bash would see could not be the value).
 */
function shellQuote(value) {
    if (value.includes('\0'))
        throw new UnquotableError('a NUL character cannot be passed to bash');
    if (LONE_SURROGATE.test(value))
        throw new UnquotableError('the value is not valid Unicode (it has a lone surrogate)');
    return `'${value.replaceAll("'", `'\\''`)}'`;
}

;// CONCATENATED MODULE: ./src/deploy/script.ts
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


/**
 * SSM refuses a command whose document and parameters exceed 64 KB. AWS-RunShellScript itself is
 * about 1 KB, and the script travels JSON-encoded; what is left is kept well clear of the limit.
 */
const MAX_SCRIPT_JSON_BYTES = 60_000;
/** The script's size as SSM counts it: JSON-encoded UTF-8. */
function scriptJsonBytes(script) {
    return Buffer.byteLength(JSON.stringify(script), 'utf8');
}
/** The longest one attempt of health-check may take; the next starts a second after it ends. */
const HEALTH_ATTEMPT_MAX_SECONDS = 10;
/** Tracked files listed when the deploy stops because of them; the rest are counted. */
const MODIFIED_FILES_SHOWN = 20;
/** Paths listed when the deploy refuses because users other than run-as can write them. */
const UNSAFE_PATHS_SHOWN = 10;
/**
 * How long a deploy waits for the lock: the execution timeout less a reserve, so a lock that is
 * never released ends as a clear "lock timeout" rather than an anonymous execution time-out.
 */
function lockWaitSeconds(timeoutSeconds) {
    const reserve = Math.min(60, Math.ceil(timeoutSeconds / 10));
    return Math.max(1, timeoutSeconds - reserve);
}
/**
 * deploy-script as the script runs it: a relative path is made explicit (`deploy.sh` becomes
 * `./deploy.sh`) so that it is never looked up on PATH.
 */
function scriptPath(deployScript) {
    if (deployScript.startsWith('/') ||
        deployScript.startsWith('./') ||
        deployScript.startsWith('../'))
        return deployScript;
    return `./${deployScript}`;
}
function buildScript(options) {
    if (!protocol/* NONCE */.au.test(options.nonce))
        throw new Error(`invalid marker nonce ${options.nonce}`);
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
function header() {
    const x = protocol/* EXIT */.dc;
    return `#!/bin/bash
# ssm-deploy: bring the git checkout in $wd to exactly one commit and run its deploy script.
# Exit codes: 0 success; ${protocol/* RESERVED_EXIT_CODES */.BP.min}-${protocol/* RESERVED_EXIT_CODES */.BP.max} are this script's own; any other is deploy-script's.
#   ${x.scriptReservedCode} deploy-script exited with a code in ${protocol/* RESERVED_EXIT_CODES */.BP.min}-${protocol/* RESERVED_EXIT_CODES */.BP.max}  ${x.workingDirectoryMissing} working-directory missing
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
function helpers(nonce) {
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
  finish ${protocol/* EXIT */.dc.internalError}
}`;
}
const ON_ERROR = `trap 'on_error "$?" "$LINENO" "\${FUNCNAME:-}" "$BASH_COMMAND"' ERR`;
function body(nonce) {
    const x = protocol/* EXIT */.dc;
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
function userProgram(nonce) {
    return withoutComments(userProgramSource(nonce));
}
/**
 * The text without comments and blank lines: lines that hold only a comment (shellcheck's
 * directives stay), and comments after two spaces at the end of a line (never inside a string:
 * such a comment holds no quote).
 */
function withoutComments(text) {
    return text
        .split('\n')
        .filter((line) => line.trim() !== '' && !/^\s*#(?! shellcheck )/.test(line))
        .map((line) => line.replace(/ {2}# [^'"`]*$/, ''))
        .join('\n')
        .concat('\n');
}
function userProgramSource(nonce) {
    const x = protocol/* EXIT */.dc;
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
    out=$(env -i "\${user_env[@]}" timeout --foreground -k 2 "$left" bash -c "$health_check" </dev/null 2>&1 | tail -c ${protocol/* HEALTH_OUTPUT_MAX */.gR * 4}; exit "\${PIPESTATUS[0]}") || hrc=$?
    if [ "$hrc" = 0 ]; then
      say "health check passed (attempt $attempt)"
      mark2 "$1" passed
      return 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      health_output=$(printf '%s' "$out" | tr '\\n\\t' '  ' | tr -d '\\000-\\037\\177' | tail -c ${protocol/* HEALTH_OUTPUT_MAX */.gR})
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
function reservedPattern() {
    const { min, max } = protocol/* RESERVED_EXIT_CODES */.BP;
    return Array.from({ length: max - min + 1 }, (_, i) => String(min + i)).join('|');
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ActionError: () => (/* binding */ ActionError),
/* harmony export */   FailureWithWarnings: () => (/* binding */ FailureWithWarnings),
/* harmony export */   InputError: () => (/* binding */ InputError),
/* harmony export */   combineErrors: () => (/* binding */ combineErrors),
/* harmony export */   failWith: () => (/* binding */ failWith),
/* harmony export */   formatProblem: () => (/* binding */ formatProblem)
/* harmony export */ });
/** Every problem found in the inputs, reported together before any AWS call. */
class InputError extends Error {
    name = 'InputError';
    problems;
    constructor(problems) {
        super(problems.map(formatProblem).join('\n'));
        this.problems = problems;
    }
}
function formatProblem(problem) {
    return problem.input === undefined
        ? problem.message
        : `Input "${problem.input}": ${problem.message}`;
}
/**
 * A failure the user can act on: what went wrong, and what to do about it. Messages never carry a
 * secret's value.
 */
class ActionError extends Error {
    name = 'ActionError';
    hint;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.hint = options.hint;
    }
}
/**
 * Several independent failures as one thrown error: the error itself when there is one, else an
 * `AggregateError` whose errors each become their own annotation.
 */
function combineErrors(errors) {
    if (errors.length === 1 && errors[0] !== undefined)
        return errors[0];
    return new AggregateError(errors, `${errors.length} problems`);
}
/**
 * A failure together with the warnings gathered before it (a secret missing under if-missing:
 * warn, a JSON key too short to mask), which are still to be shown though the step fails.
 */
class FailureWithWarnings extends Error {
    name = 'FailureWithWarnings';
    failure;
    warnings;
    constructor(failure, warnings) {
        super(failure.message, { cause: failure });
        this.failure = failure;
        this.warnings = warnings;
    }
}
/** `combineErrors(errors)`, carrying `warnings` along when there are any. */
function failWith(errors, warnings) {
    const error = combineErrors(errors);
    return warnings.length === 0 ? error : new FailureWithWarnings(error, warnings);
}


/***/ }),

/***/ 2918:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  IV: () => (/* reexport */ declared/* RESERVED_OUTPUTS */.IV),
  Cf: () => (/* reexport */ parameterOutputName),
  TL: () => (/* binding */ parseInputs)
});

// UNUSED EXPORTS: COMMENT_MAX, INPUT_DEFAULTS, INPUT_NAMES, MAX_INSTANCE_IDS, MAX_TAG_VALUES, MAX_TARGETS, TIMEOUT_BOUNDS, lines, quote

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/inputs/declared.ts
var declared = __webpack_require__(7127);
// EXTERNAL MODULE: ./src/deploy/script.ts + 1 modules
var script = __webpack_require__(2438);
// EXTERNAL MODULE: ./src/names.ts
var src_names = __webpack_require__(6455);
;// CONCATENATED MODULE: ./src/ssm-references.ts
// SSM resolves Parameter Store references such as `{{ssm:/app/url}}` inside the parameters of a
// Run Command before the command reaches an instance, and offers no way to escape them. A value
// holding one would not reach the remote script as written, and could pull a parameter into the
// command (and into its history, in plain text). Such values are refused: the script itself holds
// no `{{`, so nothing else in the command can form a reference.
/** `{{ssm:…}}`, `{{ssm-secure:…}}` and the `{{resolve:…}}` form, spaces and case allowed. */
const SSM_REFERENCE = /\{\{\s*(?:ssm|ssm-secure|resolve)\s*:/i;
function hasSsmReference(value) {
    return SSM_REFERENCE.test(value);
}
/** The end of an input problem about a value holding a reference, naming no value. */
const SSM_REFERENCE_PROBLEM = 'SSM would replace it with a Parameter Store value before the script runs (SSM offers no escape for "{{ssm:"), so it is refused. Let deploy-script read the parameter on the instance instead.';

;// CONCATENATED MODULE: ./src/inputs/problems.ts
// Collecting problems with the inputs, and showing a value in a message safely.
const QUOTE_MAX = 60;
/**
 * Shows a value in a message only when it can be shown whole and exactly as it is: the runner masks
 * a secret only where it appears whole (or as a whole line), so a value cut short, or escaped, would
 * show what the mask hides. Any other value is described by its length, never quoted in part.
 * Messages about env, secret-ids and parameters never call this: they name the line instead.
 */
function quote(value) {
    if (value.length > 0 &&
        value.length <= QUOTE_MAX &&
        /^[!#-[\]-~](?:[ !#-[\]-~]*[!#-[\]-~])?$/.test(value))
        return `"${value}"`;
    return `the value (${value.length} characters, not shown: it cannot be shown whole and as it is)`;
}
/** A multi-line input as numbered items: blank lines and `#` comments dropped, items trimmed. */
function lines(raw) {
    return raw
        .split(/\r?\n/)
        .map((text, index) => ({ line: index + 1, text: text.trim() }))
        .filter(({ text }) => text !== '' && !text.startsWith('#'));
}
class Problems {
    list = [];
    add(input, message) {
        this.list.push({ input, message });
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/inputs/deploy.ts
// The deploy's inputs: targets, the checkout, the script and its environment, timeouts, rate
// control and where the output goes.





function parseDeploy(raw, given, bool, run, env, problems, 
/** Null when the rollout's inputs had problems (already recorded). */
rollout) {
    const deploying = given('instance-ids') || given('targets');
    if (given('instance-ids') && given('targets'))
        problems.add('targets', 'cannot be used together with instance-ids; choose one way to name the instances.');
    // Both are checked when both are given, so that a bad id is not hidden behind that conflict.
    const tagTargets = given('targets') ? parseTargets(raw.targets, problems) : undefined;
    const idTargets = given('instance-ids')
        ? parseInstanceIds(raw['instance-ids'], problems)
        : undefined;
    const targets = given('targets') ? tagTargets : idTargets;
    // Every input is validated even when it will not be used, so every problem shows at once.
    const workingDirectory = deploying || given('working-directory')
        ? parseWorkingDirectory(raw['working-directory'], problems)
        : undefined;
    const ref = deploying || given('ref')
        ? parseRef(raw.ref, env, raw['github-token'] !== '', problems)
        : undefined;
    const allowedBranches = parseAllowedBranches(raw['allowed-branches'], problems);
    const deployScript = parseDeployScript(raw['deploy-script'] || declared/* INPUT_DEFAULTS */.WJ['deploy-script'], problems);
    const runAs = parseRunAs(raw['run-as'], problems);
    const envVars = parseEnv(raw.env, problems);
    const timeoutSeconds = parseTimeout(raw['timeout-seconds'] || declared/* INPUT_DEFAULTS */.WJ['timeout-seconds'], problems);
    const maxConcurrency = parseRate('max-concurrency', raw['max-concurrency'] || declared/* INPUT_DEFAULTS */.WJ['max-concurrency'], src_names/* MAX_CONCURRENCY */.fx, 'a count from 1 or a percentage such as 10%', problems);
    const maxErrors = parseRate('max-errors', raw['max-errors'] || declared/* INPUT_DEFAULTS */.WJ['max-errors'], src_names/* MAX_ERRORS */.BU, 'a count from 0 or a percentage such as 5%', problems);
    const outputS3 = parseOutputS3(raw, problems);
    const cloudWatchLogGroup = parseLogGroup(raw['cloudwatch-log-group'], problems);
    const gitPull = bool('git-pull');
    const wait = bool('wait');
    const rollbackOnFailure = bool('rollback-on-failure');
    if (rollout !== undefined && rollout !== null && !wait)
        problems.add('wait', 'false cannot be used with rollout, bake-seconds, alarms or target-groups: each wave starts only once the one before it is finished and healthy, so the step must wait.');
    const healthCheck = parseHealthCheck(raw, problems);
    if (rollbackOnFailure && !gitPull)
        problems.add('rollback-on-failure', 'needs git-pull: true; without it the action does not move the checkout and has no commit to go back to.');
    if (!deploying ||
        (given('instance-ids') && given('targets')) ||
        targets === undefined ||
        workingDirectory === undefined ||
        ref === undefined ||
        allowedBranches === null ||
        deployScript === undefined ||
        runAs === null ||
        envVars === undefined ||
        timeoutSeconds === undefined ||
        maxConcurrency === undefined ||
        maxErrors === undefined ||
        outputS3 === null ||
        cloudWatchLogGroup === null ||
        healthCheck === null ||
        rollout === null)
        return undefined;
    const deploy = {
        targets,
        workingDirectory,
        ref,
        allowedBranches,
        gitPull,
        deployScript,
        runAs,
        env: envVars,
        timeoutSeconds,
        maxConcurrency,
        maxErrors,
        wait,
        comment: parseComment(raw.comment, run, ref),
        outputS3,
        cloudWatchLogGroup,
        rollbackOnFailure,
        rollout,
        healthCheck,
    };
    return checkScriptSize(deploy, problems) ? deploy : undefined;
}
/** Any valid nonce: every one has the same length, so the script's size does not depend on it. */
const SIZING_NONCE = '000000000000';
/**
 * The remote script is made of the inputs alone, so a command too large for SSM is refused here,
 * before phases 1 and 2 have read secrets or changed a bucket, not when it is about to be sent.
 * `env` is what can make it that large: every other value in it is bounded well below the limit.
 */
function checkScriptSize(deploy, problems) {
    const bytes = (0,script/* scriptJsonBytes */.f)((0,script/* buildScript */.AJ)({
        ...deploy,
        // What is sent: ref resolved to one SHA, and the longest the list can be once resolved
        // (the default branch is one name).
        ref: { kind: 'sha', sha: '0'.repeat(40) },
        allowedBranches: deploy.allowedBranches ?? ['x'.repeat(255)],
        nonce: SIZING_NONCE,
    }));
    if (bytes <= script/* MAX_SCRIPT_JSON_BYTES */.kj)
        return true;
    problems.add('env', `makes the deploy script ${bytes} bytes, over the ${script/* MAX_SCRIPT_JSON_BYTES */.kj} that fit in one SSM command (SSM allows 64 KB for a command's document and parameters); pass large values another way, such as a file in the repository or a parameter the script reads.`);
    return false;
}
function parseInstanceIds(raw, problems) {
    const ids = [];
    let bad = false;
    // One message per line that has bad items, so a line such as `i-1; rm -rf /` is one problem.
    for (const [index, text] of raw.split(/\r?\n/).entries()) {
        const wrong = [];
        for (const id of text.split(/[\s,]+/).filter((part) => part !== '')) {
            if (!src_names/* INSTANCE_ID */.Cd.test(id))
                wrong.push(id);
            else if (!ids.includes(id))
                ids.push(id);
        }
        if (wrong.length === 0)
            continue;
        bad = true;
        problems.add('instance-ids', instanceIdsProblem(index + 1, wrong));
    }
    if (ids.length > declared/* MAX_INSTANCE_IDS */.sb) {
        bad = true;
        problems.add('instance-ids', `names ${ids.length} instances; SSM takes at most ${declared/* MAX_INSTANCE_IDS */.sb} ids in one command. Use targets (tag:KEY=VALUE) for a fleet.`);
    }
    return bad ? undefined : { kind: 'instances', instanceIds: ids };
}
const EXPECTED_ID = 'expected i- followed by 8 or 17 hex digits (e.g. i-0123456789abcdef0), or mi- and 17 for a managed node, separated by commas, spaces or new lines';
/** Items of one line shown in its message at most; the rest are counted. */
const SHOWN_IDS = 5;
/** What is wrong on one line of instance-ids: id-shaped items are shown, anything else is not. */
function instanceIdsProblem(line, wrong) {
    const idShaped = wrong.filter((id) => /^[A-Za-z0-9-]{1,40}$/.test(id));
    const shown = idShaped.slice(0, SHOWN_IDS).map((id) => `"${id}"`);
    const parts = [];
    if (shown.length > 0) {
        const more = idShaped.length - shown.length;
        const list = more > 0
            ? `${shown.join(', ')} and ${more} more`
            : shown.length === 1
                ? shown.join('')
                : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1) ?? ''}`;
        parts.push(`${list} ${idShaped.length === 1 ? 'is not an instance id' : 'are not instance ids'}`);
    }
    const hidden = wrong.length - idShaped.length;
    if (hidden > 0)
        parts.push(`${hidden === 1 ? 'one item has' : `${hidden} items have`} characters no instance id has (only letters, digits and -)`);
    return `line ${line}: ${parts.join('; ')}; ${EXPECTED_ID}.`;
}
function parseTargets(raw, problems) {
    const tags = [];
    const before = problems.list.length;
    const fail = (message) => {
        problems.add('targets', message);
    };
    const items = lines(raw);
    if (items.length > declared/* MAX_TARGETS */.kz)
        fail(`has ${items.length} lines; SSM takes at most ${declared/* MAX_TARGETS */.kz} targets in one command.`);
    for (const { line, text } of items) {
        const match = /^tag:([^=]+)=(.*)$/.exec(text);
        const key = match?.[1]?.trim();
        if (match === null || key === undefined || key === '') {
            fail(`line ${line}: ${quote(text)} is not a tag target; expected tag:KEY=VALUE or tag:KEY=VALUE1,VALUE2.`);
            continue;
        }
        const values = (match[2] ?? '').split(',').map((value) => value.trim());
        if (key.length > 128 || (0,src_names/* hasControlCharacter */.Fd)(key))
            fail(`line ${line}: the tag key ${quote(key)} is not a valid tag key (at most 128 printable characters).`);
        else if (values.some((value) => value === '' || value.length > 256 || (0,src_names/* hasControlCharacter */.Fd)(value)))
            fail(`line ${line}: ${quote(text)} has an empty or invalid tag value; values are 1 to 256 printable characters, separated by commas.`);
        else if (values.length > declared/* MAX_TAG_VALUES */.rf)
            fail(`line ${line}: has ${values.length} values; SSM takes at most ${declared/* MAX_TAG_VALUES */.rf} per tag.`);
        else
            tags.push({ key, values: [...new Set(values)] });
    }
    return problems.list.length > before ? undefined : { kind: 'tags', tags };
}
function parseWorkingDirectory(value, problems) {
    if (value === '')
        return problems.add('working-directory', "is required when deploying: give the absolute path of the app's git checkout on the instances, e.g. /srv/app.");
    if (!value.startsWith('/') || (0,src_names/* hasControlCharacter */.Fd)(value) || value.length > 4096)
        return problems.add('working-directory', `${quote(value)} is not an absolute path; expected something like /srv/app.`);
    if (hasSsmReference(value))
        return problems.add('working-directory', `${quote(value)} holds a Parameter Store reference: ${SSM_REFERENCE_PROBLEM}`);
    const trimmed = value.replace(/\/+$/, '');
    if (trimmed === '')
        return problems.add('working-directory', 'is "/"; give the directory of the checkout itself, e.g. /srv/app.');
    return trimmed;
}
function parseRef(value, env, hasToken, problems) {
    const ref = value || env.GITHUB_SHA || '';
    if (ref === '')
        return problems.add('ref', 'is empty and GITHUB_SHA is not set; give a full commit SHA or a branch name.');
    if (src_names/* FULL_SHA */.RG.test(ref))
        return { kind: 'sha', sha: ref };
    const problem = (0,src_names/* gitRefProblem */.dr)(ref);
    if (problem !== undefined)
        return problems.add('ref', `${quote(ref)} is not a commit SHA or a valid branch or tag name: it ${problem}.`);
    // A name is resolved to one commit through the GitHub API before anything is sent; resolved
    // on each instance instead, it could name another commit by then, or on another instance.
    if (!hasToken)
        return problems.add('ref', `${quote(ref)} is ${/^[0-9a-f]{4,39}$/.test(ref) ? 'an abbreviated commit' : 'a branch or tag name'}, which is resolved to one commit through the GitHub API before anything is sent; set github-token (e.g. \${{ github.token }}, with contents: read), or give the full 40-character SHA.`);
    return { kind: 'name', name: ref };
}
/** More branches than this is a list of everything, which allows nothing in particular. */
const MAX_ALLOWED_BRANCHES = 20;
/** undefined: not given (the default branch); null: a problem was reported. */
function parseAllowedBranches(value, problems) {
    const names = lines(value).map(({ text }) => text);
    if (names.length === 0)
        return undefined;
    let ok = true;
    for (const name of names) {
        const problem = name.startsWith('refs/')
            ? 'is a full ref; give the branch name alone (main, not refs/heads/main)'
            : (0,src_names/* gitRefProblem */.dr)(name);
        if (problem !== undefined) {
            problems.add('allowed-branches', `${quote(name)} is not a branch name: it ${problem}.`);
            ok = false;
        }
    }
    if (names.length > MAX_ALLOWED_BRANCHES) {
        problems.add('allowed-branches', `names ${names.length} branches; at most ${MAX_ALLOWED_BRANCHES}, one per line.`);
        ok = false;
    }
    return ok ? [...new Set(names)] : null;
}
function parseDeployScript(value, problems) {
    if ((0,src_names/* hasControlCharacter */.Fd)(value) || value.length > 1024 || value.startsWith('-'))
        return problems.add('deploy-script', `${quote(value)} is not a path; give the script's path relative to working-directory (e.g. ./deploy.sh) or an absolute path.`);
    if (hasSsmReference(value))
        return problems.add('deploy-script', `${quote(value)} holds a Parameter Store reference: ${SSM_REFERENCE_PROBLEM}`);
    return value;
}
/** `null`: invalid; `undefined`: not given (the checkout's owner is used). */
function parseRunAs(value, problems) {
    if (value === '')
        return undefined;
    if (!src_names/* UNIX_USER */.PA.test(value)) {
        problems.add('run-as', `${quote(value)} is not a Unix user name; expected lower-case letters, digits, _ and -, such as ec2-user or ubuntu.`);
        return null;
    }
    return value;
}
// No message about env quotes any part of a line, not even the name: with `APP=${{ secrets.X }}`
// and a multi-line X, every line after the first is part of the secret, and the runner masks only
// whole lines.
function parseEnv(raw, problems) {
    const vars = [];
    const lineOf = new Map();
    const before = problems.list.length;
    const refuse = (line, message) => {
        problems.add('env', `line ${line}: ${message}`);
    };
    for (const { line, text } of lines(raw)) {
        const equals = text.indexOf('=');
        if (equals < 0) {
            refuse(line, 'there is no "=" on this line; expected KEY=VALUE, one per line.');
            continue;
        }
        const name = text.slice(0, equals).trim();
        if (name === '') {
            refuse(line, 'the part before "=" is empty; expected KEY=VALUE, one per line.');
            continue;
        }
        if (!src_names/* VARIABLE_NAME */.nN.test(name)) {
            refuse(line, 'the name before "=" is not a variable name; use letters, digits and _, not starting with a digit.');
            continue;
        }
        if (name.startsWith('SSM_DEPLOY_')) {
            refuse(line, 'the name starts with SSM_DEPLOY_, which is reserved for the deploy script.');
            continue;
        }
        const value = text.slice(equals + 1).trim();
        if (hasSsmReference(value)) {
            refuse(line, `the value holds a Parameter Store reference: ${SSM_REFERENCE_PROBLEM}`);
            continue;
        }
        const first = lineOf.get(name);
        if (first !== undefined) {
            refuse(line, `the name is already set on line ${first}.`);
            continue;
        }
        lineOf.set(name, line);
        vars.push({ name, value });
    }
    return problems.list.length > before ? undefined : vars;
}
/**
 * health-check and health-check-timeout. The timeout is checked even without a command, so a typo
 * shows at once. null: a problem was added.
 */
function parseHealthCheck(raw, problems) {
    const value = raw['health-check-timeout'] || declared/* INPUT_DEFAULTS */.WJ['health-check-timeout'];
    const { min, max } = declared/* HEALTH_CHECK_TIMEOUT_BOUNDS */.YX;
    const seconds = /^\d{1,7}$/.test(value) ? Number(value) : Number.NaN;
    let bad = false;
    if (!(seconds >= min && seconds <= max)) {
        problems.add('health-check-timeout', `${quote(value)} is not a whole number of seconds from ${min} to ${max} (48 hours).`);
        bad = true;
    }
    const command = raw['health-check'].trim();
    if (command === '')
        return bad ? null : undefined;
    // The command reaches bash quoted, so any character is safe there; these are refused because
    // bash could not receive them byte for byte, or SSM would rewrite them before bash sees them.
    if (command.length > declared/* HEALTH_CHECK_MAX */.Je) {
        problems.add('health-check', `is ${command.length} characters long; at most ${declared/* HEALTH_CHECK_MAX */.Je} are accepted (put a longer check in a script in the repository and run that).`);
        bad = true;
    }
    else if (command.includes('\0') || /\p{Cs}/u.test(command)) {
        problems.add('health-check', 'holds a NUL character or invalid Unicode, which bash cannot receive.');
        bad = true;
    }
    else if (hasSsmReference(command)) {
        problems.add('health-check', `holds a Parameter Store reference: ${SSM_REFERENCE_PROBLEM}`);
        bad = true;
    }
    return bad ? null : { command, timeoutSeconds: seconds };
}
function parseTimeout(value, problems) {
    const { min, max } = declared/* TIMEOUT_BOUNDS */.Ge;
    const seconds = /^\d{1,7}$/.test(value) ? Number(value) : Number.NaN;
    if (!(seconds >= min && seconds <= max))
        return problems.add('timeout-seconds', `${quote(value)} is not a whole number of seconds from ${min} to ${max} (48 hours).`);
    return seconds;
}
function parseRate(name, value, pattern, accepted, problems) {
    if (!pattern.test(value))
        return problems.add(name, `${quote(value)} is not ${accepted}.`);
    return value;
}
/** `null`: invalid; `undefined`: not given. */
function parseOutputS3(raw, problems) {
    const bucket = raw['output-s3-bucket'];
    const keyPrefix = raw['output-s3-key-prefix'];
    if (bucket === '') {
        if (keyPrefix === '')
            return undefined;
        problems.add('output-s3-key-prefix', 'needs output-s3-bucket.');
        return null;
    }
    const problem = (0,src_names/* bucketNameProblem */.Bn)(bucket);
    if (problem !== undefined) {
        problems.add('output-s3-bucket', `${quote(bucket)} is not a bucket name: it ${problem}.`);
        return null;
    }
    if (keyPrefix.length > 500 || (0,src_names/* hasControlCharacter */.Fd)(keyPrefix)) {
        problems.add('output-s3-key-prefix', `${quote(keyPrefix)} is not a key prefix; at most 500 printable characters.`);
        return null;
    }
    return { bucket, keyPrefix: keyPrefix === '' ? undefined : keyPrefix };
}
/** `null`: invalid; `undefined`: not given. */
function parseLogGroup(value, problems) {
    if (value === '')
        return undefined;
    if (!src_names/* LOG_GROUP */.Rs.test(value)) {
        problems.add('cloudwatch-log-group', `${quote(value)} is not a log group name; use letters, digits and ._-/# (at most 512).`);
        return null;
    }
    return value;
}
function parseComment(value, run, ref) {
    const shown = ref.kind === 'sha' ? ref.sha.slice(0, 7) : ref.name;
    const text = value ||
        [run.repository ? `${run.repository}@${shown}` : shown, run.runId ? `run ${run.runId}` : '']
            .filter((part) => part !== '')
            .join(' ');
    // SSM refuses a comment over 100 characters; a newline would only garble the console.
    const oneLine = text.replace(/\s+/g, ' ').trim();
    // What fits is kept whole, without loading the segmenter (its data takes 15 ms to load).
    if (oneLine.length <= declared/* COMMENT_MAX */.vQ)
        return oneLine;
    const segments = new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(oneLine);
    let cut = '';
    for (const { segment } of segments) {
        if (cut.length + segment.length > declared/* COMMENT_MAX */.vQ)
            break;
        cut += segment;
    }
    // A cut between words would leave a space at the end, which the console shows as a gap.
    return cut.trimEnd();
}

;// CONCATENATED MODULE: ./src/inputs/record.ts
// Recording the deploy: the Parameter Store record and the GitHub Deployment.


/** GitHub's longest check name; a context longer than this is a paste gone wrong. */
const CHECK_NAME_MAX = 255;
function parseRequiredChecks(raw, problems) {
    const names = lines(raw).map(({ text }) => text);
    if (names.length === 0)
        return { kind: 'branch' };
    if (names.includes('none')) {
        if (names.length > 1)
            problems.add('required-checks', 'none waives every check and cannot be listed with check names; give one or the other.');
        return { kind: 'none' };
    }
    for (const name of names)
        if (name.length > CHECK_NAME_MAX || (0,src_names/* hasControlCharacter */.Fd)(name))
            problems.add('required-checks', `${quote(name)} is not a check name (at most ${CHECK_NAME_MAX} printable characters).`);
    return { kind: 'named', names: [...new Set(names)] };
}
function parseRecord(raw, bool, problems) {
    const parameterName = raw['record-parameter'] || undefined;
    if (parameterName !== undefined &&
        (!src_names/* PARAMETER_NAME */.GV.test(parameterName) || parameterName.includes(':')))
        problems.add('record-parameter', `${quote(parameterName)} is not a parameter name; names use letters, digits and _.-/, e.g. /deploys/prod/app.`);
    const allowOlder = bool('allow-older');
    if (allowOlder && parameterName === undefined)
        problems.add('allow-older', 'needs record-parameter: the recorded deploy is what a run is compared with.');
    const token = raw['github-token'];
    // A token is printable ASCII without spaces; anything else is a paste gone wrong that would only
    // fail once the deploy has run, when the HTTP header is refused. Its value is never shown.
    if (token !== '' && !/^[\x21-\x7e]+$/.test(token))
        problems.add('github-token', 'is not a token: it holds a space, a control character or a non-ASCII character (the value is not shown). Pass ${{ github.token }} or a secret holding one token.');
    const environment = raw.environment;
    if (environment !== '' && (environment.length > 255 || (0,src_names/* hasControlCharacter */.Fd)(environment)))
        problems.add('environment', `${quote(environment)} is not an environment name; at most 255 printable characters.`);
    if (environment !== '' && token === '')
        problems.add('environment', 'needs github-token to create the GitHub Deployment, e.g. github-token: ${{ github.token }}.');
    const requiredChecks = parseRequiredChecks(raw['required-checks'], problems);
    if (raw['required-checks'].trim() !== '' && (token === '' || environment === ''))
        problems.add('required-checks', 'is about the GitHub Deployment, which needs github-token and environment.');
    return {
        parameterName,
        allowOlder,
        githubDeployment: token !== '' && environment !== '' ? { token, environment, requiredChecks } : undefined,
    };
}

;// CONCATENATED MODULE: ./src/inputs/rollout.ts
// The rollout's inputs: waves, bake time, alarms and target groups. Undefined when none asks for
// more than today's one command to every instance at once.



/** More waves than this is a slow deploy, not a careful one. */
const MAX_WAVES = 20;
/** DescribeAlarms takes at most 100 alarm names in one call. */
const MAX_ALARMS = 100;
/** DescribeTargetGroups takes at most 20 ARNs in one call. */
const MAX_TARGET_GROUPS = 20;
/** Six hours: a GitHub-hosted job never runs longer. */
const MAX_BAKE_SECONDS = 21_600;
/** CloudWatch: alarm names are 1 to 255 characters. */
const ALARM_NAME_MAX = 255;
/**
 * An ELBv2 target group ARN: partition, region, account, then `targetgroup/NAME/ID` where the name
 * is 1 to 32 letters, digits and hyphens and the id 16 hex digits.
 */
const TARGET_GROUP_ARN = /^arn:(aws[a-z-]*):elasticloadbalancing:([a-z]{2,4}(?:-[a-z]+)+-\d{1,2}):(\d{12}):targetgroup\/([A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?)\/([0-9a-f]{16})$/;
function parseRollout(raw, region, problems) {
    const waves = parseWaves(raw.rollout || declared/* INPUT_DEFAULTS */.WJ.rollout, problems);
    const bakeSeconds = parseBakeSeconds(raw['bake-seconds'] || declared/* INPUT_DEFAULTS */.WJ['bake-seconds'], problems);
    const alarms = parseAlarms(raw.alarms, problems);
    const targetGroups = parseTargetGroups(raw['target-groups'], region, problems);
    if (waves === undefined ||
        bakeSeconds === undefined ||
        alarms === undefined ||
        targetGroups === undefined)
        return null;
    const healthTimeout = raw['health-check-timeout'] || declared/* INPUT_DEFAULTS */.WJ['health-check-timeout'];
    const oneWave = waves.length === 1;
    if (oneWave && bakeSeconds === 0 && alarms.length === 0 && targetGroups.length === 0)
        return undefined;
    return {
        waves,
        bakeSeconds,
        alarms,
        targetGroups,
        // health-check-timeout's own problems are reported with the health check's inputs.
        healthTimeoutSeconds: /^\d{1,7}$/.test(healthTimeout) ? Number(healthTimeout) : 60,
    };
}
/** `1, 25%, 100%`: comma or newline separated, each a count or a percentage, growing, ending at 100%. */
function parseWaves(raw, problems) {
    const items = raw
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
    const fail = (message) => problems.add('rollout', message);
    if (items.length === 0)
        return fail('is empty; give cumulative waves such as 1, 25%, 100% (or 100% for all at once).');
    if (items.length > MAX_WAVES)
        return fail(`has ${items.length} waves; at most ${MAX_WAVES} are allowed.`);
    const steps = [];
    for (const item of items) {
        const count = /^[1-9][0-9]{0,5}$/.exec(item);
        const percent = /^([1-9][0-9]?|100)%$/.exec(item);
        if (count !== null)
            steps.push({ kind: 'count', count: Number(item) });
        else if (percent !== null)
            steps.push({ kind: 'percent', percent: Number(percent[1]) });
        else
            return fail(`${quote(item)} is not a wave; each wave is a number of instances from 1 or a whole percentage from 1% to 100% (for example 1, 25%, 100%).`);
    }
    // Waves are cumulative, so each must reach further than the one before it of the same kind;
    // a count and a percentage are compared only once the fleet's size is known.
    for (const kind of ['count', 'percent']) {
        const sizes = steps.flatMap((step) => step.kind === 'count'
            ? kind === 'count'
                ? [step.count]
                : []
            : kind === 'percent'
                ? [step.percent]
                : []);
        for (let i = 1; i < sizes.length; i++)
            if ((sizes[i] ?? 0) <= (sizes[i - 1] ?? 0))
                return fail(`waves are cumulative (each is how many instances have the commit once it is done), so each must be larger than the one before; ${quote(items.join(', '))} is not.`);
    }
    const last = steps[steps.length - 1];
    if (last?.kind !== 'percent' || last.percent !== 100)
        return fail(`the last wave must be 100% so that every instance gets the commit; ${quote(items.join(', '))} ends elsewhere.`);
    return steps;
}
function parseBakeSeconds(raw, problems) {
    if (!/^[0-9]{1,6}$/.test(raw) || Number(raw) > MAX_BAKE_SECONDS)
        return problems.add('bake-seconds', `${quote(raw)} is not a number of seconds from 0 to ${MAX_BAKE_SECONDS}.`);
    return Number(raw);
}
function parseAlarms(raw, problems) {
    const names = [];
    let bad = false;
    for (const { line, text } of lines(raw)) {
        if (text.length > ALARM_NAME_MAX || (0,src_names/* hasControlCharacter */.Fd)(text)) {
            bad = true;
            problems.add('alarms', `line ${line}: ${quote(text)} is not an alarm name (1 to ${ALARM_NAME_MAX} printable characters, one name per line).`);
        }
        else if (!names.includes(text))
            names.push(text);
    }
    if (names.length > MAX_ALARMS) {
        bad = true;
        problems.add('alarms', `names ${names.length} alarms; at most ${MAX_ALARMS} are allowed.`);
    }
    return bad ? undefined : names;
}
function parseTargetGroups(raw, region, problems) {
    const arns = [];
    let bad = false;
    for (const { line, text } of lines(raw)) {
        const match = TARGET_GROUP_ARN.exec(text);
        if (match === null) {
            bad = true;
            problems.add('target-groups', `line ${line}: ${quote(text)} is not a target group ARN; expected arn:aws:elasticloadbalancing:REGION:ACCOUNT:targetgroup/NAME/ID, one per line.`);
        }
        else if (region !== undefined && match[2] !== region) {
            bad = true;
            problems.add('target-groups', `line ${line}: the target group is in ${match[2] ?? ''}, but the deploy runs in ${region}; instances are registered only with target groups of their own region.`);
        }
        else if (!arns.includes(text))
            arns.push(text);
    }
    if (arns.length > MAX_TARGET_GROUPS) {
        bad = true;
        problems.add('target-groups', `names ${arns.length} target groups; at most ${MAX_TARGET_GROUPS} are allowed.`);
    }
    return bad ? undefined : arns;
}

;// CONCATENATED MODULE: ./src/inputs/values.ts
// What phases 1 and 2 read: secret-ids, parameters and versioned-buckets lines, and the output
// names they will set.



const MIN_PREFIX = 3;
function parseSecretIds(raw, problems) {
    const requests = [];
    // A line written twice is read once, as aws-secretsmanager-get-secrets does.
    const seen = new Set();
    for (const { line, text } of lines(raw)) {
        if (seen.has(text))
            continue;
        seen.add(text);
        const at = `line ${line}`;
        const fields = text.split(',').map((field) => field.trim());
        if (fields.length > 3) {
            problems.add('secret-ids', `${at}: has ${fields.length} comma-separated fields; expected SECRET_ID, ALIAS,SECRET_ID or ALIAS,SECRET_ID,VERSION.`);
            continue;
        }
        const [first = '', second, third] = fields;
        const [aliasText, id] = fields.length === 1 ? [undefined, first] : [first, second ?? ''];
        if (aliasText && !checkAlias('secret-ids', at, aliasText, problems, false))
            continue;
        const source = parseSecretSource(id, at, problems);
        if (source === undefined)
            continue;
        // A blank alias (`,SECRET_ID`) is kept: it names a JSON secret's outputs by its keys alone.
        const alias = aliasText === '' && source.kind === 'prefix' ? undefined : aliasText;
        let version;
        if (third !== undefined) {
            version = parseSecretVersion(third, at, problems);
            if (version === undefined)
                continue;
            if (source.kind === 'prefix') {
                problems.add('secret-ids', `${at}: a version pin applies to one secret, not to a prefix (the id ends in "*").`);
                continue;
            }
        }
        requests.push({ line, alias, source, version });
    }
    return requests;
}
function parseSecretSource(id, at, problems) {
    if (id === '')
        return problems.add('secret-ids', `${at}: the secret id is empty.`);
    if (id.startsWith('arn:')) {
        const match = src_names/* SECRET_ARN */.HD.exec(id);
        if (match?.[1] === undefined || match[2] === undefined)
            return problems.add('secret-ids', `${at}: the id starts with arn: but is not a Secrets Manager ARN; expected arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME.`);
        return { kind: 'arn', arn: id, region: match[1], name: match[2] };
    }
    if (id.endsWith('*')) {
        const prefix = id.slice(0, -1);
        if (prefix.length < MIN_PREFIX || prefix.includes('*') || !src_names/* SECRET_NAME */.J4.test(prefix))
            return problems.add('secret-ids', `${at}: the id ends in "*" but is not a usable prefix; expected at least ${MIN_PREFIX} characters of a secret name followed by one "*", e.g. prod/app/*.`);
        return { kind: 'prefix', prefix };
    }
    if (!src_names/* SECRET_NAME */.J4.test(id))
        return problems.add('secret-ids', `${at}: the id is not a secret name; names use letters, digits and /_+=.@- (at most 512), or give an ARN, or a prefix ending in "*".`);
    return { kind: 'name', name: id };
}
function parseSecretVersion(value, at, problems) {
    if (src_names/* SECRET_VERSION_ID */.uf.test(value))
        return { kind: 'id', versionId: value };
    if (/^[A-Za-z0-9_+=,.@-]{1,256}$/.test(value))
        return { kind: 'stage', versionStage: value };
    return problems.add('secret-ids', `${at}: the third field is neither a version id (a UUID) nor a staging label such as AWSPREVIOUS (letters, digits and _+=,.@-).`);
}
/**
 * `reserved`: refuse an alias that is one of the action's own outputs. A secret's may be one: with
 * export-env it is then exported only (as aws-secretsmanager-get-secrets would), which only the
 * reading knows; see combineValues.
 */
function checkAlias(input, at, alias, problems, reserved = true) {
    if (!src_names/* VARIABLE_NAME */.nN.test(alias)) {
        problems.add(input, `${at}: the alias is not a valid output name; use letters, digits and _, not starting with a digit.`);
        return false;
    }
    if (reserved && declared/* RESERVED_OUTPUTS */.IV.includes(alias.toLowerCase())) {
        problems.add(input, `${at}: the alias is the name of one of the action's own outputs (${declared/* RESERVED_OUTPUTS */.IV.join(', ')}).`);
        return false;
    }
    return true;
}
function parseParameters(raw, problems) {
    const requests = [];
    for (const { line, text } of lines(raw)) {
        const at = `line ${line}`;
        const fields = text.split(',').map((field) => field.trim());
        if (fields.length > 2) {
            problems.add('parameters', `${at}: has ${fields.length} comma-separated fields; expected NAME, ALIAS,NAME or a path ending in "/".`);
            continue;
        }
        const [aliasText, name = ''] = fields.length === 1 ? [undefined, fields[0]] : fields;
        const alias = aliasText === undefined || aliasText === '' ? undefined : aliasText;
        if (alias !== undefined && !checkAlias('parameters', at, alias, problems))
            continue;
        if (name.endsWith('/')) {
            if (!name.startsWith('/') ||
                !src_names/* PARAMETER_NAME */.GV.test(name.slice(0, -1) || 'x') ||
                name.includes(':'))
                problems.add('parameters', `${at}: the name ends in "/" but is not a parameter path; a path starts and ends with "/" and uses letters, digits and _.-/ between, e.g. /prod/app/.`);
            else
                requests.push({ kind: 'path', line, alias, path: name });
            continue;
        }
        if (!src_names/* PARAMETER_NAME */.GV.test(name) && !src_names/* PARAMETER_ARN */.S.test(name)) {
            problems.add('parameters', `${at}: the name is not a parameter name; names use letters, digits and _.-/ (optionally :VERSION or :LABEL), or give an ARN, or a path ending in "/".`);
            continue;
        }
        requests.push({ kind: 'name', line, alias, name });
    }
    return requests;
}
/** Output name of a named parameter: its alias, or its name without the leading "/" or selector. */
function parameterOutputName(request) {
    if (request.alias !== undefined)
        return request.alias;
    const bare = request.name.startsWith('arn:')
        ? request.name.slice(request.name.indexOf(':parameter/') + ':parameter/'.length)
        : request.name;
    return (0,src_names/* toOutputName */.US)(bare.replace(/^\/+/, '').replace(/:[^/]*$/, ''));
}
/**
 * Output names that are known before any call (aliases, and the names of secrets and parameters
 * asked for by name) must be unique; prefixes and paths are checked once their contents are known.
 */
function checkOutputNames(secrets, parameters, options, problems) {
    const seen = new Map();
    const claim = (name, owner, input) => {
        const key = name.toUpperCase();
        const previous = seen.get(key);
        if (previous === undefined)
            seen.set(key, owner);
        else
            problems.add(input, `${owner} and ${previous} would both set the same output; give one of them another alias.`);
    };
    // With parse-json-secrets a JSON secret's value is no output (its leaves are): only reading tells.
    for (const request of options.parseJson ? [] : secrets) {
        const owner = `secret-ids line ${request.line}`;
        if (request.alias && request.source.kind !== 'prefix')
            claim(request.alias, owner, 'secret-ids');
        else if (!request.alias && request.source.kind === 'name')
            claim((0,src_names/* toOutputName */.US)(request.source.name, options.transformation), owner, 'secret-ids');
    }
    for (const request of parameters)
        if (request.kind === 'name')
            claim(parameterOutputName(request), `parameters line ${request.line}`, 'parameters');
}
function parseBuckets(input, raw, problems) {
    const buckets = [];
    for (const { line, text } of lines(raw)) {
        for (const name of text
            .split(',')
            .map((part) => part.trim())
            .filter((part) => part !== '')) {
            if (name.startsWith('s3://') || name.startsWith('arn:')) {
                problems.add(input, `line ${line}: ${quote(name)}: give the bucket's name alone, without "s3://" or an ARN.`);
                continue;
            }
            const problem = (0,src_names/* bucketNameProblem */.Bn)(name);
            if (problem !== undefined)
                problems.add(input, `line ${line}: ${quote(name)} is not a bucket name: it ${problem}.`);
            else if (!buckets.includes(name))
                buckets.push(name);
        }
    }
    return buckets;
}

;// CONCATENATED MODULE: ./src/inputs.ts
// Every input of action.yml, read once and validated into one immutable `Config` before any AWS
// call. All problems are collected and reported together, each naming its input. The parsers of
// each group of inputs live in src/inputs/.











/**
 * Reads every input through `read` (so a test can see exactly which ones are read) and returns the
 * configuration, or throws an `InputError` listing every problem found.
 */
function parseInputs(read, env) {
    const problems = new Problems();
    const warnings = [];
    const raw = readAll(read);
    const given = (name) => raw[name] !== '';
    const bool = (name) => parseBoolean(name, raw[name] || declared/* INPUT_DEFAULTS */.WJ[name], problems) ?? false;
    const region = parseRegion(raw['aws-region'], env, problems);
    const dryRun = bool('dry-run');
    const ifMissing = parseIfMissing(raw['if-missing'] || declared/* INPUT_DEFAULTS */.WJ['if-missing'], problems);
    const exportEnv = bool('export-env');
    const parseJson = bool('parse-json-secrets');
    const nameTransformation = parseChoice('name-transformation', raw['name-transformation'] || declared/* INPUT_DEFAULTS */.WJ['name-transformation'], ['uppercase', 'lowercase', 'none'], problems);
    const binary = parseChoice('binary-secrets', raw['binary-secrets'] || declared/* INPUT_DEFAULTS */.WJ['binary-secrets'], ['text', 'base64'], problems);
    const secretRequests = parseSecretIds(raw['secret-ids'], problems);
    const parameterRequests = parseParameters(raw.parameters, problems);
    const buckets = parseBuckets('versioned-buckets', raw['versioned-buckets'], problems);
    checkOutputNames(secretRequests, parameterRequests, { transformation: nameTransformation ?? 'uppercase', parseJson }, problems);
    const run = runContext(env);
    const rollout = parseRollout(raw, region, problems);
    const deploy = parseDeploy(raw, given, bool, run, env, problems, rollout);
    const record = parseRecord(raw, bool, problems);
    const deploying = given('instance-ids') || given('targets');
    if (!deploying) {
        for (const name of declared/* DEPLOY_ONLY_INPUTS */.LY)
            if (given(name))
                problems.add(name, 'applies only to a deploy; also set instance-ids or targets.');
        // The runner fills these in with their defaults, so only another value is a mistake.
        for (const name of ['rollout', 'bake-seconds'])
            if (given(name) && raw[name] !== declared/* INPUT_DEFAULTS */.WJ[name])
                problems.add(name, 'applies only to a deploy; also set instance-ids or targets.');
        for (const name of ['rollback-on-failure', 'allow-older'])
            if (bool(name))
                problems.add(name, 'applies only to a deploy; also set instance-ids or targets.');
    }
    const asked = (name) => lines(raw[name]).length > 0;
    if (!deploying && !asked('secret-ids') && !asked('parameters') && !asked('versioned-buckets'))
        problems.add(undefined, 'Nothing to do: set at least one of secret-ids, parameters, versioned-buckets, instance-ids or targets.');
    if (problems.list.length > 0)
        throw new errors.InputError(problems.list);
    const config = {
        region: region ?? '',
        dryRun,
        ifMissing: ifMissing ?? 'fail',
        exportEnv,
        secrets: secretRequests.length > 0
            ? {
                requests: secretRequests,
                parseJson,
                nameTransformation: nameTransformation ?? 'uppercase',
                binary: binary ?? 'text',
            }
            : undefined,
        parameters: parameterRequests.length > 0 ? parameterRequests : undefined,
        versionedBuckets: buckets.length > 0 ? buckets : undefined,
        deploy,
        record,
        run,
        githubToken: raw['github-token'] || undefined,
    };
    return { config: deepFreeze(config), warnings };
}
function readAll(read) {
    const values = {};
    for (const name of declared/* INPUT_NAMES */.Qh)
        values[name] = read(name).trim();
    return values;
}
function parseBoolean(name, value, problems) {
    const lower = value.toLowerCase();
    if (lower === 'true')
        return true;
    if (lower === 'false')
        return false;
    return problems.add(name, `${quote(value)} is not a boolean; use true or false.`);
}
function parseRegion(input, env, problems) {
    const [value, from] = input
        ? [input, 'the input']
        : env.AWS_REGION
            ? [env.AWS_REGION, 'AWS_REGION']
            : env.AWS_DEFAULT_REGION
                ? [env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION']
                : [undefined, undefined];
    if (value === undefined)
        return problems.add('aws-region', 'no region is known; set aws-region (for example us-east-1), or AWS_REGION in the environment (aws-actions/configure-aws-credentials does).');
    if (!src_names/* REGION */.Zg.test(value))
        return problems.add('aws-region', `${quote(value)} (from ${from}) is not a region code; expected something like us-east-1 or eu-central-2.`);
    return value;
}
function parseIfMissing(value, problems) {
    const lower = value.toLowerCase();
    if (lower === 'fail' || lower === 'warn' || lower === 'ignore')
        return lower;
    return problems.add('if-missing', `${quote(value)} is not one of fail, warn, ignore.`);
}
function parseChoice(input, value, choices, problems) {
    const lower = value.toLowerCase();
    const chosen = choices.find((choice) => choice === lower);
    if (chosen !== undefined)
        return chosen;
    return problems.add(input, `${quote(value)} is not one of ${choices.join(', ')}.`);
}
function runContext(env) {
    return {
        repository: env.GITHUB_REPOSITORY ?? '',
        sha: env.GITHUB_SHA ?? '',
        runId: env.GITHUB_RUN_ID ?? '',
        runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
        serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    };
}
function deepFreeze(value) {
    if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const inner of Object.values(value))
            deepFreeze(inner);
    }
    return value;
}


/***/ }),

/***/ 7127:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ge: () => (/* binding */ TIMEOUT_BOUNDS),
/* harmony export */   IV: () => (/* binding */ RESERVED_OUTPUTS),
/* harmony export */   Je: () => (/* binding */ HEALTH_CHECK_MAX),
/* harmony export */   LY: () => (/* binding */ DEPLOY_ONLY_INPUTS),
/* harmony export */   Qh: () => (/* binding */ INPUT_NAMES),
/* harmony export */   WJ: () => (/* binding */ INPUT_DEFAULTS),
/* harmony export */   YX: () => (/* binding */ HEALTH_CHECK_TIMEOUT_BOUNDS),
/* harmony export */   kz: () => (/* binding */ MAX_TARGETS),
/* harmony export */   rf: () => (/* binding */ MAX_TAG_VALUES),
/* harmony export */   sb: () => (/* binding */ MAX_INSTANCE_IDS),
/* harmony export */   vQ: () => (/* binding */ COMMENT_MAX)
/* harmony export */ });
// What action.yml declares: the inputs, their defaults, the action's own outputs and the limits
// the services set on what the inputs may hold.
/** Every input action.yml declares; the metadata test holds the two lists equal. */
const INPUT_NAMES = [
    'aws-region',
    'secret-ids',
    'if-missing',
    'parse-json-secrets',
    'name-transformation',
    'binary-secrets',
    'export-env',
    'parameters',
    'versioned-buckets',
    'instance-ids',
    'targets',
    'working-directory',
    'ref',
    'allowed-branches',
    'git-pull',
    'deploy-script',
    'run-as',
    'env',
    'timeout-seconds',
    'max-concurrency',
    'max-errors',
    'wait',
    'comment',
    'output-s3-bucket',
    'output-s3-key-prefix',
    'cloudwatch-log-group',
    'rollback-on-failure',
    'rollout',
    'bake-seconds',
    'alarms',
    'target-groups',
    'health-check',
    'health-check-timeout',
    'record-parameter',
    'github-token',
    'environment',
    'required-checks',
    'allow-older',
    'dry-run',
];
/**
 * Defaults, applied when an input is empty. They equal action.yml's (the metadata test checks),
 * and also hold when the action is run without the runner filling defaults in.
 */
const INPUT_DEFAULTS = {
    'if-missing': 'fail',
    'parse-json-secrets': 'false',
    'name-transformation': 'uppercase',
    'binary-secrets': 'text',
    'export-env': 'false',
    'git-pull': 'true',
    'deploy-script': './deploy.sh',
    'timeout-seconds': '900',
    'max-concurrency': '50',
    'max-errors': '0',
    wait: 'true',
    'rollback-on-failure': 'false',
    rollout: '100%',
    'bake-seconds': '0',
    'health-check-timeout': '60',
    'allow-older': 'false',
    'dry-run': 'false',
};
/** Inputs that only mean something when deploying (when `instance-ids` or `targets` is set). */
const DEPLOY_ONLY_INPUTS = [
    'working-directory',
    'allowed-branches',
    'run-as',
    'env',
    'comment',
    'output-s3-bucket',
    'output-s3-key-prefix',
    'cloudwatch-log-group',
    'health-check',
    'record-parameter',
    'environment',
    'alarms',
    'target-groups',
];
/** Step outputs of the action itself; a secret or parameter output may not take their names. */
const RESERVED_OUTPUTS = [
    'command-id',
    'status',
    'results',
    'deployed-sha',
    'versioning',
    'secrets-manifest',
    'waves',
];
/** Instance ids SSM takes in one SendCommand: also the most a rollout wave holds. */
const MAX_INSTANCE_IDS = 50;
const MAX_TARGETS = 5;
const MAX_TAG_VALUES = 50;
const TIMEOUT_BOUNDS = { min: 5, max: 172_800 };
const COMMENT_MAX = 100;
/** health-check-timeout: at least a second, at most the longest execution timeout. */
const HEALTH_CHECK_TIMEOUT_BOUNDS = { min: 1, max: 172_800 };
/** health-check is a command line, not a script: kept well below SSM's limit on the command. */
const HEALTH_CHECK_MAX = 4096;


/***/ }),

/***/ 6455:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BU: () => (/* binding */ MAX_ERRORS),
/* harmony export */   Bn: () => (/* binding */ bucketNameProblem),
/* harmony export */   Cd: () => (/* binding */ INSTANCE_ID),
/* harmony export */   Fd: () => (/* binding */ hasControlCharacter),
/* harmony export */   GV: () => (/* binding */ PARAMETER_NAME),
/* harmony export */   HD: () => (/* binding */ SECRET_ARN),
/* harmony export */   J4: () => (/* binding */ SECRET_NAME),
/* harmony export */   PA: () => (/* binding */ UNIX_USER),
/* harmony export */   RG: () => (/* binding */ FULL_SHA),
/* harmony export */   Rs: () => (/* binding */ LOG_GROUP),
/* harmony export */   S: () => (/* binding */ PARAMETER_ARN),
/* harmony export */   US: () => (/* binding */ toOutputName),
/* harmony export */   Zg: () => (/* binding */ REGION),
/* harmony export */   cY: () => (/* binding */ caseName),
/* harmony export */   dr: () => (/* binding */ gitRefProblem),
/* harmony export */   fx: () => (/* binding */ MAX_CONCURRENCY),
/* harmony export */   nN: () => (/* binding */ VARIABLE_NAME),
/* harmony export */   uf: () => (/* binding */ SECRET_VERSION_ID)
/* harmony export */ });
// Naming rules of the services and tools the action talks to. Each check mirrors the rule the
// service itself applies, so a bad value is refused here, before any call, with a message that
// says what would be accepted.
/** EC2 instance (`i-`, 8 or 17 hex digits) or SSM hybrid managed node (`mi-`, 17). */
const INSTANCE_ID = /^(?:i-(?:[0-9a-f]{8}|[0-9a-f]{17})|mi-[0-9a-f]{17})$/;
/** Region codes such as `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`. */
const REGION = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/;
/** A shell (and GitHub output) variable name. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** POSIX user names as `useradd` accepts them by default. */
const UNIX_USER = /^[a-z_][a-z0-9_-]{0,31}$/;
/** A full commit id, SHA-1 or SHA-256. */
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/** Secrets Manager version ids are UUIDs; anything else in that field is a staging label. */
const SECRET_VERSION_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Characters Secrets Manager allows in a secret name. */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** Secrets Manager ARN; the region and name are captured. */
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\d{12}:secret:([A-Za-z0-9/_+=.@-]+)$/;
/** Parameter Store name: letters, digits and `_.-/`, optional `:version` or `:label` selector. */
const PARAMETER_NAME = /^(?!\/?aws\/?$)(?!\/?ssm\/?$)[A-Za-z0-9_.\-/]{1,1011}(?::[A-Za-z0-9_.-]{1,100})?$/;
/** Parameter Store ARN (parameters shared from another account are read by ARN). */
const PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9_.\-/]+(?::[A-Za-z0-9_.-]{1,100})?$/;
/** CloudWatch Logs group names. */
const LOG_GROUP = /^[.\-_/#A-Za-z0-9]{1,512}$/;
/** SSM `MaxConcurrency`: a count from 1, or a percentage from 1% to 100%. */
const MAX_CONCURRENCY = /^(?:[1-9][0-9]*|[1-9][0-9]?%|100%)$/;
/** SSM `MaxErrors`: a count from 0, or a percentage from 0% to 100%. */
const MAX_ERRORS = /^(?:0|[1-9][0-9]*|[0-9]%|[1-9][0-9]%|100%)$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
const CONTROL = /[\u0000-\u001f\u007f]/;
function hasControlCharacter(value) {
    return CONTROL.test(value);
}
/**
 * S3 bucket naming rules for general purpose buckets: 3–63 characters of lower-case letters,
 * digits, dots and hyphens, starting and ending with a letter or digit, no `..`, not shaped like
 * an IP address, and none of the prefixes and suffixes S3 reserves.
 */
function bucketNameProblem(name) {
    if (name.length < 3 || name.length > 63)
        return 'must be 3 to 63 characters long';
    if (!/^[a-z0-9.-]+$/.test(name))
        return 'may contain only lower-case letters, digits, dots and hyphens';
    if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name))
        return 'must begin and end with a letter or digit';
    if (name.includes('..'))
        return 'must not contain two adjacent dots';
    if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(name))
        return 'must not be formatted as an IP address';
    for (const prefix of ['xn--', 'sthree-', 'amzn-s3-demo-'])
        if (name.startsWith(prefix))
            return `must not start with "${prefix}"`;
    for (const suffix of ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'])
        if (name.endsWith(suffix))
            return `must not end with "${suffix}"`;
    return undefined;
}
/**
 * The rules of `git check-ref-format` for a branch or tag name (optionally spelled `refs/…`).
 * Returns what is wrong, or undefined when the name is acceptable.
 */
function gitRefProblem(ref) {
    if (ref.length === 0)
        return 'is empty';
    if (ref.length > 255)
        return 'is longer than 255 characters';
    if (hasControlCharacter(ref) || /[ ~^:?*[\\]/.test(ref))
        return 'contains a space, a control character or one of ~ ^ : ? * [ \\';
    if (ref.startsWith('-'))
        return 'starts with "-"';
    if (ref === '@')
        return 'is "@"';
    if (ref.includes('..') || ref.includes('@{') || ref.includes('//'))
        return 'contains "..", "@{" or "//"';
    if (ref.startsWith('/') || ref.endsWith('/') || ref.endsWith('.'))
        return 'starts with "/" or ends with "/" or "."';
    if (ref.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock')))
        return 'has a component that starts with "." or ends with ".lock"';
    return undefined;
}
/**
 * The output (and environment variable) name derived from a secret or parameter name, by the rule
 * of `aws-actions/aws-secretsmanager-get-secrets`, in its order: a leading digit is prefixed with
 * `_`, every character outside `[A-Za-z0-9_]` is replaced by `_`, and only then are letters cased
 * (so `straße` is `STRA_E`, never `STRASSE`).
 */
function toOutputName(name, transformation = 'uppercase') {
    return caseName(/^\d/.test(name) ? `_${name}` : name, transformation);
}
/** Every character outside `[A-Za-z0-9_]` replaced by `_`, then letters cased. */
function caseName(text, transformation) {
    const safe = text.replace(/[^A-Za-z0-9_]/g, '_');
    if (transformation === 'uppercase')
        return safe.toUpperCase();
    if (transformation === 'lowercase')
        return safe.toLowerCase();
    return safe;
}


/***/ }),

/***/ 500:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  headStart: () => (/* binding */ headStart),
  T: () => (/* binding */ startPhases)
});

// UNUSED EXPORTS: inputFrom

// EXTERNAL MODULE: ./src/inputs.ts + 6 modules
var inputs = __webpack_require__(2918);
// EXTERNAL MODULE: external "node:diagnostics_channel"
var external_node_diagnostics_channel_ = __webpack_require__(3053);
;// CONCATENATED MODULE: ./src/request-written.ts
// When the process's first HTTP request has left it. Handing a request to the SDK is not sending
// it: the socket still has to connect, and the request is written only on a later turn of the
// event loop. Anything that compiles in between (the rest of the action is a few hundred KB of
// JavaScript) holds the write back by as long. Node's own diagnostics channel sees every request
// that node:http and node:https make, which is how the AWS SDK sends, without wrapping the SDK.

const REQUEST_START = 'http.client.request.start';
function watchFirstRequest() {
    const { promise: written, resolve } = Promise.withResolvers();
    const settle = () => {
        resolve(undefined);
    };
    let listening = true;
    const stopListening = () => {
        if (listening)
            (0,external_node_diagnostics_channel_.unsubscribe)(REQUEST_START, onStart);
        listening = false;
    };
    function onStart(message) {
        stopListening();
        const request = message.request;
        if (request === undefined || request.writableFinished || request.destroyed) {
            settle();
            return;
        }
        request.once('finish', settle);
        request.once('close', settle);
    }
    (0,external_node_diagnostics_channel_.subscribe)(REQUEST_START, onStart);
    return {
        written,
        stop: () => {
            stopListening();
            settle();
        },
    };
}

;// CONCATENATED MODULE: ./src/start.ts
// The head start of the main step: the inputs read from the environment as the step started, and
// phases 1 and 2 begun, before the workflow-command library (@actions/core) is loaded. That
// library loads an HTTP client for OIDC tokens, which this action never asks for, and it is most
// of the library's load time: loaded once the first AWS request has been written to the network,
// it costs the run nothing it waits for. main.ts takes over from here, and reports everything.


/** An input as the runner passes it (INPUT_<NAME>), trimmed as @actions/core's getInput does. */
function inputFrom(env) {
    return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
/**
 * Makes the run's clients and starts phases 1 and 2. The AWS SDK is loaded only here, once the
 * inputs are valid, so a run with bad inputs never loads it. `firstRequest`: when the run's first
 * request has been written; the phases after the first start then (see runBeforeDeploy).
 */
async function startPhases(config, env, firstRequest) {
    const [{ clientContext, createClients }, { runBeforeDeploy }] = await Promise.all([
        Promise.all(/* import() */[__webpack_require__.e(523), __webpack_require__.e(258)]).then(__webpack_require__.bind(__webpack_require__, 4258)),
        __webpack_require__.e(/* import() */ 823).then(__webpack_require__.bind(__webpack_require__, 5823)),
    ]);
    const clients = createClients(config.region, await clientContext(env));
    // Each phase loads the SDK it needs.
    const before = runBeforeDeploy(config, {
        clients,
        load: (service) => clients.load(service),
        env,
        ...(firstRequest === undefined ? {} : { firstRequest }),
    });
    return { clients, before };
}
/** `read`: how inputs are read; by default from `env`, as the runner passes them. */
function headStart(env, read = inputFrom(env)) {
    let parsed;
    try {
        parsed = (0,inputs/* parseInputs */.TL)(read, env);
    }
    catch (error) {
        return { inputs: { kind: 'failed', error }, phases: undefined, underway: Promise.resolve() };
    }
    const watch = watchFirstRequest();
    const phases = startPhases(parsed.config, env, watch.written);
    // Once the phases have ended, no request of theirs is still to come.
    phases.then((p) => p.before).then(watch.stop, watch.stop);
    return { inputs: { kind: 'parsed', parsed }, phases, underway: watch.written };
}


/***/ })

};

//# sourceMappingURL=500.index.js.map