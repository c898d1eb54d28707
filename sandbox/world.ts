// A small world to deploy to, shared by `npm run demo` and the CI fixture: a git origin, a
// developer's clone that pushes releases, and instances holding their own clone of the origin.

import { execFileSync } from 'node:child_process';
import {
  GetCommandInvocationCommand,
  InvocationDoesNotExist,
  SSMClient,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HealthCheckSeed, Sandbox, TargetGroupInfo, TargetGroupSeed } from './index.js';

export const WORKING_DIRECTORY = '/srv/app';

/** The app's own deploy script: run on each instance once the checkout is at the new commit. */
export const DEPLOY_SH = `#!/usr/bin/env bash
set -euo pipefail
echo "deploying $(git rev-parse --short HEAD) as $(id -un) in $PWD"
echo "release: $(cat VERSION)"
cp VERSION /srv/app-current-release
echo "done"
`;

/**
 * A deploy script for an app behind the load balancer: it stops the instance's running app (which
 * finishes its requests in flight), starts the sandbox's web app from this checkout on the
 * instance's own port (INSTANCE_ENV_FILE says which, and how to start it), and waits until it
 * listens. A commit whose app exits at once (BROKEN says `crash`) fails here.
 */
export const WEB_DEPLOY_SH = `#!/usr/bin/env bash
set -euo pipefail
. /srv/instance.env
commit=$(git rev-parse HEAD)
pidfile=$APP_STATE_DIR/app.pid
logfile=$APP_STATE_DIR/app.log
# When a process started (clock ticks since boot, field 22 of /proc/PID/stat; the name before it
# may hold spaces), empty once it has exited. A pid alone does not name the old app: once the app
# has exited, its pid can be any other process's.
started_at() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  read -r -a stat <<<"\${stat##*) }"
  [ "\${stat[0]}" = Z ] || echo "\${stat[19]}"
}
if [ -s "$pidfile" ]; then
  read -r old old_start <"$pidfile" || true
  if [ -n "\${old_start:-}" ] && [ "$(started_at "$old")" = "$old_start" ] && kill -TERM "$old" 2>/dev/null; then
    for _ in $(seq 200); do [ "$(started_at "$old")" = "$old_start" ] || break; sleep 0.05; done
    [ "$(started_at "$old")" != "$old_start" ] || kill -KILL "$old" 2>/dev/null || true
  fi
fi
PORT=$APP_PORT COMMIT=$commit APP_DIR=$PWD INSTANCE_ID=$INSTANCE_ID SANDBOX_PID=$SANDBOX_PID \
  setsid "$SANDBOX_NODE" "$SANDBOX_WEB_APP" >"$logfile" 2>&1 </dev/null &
app=$!
echo "$app $(started_at "$app")" >"$pidfile"
for _ in $(seq 400); do
  if (: <"/dev/tcp/127.0.0.1/$APP_PORT") 2>/dev/null; then
    echo "app at \${commit:0:7} listening on port $APP_PORT"
    exit 0
  fi
  if ! kill -0 "$app" 2>/dev/null; then
    echo "the app exited:" >&2
    cat "$logfile" >&2
    exit 1
  fi
  sleep 0.05
done
echo "the app did not listen on port $APP_PORT within 20 s" >&2
exit 1
`;

/**
 * A target group's health check of the app WEB_DEPLOY_SH starts (`/healthz`), quick enough for
 * tests and demos: healthy or unhealthy after two answers a third of a second apart.
 */
