// What the SSM agent does on an instance for AWS-RunShellScript: write the commands to _script.sh
// in the command's orchestration directory, run it as root in a non-login shell with HOME unset and
// a minimal PATH, in its own process group, with stdout and stderr going to files there.
//
// Each run happens in a private mount namespace (`unshare --mount --propagation private`) in which
// the instance's directories are bind-mounted over the host paths they stand for, so that /srv/app
// in the script means <instance root>/srv/app and nothing on the host is touched. Without root,
// the namespace is made inside an unprivileged user namespace (`unshare --user --map-root-user`),
// where the script is root over the files of the user who runs the sandbox, and nobody else.

import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Instance } from './instances.js';

/** The agent runs under systemd, whose PATH is this; it does not set HOME. */
export const AGENT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

// Runs inside the new mount namespace: bind the instance's directories, note the namespace (so a
// stop can find every process left in it), enter the working directory, then become the script.
const SETUP = `set -e
script=$1 workdir=$2 nsfile=$3
shift 3
covered=
while [ "$#" -gt 0 ]; do
  parent=$(dirname "$2")
  # In a user namespace the host's /run is nobody's, not root's, and /run/ssm-deploy may not exist:
  # the instance gets a /run of its own (a tmpfs, in this namespace only), as every machine has.
  if [ -n "$SSM_SANDBOX_USERNS" ] && [ "$parent" != / ] && [ "$covered" != "$parent" ]; then
    mount -t tmpfs -o mode=0755 ssm-sandbox "$parent"
    covered=$parent
  fi
  mkdir -p "$2"
  mount --bind "$1" "$2"
  shift 2
done
# The host's git config is root's, which a user namespace shows as nobody's (and a deploy rightly
# refuses to trust): the instance gets a copy of its own, root's in this namespace, as on a machine.
if [ -n "$SSM_SANDBOX_USERNS" ] && [ -f /etc/gitconfig ]; then
  cat /etc/gitconfig > "$nsfile.gitconfig"
  mount --bind "$nsfile.gitconfig" /etc/gitconfig
fi
unset SSM_SANDBOX_USERNS
readlink /proc/self/ns/mnt > "$nsfile"
set +e
cd "$workdir" || exit 1
unset OLDPWD
exec /bin/bash "$script"`;

export interface RunRequest {
  readonly instance: Instance;
  readonly mappedPaths: readonly string[];
  readonly commandId: string;
  readonly commands: readonly string[];
  /** The document's workingDirectory, a path inside the instance; default the orchestration dir. */
  readonly workingDirectory: string | undefined;
  readonly region: string;
  readonly extraEnv: Readonly<Record<string, string>>;
}

export interface ScriptOutcome {
  /** Exit code, or null when a signal ended the script. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningScript {
  readonly pid: number;
  readonly outcome: Promise<ScriptOutcome>;
  /** SIGKILL to the whole process group, as the agent does on cancel and timeout. */
  kill(): void;
  /**
   * Also kills anything left in the script's mount namespace (daemons that left the group), and
   * resolves once none of them runs any more.
   */
  sweep(): Promise<void>;
  /** The same without waiting, for a process that is about to exit. */
  sweepNow(): void;
  /**
   * Once the script has ended: what it left running in its namespace (an app a deploy script
   * started, say), so that the sandbox can stop it when it stops. Undefined when nothing is left.
   */
  lingering(): Lingering | undefined;
}

/** Processes a finished script left behind, and the means to end them. */
export interface Lingering {
  readonly pids: readonly number[];
  sweep(): Promise<void>;
  sweepNow(): void;
}

export function orchestrationDir(instance: Instance, commandId: string): string {
  return join(
    instance.root,
    'var/lib/amazon/ssm',
    instance.id,
    'document/orchestration',
    commandId,
    'awsrunShellScript/0.awsrunShellScript',
  );
}

