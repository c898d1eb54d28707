// The sandbox's public API: `startSandbox()` gives a local stand-in for SSM, Secrets Manager and
// S3 on 127.0.0.1, whose URL the real AWS SDK clients take as their endpoint, and whose instances
// really run the commands they are sent. See sandbox/README.md.

import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, normalize } from 'node:path';
import { ISOLATION_NEEDED, canIsolate } from './agent.js';
import { fileURLToPath } from 'node:url';
import { CallLog, type CallRecord, type ServiceName } from './call-log.js';
import { SandboxClock } from './clock.js';
import { type AlarmSeed, type AlarmView, CloudWatchService } from './cloudwatch.js';
import { Elbv2Service } from './elbv2/index.js';
import type { LoadBalancer } from './elbv2/load-balancer.js';
import type { CountMetric } from './elbv2/metrics.js';
import type { TargetGroupSeed, TargetHealthView } from './elbv2/target-group.js';
import { atProcessEnd } from './process-end.js';
import {
  type Instance,
  InstanceRegistry,
  type InstanceSeed,
  type InstanceState,
  type PingStatus,
} from './instances.js';
import { type LogEvent, LogStore } from './logs.js';
import { type BucketSeed, S3Store, type StoredObject, type VersioningStatus } from './s3.js';
import { type SecretPayload, type SecretSeed, SecretStore } from './secrets-manager.js';
import { type Seed, loadSeedFile } from './seed.js';
import { SandboxServer } from './server.js';
import { DEFAULT_SETTINGS, type SandboxSettings, checkSettings } from './settings.js';
import { CommandService, type CommandSummary } from './ssm/commands.js';
import { SsmService } from './ssm/index.js';
import { InstanceInformationService } from './ssm/instance-information.js';
import { StsService } from './sts.js';
import { type ParameterSeed, ParameterStore } from './ssm/parameters.js';

export type { CallParams, CallRecord, ServiceName } from './call-log.js';
export type {
  Instance,
  InstanceFile,
  InstanceSeed,
  InstanceState,
  PingStatus,
  PlatformType,
  Target,
} from './instances.js';
export { INSTANCE_ENV_FILE } from './instances.js';
export type {
  HealthCheckSeed,
  HostMetric,
  TargetGroupSeed,
  TargetHealthView,
} from './elbv2/target-group.js';
export type { CountMetric } from './elbv2/metrics.js';
export type {
  AlarmMetric,
  AlarmSeed,
  AlarmState,
  AlarmStatistic,
  AlarmTransition,
  AlarmView,
  ComparisonOperator,
} from './cloudwatch.js';
export type { BucketSeed, StoredObject, VersioningStatus } from './s3.js';
export type { LogEvent } from './logs.js';
export type { SecretPayload, SecretSeed, SecretVersionSeed } from './secrets-manager.js';
export type { Seed } from './seed.js';
export { loadSeedFile } from './seed.js';
export type { PerOperation, SandboxSettings, TargetResolution } from './settings.js';
export { DEFAULT_SETTINGS } from './settings.js';
export type { ParameterSeed, ParameterType } from './ssm/parameters.js';
export { AGENT_PATH, ISOLATION_NEEDED, canIsolate, isRoot } from './agent.js';
export { STOPPED_EXIT_CODE } from './ssm/commands.js';
export type { CommandSummary } from './ssm/commands.js';

export interface SandboxOptions {
  /** Default 0: a free port. The server binds 127.0.0.1 only. */
  readonly port?: number;
  /** The region of seeded resources without one. Default `us-east-1`. */
  readonly region?: string;
  /** The account in ARNs. Default `123456789012`. */
  readonly accountId?: string;
  /** Host paths that each instance has its own copy of. Default `DEFAULT_MAPPED_PATHS`. */
  readonly mappedPaths?: readonly string[];
  readonly seed?: Seed;
  /** A JSON seed file, applied after `seed`. */
  readonly seedFile?: string;
  readonly settings?: Partial<SandboxSettings>;
  /** Source of randomness for injected faults (inject a seeded one for repeatable runs). */
  readonly random?: () => number;
  /** Extra environment variables for scripts on the instances (the agent's own are always set). */
  readonly agentEnv?: Readonly<Record<string, string>>;
  /** Where the sandbox makes its temporary directory. Default: the OS temp dir. */
  readonly tmpDir?: string;
  /** Called with each call as it is logged (the CLI streams them to a file). */
  readonly onCall?: (record: CallRecord) => void;
}

