// Elastic Load Balancing v2 (awsQuery, Version 2015-12-01, signed for `elasticloadbalancing`):
// DescribeTargetGroups, DescribeTargetHealth, RegisterTargets, DeregisterTargets and
// DescribeTargetGroupAttributes over the sandbox's target groups, each with a real load balancer
// on 127.0.0.1 in front of it (load-balancer.ts).

import type { SandboxClock } from '../clock.js';
import { ServiceError } from '../errors.js';
import type { Instance } from '../instances.js';
import type { ServiceResponse } from '../protocol.js';
import { type QueryInput, members, queryResponse } from '../query.js';
import { type XmlNode, el } from '../xml.js';
import { LoadBalancer } from './load-balancer.js';
import { TargetGroup, type TargetGroupSeed, type TargetHealthView } from './target-group.js';

export const ELBV2_VERSION = '2015-12-01';
export const ELBV2_NAMESPACE = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

/** What the call log keeps of each operation's request (ARNs and instance ids, never more). */
export const ELBV2_LOGGED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  DescribeTargetGroups: ['TargetGroupArns', 'Names', 'LoadBalancerArn'],
  DescribeTargetHealth: ['TargetGroupArn', 'Targets'],
  RegisterTargets: ['TargetGroupArn', 'Targets'],
  DeregisterTargets: ['TargetGroupArn', 'Targets'],
  DescribeTargetGroupAttributes: ['TargetGroupArn'],
};

const INSTANCE_ID = /^i-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const TARGET_GROUP_ARN =
  /^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):(\d{12}):targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;

export interface Elbv2Context {
  readonly clock: SandboxClock;
  readonly region: string;
  readonly accountId: string;
  readonly instance: (id: string) => Instance | undefined;
}

export class Elbv2Service {
  readonly #groups: { readonly group: TargetGroup; readonly balancer: LoadBalancer }[] = [];

  constructor(private readonly ctx: Elbv2Context) {}

  /** Adds a target group and starts its load balancer listening on a free port. */
  async addTargetGroup(seed: TargetGroupSeed): Promise<LoadBalancer> {
    const region = seed.region ?? this.ctx.region;
    if (this.#groups.some((g) => g.group.name === seed.name && g.group.region === region))
      throw new Error(`target group ${seed.name} already exists in ${region}`);
    const group = new TargetGroup(seed, this.ctx, this.ctx.clock, this.ctx.instance);
    const balancer = new LoadBalancer(group, this.ctx.clock);
    await balancer.listen();
    this.#groups.push({ group, balancer });
    return balancer;
  }

  /** A target group's load balancer, by the group's name (in a region) or ARN. */
  loadBalancer(nameOrArn: string, region?: string): LoadBalancer | undefined {
    return this.#groups.find(
      (g) =>
        g.group.arn === nameOrArn ||
        (g.group.name === nameOrArn && (region === undefined || g.group.region === region)),
    )?.balancer;
  }

  loadBalancers(): readonly LoadBalancer[] {
    return this.#groups.map((g) => g.balancer);
  }

