#!/usr/bin/env bash
# An example deploy.sh for a typical Node service, at the root of the checkout. ssm-deploy runs it
# in the checkout, as the checkout's owner (here the user `shop`), in a login shell, once the
# checkout is at the commit being shipped. Its exit code decides the instance's verdict: 0 deployed,
# anything else failed (with rollback-on-failure, it is run again at the previous commit, with
# SSM_DEPLOY_ROLLBACK=1).
set -euo pipefail

echo "deploying ${SSM_DEPLOY_SHA:0:7} (ref ${SSM_DEPLOY_REF}, was ${SSM_DEPLOY_PREVIOUS_SHA:0:7}) as $(id -un)"

# Dependencies and build, as the service's own user: no root-owned files in the checkout.
npm ci --omit=dev --no-audit --no-fund
npm run build --if-present

# Restart the service. `shop` may restart this one unit and nothing else (see sudoers.d-shop);
# -n: fail at once rather than wait for a password that no one will type.
sudo -n /usr/bin/systemctl restart shop.service

# Wait until it answers, so that a broken release fails this deploy (and is rolled back).
for _ in $(seq 1 30); do
  if curl -fsS -o /dev/null http://127.0.0.1:3000/healthz; then
    echo "shop.service is up"
    exit 0
  fi
  sleep 1
done
echo "shop.service did not answer on :3000/healthz within 30 s" >&2
systemctl status --no-pager shop.service >&2 || true
exit 1