/** Settings for an in-process SDK client pointed at the sandbox (add `forcePathStyle` for S3). */
export interface ClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** A target group as a test sees it: its ARN, its load balancer, its targets and counts. */
export interface TargetGroupInfo {
  readonly name: string;
  readonly arn: string;
  readonly loadBalancerArn: string;
  /** `http://127.0.0.1:<port>`: the load balancer in front of the group. */
  readonly url: string;
  /** Every registered target's health now (as DescribeTargetHealth would answer). */
  health(): readonly TargetHealthView[];
  /** What the load balancer has counted since it started (as CloudWatch would be told). */
  counts(): Readonly<Record<CountMetric, number>>;
}

export interface CallFilter {
  readonly service?: ServiceName;
  readonly operation?: string;
}

export interface Sandbox {
  /** `http://127.0.0.1:<port>`: the value for AWS_ENDPOINT_URL. */
  readonly url: string;
  readonly port: number;
  readonly region: string;
  readonly accountId: string;
  /** The sandbox's temporary directory (instances live under it); removed by stop(). */
  readonly dir: string;
  /** Host paths each instance has its own copy of. */
  readonly mappedPaths: readonly string[];

  /** Environment for a process that uses the AWS SDK against the sandbox (endpoint, region, keys). */
  env(): Record<string, string>;
  clientConfig(region?: string): ClientConfig;
  /** Sandbox time (epoch ms), which runs `timeScale` times faster than real time. */
  now(): number;

  readonly settings: SandboxSettings;
  /** Changes settings at run time; unspecified ones keep their value. */
  configure(patch: Partial<SandboxSettings>): void;

  addSecret(seed: SecretSeed): { readonly arn: string };
  /** A new AWSCURRENT version (the previous one becomes AWSPREVIOUS). */
  putSecretValue(
    name: string,
    payload: SecretPayload,
    region?: string,
  ): { readonly versionId: string };
  setSecretAccessDenied(name: string, denied: boolean, region?: string): void;
  putParameter(seed: ParameterSeed): number;
  addBucket(seed: BucketSeed): void;
  setBucketAccessDenied(name: string, denied: boolean): void;
  bucketVersioning(name: string): VersioningStatus | undefined;
  getObject(bucket: string, key: string, versionId?: string): StoredObject | undefined;
  /** Writes an object as anyone allowed to write the bucket could. */
  putObject(bucket: string, key: string, body: Buffer): StoredObject;
  /** Calls `listener` after each object is written (the agent's uploads too); returns its removal. */
  onObjectWritten(listener: (bucket: string, object: StoredObject) => void): () => void;
  /** The events of a CloudWatch Logs group, in the order FilterLogEvents answers them. */
  logEvents(group: string, region?: string): readonly LogEvent[];
  /** The CloudWatch Logs groups of a region. */
  logGroups(region?: string): readonly string[];
  /** Puts events into a stream as any writer of the group may (made when missing). */
  putLogEvents(
    group: string,
    stream: string,
    events: readonly { readonly timestamp: number; readonly message: string }[],
    region?: string,
  ): void;
  addInstance(seed?: InstanceSeed): Instance;
  instance(id: string): Instance;
  instances(): readonly Instance[];
  setInstanceState(id: string, state: InstanceState): void;
  /**
   * What DescribeInstanceInformation reports for the instance's agent from now on. The agent
   * itself is left as it is: SSM learns of a lost agent minutes late, and `setInstanceState` alone
   * is what it is in the meantime.
   */
  setInstancePing(id: string, ping: PingStatus): void;
  setInstanceTags(id: string, tags: Readonly<Record<string, string>>): void;

  /** Adds a target group with its load balancer (listening on 127.0.0.1 at a free port). */
  addTargetGroup(seed: TargetGroupSeed): Promise<TargetGroupInfo>;
  /** A target group by name or ARN, with its load balancer's URL. */
  targetGroup(nameOrArn: string): TargetGroupInfo;
  targetGroups(): readonly TargetGroupInfo[];
  /** Adds a CloudWatch alarm over a target group's load balancer's counts. */
  addAlarm(seed: AlarmSeed): AlarmView;
  /** An alarm's state now, and every change of state so far. */
  alarm(name: string, region?: string): AlarmView;

  /** Every call answered so far (or those of one service / operation), oldest first. */
  calls(filter?: CallFilter): readonly CallRecord[];
  clearCalls(): void;
  /** Process ids of the scripts running on instances now. */
  runningScripts(): readonly number[];
  /** Every command so far with its invocations, statuses and real start and end times. */
  commandHistory(): readonly CommandSummary[];

