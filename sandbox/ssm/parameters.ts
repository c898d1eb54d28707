// Parameter Store: GetParameter, GetParameters, GetParametersByPath, DescribeParameters and
// PutParameter, with versions, labels, `name:version` / `name:label` selectors and SecureString
// encryption.

import { randomBytes } from 'node:crypto';
import type { SandboxClock } from '../clock.js';
import { ServiceError, validationError } from '../errors.js';
import { type JsonInput, epochSeconds, paginate } from '../json-input.js';

export type ParameterType = 'String' | 'StringList' | 'SecureString';
const PARAMETER_TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];

export interface ParameterSeed {
  readonly name: string;
  readonly value: string;
  /** Default `String`. */
  readonly type?: ParameterType;
  readonly description?: string;
  /** Labels attached to this (the newest) version. */
  readonly labels?: readonly string[];
}

interface ParameterVersion {
  readonly version: number;
  readonly value: string;
  readonly type: ParameterType;
  /** What a SecureString reads as without WithDecryption: opaque, never the value. */
  readonly ciphertext: string;
  readonly modified: number;
  readonly labels: Set<string>;
}

interface StoredParameter {
  readonly name: string;
  readonly versions: ParameterVersion[];
}

const NAME_PATTERN = /^[a-zA-Z0-9_.\-/]+$/;
const MAX_VERSIONS = 100;
const STANDARD_VALUE_LIMIT = 4096;
const ADVANCED_VALUE_LIMIT = 8192;

function notFound(): ServiceError {
  // SSM answers ParameterNotFound with an empty message.
  return new ServiceError('ParameterNotFound', undefined);
}

