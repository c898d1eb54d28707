// A target group as an Application Load Balancer keeps it: registered targets (instances, each with
// a port), each health-checked on the group's path every interval, with the states and reason codes
// the API reports (initial → healthy / unhealthy; draining for the deregistration delay after
// DeregisterTargets; unused for one that is not registered), and the choice of targets for a
// request (healthy ones in turn; all of them when every registered target is unhealthy, the fail
// open that ALB documents).

import { randomBytes } from 'node:crypto';
import type { SandboxClock, Timer } from '../clock.js';
import type { Instance } from '../instances.js';
import { type HealthCheckResult, checkHealth, parseMatcher } from './health-check.js';

export interface HealthCheckSeed {
  /** Default `/`. */
  readonly path?: string;
  /** Default 30 (ALB's default for instance targets). Sandbox seconds; fractions allowed. */
  readonly intervalSeconds?: number;
  /** Default 5. */
  readonly timeoutSeconds?: number;
  /** Consecutive passes that make an unhealthy target healthy. Default 5. */
  readonly healthyThreshold?: number;
  /** Consecutive failures that make a target unhealthy. Default 2. */
  readonly unhealthyThreshold?: number;
  /** HTTP codes that pass: `200`, `200,204`, `200-299`. Default `200`. */
  readonly matcher?: string;
}

export interface TargetGroupSeed {
  /** 1 to 32 letters, digits and hyphens, not starting or ending with a hyphen. */
  readonly name: string;
  /** Default: the sandbox's region. */
  readonly region?: string;
  /** The port targets receive traffic on when registered without one. Default 80. */
  readonly port?: number;
  readonly vpcId?: string;
  readonly healthCheck?: HealthCheckSeed;
  /** `deregistration_delay.timeout_seconds`. Default 300. Sandbox seconds; fractions allowed. */
  readonly deregistrationDelaySeconds?: number;
  /**
   * The load balancer's `idle_timeout.timeout_seconds`: a target that sends nothing for this long
   * gets the client a 504. Default 60 (ALB's). Real seconds.
   */
  readonly idleTimeoutSeconds?: number;
  /** Instance ids registered from the start (each goes through `initial` like any other). */
  readonly targets?: readonly (string | { readonly id: string; readonly port?: number })[];
}

export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'draining';

/** The gauges ALB reports per target group. */
export type HostMetric = 'HealthyHostCount' | 'UnHealthyHostCount';

interface HostSample {
  readonly time: number;
  readonly healthy: number;
  readonly unhealthy: number;
}

export interface TargetHealthView {
  readonly id: string;
  readonly port: number;
  readonly state: TargetState | 'unused';
  readonly reason: string | undefined;
  readonly description: string | undefined;
}

/** A target as the load balancer sees it: where to send a request, and its requests in flight. */
export interface RoutableTarget {
  readonly id: string;
  readonly port: number;
  readonly instance: Instance;
  /** Called when a request to it starts; the result ends it. */
  begin(abort: () => void): () => void;
}

interface Target {
  readonly id: string;
  readonly port: number;
  readonly instance: Instance;
  state: TargetState;
  reason: string | undefined;
  description: string | undefined;
  passes: number;
  failures: number;
  checking: boolean;
  checkTimer: Timer | undefined;
  drainTimer: Timer | undefined;
  /** Aborts for the requests in flight to it (cut when its draining ends). */
  readonly inFlight: Set<() => void>;
  /** Bumped on each (re-)registration, so a late health check result of an earlier one is ignored. */
  generation: number;
}

const NAME = /^(?!-)[A-Za-z0-9-]{1,32}(?<!-)$/;

export class TargetGroup {
  readonly arn: string;
  readonly loadBalancerArn: string;
  readonly name: string;
  readonly region: string;
  readonly port: number;
  readonly vpcId: string;
  readonly healthCheckPath: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  readonly matcher: string;
  readonly deregistrationDelaySeconds: number;
  readonly idleTimeoutSeconds: number;
  readonly #accepts: (status: number) => boolean;
  readonly #targets = new Map<string, Target>();
  /** Healthy and unhealthy host counts as they changed, in sandbox time (the gauges ALB reports). */
  readonly #hosts: HostSample[] = [];
  #next = 0;
  #stopped = false;