export const WEB_HEALTH_CHECK: HealthCheckSeed = {
  path: '/healthz',
  intervalSeconds: 0.3,
  timeoutSeconds: 1,
  healthyThreshold: 2,
  unhealthyThreshold: 2,
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Demo', '-c', 'user.email=demo@example.test', ...args],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

export interface Repository {
  /** The bare origin every checkout fetches from. */
  readonly origin: string;
  /** A developer's clone, which commits and pushes releases. */
  readonly developer: string;
}

/** A bare origin and a developer's clone with the app (VERSION 1.0.0) and its deploy.sh. */
export function createRepository(work: string, deploySh: string = DEPLOY_SH): Repository {
  const origin = join(work, 'origin.git');
  const developer = join(work, 'developer');
  git(work, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  git(work, 'clone', '--quiet', origin, developer);
  writeFileSync(join(developer, 'VERSION'), '1.0.0\n');
  writeFileSync(join(developer, 'deploy.sh'), deploySh);
  chmodSync(join(developer, 'deploy.sh'), 0o755);
  git(developer, 'add', '.');
  git(developer, 'commit', '--quiet', '-m', 'First release');
  git(developer, 'push', '--quiet', 'origin', 'HEAD:main');
  return { origin, developer };
}

/** Commits a new VERSION and pushes it to main; returns the new commit. */
export function pushRelease(repository: Repository, version: string): string {
  writeFileSync(join(repository.developer, 'VERSION'), `${version}\n`);
  git(repository.developer, 'commit', '--quiet', '-am', `Release ${version}`);
  git(repository.developer, 'push', '--quiet', 'origin', 'HEAD:main');
  return git(repository.developer, 'rev-parse', 'HEAD');
}

/**
 * Commits a release whose app is broken on purpose (web-app.ts reads BROKEN: `crash`, `errors` or
 * `health`) and pushes it; returns the new commit. The next pushRelease does not mend it:
 * `pushFixedRelease` does.
 */
export function pushBrokenRelease(
  repository: Repository,
  version: string,
  how: 'crash' | 'errors' | 'health',
): string {
  writeFileSync(join(repository.developer, 'BROKEN'), `${how}\n`);
  git(repository.developer, 'add', 'BROKEN');
  return pushRelease(repository, version);
}

/** Removes the BROKEN marker and pushes the release; returns the new commit. */
export function pushFixedRelease(repository: Repository, version: string): string {
  git(repository.developer, 'rm', '--quiet', 'BROKEN');
  return pushRelease(repository, version);
}

/** Instances with the given names and tags, each with its own clone of the origin at /srv/app. */
export function createInstances(
  sandbox: Sandbox,
  repository: Repository,
  names: readonly string[],
  tags: Readonly<Record<string, string>>,
): string[] {
  return names.map((name) => {
    const instance = sandbox.addInstance({ name, tags });
    git(sandbox.dir, 'clone', '--quiet', repository.origin, instance.path(WORKING_DIRECTORY));
    return instance.id;
  });
}

/**
 * Runs shell commands on instances through Run Command, as a deploy would (by default the app's
 * deploy.sh, which starts its app), and resolves once every one succeeded; a failure names the
 * instance and quotes its stderr.
 */
export async function runOnInstances(
  sandbox: Sandbox,
  instanceIds: readonly string[],
  commands: readonly string[] = [`cd ${WORKING_DIRECTORY} && ./deploy.sh`],
  timeoutMs = 60_000,
): Promise<void> {
  const ssm = new SSMClient(sandbox.clientConfig());
  try {
    const sent = await ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [...instanceIds],
        Parameters: { commands: [...commands] },
      }),
    );
    const commandId = sent.Command?.CommandId ?? '';
    const deadline = Date.now() + timeoutMs;
    for (const instanceId of instanceIds) {
      for (;;) {
        if (Date.now() > deadline)
          throw new Error(`${instanceId}: the command did not end within ${timeoutMs} ms`);
        try {
          const result = await ssm.send(
            new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
          );
          if (result.Status === 'Success') break;
          if (['Failed', 'TimedOut', 'Cancelled'].includes(result.Status ?? ''))
            throw new Error(
              `${instanceId}: ${result.Status ?? ''}: ${result.StandardErrorContent ?? ''}`,
            );
        } catch (error) {
          if (!(error instanceof InvocationDoesNotExist)) throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    ssm.destroy();
  }
}

export interface WebFleet {
  readonly repository: Repository;
  readonly instanceIds: readonly string[];
  readonly targetGroup: TargetGroupInfo;
}

/**
 * A fleet behind a load balancer: a repository whose deploy script is WEB_DEPLOY_SH, instances
 * with their clone at /srv/app each running the app, and a target group in front of them with
 * every instance registered (or none, with `register: false`) and healthy.
 */
export async function createWebFleet(
  sandbox: Sandbox,
  work: string,
  options: {
    readonly names: readonly string[];
    readonly tags?: Readonly<Record<string, string>>;
    readonly targetGroup: Omit<TargetGroupSeed, 'targets'>;
    readonly register?: boolean;
    readonly timeoutMs?: number;
  },
): Promise<WebFleet> {
  const repository = createRepository(work, WEB_DEPLOY_SH);
  const instanceIds = createInstances(sandbox, repository, options.names, options.tags ?? {});
  await runOnInstances(sandbox, instanceIds);
  const register = options.register ?? true;
  const targetGroup = await sandbox.addTargetGroup({
    ...options.targetGroup,
    targets: register ? instanceIds : [],
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  while (register && !targetGroup.health().every((t) => t.state === 'healthy')) {
    if (Date.now() > deadline)
      throw new Error(`the fleet's targets were not all healthy within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { repository, instanceIds, targetGroup };
}