export class ParameterStore {
  readonly #parameters = new Map<string, StoredParameter>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly accountId: string,
  ) {}

  /** Seeds a parameter (or a new version of one) from code. Returns its version. */
  seed(seed: ParameterSeed): number {
    const type = seed.type ?? 'String';
    if (!PARAMETER_TYPES.includes(type))
      throw new Error(`parameter ${seed.name}: unknown type ${type}`);
    checkName(seed.name);
    const version = this.#write(seed.name, seed.value, type);
    for (const label of seed.labels ?? []) this.#label(seed.name, version, label);
    return version;
  }

  names(): readonly string[] {
    return [...this.#parameters.keys()].sort();
  }

  getParameter(input: JsonInput, region: string): object {
    const requested = input.requiredString('Name', { min: 1, max: 2048 });
    const decrypt = input.boolean('WithDecryption') ?? false;
    const split = this.#split(requested, region);
    if (!split) throw notFound();
    const { name, selector } = split;
    const parameter = this.#parameters.get(name);
    if (!parameter) throw notFound();
    const version = this.#select(parameter, selector);
    if (!version) {
      if (selector !== undefined && /^\d+$/.test(selector)) {
        throw new ServiceError(
          'ParameterVersionNotFound',
          `Systems Manager could not find version ${selector} of ${name}. Verify the version and try again.`,
        );
      }
      throw notFound();
    }
    return { Parameter: this.#describe(parameter, version, selector, decrypt, region) };
  }

  getParameters(input: JsonInput, region: string): object {
    const names = input.stringList('Names', { min: 1, max: 10 });
    if (names === undefined) throw validationError('names', undefined, 'Member must not be null');
    const decrypt = input.boolean('WithDecryption') ?? false;
    const found: object[] = [];
    const invalid: string[] = [];
    for (const requested of new Set(names)) {
      const split = this.#split(requested, region);
      const parameter = split && this.#parameters.get(split.name);
      const version = split && parameter && this.#select(parameter, split.selector);
      if (split && parameter && version)
        found.push(this.#describe(parameter, version, split.selector, decrypt, region));
      else invalid.push(requested);
    }
    return { Parameters: found, InvalidParameters: invalid };
  }

  getParametersByPath(input: JsonInput, region: string): object {
    const path = input.requiredString('Path', { min: 1, max: 2048 });
    if (!path.startsWith('/')) {
      throw new ServiceError(
        'ValidationException',
        'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/".',
      );
    }
    const recursive = input.boolean('Recursive') ?? false;
    const decrypt = input.boolean('WithDecryption') ?? false;
    const maxResults = input.number('MaxResults', { min: 1, max: 10 }) ?? 10;
    const typeFilter = readTypeFilter(input);
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const matching = [...this.#parameters.values()]
      .filter((p) => p.name.startsWith(prefix) && p.name.length > prefix.length)
      .filter((p) => recursive || !p.name.slice(prefix.length).includes('/'))
      .filter((p) => typeFilter === undefined || typeFilter.has(latest(p).type))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const scope = `byPath:${path}:${String(recursive)}`;
    const { page, nextToken } = paginate(
      matching,
      scope,
      maxResults,
      input.string('NextToken'),
      () => new ServiceError('InvalidNextToken', "The specified token isn't valid."),
    );
    return {
      Parameters: page.map((p) => this.#describe(p, latest(p), undefined, decrypt, region)),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  }

  /** Names and metadata, never values: what a dry run may look at. */
  describeParameters(input: JsonInput, region: string): object {
    const maxResults = input.number('MaxResults', { min: 1, max: 50 }) ?? 50;
    const filters = readDescribeFilters(input);
    const matching = [...this.#parameters.values()]
      .filter((p) => filters.every((matches) => matches(p.name, latest(p).type)))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const scope = `describe:${JSON.stringify(input.body.ParameterFilters ?? [])}`;
    const { page, nextToken } = paginate(
      matching,
      scope,
      maxResults,
      input.string('NextToken'),
      () => new ServiceError('InvalidNextToken', "The specified token isn't valid."),
    );
    return {
      Parameters: page.map((p) => this.#metadata(p, region)),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  }

  putParameter(input: JsonInput): object {
    const name = input.requiredString('Name', { min: 1, max: 2048 });
    checkName(name);
    const value = input.requiredString('Value');
    const type = input.string('Type');
    if (type !== undefined && !PARAMETER_TYPES.includes(type as ParameterType)) {
      throw validationError(
        'type',
        type,
        'Member must satisfy enum value set: [SecureString, StringList, String]',
      );
    }
    const overwrite = input.boolean('Overwrite') ?? false;
    const tier = input.string('Tier') ?? 'Standard';
    if (!['Standard', 'Advanced', 'Intelligent-Tiering'].includes(tier)) {
      throw validationError(
        'tier',
        tier,
        'Member must satisfy enum value set: [Advanced, Intelligent-Tiering, Standard]',
      );
    }
    const limit = tier === 'Standard' ? STANDARD_VALUE_LIMIT : ADVANCED_VALUE_LIMIT;
    if (value.length < 1 || value.length > limit) {
      throw new ServiceError(
        'ValidationException',
        tier === 'Standard' && value.length > limit
          ? 'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html'
          : `Parameter value must be between 1 and ${limit} characters.`,
      );
    }
    if (input.has('Tags') && overwrite) {
      throw new ServiceError(
        'ValidationException',
        "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
      );
    }
    const pattern = input.string('AllowedPattern');
    if (pattern !== undefined && !new RegExp(pattern).test(value)) {
      // AWS quotes the value here; the sandbox does not, so no message can carry a secret.
      throw new ServiceError(
        'ParameterPatternMismatchException',
        `Parameter value failed to satisfy constraint specified by the pattern: ${pattern}`,
      );
    }
    const existing = this.#parameters.get(name);
    if (existing && !overwrite) {
      throw new ServiceError(
        'ParameterAlreadyExists',
        'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      );
    }
    const newType = (type as ParameterType | undefined) ?? (existing && latest(existing).type);
    if (newType === undefined) {
      throw new ServiceError(
        'ValidationException',
        'A parameter type is required when you create a parameter.',
      );
    }
    const version = this.#write(name, value, newType);
    return { Version: version, Tier: tier === 'Intelligent-Tiering' ? 'Standard' : tier };
  }

  #write(name: string, value: string, type: ParameterType): number {
    let parameter = this.#parameters.get(name);
    if (!parameter) {
      parameter = { name, versions: [] };
      this.#parameters.set(name, parameter);
    }
    const previous = parameter.versions.at(-1);
    const version = (previous?.version ?? 0) + 1;
    if (parameter.versions.length >= MAX_VERSIONS) {
      const oldest = parameter.versions[0];
      if (oldest && oldest.labels.size > 0) {
        throw new ServiceError(
          'ParameterMaxVersionLimitExceeded',
          `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. Version ${oldest.version}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
        );
      }
      parameter.versions.shift();
    }
    parameter.versions.push({
      version,
      value,
      type,
      ciphertext: randomBytes(48).toString('base64'),
      modified: this.clock.now(),
      labels: new Set(),
    });
    return version;
  }

  #label(name: string, version: number, label: string): void {
    const parameter = this.#parameters.get(name);
    if (!parameter) throw new Error(`no parameter ${name}`);
    for (const v of parameter.versions) v.labels.delete(label);
    parameter.versions.find((v) => v.version === version)?.labels.add(label);
  }

  /**
   * `name[:selector]`, or the parameter's ARN with one. An ARN of another region or account names
   * nothing here (parameters are global in the sandbox, so its region is checked against the call's).
   */
  #split(
    requested: string,
    region: string,
  ): { name: string; selector: string | undefined } | undefined {
    const arn = /^arn:aws:ssm:([^:]*):([^:]*):parameter\/([^:]+)(?::(.*))?$/.exec(requested);
    if (arn === null) return splitSelector(requested);
    const [, arnRegion, account, rest = '', selector] = arn;
    if (arnRegion !== region || account !== this.accountId) return undefined;
    // `parameter/a/b` is `/a/b`; `parameter/flat` is `flat`, unless only `/flat` exists.
    const name = rest.includes('/') || !this.#parameters.has(rest) ? `/${rest}` : rest;
    return { name, selector };
  }

  #select(parameter: StoredParameter, selector: string | undefined): ParameterVersion | undefined {
    if (selector === undefined) return latest(parameter);
    if (/^\d+$/.test(selector))
      return parameter.versions.find((v) => v.version === Number(selector));
    return parameter.versions.find((v) => v.labels.has(selector));
  }

  #describe(
    parameter: StoredParameter,
    version: ParameterVersion,
    selector: string | undefined,
    decrypt: boolean,
    region: string,
  ): object {
    const arnName = parameter.name.startsWith('/') ? parameter.name : `/${parameter.name}`;
    return {
      Name: parameter.name,
      Type: version.type,
      Value: version.type === 'SecureString' && !decrypt ? version.ciphertext : version.value,
      Version: version.version,
      ...(selector === undefined ? {} : { Selector: `:${selector}` }),
      LastModifiedDate: epochSeconds(version.modified),
      ARN: `arn:aws:ssm:${region}:${this.accountId}:parameter${arnName}`,
      DataType: 'text',
    };
  }

  #metadata(parameter: StoredParameter, region: string): object {
    const version = latest(parameter);
    const arnName = parameter.name.startsWith('/') ? parameter.name : `/${parameter.name}`;
    return {
      Name: parameter.name,
      ARN: `arn:aws:ssm:${region}:${this.accountId}:parameter${arnName}`,
      Type: version.type,
      ...(version.type === 'SecureString' ? { KeyId: 'alias/aws/ssm' } : {}),
      LastModifiedDate: epochSeconds(version.modified),
      Version: version.version,
      Tier: 'Standard',
      Policies: [],
      DataType: 'text',
    };
  }
}

function latest(parameter: StoredParameter): ParameterVersion {
  const version = parameter.versions.at(-1);
  if (!version) throw new Error(`parameter ${parameter.name} has no version`);
  return version;
}

function splitSelector(requested: string): { name: string; selector: string | undefined } {
  const colon = requested.indexOf(':');
  if (colon === -1) return { name: requested, selector: undefined };
  return { name: requested.slice(0, colon), selector: requested.slice(colon + 1) };
}

function checkName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new ServiceError(
      'ValidationException',
      `Parameter name: can't contain characters other than a-z, A-Z, 0-9, "_", ".", "-" and "/". Name: ${name}`,
    );
  }
  if (/^\/?(aws|ssm)/i.test(name)) {
    throw new ServiceError(
      'ValidationException',
      'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
    );
  }
  if (name.includes('/') && !name.startsWith('/')) {
    throw new ServiceError('ValidationException', 'Parameter name must be a fully qualified name.');
  }
  if (name.split('/').length - 1 > 15) {
    throw new ServiceError(
      'HierarchyLevelLimitExceededException',
      'A hierarchy can have a maximum of 15 levels.',
    );
  }
}

function readTypeFilter(input: JsonInput): Set<string> | undefined {
  const filters = input.objectList('ParameterFilters');
  if (filters === undefined || filters.length === 0) return undefined;
  let types: Set<string> | undefined;
  for (const filter of filters) {
    const key = filter.requiredString('Key');
    if (key !== 'Type') {
      // Only the Type filter is modelled; refusing the rest beats silently ignoring them.
      throw new ServiceError(
        'InvalidFilterKey',
        `The sandbox supports only the Type filter for GetParametersByPath, not ${key}.`,
      );
    }
    const option = filter.string('Option') ?? 'Equals';
    if (option !== 'Equals')
      throw new ServiceError(
        'InvalidFilterOption',
        `The filter option ${option} is not valid for Type.`,
      );
    types = new Set(filter.stringList('Values', { min: 1 }) ?? []);
  }
  return types;
}

type DescribeFilter = (name: string, type: ParameterType) => boolean;

/**
 * DescribeParameters' `ParameterFilters`: `Path` (Recursive or OneLevel), `Name` (Equals or
 * BeginsWith) and `Type` (Equals); several filters AND, the values of one OR.
 */
function readDescribeFilters(input: JsonInput): DescribeFilter[] {
  return (input.objectList('ParameterFilters') ?? []).map((filter): DescribeFilter => {
    const key = filter.requiredString('Key');
    const option = filter.string('Option');
    const values = filter.stringList('Values', { min: 1 }) ?? [];
    const badOption = (): ServiceError =>
      new ServiceError(
        'InvalidFilterOption',
        `The filter option ${option ?? ''} is not valid for ${key}.`,
      );
    switch (key) {
      case 'Path': {
        if (option !== undefined && option !== 'Recursive' && option !== 'OneLevel')
          throw badOption();
        const [path] = values;
        if (values.length !== 1 || !path?.startsWith('/'))
          throw new ServiceError(
            'InvalidFilterValue',
            'The Path filter takes one value, a path that begins with a forward slash "/".',
          );
        const prefix = path.endsWith('/') ? path : `${path}/`;
        return (name) =>
          name.startsWith(prefix) &&
          name.length > prefix.length &&
          (option === 'Recursive' || !name.slice(prefix.length).includes('/'));
      }
      case 'Name':
        if (option !== undefined && option !== 'Equals' && option !== 'BeginsWith')
          throw badOption();
        return (name) =>
          values.some((value) =>
            option === 'BeginsWith' ? name.startsWith(value) : name === value,
          );
      case 'Type':
        if (option !== undefined && option !== 'Equals') throw badOption();
        return (_name, type) => values.includes(type);
      default:
        // Only these are modelled; refusing the rest beats silently ignoring them.
        throw new ServiceError(
          'InvalidFilterKey',
          `The sandbox supports only the Path, Name and Type filters for DescribeParameters, not ${key}.`,
        );
    }
  });
}