  constructor(
    seed: TargetGroupSeed,
    defaults: { readonly region: string; readonly accountId: string },
    private readonly clock: SandboxClock,
    private readonly instance: (id: string) => Instance | undefined,
  ) {
    if (!NAME.test(seed.name)) {
      throw new Error(
        `target group name must be 1-32 letters, digits and hyphens, not starting or ending with a hyphen: ${seed.name}`,
      );
    }
    this.name = seed.name;
    this.region = seed.region ?? defaults.region;
    const id = randomBytes(8).toString('hex');
    const prefix = `arn:aws:elasticloadbalancing:${this.region}:${defaults.accountId}`;
    this.arn = `${prefix}:targetgroup/${this.name}/${id}`;
    this.loadBalancerArn = `${prefix}:loadbalancer/app/${this.name}/${randomBytes(8).toString('hex')}`;
    this.port = checkPort(seed.port ?? 80, 'port');
    this.vpcId = seed.vpcId ?? 'vpc-0sandbox00000000';
    const health = seed.healthCheck ?? {};
    this.healthCheckPath = health.path ?? '/';
    if (!this.healthCheckPath.startsWith('/'))
      throw new Error(`healthCheck.path must start with /: ${this.healthCheckPath}`);
    this.intervalSeconds = positive(health.intervalSeconds ?? 30, 'healthCheck.intervalSeconds');
    this.timeoutSeconds = positive(health.timeoutSeconds ?? 5, 'healthCheck.timeoutSeconds');
    this.healthyThreshold = count(health.healthyThreshold ?? 5, 'healthCheck.healthyThreshold');
    this.unhealthyThreshold = count(
      health.unhealthyThreshold ?? 2,
      'healthCheck.unhealthyThreshold',
    );
    this.matcher = health.matcher ?? '200';
    this.#accepts = parseMatcher(this.matcher);
    const delay = seed.deregistrationDelaySeconds ?? 300;
    if (!Number.isFinite(delay) || delay < 0 || delay > 3600)
      throw new Error(`deregistrationDelaySeconds must be between 0 and 3600, got ${delay}`);
    this.deregistrationDelaySeconds = delay;
    this.idleTimeoutSeconds = positive(seed.idleTimeoutSeconds ?? 60, 'idleTimeoutSeconds');
    this.#hosts.push({ time: clock.now(), healthy: 0, unhealthy: 0 });
    for (const target of seed.targets ?? []) {
      const { id: targetId, port } = typeof target === 'string' ? { id: target } : target;
      const found = this.instance(targetId);
      if (!found) throw new Error(`target group ${this.name}: no instance ${targetId}`);
      this.register(found, port ?? this.port);
    }
  }

  /** Registers a target (again): it starts `initial` and is health-checked at once. */
  register(instance: Instance, port: number): void {
    const key = targetKey(instance.id, port);
    const existing = this.#targets.get(key);
    if (existing && existing.state !== 'draining') return; // registering twice changes nothing
    if (existing) {
      existing.drainTimer?.cancel();
      existing.drainTimer = undefined;
    }
    const target: Target = existing ?? {
      id: instance.id,
      port,
      instance,
      state: 'initial',
      reason: undefined,
      description: undefined,
      passes: 0,
      failures: 0,
      checking: false,
      checkTimer: undefined,
      drainTimer: undefined,
      inFlight: new Set(),
      generation: 0,
    };
    target.generation += 1;
    target.state = 'initial';
    target.reason = 'Elb.RegistrationInProgress';
    target.description = 'Target registration is in progress';
    target.passes = 0;
    target.failures = 0;
    this.#targets.set(key, target);
    this.#noteHosts();
    this.#scheduleCheck(target, 0);
  }

  /**
   * Starts draining a registered target: no new requests; those in flight may finish until the
   * deregistration delay ends, when it leaves the group (and what is still in flight is cut).
   */
  deregister(id: string, port: number): void {
    const target = this.#targets.get(targetKey(id, port));
    if (!target || target.state === 'draining') return;
    target.checkTimer?.cancel();
    target.checkTimer = undefined;
    target.generation += 1;
    target.state = 'draining';
    target.reason = 'Target.DeregistrationInProgress';
    target.description = 'Target deregistration is in progress';
    this.#noteHosts();
    target.drainTimer = this.clock.after(this.deregistrationDelaySeconds * 1000, () => {
      this.#targets.delete(targetKey(id, port));
      for (const abort of [...target.inFlight]) abort();
    });
  }

  /** Whether an instance is registered on a port (draining counts: it is still in the group). */
  has(id: string, port: number): boolean {
    return this.#targets.has(targetKey(id, port));
  }