  /** Stops listening (clients get connection refused); state and running commands carry on. */
  stopServer(): Promise<void>;
  /** Listens again on the same port. */
  startServer(): Promise<void>;
  /** Kills every process it started, removes its temporary directory, stops listening. */
  stop(): Promise<void>;
}

/**
 * What each instance has of its own: /srv holds the apps; /run/ssm-deploy, on every machine its
 * own, holds the deploy script's locks (shared with the host, two instances would share them);
 * and /root, root's home, starts empty as on a fresh instance, so that the login shell the deploy
 * script runs never reads this machine's own profile (whose tools may block or print).
 */
export const DEFAULT_MAPPED_PATHS: readonly string[] = ['/srv', '/run/ssm-deploy', '/root'];

/**
 * The Node binary an instance's app is started with. An instance has its own copy of each mapped
 * path, so a Node that lives below one (npx keeps node@24 under /root/.npm) is not there for it:
 * such a binary is copied once per version and user to the temporary directory, which every
 * instance sees, readable and runnable by every user an app may run as.
 */
function nodeInstancesCanRun(mappedPaths: readonly string[]): string {
  const node = realpathSync(process.execPath);
  if (!mappedPaths.some((path) => node === path || node.startsWith(`${path}/`))) return node;
  const dir = join(
    tmpdir(),
    `ssm-deploy-sandbox-node-${process.version}-${process.getuid?.() ?? 0}`,
  );
  const copy = join(dir, 'node');
  if (existsSync(copy)) return copy;
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  // Copied under a name of its own, then renamed: test files start sandboxes in parallel.
  const partial = `${copy}.${process.pid}`;
  copyFileSync(node, partial);
  chmodSync(partial, 0o755);
  renameSync(partial, copy);
  return copy;
}

/** This machine cannot give the sandbox's instances a mount namespace; the message says what it needs. */
export class IsolationUnavailable extends Error {
  override readonly name = 'IsolationUnavailable';
  constructor() {
    super(ISOLATION_NEEDED);
  }
}

const live = new Set<SandboxImpl>();
let exitHookInstalled = false;

