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
import type { Duplex } from 'node:stream';
import type { Instance } from './instances.js';

/** The agent runs under systemd, whose PATH is this; it does not set HOME. */
export const AGENT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

// Runs inside the new mount namespace: bind the instance's directories, wait until the sandbox has
// pinned the namespace (so a stop can find every process left in it), enter the working directory,
// then become the script.
const SETUP = `set -e
script=$1 workdir=$2 gitconfig=$3
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
  cat /etc/gitconfig > "$gitconfig"
  mount --bind "$gitconfig" /etc/gitconfig
fi
unset SSM_SANDBOX_USERNS
# Nothing runs in the namespace until the sandbox holds it open (fd 3 asks, and gets the answer).
echo pin >&3
IFS= read -r _ <&3
exec 3>&-
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
  const gitConfigCopy = join(dir, '.etc-gitconfig');
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
      gitConfigCopy,
      ...binds,
    ],
    {
      // Its own process group (as the agent's Setpgid), so a kill reaches every child.
      detached: true,
      // fd 3: the namespace pin's question and answer.
      stdio: ['ignore', out, err, 'pipe'],
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
  const pin = pinNamespace(pid, child.stdio[3] as Duplex);

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
    const left = [pid, ...processesInNamespace(pin.id())];
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
    lingering: () => lingeringIn(pin),
  };
}

/**
 * A hold on a script's mount namespace. The kernel gives a namespace's id (its inode number) to the
 * next namespace made anywhere as soon as the last process in it has ended, so an id noted once may
 * soon name another script's namespace, and a sweep by it would kill that script. An open file of
 * the namespace keeps it, and so its id, until it is closed.
 */
interface NamespacePin {
  /** The namespace as /proc/PID/ns/mnt names it; '' if the script ended before it was pinned. */
  id(): string;
  release(): void;
}

/** Pins the namespace of `pid` when the script asks on `channel` (fd 3), then lets it go on. */
function pinNamespace(pid: number, channel: Duplex): NamespacePin {
  let fd: number | undefined;
  let id = '';
  // The script may be killed before it hears the answer.
  channel.on('error', () => undefined);
  channel.once('data', () => {
    try {
      // It waits for the answer, so the process is still the script's and in its namespace.
      fd = openSync(`/proc/${String(pid)}/ns/mnt`, 'r');
      id = readlinkSync(`/proc/self/fd/${String(fd)}`);
    } catch {
      // Killed while it asked: nothing can have started in its namespace.
    }
    channel.end('go\n');
  });
  return {
    id: () => id,
    release: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      id = '';
    },
  };
}

/** What a finished script left in its namespace; the pin is released once none of it runs. */
function lingeringIn(pin: NamespacePin): Lingering | undefined {
  if (processesInNamespace(pin.id()).length === 0) {
    pin.release();
    return undefined;
  }
  const sweepNow = (): number[] => {
    const all = processesInNamespace(pin.id());
    for (const pid of all) signal(pid);
    return all;
  };
  return {
    sweepNow: () => void sweepNow(),
    sweep: async () => {
      await untilGone(sweepNow());
      pin.release();
    },
  };
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