  health(): readonly TargetHealthView[] {
    return [...this.#targets.values()].map(view);
  }

  healthOf(id: string, port: number): TargetHealthView {
    const target = this.#targets.get(targetKey(id, port));
    if (target) return view(target);
    return {
      id,
      port,
      state: 'unused',
      reason: 'Target.NotRegistered',
      description: 'Target is not registered to the target group',
    };
  }

  /** The port a target was registered on, when it is registered on exactly one. */
  registeredPorts(id: string): number[] {
    return [...this.#targets.values()].filter((t) => t.id === id).map((t) => t.port);
  }

  /** The next target for a request, or undefined when there is none to send it to. */
  route(): RoutableTarget | undefined {
    const live = [...this.#targets.values()].filter((t) => t.state !== 'draining');
    const healthy = live.filter((t) => t.state === 'healthy');
    const unhealthyOnly = live.length > 0 && live.every((t) => t.state === 'unhealthy');
    const pool = healthy.length > 0 ? healthy : unhealthyOnly ? live : [];
    if (pool.length === 0) return undefined;
    const target = pool[this.#next % pool.length];
    this.#next = (this.#next + 1) % 1_000_000;
    if (!target) return undefined;
    return {
      id: target.id,
      port: target.port,
      instance: target.instance,
      begin: (abort) => {
        target.inFlight.add(abort);
        return () => target.inFlight.delete(abort);
      },
    };
  }

  /** How many registered targets are healthy / unhealthy now (ALB's HealthyHostCount…). */
  hostCounts(): { readonly healthy: number; readonly unhealthy: number } {
    const all = [...this.#targets.values()];
    return {
      healthy: all.filter((t) => t.state === 'healthy').length,
      unhealthy: all.filter((t) => t.state === 'unhealthy').length,
    };
  }

  /**
   * A statistic of HealthyHostCount or UnHealthyHostCount over sandbox time [from, to): the
   * largest or smallest count during it, or its time-weighted average.
   */
  hostStatistic(
    metric: HostMetric,
    statistic: 'Maximum' | 'Minimum' | 'Average',
    from: number,
    to: number,
  ): number {
    const value = (sample: HostSample): number =>
      metric === 'HealthyHostCount' ? sample.healthy : sample.unhealthy;
    const before = this.#hosts.filter((h) => h.time <= from).at(-1) ?? this.#hosts[0];
    const during = this.#hosts.filter((h) => h.time > from && h.time < to);
    const samples = before === undefined ? during : [before, ...during];
    const last = samples.at(-1);
    if (last === undefined) return 0;
    if (statistic === 'Maximum') return Math.max(...samples.map(value));
    if (statistic === 'Minimum') return Math.min(...samples.map(value));
    let weighted = 0;
    samples.forEach((sample, i) => {
      const start = Math.max(sample.time, from);
      const end = samples[i + 1]?.time ?? to;
      weighted += value(sample) * Math.max(0, end - start);
    });
    return to > from ? weighted / (to - from) : value(last);
  }

  stop(): void {
    this.#stopped = true;
    for (const target of this.#targets.values()) {
      target.checkTimer?.cancel();
      target.drainTimer?.cancel();
    }
  }

  #scheduleCheck(target: Target, delayMs: number): void {
    target.checkTimer?.cancel();
    const generation = target.generation;
    target.checkTimer = this.clock.after(delayMs, () => {
      if (this.#stopped || target.generation !== generation) return;
      // Each check is independent and its result lasts the interval; a check still waiting for
      // its answer is not doubled.
      this.#scheduleCheck(target, this.intervalSeconds * 1000);
      if (target.checking) return;
      target.checking = true;
      void checkHealth({
        port: target.instance.appPort,
        path: this.healthCheckPath,
        timeoutMs: (this.timeoutSeconds * 1000) / this.clock.scale,
        accepts: this.#accepts,
      }).then((result) => {
        target.checking = false;
        if (this.#stopped || target.generation !== generation) return;
        this.#record(target, result);
      });
    });
  }

  #record(target: Target, result: HealthCheckResult): void {
    if (result.ok) {
      target.failures = 0;
      target.passes += 1;
      // A newly registered target needs one pass; an unhealthy one HealthyThresholdCount in a row.
      const needed = target.state === 'unhealthy' ? this.healthyThreshold : 1;
      if (target.state !== 'healthy' && target.passes >= needed) {
        target.state = 'healthy';
        target.reason = undefined;
        target.description = undefined;
        this.#noteHosts();
      }
      return;
    }
    target.passes = 0;
    target.failures += 1;
    if (target.state === 'initial' && target.failures < this.unhealthyThreshold) {
      target.reason = 'Elb.InitialHealthChecking';
      target.description = 'Initial health checks in progress';
      return;
    }
    if (target.state === 'healthy' && target.failures < this.unhealthyThreshold) return;
    target.state = 'unhealthy';
    target.reason = result.reason;
    target.description = result.description;
    this.#noteHosts();
  }

  #noteHosts(): void {
    const { healthy, unhealthy } = this.hostCounts();
    const last = this.#hosts.at(-1);
    if (last?.healthy === healthy && last.unhealthy === unhealthy) return;
    this.#hosts.push({ time: this.clock.now(), healthy, unhealthy });
  }
}

function view(target: Target): TargetHealthView {
  return {
    id: target.id,
    port: target.port,
    state: target.state,
    reason: target.reason,
    description: target.description,
  };
}

function targetKey(id: string, port: number): string {
  return `${id}:${port}`;
}

function checkPort(port: number, name: string): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name} must be a port (1-65535), got ${port}`);
  return port;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got ${value}`);
  return value;
}

function count(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 10)
    throw new Error(`${name} must be a whole number from 1 to 10, got ${value}`);
  return value;
}
