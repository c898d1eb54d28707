// DescribeInstanceInformation: the managed nodes SSM knows, with the connection status of their
// agent and their platform, filtered by `Filters` (InstanceInformationStringFilter) and paged.

import type { SandboxClock } from '../clock.js';
import { ServiceError, validationError } from '../errors.js';
import type { Instance, InstanceRegistry } from '../instances.js';
import { type JsonInput, epochSeconds, paginate } from '../json-input.js';

/** The filter keys AWS documents for `Filters`, besides `tag:{keyname}`. */
const FILTER_KEYS = [
  'ActivationIds',
  'AgentVersion',
  'AssociationStatus',
  'IamRole',
  'InstanceIds',
  'PingStatus',
  'PlatformType',
  'PlatformTypes',
  'ResourceType',
  'SourceIds',
  'SourceTypes',
  'tag-key',
] as const;

const AGENT_VERSION = '3.3.1142.0';

const PLATFORM_NAMES: Readonly<Record<Instance['platform'], [string, string]>> = {
  Linux: ['Amazon Linux', '2023'],
  Windows: ['Microsoft Windows Server 2022 Datacenter', '10.0.20348'],
  MacOS: ['macOS', '14.5'],
};

type Matcher = (instance: Instance) => boolean;

export class InstanceInformationService {
  constructor(
    private readonly instances: InstanceRegistry,
    private readonly clock: SandboxClock,
  ) {}

  describeInstanceInformation(input: JsonInput): object {
    if (input.has('InstanceInformationFilterList') && input.has('Filters'))
      throw new ServiceError(
        'ValidationException',
        'InstanceInformationFilterList and Filters cannot be used together.',
      );
    if (input.has('InstanceInformationFilterList'))
      throw new ServiceError(
        'ValidationException',
        'The sandbox answers only Filters, not the legacy InstanceInformationFilterList.',
      );
    const maxResults = input.number('MaxResults', { min: 5, max: 50 }) ?? 10;
    const matchers = readFilters(input);
    const matching = this.instances
      .all()
      .filter((instance) => matchers.every((matches) => matches(instance)))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const { page, nextToken } = paginate(
      matching,
      `instances:${JSON.stringify(input.body.Filters ?? [])}`,
      maxResults,
      input.string('NextToken'),
      () => new ServiceError('InvalidNextToken', 'The specified token is not valid.'),
    );
    return {
      InstanceInformationList: page.map((instance) => this.#information(instance)),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  }

  #information(instance: Instance): object {
    const [platformName, platformVersion] = PLATFORM_NAMES[instance.platform];
    const lastPing = instance.ping === 'Online' ? this.clock.now() : instance.lastPingAt;
    return {
      InstanceId: instance.id,
      PingStatus: instance.ping,
      LastPingDateTime: epochSeconds(lastPing),
      AgentVersion: AGENT_VERSION,
      IsLatestVersion: false,
      PlatformType: instance.platform,
      PlatformName: platformName,
      PlatformVersion: platformVersion,
      ResourceType: 'EC2Instance',
      IPAddress: '10.0.0.10',
      // An EC2 instance's Name tag is not reported; its host name is.
      ComputerName: `ip-10-0-0-10.${instance.name ?? instance.id}.internal`,
      SourceId: instance.id,
      SourceType: 'AWS::EC2::Instance',
    };
  }
}

function readFilters(input: JsonInput): Matcher[] {
  const filters = input.objectList('Filters') ?? [];
  const matchers = filters.map((filter) => {
    const key = filter.requiredString('Key', { min: 1 });
    const values = filter.stringList('Values', { min: 1, max: 100 });
    if (values === undefined) throw validationError('filters.member.values', undefined, 'null');
    return { key, matcher: matcherFor(key, values) };
  });
  const tags = matchers.filter((m) => m.key.startsWith('tag:') || m.key === 'tag-key').length;
  if (tags > 0 && tags < matchers.length)
    throw new ServiceError(
      'InvalidInstanceInformationFilterValue',
      "Tag filters can't be combined with other filter types.",
    );
  return matchers.map((m) => m.matcher);
}

function matcherFor(key: string, values: readonly string[]): Matcher {
  if (key.startsWith('tag:') && key.length > 4) {
    const tag = key.slice(4);
    return (instance) => {
      const value = instance.tags[tag];
      return value !== undefined && values.includes(value);
    };
  }
  if (!(FILTER_KEYS as readonly string[]).includes(key))
    throw new ServiceError('InvalidFilterKey', undefined);
  switch (key) {
    case 'InstanceIds':
    case 'SourceIds':
      return (instance) => values.includes(instance.id);
    case 'PingStatus':
      return (instance) => values.includes(instance.ping);
    case 'PlatformType':
    case 'PlatformTypes':
      return (instance) => values.includes(instance.platform);
    case 'ResourceType':
      return () => values.includes('EC2Instance');
    case 'SourceTypes':
      return () => values.includes('AWS::EC2::Instance');
    case 'tag-key':
      return (instance) => values.some((tag) => tag in instance.tags);
    case 'AgentVersion':
      return () => values.includes(AGENT_VERSION);
    default:
      // ActivationIds, AssociationStatus, IamRole: no sandbox instance has any.
      return () => false;
  }
}
