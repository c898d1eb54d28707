// The fault suite's world: a sandbox with secrets, a SecureString parameter and a bucket, a git
// origin with a release to ship, and instances holding a clone of it whose deploy.sh does what a
// test asks through the `env` input (hold until a file appears, exit with a code). Plus what every
// test checks afterwards: no secret anywhere a user or the SSM command history could see it, no
// process left running, no file changed.

import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  startSandbox,
  type Instance,
  type Sandbox,
  type SandboxSettings,
} from '../../sandbox/index.js';
import {
  WORKING_DIRECTORY,
  createInstances,
  createRepository,
  git,
  pushRelease,
} from '../../sandbox/world.js';
import {
  REPOSITORY_ROOT,
  assertNoLeaks,
  type ActionRun,
  type SecretSpec,
} from '../../sandbox/runner/index.js';

export { WORKING_DIRECTORY, git } from '../../sandbox/world.js';
export const BUCKET = 'faults-assets';
export const REPOSITORY = 'acme/faults';

/** Where deploy.sh writes its pid and its child's, inside each instance. */
export const PID_FILES = ['/srv/deploy.pid', '/srv/deploy-child.pid'] as const;

/**
 * The app's deploy script. `HOLD=<path>`: start a child and wait until the file exists (a test
 * releases it, or cancels the deploy). `EXIT_CODE=<n>`: end with that code.
 */
const DEPLOY_SH = `#!/usr/bin/env bash
set -euo pipefail
echo "$$" > /srv/deploy.pid
echo "deploying $(git rev-parse HEAD) as $(id -un)"
if [ -n "\${HOLD:-}" ]; then
  sleep 300 &
  child=$!
  echo "$child" > /srv/deploy-child.pid
  while [ ! -e "$HOLD" ]; do sleep 0.05; done
  kill "$child"
fi
echo "released $(cat VERSION)"
exit "\${EXIT_CODE:-0}"
`;

/** Secrets seeded in the sandbox; every value is random per world. */
export interface WorldSecrets {
  /** A JSON object read with parse-json-secrets: its whole text and each leaf are secret. */
  readonly json: {
    readonly db_password: string;
    readonly api_key: string;
    readonly nested: { readonly token: string };
  };
  /** A multi-line secret (each line is masked on its own). */
  readonly key: string;
  /** A SecureString parameter. */
  readonly token: string;
}

/** The inputs that read every secret of the world; outputs named below. */
export const SECRET_INPUTS = {
  'secret-ids': 'APP,faults/app\nKEY,faults/key',
  'parse-json-secrets': 'true',
  parameters: 'TOKEN,/faults/token',
} as const;

/** The outputs meant to carry a secret (masked by the runner). */
export const SECRET_OUTPUTS = [
  'APP',
  'APP_DB_PASSWORD',
  'APP_API_KEY',
  'APP_NESTED_TOKEN',
  'KEY',
  'TOKEN',
] as const;

export interface World {
  readonly sandbox: Sandbox;
  readonly instances: readonly Instance[];
  readonly instanceIds: readonly string[];
  /** The commit the instances have. */
  readonly oldSha: string;
  /** The commit to ship (pushed to the origin, not yet on the instances). */
  readonly sha: string;
  readonly secrets: WorldSecrets;
  /**
   * Every secret value as the leak scan wants it: whole values, leaves, the multi-line key, and
   * the AWS secret access key of the environment.
   */
  readonly secretSpecs: readonly SecretSpec[];
  /** What the runner masks from the job's start: the AWS secret key, as the credentials action does. */
  readonly jobSecrets: readonly string[];
  /** Environment for the action: the sandbox's endpoint, region and keys. */
  env(extra?: Readonly<Record<string, string>>): Record<string, string>;
  /** The inputs of a deploy of `sha` to every instance, plus `extra`. */
  deployInputs(extra?: Readonly<Record<string, string>>): Record<string, string>;
  /** A scratch directory removed with the world. */
  readonly scratch: string;
  stop(): Promise<void>;
}

export interface WorldOptions {
  readonly instances?: number;
  readonly settings?: Partial<SandboxSettings>;
  /** The sandbox's source of randomness for injected faults. */
  readonly random?: () => number;
}

/** Awkward characters on purpose: each encoding GitHub masks changes them. */
function secretValue(label: string): string {
  return `${label}-"q\\u&!+/=${randomBytes(9).toString('base64url')}`;
}

