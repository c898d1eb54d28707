#!/usr/bin/env bash
# Is this instance ready for ssm-deploy? Run it on the instance (as root, from SSM Session Manager
# or over SSH) with the checkout's path: sudo bash check-instance.sh /srv/shop
# shellcheck disable=SC2015 # ok only prints (and succeeds), so A && ok || fail is an if-then-else
set -uo pipefail
checkout=${1:?usage: check-instance.sh WORKING_DIRECTORY}
problems=0
fail() { echo "NOT READY: $*"; problems=$((problems + 1)); }
ok() { echo "ok: $*"; }

[ "${BASH_VERSINFO[0]}" -ge 4 ] && ok "bash $BASH_VERSION" || fail "bash 4 or later is needed"
for tool in git flock; do command -v "$tool" >/dev/null && ok "$tool" || fail "$tool is missing"; done
# setpriv or runuser switches to the checkout's owner; su will not be used for this much longer.
if command -v setpriv >/dev/null || command -v runuser >/dev/null; then ok "setpriv or runuser"
else fail "neither setpriv nor runuser (util-linux) is installed"; fi
if systemctl is-active --quiet amazon-ssm-agent || systemctl is-active --quiet snap.amazon-ssm-agent.amazon-ssm-agent; then
  ok "the SSM agent is running"
else fail "the SSM agent (amazon-ssm-agent) is not running"; fi
if [ -d "$checkout/.git" ]; then
  owner=$(stat -c %U "$checkout")
  ok "$checkout is a git checkout owned by $owner"
  [ "$owner" != root ] || echo "note: the checkout is root's, so deploy.sh would run as root; make it the app user's"
  runuser -u "$owner" -- git -C "$checkout" fetch --dry-run origin >/dev/null 2>&1 &&
    ok "$owner can fetch from origin" || fail "$owner cannot fetch from origin (deploy key? network?)"
  [ -x "$checkout/deploy.sh" ] && ok "deploy.sh is executable" || fail "$checkout/deploy.sh is missing or not executable"
else fail "$checkout is not a git checkout"; fi
if [ -e /run/ssm-deploy ] && [ "$(stat -c %U:%a /run/ssm-deploy)" != root:755 ]; then
  fail "/run/ssm-deploy is not root's with mode 755: sudo rm -rf /run/ssm-deploy"
fi
echo
[ "$problems" -eq 0 ] && echo "ready" || echo "$problems problem(s)"
[ "$problems" -eq 0 ]