  async stop(): Promise<void> {
    for (const { group } of this.#groups) group.stop();
    await Promise.all(this.#groups.map((g) => g.balancer.close()));
  }

  handle(input: QueryInput, region: string): ServiceResponse {
    const action = input.action;
    if (input.version !== ELBV2_VERSION)
      throw new ServiceError(
        'InvalidAction',
        `Could not find operation ${action} for version ${input.version ?? 'NO_VERSION_SPECIFIED'}`,
      );
    const result = this.#dispatch(action, input, region);
    return queryResponse(action, ELBV2_NAMESPACE, result);
  }

  #dispatch(action: string, input: QueryInput, region: string): readonly XmlNode[] {
    switch (action) {
      case 'DescribeTargetGroups':
        return this.#describeTargetGroups(input, region);
      case 'DescribeTargetHealth':
        return this.#describeTargetHealth(input, region);
      case 'RegisterTargets':
        return this.#registerTargets(input, region);
      case 'DeregisterTargets':
        return this.#deregisterTargets(input, region);
      case 'DescribeTargetGroupAttributes':
        return this.#describeAttributes(input, region);
      default:
        throw new ServiceError(
          'InvalidAction',
          `Could not find operation ${action} for version ${ELBV2_VERSION}`,
        );
    }
  }

  #describeTargetGroups(input: QueryInput, region: string): readonly XmlNode[] {
    const arns = input.list('TargetGroupArns');
    const names = input.list('Names');
    const loadBalancerArn = input.string('LoadBalancerArn');
    const given = [arns, names, loadBalancerArn].filter((v) => v !== undefined).length;
    if (given > 1)
      throw new ServiceError(
        'ValidationError',
        'Target group names, target group ARNs, and a load balancer ARN cannot be specified at the same time',
      );
    const pageSize = readPageSize(input.string('PageSize'));
    const inRegion = this.#groups.map((g) => g.group).filter((g) => g.region === region);
    let selected: TargetGroup[];
    if (arns !== undefined) {
      for (const arn of arns) checkArn(arn);
      selected = arns.map((arn) => {
        const group = inRegion.find((g) => g.arn === arn);
        if (!group) throw targetGroupNotFound(arn);
        return group;
      });
    } else if (names !== undefined) {
      selected = names.map((name) => {
        const group = inRegion.find((g) => g.name === name);
        if (!group)
          throw new ServiceError('TargetGroupNotFound', 'One or more target groups not found');
        return group;
      });
    } else if (loadBalancerArn !== undefined) {
      const group = inRegion.find((g) => g.loadBalancerArn === loadBalancerArn);
      if (!group)
        throw new ServiceError(
          'LoadBalancerNotFound',
          `Load balancers '[${loadBalancerArn}]' not found`,
        );
      selected = [group];
    } else {
      selected = inRegion;
    }
    const marker = input.string('Marker');
    const start = marker === undefined ? 0 : readMarker(marker, selected.length);
    const page = selected.slice(start, start + pageSize);
    const next = start + pageSize < selected.length ? String(start + pageSize) : undefined;
    return [
      members('TargetGroups', page.map(describeGroup)),
      next === undefined ? undefined : el('NextMarker', Buffer.from(next).toString('base64')),
    ];
  }

  #describeTargetHealth(input: QueryInput, region: string): readonly XmlNode[] {
    const group = this.#group(input, region);
    const targets = input.structures('Targets');
    let views: readonly TargetHealthView[];
    if (targets === undefined || targets.length === 0) {
      views = group.health();
    } else {
      views = readTargets(targets).map(({ id, port }) => {
        this.#requireInstance(id);
        if (port !== undefined) return group.healthOf(id, port);
        const ports = group.registeredPorts(id);
        return group.healthOf(id, ports[0] ?? group.port);
      });
    }
    return [
      members(
        'TargetHealthDescriptions',
        views.map((v) => [
          el('Target', el('Id', v.id), el('Port', v.port)),
          el('HealthCheckPort', v.port),
          el(
            'TargetHealth',
            el('State', v.state),
            v.reason === undefined ? undefined : el('Reason', v.reason),
            v.description === undefined ? undefined : el('Description', v.description),
          ),
        ]),
      ),
    ];
  }

  #registerTargets(input: QueryInput, region: string): readonly XmlNode[] {
    const group = this.#group(input, region);
    const targets = requiredTargets(input);
    const instances = targets.map(({ id, port }) => ({
      instance: this.#requireInstance(id),
      port: port ?? group.port,
    }));
    for (const { instance, port } of instances) group.register(instance, port);
    return [];
  }

  #deregisterTargets(input: QueryInput, region: string): readonly XmlNode[] {
    const group = this.#group(input, region);
    const targets = requiredTargets(input);
    for (const { id } of targets) this.#requireInstance(id);
    for (const { id, port } of targets) {
      // Without a port, the registration on the group's port (a port override must be named).
      group.deregister(id, port ?? group.port);
    }
    return [];
  }

  #describeAttributes(input: QueryInput, region: string): readonly XmlNode[] {
    const group = this.#group(input, region);
    const attributes: [string, string][] = [
      ['deregistration_delay.timeout_seconds', String(group.deregistrationDelaySeconds)],
      ['stickiness.enabled', 'false'],
      ['stickiness.type', 'lb_cookie'],
      ['stickiness.lb_cookie.duration_seconds', '86400'],
      ['slow_start.duration_seconds', '0'],
      ['load_balancing.algorithm.type', 'round_robin'],
      ['load_balancing.algorithm.anomaly_mitigation', 'off'],
      ['load_balancing.cross_zone.enabled', 'use_load_balancer_configuration'],
    ];
    return [
      members(
        'Attributes',
        attributes.map(([key, value]) => [el('Key', key), el('Value', value)]),
      ),
    ];
  }

  #group(input: QueryInput, region: string): TargetGroup {
    const arn = input.string('TargetGroupArn');
    if (arn === undefined || arn === '')
      throw new ServiceError(
        'ValidationError',
        "1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null",
      );
    checkArn(arn);
    const found = this.#groups.find((g) => g.group.arn === arn && g.group.region === region);
    if (!found) throw targetGroupNotFound(arn);
    return found.group;
  }

  #requireInstance(id: string): Instance {
    if (!INSTANCE_ID.test(id))
      throw new ServiceError('ValidationError', `Instance ID '${id}' is not valid`);
    const instance = this.ctx.instance(id);
    if (!instance)
      throw new ServiceError(
        'InvalidTarget',
        'The specified target does not exist, is not in the same VPC as the target group, or has an unsupported instance type.',
      );
    return instance;
  }
}