export function runScript(request: RunRequest): RunningScript {
  const dir = orchestrationDir(request.instance, request.commandId);
  mkdirSync(dir, { recursive: true });
  const script = join(dir, '_script.sh');
  writeFileSync(script, `${request.commands.join('\n')}\n`);
  const stdoutPath = join(dir, 'stdout');
  const stderrPath = join(dir, 'stderr');
  const nsFile = join(dir, '.mount-namespace');
  const out = openSync(stdoutPath, 'a');
  const err = openSync(stderrPath, 'a');
  const binds = request.mappedPaths.flatMap((path) => [join(request.instance.root, path), path]);
  const child = spawn(
    'unshare',
    [
      ...userNamespace(),
      '--mount',
      '--propagation',
      'private',
      '/bin/bash',
      '-c',
      SETUP,
      'ssm-agent-setup',
      script,
      request.workingDirectory ?? dir,
      nsFile,
      ...binds,
    ],
    {
      // Its own process group (as the agent's Setpgid), so a kill reaches every child.
      detached: true,
      stdio: ['ignore', out, err],
      cwd: dir,
      env: {
        ...request.extraEnv,
        PATH: AGENT_PATH,
        AWS_SSM_INSTANCE_ID: request.instance.id,
        AWS_SSM_REGION_NAME: request.region,
        ...(isRoot() ? {} : { SSM_SANDBOX_USERNS: '1' }),
      },
    },
  );
  closeSync(out);
  closeSync(err);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start unshare');

  const outcome = new Promise<ScriptOutcome>((resolve) => {
    child.once('error', (error) => {
      resolve({
        exitCode: 1,
        signal: null,
        stdout: '',
        stderr: `failed to run commands: ${error.message}`,
      });
    });
    child.once('exit', (exitCode, signal) => {
      resolve({ exitCode, signal, stdout: readOutput(stdoutPath), stderr: readOutput(stderrPath) });
    });
  });

  const kill = (): void => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // ESRCH: the group is already gone
    }
  };
  const sweepNow = (): number[] => {
    const left = [pid, ...processesInNamespace(readNamespace(nsFile))];
    kill();
    for (const other of left) signal(other);
    return left;
  };
  return {
    pid,
    outcome,
    kill,
    sweepNow: () => void sweepNow(),
    sweep: () => untilGone(sweepNow()),
    lingering: () => lingeringIn(readNamespace(nsFile)),
  };
}

function lingeringIn(namespace: string): Lingering | undefined {
  const found = processesInNamespace(namespace).flatMap((pid) => {
    const started = startTime(pid);
    return started === undefined ? [] : [{ pid, started }];
  });
  if (found.length === 0) return undefined;
  const sweepNow = (): number[] => {
    // A namespace ends with its last process and its id may then be reused: only while one of the
    // processes seen here still runs (the same process: same start time) does the id still mean it.
    const still = found.filter((p) => startTime(p.pid) === p.started).map((p) => p.pid);
    if (still.length === 0) return [];
    const all = [...still, ...processesInNamespace(namespace)];
    for (const pid of all) signal(pid);
    return all;
  };
  return {
    pids: found.map((p) => p.pid),
    sweepNow: () => void sweepNow(),
    sweep: () => untilGone(sweepNow()),
  };
}

/** A process's start time (clock ticks since boot), which tells it from a later one with its pid. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined;
    return fields[19];
  } catch {
    return undefined;
  }
}

/** The output so far; empty once the sandbox's files are gone (a stop raced the exit). */
function readOutput(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** SIGKILL is delivered asynchronously: wait (briefly) until the processes no longer run. */
async function untilGone(pids: readonly number[]): Promise<void> {
  const deadline = Date.now() + 2000;
  while (pids.some(running) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Whether a process exists and is not a zombie (dead, waiting for its parent to reap it). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    return false;
  }
}

/** The mount namespace a script recorded, or '' if it never got as far as making one. */
function readNamespace(nsFile: string): string {
  try {
    return readFileSync(nsFile, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Every process in the mount namespace `namespace` (as /proc/PID/ns/mnt names it). */
function processesInNamespace(namespace: string): number[] {
  if (namespace === '') return [];
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/ns/mnt`) === namespace) found.push(Number(entry));
    } catch {
      // the process ended while we looked, or is not ours to read
    }
  }
  return found;
}

let namespacesAvailable: boolean | undefined;

/** Whether the sandbox runs as root; without root it needs a user namespace for its mounts. */
export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** unshare's options for a user namespace, when one is needed (not root). */
export function userNamespace(): string[] {
  return isRoot() ? [] : ['--user', '--map-root-user'];
}

/**
 * Whether this machine lets us make mount namespaces: as root with util-linux's unshare, else in
 * an unprivileged user namespace (which some distributions and containers switch off).
 */
export function canIsolate(): boolean {
  namespacesAvailable ??=
    spawnSync('unshare', [...userNamespace(), '--mount', '--propagation', 'private', 'true'], {
      stdio: 'ignore',
    }).status === 0;
  return namespacesAvailable;
}

/** What the sandbox needs to run instances, said in one line where it is missing. */
export const ISOLATION_NEEDED =
  "sandbox instances need a mount namespace: run as root, or enable unprivileged user namespaces (util-linux 'unshare --user --map-root-user --mount' must work; on Ubuntu 24.04 and later: sysctl kernel.apparmor_restrict_unprivileged_userns=0)";
