// Each sandbox instance gets a port of its own on 127.0.0.1 for its app, since every "instance"
// shares this machine's one loopback address. The app is restarted on deploy, so the port spends
// moments free; it is therefore chosen below the kernel's ephemeral range (which outgoing
// connections and `listen(0)` draw from) and reserved with a file under the OS temp dir, so that
// sandboxes in parallel test processes never hand out the same one.

import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RESERVATIONS = join(tmpdir(), 'ssm-app-ports');
const RANGE_SIZE = 10_000;

export interface PortReservation {
  readonly port: number;
  release(): void;
}

/** A port no other sandbox on this machine holds and no socket uses now. */
export function reserveAppPort(random: () => number = Math.random): PortReservation {
  mkdirSync(RESERVATIONS, { recursive: true });
  try {
    // Shared by every user's sandboxes, as /tmp is (the umask would have kept others out).
    chmodSync(RESERVATIONS, 0o1777);
  } catch {
    // Another user made it, and made it so.
  }
  const [low, high] = candidateRange();
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = low + Math.floor(random() * (high - low));
    const file = join(RESERVATIONS, String(port));
    if (!claim(file)) continue;
    if (!portsInUse().has(port)) {
      return { port, release: () => rmSync(file, { force: true }) };
    }
    rmSync(file, { force: true });
  }
  throw new Error(`no free port for an instance's app between ${low} and ${high}`);
}

/** Ports just below the ephemeral range, and above the privileged ones. */
function candidateRange(): [number, number] {
  let ephemeralLow = 32768;
  try {
    const [first] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/);
    if (first !== undefined && Number.isInteger(Number(first))) ephemeralLow = Number(first);
  } catch {
    // not Linux: keep the IANA default
  }
  const high = Math.max(2048, ephemeralLow);
  return [Math.max(1025, high - RANGE_SIZE), high];
}

/** Creates the reservation file, or takes over one whose owner process is gone. */
function claim(file: string): boolean {
  for (let tries = 0; tries < 2; tries += 1) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch {
      if (ownerAlive(file)) return false;
      try {
        rmSync(file, { force: true });
      } catch {
        return false; // another user's stale reservation, in a sticky directory: not ours to take
      }
    }
  }
  return false;
}

function ownerAlive(file: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Local ports of every TCP socket on this machine (any state), from /proc/net/tcp{,6}. */
function portsInUse(): Set<number> {
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const local = line.trim().split(/\s+/)[1];
      const hex = local?.split(':').pop();
      if (hex !== undefined && hex !== '') ports.add(Number.parseInt(hex, 16));
    }
  }
  return ports;
}