export async function createWorld(options: WorldOptions = {}): Promise<World> {
  const scratch = mkdtempSync(join(tmpdir(), 'ssm-deploy-faults-'));
  let sandbox: Sandbox | undefined;
  try {
    const secrets: WorldSecrets = {
      json: {
        db_password: secretValue('db'),
        api_key: secretValue('api'),
        nested: { token: secretValue('nested') },
      },
      key: `-----BEGIN TEST KEY-----\n${randomBytes(24).toString('base64')}\n${randomBytes(24).toString('base64')}\n-----END TEST KEY-----`,
      token: secretValue('token'),
    };
    sandbox = await startSandbox({
      seed: {
        secrets: [
          { name: 'faults/app', secretString: JSON.stringify(secrets.json) },
          { name: 'faults/key', secretString: secrets.key },
        ],
        parameters: [{ name: '/faults/token', value: secrets.token, type: 'SecureString' }],
        buckets: [{ name: BUCKET }],
      },
      ...(options.settings === undefined ? {} : { settings: options.settings }),
      ...(options.random === undefined ? {} : { random: options.random }),
    });

    const repository = createRepository(scratch, DEPLOY_SH);
    const oldSha = git(repository.developer, 'rev-parse', 'HEAD');
    const box = sandbox;
    const instanceIds = createInstances(
      box,
      repository,
      Array.from({ length: options.instances ?? 2 }, (_, index) => `web-${String(index + 1)}`),
      { Role: 'web' },
    );
    const instances = instanceIds.map((id) => box.instance(id));
    const sha = pushRelease(repository, '1.1.0');

    const secretSpecs: SecretSpec[] = [
      { name: 'faults/app', value: JSON.stringify(secrets.json) },
      { name: 'faults/app db_password', value: secrets.json.db_password },
      { name: 'faults/app api_key', value: secrets.json.api_key },
      { name: 'faults/app nested.token', value: secrets.json.nested.token },
      { name: 'faults/key', value: secrets.key },
      { name: '/faults/token', value: secrets.token },
    ];
    const secretAccessKey = box.env().AWS_SECRET_ACCESS_KEY ?? '';
    secretSpecs.push({ name: 'AWS_SECRET_ACCESS_KEY', value: secretAccessKey });
    return {
      jobSecrets: [secretAccessKey],
      sandbox,
      instances,
      instanceIds,
      oldSha,
      sha,
      secrets,
      secretSpecs,
      scratch,
      env: (extra = {}) => ({ ...box.env(), ...extra }),
      deployInputs: (extra = {}) => ({
        'instance-ids': instanceIds.join(','),
        'working-directory': WORKING_DIRECTORY,
        ref: sha,
        ...extra,
      }),
      stop: async () => {
        await box.stop();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await sandbox?.stop();
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

/** The `github` context of every run: the commit being shipped. */
export function githubContext(world: World): { sha: string; repository: string } {
  return { sha: world.sha, repository: REPOSITORY };
}

// ── What every run is checked for ──────────────────────────────────────────────────────────────

/**
 * No secret in the masked logs, summaries, annotation properties, outputs (but the secret outputs
 * themselves) or exported variables of either step, in any encoding GitHub masks; and none in any
 * SSM command the sandbox received (its parameters are kept in plain text in the command history).
 */
export function assertNothingLeaked(run: ActionRun, world: World): void {
  assertNoLeaks(run, world.secretSpecs, { allowOutputs: [...SECRET_OUTPUTS] });
  const values = world.secretSpecs.map((spec) => (typeof spec === 'string' ? spec : spec.value));
  for (const script of commandScripts(world)) {
    const text = readFileSync(script, 'utf8');
    for (const value of values) expect(text.includes(value), `a secret in ${script}`).toBe(false);
  }
}

/** The `_script.sh` the agent wrote for every command each instance received. */
export function commandScripts(world: World): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === '_script.sh') found.push(path);
    }
  };
  for (const instance of world.instances) {
    const orchestration = join(instance.root, 'var', 'lib', 'amazon', 'ssm');
    if (existsSync(orchestration)) walk(orchestration);
  }
  return found;
}

/** A process that exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name, which is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The pids deploy.sh recorded on the instances (itself and its child), where it got that far. */
export function deployPids(world: World): number[] {
  return world.instances.flatMap((instance) =>
    PID_FILES.map((file) => instance.path(file))
      .filter((path) => existsSync(path))
      .map((path) => Number(readFileSync(path, 'utf8').trim())),
  );
}

/** Resolves once `check` holds; fails with `what` after `timeoutMs`. */
export async function eventually(
  what: string,
  check: () => boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Nothing the sandbox started runs any more: no script, and no pid deploy.sh recorded. */
export async function assertNothingRunning(world: World): Promise<void> {
  await eventually(
    'the sandbox has no running script',
    () => world.sandbox.runningScripts().length === 0,
  );
  const pids = deployPids(world);
  await eventually(`deploy.sh processes ${pids.join(', ')} are gone`, () => !pids.some(isRunning));
}

/** Every file under the instances (their /srv and the agent's directories), by content and mode. */
export function snapshotInstances(world: World): Map<string, string> {
  const snapshot = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) {
        snapshot.set(path, `dir ${stat.mode.toString(8)}`);
        walk(path);
      } else if (stat.isSymbolicLink()) snapshot.set(path, `link ${readlinkSync(path)}`);
      else
        snapshot.set(
          path,
          `file ${stat.mode.toString(8)} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`,
        );
    }
  };
  for (const instance of world.instances) walk(instance.root);
  return snapshot;
}

/** Log lines that look like a JavaScript stack trace. */
export const STACK_TRACE = /^\s+at .+(?:\(|\s)[^\s()]+:\d+:\d+\)?$/m;

/** The preload that records every network connection attempt (see no-network.mjs). */
export const NO_NETWORK = join(REPOSITORY_ROOT, '__tests__', 'fixtures', 'no-network.mjs');

/** `items` grouped by `key`, in order of first appearance (Map.groupBy is ES2024). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group === undefined) groups.set(name, [item]);
    else group.push(item);
  }
  return groups;
}

/** Established TCP connections from a client to 127.0.0.1:`port` (IPv4, as the sandbox listens). */
export function connectionsTo(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter(([, , remote, state]) => remote === `0100007F:${hexPort}` && state === '01').length;
}

/**
 * SIGKILL to the action's node process running in `workspace`, as the OOM killer or a lost runner
 * would. Throws when there is none: a pid of 0 would signal this process's own group.
 */
export function killAction(workspace: string): void {
  const pid = actionPid(workspace);
  if (pid === undefined) throw new Error(`no action process runs in ${workspace}`);
  process.kill(pid, 'SIGKILL');
}

/** The pid of the action's node process running in `workspace` (the harness starts it there). */
export function actionPid(workspace: string): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`) !== workspace) continue;
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\u0000');
      if (argv.some((arg) => arg.endsWith('dist/index.js'))) return Number(name);
    } catch {
      // The process ended while it was looked at.
    }
  }
  return undefined;
}