/** Starts a sandbox; its server is listening when the promise resolves. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  installExitHook();
  const sandbox = new SandboxImpl(options);
  live.add(sandbox);
  try {
    if (options.seed) await sandbox.applySeed(options.seed);
    if (options.seedFile !== undefined) await sandbox.applySeed(loadSeedFile(options.seedFile));
    await sandbox.listen(options.port ?? 0);
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  return sandbox;
}

class SandboxImpl implements Sandbox {
  readonly region: string;
  readonly accountId: string;
  readonly dir: string;
  readonly mappedPaths: readonly string[];
  #settings: SandboxSettings;
  readonly #clock: SandboxClock;
  readonly #log: CallLog;
  readonly #instances: InstanceRegistry;
  readonly #parameters: ParameterStore;
  readonly #secrets: SecretStore;
  readonly #s3: S3Store;
  readonly #logs: LogStore;
  readonly #commands: CommandService;
  readonly #elbv2: Elbv2Service;
  readonly #cloudwatch: CloudWatchService;
  readonly #server: SandboxServer;
  #stopped = false;

  constructor(options: SandboxOptions) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.#log = new CallLog(options.onCall);
    this.#settings = { ...DEFAULT_SETTINGS, ...options.settings };
    checkSettings(this.#settings);
    this.#clock = new SandboxClock(this.#settings.timeScale);
    this.dir = realpathSync(mkdtempSync(join(options.tmpDir ?? tmpdir(), 'ssm-sandbox-')));
    this.mappedPaths = checkMappedPaths(options.mappedPaths ?? DEFAULT_MAPPED_PATHS, this.dir);
    this.#instances = new InstanceRegistry(
      join(this.dir, 'instances'),
      this.mappedPaths,
      () => this.#clock.now(),
      {
        SANDBOX_NODE: nodeInstancesCanRun(this.mappedPaths),
        SANDBOX_WEB_APP: fileURLToPath(new URL('./web-app.ts', import.meta.url)),
        SANDBOX_PID: String(process.pid),
      },
    );
    this.#parameters = new ParameterStore(this.#clock, this.accountId);
    this.#secrets = new SecretStore(this.#clock, this.accountId, this.region);
    this.#s3 = new S3Store(this.#clock, this.region, this.accountId);
    this.#logs = new LogStore(this.#clock);
    this.#commands = new CommandService({
      clock: this.#clock,
      instances: this.#instances,
      s3: this.#s3,
      logs: this.#logs,
      settings: () => this.#settings,
      extraEnv: options.agentEnv ?? {},
    });
    this.#elbv2 = new Elbv2Service({
      clock: this.#clock,
      region: this.region,
      accountId: this.accountId,
      instance: (id) => this.#instances.get(id),
    });
    this.#cloudwatch = new CloudWatchService({
      clock: this.#clock,
      region: this.region,
      accountId: this.accountId,
      loadBalancer: (name, region) => this.#elbv2.loadBalancer(name, region),
    });
    this.#server = new SandboxServer({
      ssm: new SsmService(
        this.#parameters,
        this.#commands,
        new InstanceInformationService(this.#instances, this.#clock),
      ),
      elbv2: this.#elbv2,
      cloudwatch: this.#cloudwatch,
      secrets: this.#secrets,
      s3: this.#s3,
      logs: this.#logs,
      sts: new StsService(this.accountId),
      log: this.#log,
      clock: this.#clock,
      settings: () => this.#settings,
      random: options.random ?? Math.random,
    });
  }

  get port(): number {
    return this.#server.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get settings(): SandboxSettings {
    return this.#settings;
  }

  async listen(port: number): Promise<void> {
    await this.#server.listen(port);
  }

  async applySeed(seed: Seed): Promise<void> {
    for (const secret of seed.secrets ?? []) this.addSecret(secret);
    for (const parameter of seed.parameters ?? []) this.putParameter(parameter);
    for (const bucket of seed.buckets ?? []) this.addBucket(bucket);
    for (const instance of seed.instances ?? []) this.addInstance(instance);
    for (const group of seed.targetGroups ?? []) await this.addTargetGroup(group);
    for (const alarm of seed.alarms ?? []) this.addAlarm(alarm);
  }

  addAlarm(seed: AlarmSeed): AlarmView {
    return this.#cloudwatch.addAlarm(seed);
  }

  alarm(name: string, region?: string): AlarmView {
    const found = this.#cloudwatch.alarm(name, region);
    if (!found) throw new Error(`no alarm ${name}`);
    return found;
  }

  env(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL: this.url,
      AWS_REGION: this.region,
      AWS_DEFAULT_REGION: this.region,
      AWS_ACCESS_KEY_ID: 'AKIASANDBOXEXAMPLE00',
      AWS_SECRET_ACCESS_KEY: 'sandbox/secret/access/key/not/a/real/one0',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  }

  clientConfig(region = this.region): ClientConfig {
    const env = this.env();
    return {
      endpoint: this.url,
      region,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
      },
    };
  }

  now(): number {
    return this.#clock.now();
  }

  configure(patch: Partial<SandboxSettings>): void {
    const next = { ...this.#settings, ...patch };
    checkSettings(next);
    this.#settings = next;
    if (next.timeScale !== this.#clock.scale) this.#clock.setScale(next.timeScale);
  }

  addSecret(seed: SecretSeed): { readonly arn: string } {
    return this.#secrets.seed(seed);
  }

  putSecretValue(
    name: string,
    payload: SecretPayload,
    region?: string,
  ): { readonly versionId: string } {
    return this.#secrets.putValue(name, payload, region);
  }

  setSecretAccessDenied(name: string, denied: boolean, region?: string): void {
    this.#secrets.setAccessDenied(name, denied, region);
  }

  putParameter(seed: ParameterSeed): number {
    return this.#parameters.seed(seed);
  }

  addBucket(seed: BucketSeed): void {
    this.#s3.seedBucket(seed);
  }

  setBucketAccessDenied(name: string, denied: boolean): void {
    this.#s3.setAccessDenied(name, denied);
  }

  bucketVersioning(name: string): VersioningStatus | undefined {
    return this.#s3.versioning(name);
  }

  getObject(bucket: string, key: string, versionId?: string): StoredObject | undefined {
    return this.#s3.getObject(bucket, key, versionId);
  }

  putObject(bucket: string, key: string, body: Buffer): StoredObject {
    return this.#s3.putObject(bucket, key, body);
  }

  onObjectWritten(listener: (bucket: string, object: StoredObject) => void): () => void {
    return this.#s3.onObjectWritten(listener);
  }

  logEvents(group: string, region = this.region): readonly LogEvent[] {
    return this.#logs.events(group, region);
  }

  logGroups(region = this.region): readonly string[] {
    return this.#logs.groups(region);
  }

  putLogEvents(
    group: string,
    stream: string,
    events: readonly { readonly timestamp: number; readonly message: string }[],
    region = this.region,
  ): void {
    this.#logs.put(group, stream, region, events);
  }

  addInstance(seed: InstanceSeed = {}): Instance {
    if (!canIsolate()) throw new IsolationUnavailable();
    return this.#instances.add(seed);
  }

  instance(id: string): Instance {
    const instance = this.#instances.get(id);
    if (!instance) throw new Error(`no instance ${id}`);
    return instance;
  }

  instances(): readonly Instance[] {
    return this.#instances.all();
  }

  setInstanceState(id: string, state: InstanceState): void {
    this.#instances.setState(id, state);
  }

  setInstancePing(id: string, ping: PingStatus): void {
    this.#instances.setPing(id, ping);
  }

  setInstanceTags(id: string, tags: Readonly<Record<string, string>>): void {
    this.#instances.setTags(id, tags);
  }

  async addTargetGroup(seed: TargetGroupSeed): Promise<TargetGroupInfo> {
    // A seed may name its targets by instance name as well as by id.
    const targets = seed.targets?.map((target) => {
      const { id, port } = typeof target === 'string' ? { id: target, port: undefined } : target;
      const instance = this.#instances.get(id) ?? this.#instances.all().find((i) => i.name === id);
      if (!instance) throw new Error(`target group ${seed.name}: no instance ${id}`);
      return port === undefined ? instance.id : { id: instance.id, port };
    });
    const balancer = await this.#elbv2.addTargetGroup({
      ...seed,
      ...(targets === undefined ? {} : { targets }),
    });
    return targetGroupInfo(balancer);
  }

  targetGroup(nameOrArn: string): TargetGroupInfo {
    const balancer = this.#elbv2.loadBalancer(nameOrArn);
    if (!balancer) throw new Error(`no target group ${nameOrArn}`);
    return targetGroupInfo(balancer);
  }

  targetGroups(): readonly TargetGroupInfo[] {
    return this.#elbv2.loadBalancers().map(targetGroupInfo);
  }

  calls(filter: CallFilter = {}): readonly CallRecord[] {
    return this.#log
      .all()
      .filter(
        (c) =>
          (filter.service === undefined || c.service === filter.service) &&
          (filter.operation === undefined || c.operation === filter.operation),
      );
  }

  clearCalls(): void {
    this.#log.clear();
  }

  runningScripts(): readonly number[] {
    return this.#commands.runningPids();
  }

  commandHistory(): readonly CommandSummary[] {
    return this.#commands.history();
  }

  async stopServer(): Promise<void> {
    await this.#server.close();
  }

  async startServer(): Promise<void> {
    if (this.#stopped) throw new Error('the sandbox has been stopped');
    if (!this.#server.listening) await this.#server.listen(this.#server.port);
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.#server.close();
    this.#cloudwatch.stop();
    await this.#elbv2.stop();
    this.#clock.cancelAll();
    await this.#commands.shutdown();
    this.#clock.cancelAll();
    this.#instances.releasePorts();
    rmSync(this.dir, { recursive: true, force: true });
    live.delete(this);
  }

  /** Last resort when the process exits without stop(): kill and remove, synchronously. */
  emergencyCleanup(): void {
    this.#commands.killAll();
    this.#instances.releasePorts();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function targetGroupInfo(balancer: LoadBalancer): TargetGroupInfo {
  const group = balancer.group;
  return {
    name: group.name,
    arn: group.arn,
    loadBalancerArn: group.loadBalancerArn,
    url: balancer.url,
    health: () => group.health(),
    counts: () => balancer.metrics.totals(),
  };
}

function checkMappedPaths(paths: readonly string[], sandboxDir: string): readonly string[] {
  const clean = paths.map((path) => {
    if (!isAbsolute(path)) throw new Error(`mapped path must be absolute: ${path}`);
    const normalized = normalize(path).replace(/\/+$/, '');
    if (normalized === '') throw new Error('the root directory cannot be a mapped path');
    if (sandboxDir === normalized || sandboxDir.startsWith(`${normalized}/`)) {
      throw new Error(`mapped path ${path} would hide the sandbox's own directory ${sandboxDir}`);
    }
    return normalized;
  });
  for (const a of clean) {
    for (const b of clean) {
      if (a !== b && b.startsWith(`${a}/`)) throw new Error(`mapped paths ${a} and ${b} overlap`);
    }
  }
  // The bind mounts need their mount points on the host; an empty directory is all it takes. A user
  // without root may not make one (/run/ssm-deploy): the agent makes room for it in the namespace.
  for (const path of clean) {
    try {
      mkdirSync(path, { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
    }
  }
  return clean;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  atProcessEnd(() => {
    for (const sandbox of live) sandbox.emergencyCleanup();
    live.clear();
  });
}