function describeGroup(group: TargetGroup): XmlNode[] {
  return [
    el('TargetGroupArn', group.arn),
    el('TargetGroupName', group.name),
    el('Protocol', 'HTTP'),
    el('Port', group.port),
    el('VpcId', group.vpcId),
    el('HealthCheckProtocol', 'HTTP'),
    el('HealthCheckPort', 'traffic-port'),
    el('HealthCheckEnabled', true),
    el('HealthCheckIntervalSeconds', group.intervalSeconds),
    el('HealthCheckTimeoutSeconds', group.timeoutSeconds),
    el('HealthyThresholdCount', group.healthyThreshold),
    el('UnhealthyThresholdCount', group.unhealthyThreshold),
    el('HealthCheckPath', group.healthCheckPath),
    el('Matcher', el('HttpCode', group.matcher)),
    members('LoadBalancerArns', [group.loadBalancerArn]),
    el('TargetType', 'instance'),
    el('ProtocolVersion', 'HTTP1'),
    el('IpAddressType', 'ipv4'),
  ];
}

interface TargetRef {
  readonly id: string;
  readonly port: number | undefined;
}

function readTargets(items: readonly Record<string, string>[]): TargetRef[] {
  return items.map((item, index) => {
    const id = item.Id;
    if (id === undefined || id === '')
      throw new ServiceError(
        'ValidationError',
        `1 validation error detected: Value null at 'targets.${index + 1}.member.id' failed to satisfy constraint: Member must not be null`,
      );
    const rawPort = item.Port;
    if (rawPort === undefined) return { id, port: undefined };
    const port = Number(rawPort);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new ServiceError(
        'ValidationError',
        `1 validation error detected: Value '${rawPort}' at 'targets.${index + 1}.member.port' failed to satisfy constraint: Member must have value between 1 and 65535`,
      );
    return { id, port };
  });
}

function requiredTargets(input: QueryInput): TargetRef[] {
  const targets = input.structures('Targets');
  if (targets === undefined)
    throw new ServiceError(
      'ValidationError',
      "1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null",
    );
  return readTargets(targets);
}

function checkArn(arn: string): void {
  if (!TARGET_GROUP_ARN.test(arn))
    throw new ServiceError('ValidationError', `'${arn}' is not a valid target group ARN`);
}

function targetGroupNotFound(arn: string): ServiceError {
  return new ServiceError('TargetGroupNotFound', `Target groups '${arn}' not found`);
}

function readPageSize(raw: string | undefined): number {
  if (raw === undefined) return 400;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > 400)
    throw new ServiceError(
      'ValidationError',
      `1 validation error detected: Value '${raw}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400`,
    );
  return size;
}

function readMarker(marker: string, total: number): number {
  const start = Number(Buffer.from(marker, 'base64').toString('utf8'));
  if (!Number.isInteger(start) || start < 0 || start > total)
    throw new ServiceError('ValidationError', 'Invalid marker');
  return start;
}
