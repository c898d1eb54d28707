// The sandbox's "instances": directories on this machine, each with an id, tags and a connection
// state. A path such as /srv/app inside an instance is the directory <root>/srv/app on this machine;
// the agent bind-mounts the instance's directories over the paths they stand for when it runs a
// command (see agent.ts), so several instances can share one working-directory string.

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';

/**
 * - `online`: the agent is connected; commands run.
 * - `offline`: the agent is disconnected for now (stopped, rebooting): invocations wait in Pending
 *   and run when it comes back, or end `DeliveryTimedOut` once the command's TimeoutSeconds pass.
 * - `unreachable`: the node cannot be reached at all: invocations end `Undeliverable`.
 */
export type InstanceState = 'online' | 'offline' | 'unreachable';
export const INSTANCE_STATES: readonly InstanceState[] = ['online', 'offline', 'unreachable'];

/**
 * What SSM last heard from the agent, as DescribeInstanceInformation reports it. Kept apart from
 * `state` because SSM learns late: an agent that has just gone is still `Online` for minutes.
 */
export type PingStatus = 'Online' | 'ConnectionLost' | 'Inactive';
export const PING_STATUSES: readonly PingStatus[] = ['Online', 'ConnectionLost', 'Inactive'];

export type PlatformType = 'Linux' | 'Windows' | 'MacOS';
export const PLATFORM_TYPES: readonly PlatformType[] = ['Linux', 'Windows', 'MacOS'];

export type InstanceFile = string | { readonly content: string; readonly mode?: number };

export interface InstanceSeed {
  /** `i-` and 17 hex digits; generated when absent. */
  readonly id?: string;
  /** Shown as InstanceName in ListCommandInvocations. */
  readonly name?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Default `online`. */
  readonly state?: InstanceState;
  /** Default `Online` for an online instance, else `ConnectionLost`. */
  readonly ping?: PingStatus;
  /** Default `Linux`. Commands still run in bash here; only DescribeInstanceInformation says it. */
  readonly platform?: PlatformType;
  /** Files to create, by their path inside the instance (under a mapped path such as /srv). */
  readonly files?: Readonly<Record<string, InstanceFile>>;
}

export interface Instance {
  readonly id: string;
  readonly name: string | undefined;
  /** The instance's directory on this machine. */
  readonly root: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly state: InstanceState;
  readonly ping: PingStatus;
  readonly platform: PlatformType;
  /** Sandbox time (epoch ms) SSM last heard from the agent. */
  readonly lastPingAt: number;
  /** Where a path inside the instance (such as /srv/app) lives on this machine. */
  path(instancePath: string): string;
}

export interface Target {
  readonly Key: string;
  readonly Values: readonly string[];
}

const INSTANCE_ID = /^i-[0-9a-f]{17}$/;
/** How long ago SSM last heard from an agent seeded as lost. */
const LOST_FOR_MS = 20 * 60_000;

class SandboxInstance implements Instance {
  state: InstanceState;
  tags: Record<string, string>;
  ping: PingStatus;
  lastPingAt: number;

  constructor(
    readonly id: string,
    readonly name: string | undefined,
    readonly root: string,
    tags: Readonly<Record<string, string>>,
    state: InstanceState,
    health: { readonly ping: PingStatus; readonly lastPingAt: number },
    readonly platform: PlatformType,
    private readonly mappedPaths: readonly string[],
  ) {
    this.tags = { ...tags };
    this.state = state;
    this.ping = health.ping;
    this.lastPingAt = health.lastPingAt;
  }

  path(instancePath: string): string {
    if (!isAbsolute(instancePath))
      throw new Error(`instance path must be absolute: ${instancePath}`);
    const clean = normalize(instancePath);
    const mapped = this.mappedPaths.some((m) => clean === m || clean.startsWith(`${m}/`));
    if (!mapped) {
      throw new Error(
        `${instancePath} is not under a mapped path (${this.mappedPaths.join(', ')}); ` +
          'only mapped paths belong to an instance',
      );
    }
    return join(this.root, clean);
  }
}

export class InstanceRegistry {
  readonly #instances = new Map<string, SandboxInstance>();
  readonly #listeners = new Set<(instance: Instance) => void>();

  constructor(
    private readonly baseDir: string,
    readonly mappedPaths: readonly string[],
    /** Sandbox time (epoch ms), for when SSM last heard from an agent. */
    private readonly now: () => number = Date.now,
  ) {}

  add(seed: InstanceSeed = {}): Instance {
    const id = seed.id ?? `i-${randomBytes(9).toString('hex').slice(0, 17)}`;
    if (!INSTANCE_ID.test(id)) throw new Error(`instance id must be i- and 17 hex digits: ${id}`);
    if (this.#instances.has(id)) throw new Error(`instance ${id} already exists`);
    const state = seed.state ?? 'online';
    if (!INSTANCE_STATES.includes(state)) throw new Error(`instance ${id}: unknown state ${state}`);
    const ping = seed.ping ?? (state === 'online' ? 'Online' : 'ConnectionLost');
    if (!PING_STATUSES.includes(ping)) throw new Error(`instance ${id}: unknown ping ${ping}`);
    const platform = seed.platform ?? 'Linux';
    if (!PLATFORM_TYPES.includes(platform))
      throw new Error(`instance ${id}: unknown platform ${platform}`);
    const root = join(this.baseDir, id);
    for (const mapped of this.mappedPaths) {
      // With the mode of the host path it stands for: a world-writable, sticky /run/lock stays so.
      const copy = join(root, mapped);
      mkdirSync(copy, { recursive: true });
      // A host path a user without root could not make is given the mode /run/ssm-deploy has.
      chmodSync(copy, existsSync(mapped) ? statSync(mapped).mode & 0o7777 : 0o755);
    }
    const instance = new SandboxInstance(
      id,
      seed.name,
      root,
      seed.tags ?? {},
      state,
      // An agent SSM has lost was last heard from a while ago.
      { ping, lastPingAt: this.now() - (ping === 'Online' ? 0 : LOST_FOR_MS) },
      platform,
      this.mappedPaths,
    );
    for (const [path, file] of Object.entries(seed.files ?? {})) {
      const target = instance.path(path);
      const content = typeof file === 'string' ? file : file.content;
      const mode =
        typeof file === 'string' || file.mode === undefined
          ? content.startsWith('#!')
            ? 0o755
            : 0o644
          : file.mode;
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
      chmodSync(target, mode);
    }
    this.#instances.set(id, instance);
    return instance;
  }

  get(id: string): Instance | undefined {
    return this.#instances.get(id);
  }

  all(): readonly Instance[] {
    return [...this.#instances.values()];
  }

  setState(id: string, state: InstanceState): void {
    const instance = this.#require(id);
    if (!INSTANCE_STATES.includes(state)) throw new Error(`unknown instance state ${state}`);
    instance.state = state;
    for (const listener of this.#listeners) listener(instance);
  }

  /** What DescribeInstanceInformation reports from now on (the agent itself is left as it is). */
  setPing(id: string, ping: PingStatus): void {
    const instance = this.#require(id);
    if (!PING_STATUSES.includes(ping)) throw new Error(`unknown ping status ${ping}`);
    instance.ping = ping;
    if (ping === 'Online') instance.lastPingAt = this.now();
  }

  setTags(id: string, tags: Readonly<Record<string, string>>): void {
    this.#require(id).tags = { ...tags };
  }

  /** Called whenever an instance's state changes (the command scheduler reacts to it). */
  onStateChange(listener: (instance: Instance) => void): void {
    this.#listeners.add(listener);
  }

  /** The instances a SendCommand `Targets` list selects: entries AND together, values OR. */
  match(targets: readonly Target[]): readonly Instance[] {
    return this.all().filter((instance) =>
      targets.every((target) => matchesTarget(instance, target)),
    );
  }

  #require(id: string): SandboxInstance {
    const instance = this.#instances.get(id);
    if (!instance) throw new Error(`no instance ${id}`);
    return instance;
  }
}

function matchesTarget(instance: Instance, target: Target): boolean {
  if (target.Key === 'InstanceIds') return target.Values.includes(instance.id);
  if (target.Key === 'tag-key') return target.Values.some((key) => key in instance.tags);
  if (target.Key.startsWith('tag:')) {
    const value = instance.tags[target.Key.slice(4)];
    return value !== undefined && target.Values.includes(value);
  }
  return false;
}
