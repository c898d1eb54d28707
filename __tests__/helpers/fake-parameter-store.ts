// A Parameter Store stand-in for unit tests, behind aws-sdk-client-mock. GetParameters answers
// in alphabetical order with selectors apart from the names, as the service does;
// GetParametersByPath pages (sometimes with an empty page that is not the last).
import {
  DescribeParametersCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  SSMClient,
  type DescribeParametersCommandInput,
  type GetParametersByPathCommandInput,
  type GetParametersCommandInput,
  type Parameter,
  type ParameterType,
} from '@aws-sdk/client-ssm';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { AwsClients } from '../../src/aws.js';

export interface FakeParameter {
  readonly name: string;
  readonly value: string;
  readonly type?: ParameterType;
  /** Older versions: version number → value. The current version is `versions.length + 1`. */
  readonly versions?: readonly string[];
  readonly labels?: Readonly<Record<string, number>>;
}

export function parameterArn(name: string, region = 'eu-west-1'): string {
  return `arn:aws:ssm:${region}:123456789012:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

export interface FakeParameterStore {
  readonly client: SSMClient;
  readonly stub: AwsClientStub<SSMClient>;
  readonly clients: Pick<AwsClients, 'ssm'>;
  maxInFlight: number;
}

/** With `everyClient`, every SSMClient made anywhere is this fake (for tests of main.ts). */
export function fakeParameterStore(
  parameters: readonly FakeParameter[],
  everyClient = false,
  region = 'eu-west-1',
): FakeParameterStore {
  const client = new SSMClient({ region });
  const stub = mockClient(everyClient ? SSMClient : client);
  const fake: FakeParameterStore = { client, stub, clients: { ssm: () => client }, maxInFlight: 0 };
  let inFlight = 0;
  const answer = async <T>(make: () => T): Promise<T> => {
    inFlight += 1;
    fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight -= 1;
    return make();
  };
  const current = (parameter: FakeParameter): number => (parameter.versions?.length ?? 0) + 1;
  const toParameter = (
    parameter: FakeParameter,
    version: number,
    selector?: string,
  ): Parameter => ({
    Name: parameter.name,
    Type: parameter.type ?? 'String',
    Value:
      version === current(parameter) ? parameter.value : (parameter.versions?.[version - 1] ?? ''),
    Version: version,
    ARN: parameterArn(parameter.name, region),
    ...(selector === undefined ? {} : { Selector: selector }),
  });
  const lookup = (asked: string): Parameter | undefined => {
    const bare = asked.startsWith('arn:') ? asked.replace(/^arn:[^/]*:parameter/, '') : asked;
    const match = /^(.*?)(?::([A-Za-z0-9_.-]+))?$/.exec(bare);
    const name = match?.[1] ?? bare;
    const selector = match?.[2];
    const parameter = parameters.find(
      (candidate) => candidate.name === name || candidate.name === name.replace(/^\//, ''),
    );
    if (parameter === undefined) return undefined;
    if (selector === undefined) return toParameter(parameter, current(parameter));
    const version = /^\d+$/.test(selector) ? Number(selector) : parameter.labels?.[selector];
    if (version === undefined || version < 1 || version > current(parameter)) return undefined;
    return toParameter(parameter, version, `:${selector}`);
  };

  stub.on(GetParametersCommand).callsFake((input: GetParametersCommandInput) =>
    answer(() => {
      const names = input.Names ?? [];
      if (names.length > 10) throw new Error('test fake: more than 10 names in one call');
      const found: Parameter[] = [];
      const invalid: string[] = [];
      for (const name of names) {
        const parameter = lookup(name);
        if (parameter === undefined) invalid.push(name);
        else found.push(parameter);
      }
      found.sort((a, b) => ((a.Name ?? '') < (b.Name ?? '') ? -1 : 1));
      return { Parameters: found, InvalidParameters: invalid };
    }),
  );

  stub.on(GetParametersByPathCommand).callsFake((input: GetParametersByPathCommandInput) =>
    answer(() => {
      const path = input.Path === '/' ? '/' : `${input.Path ?? ''}/`;
      const below = parameters
        .filter((parameter) => parameter.name.startsWith(path))
        .filter(
          (parameter) =>
            input.Recursive === true || !parameter.name.slice(path.length).includes('/'),
        );
      const size = input.MaxResults ?? 10;
      const start = Number(input.NextToken ?? 0);
      // The service may return an empty page before the rest: the first page here is empty.
      if (input.NextToken === undefined && below.length > 0)
        return { Parameters: [], NextToken: '0' };
      const page = below.slice(start, start + size);
      return {
        Parameters: page.map((parameter) => toParameter(parameter, current(parameter))),
        ...(start + size < below.length ? { NextToken: String(start + size) } : {}),
      };
    }),
  );

  stub.on(DescribeParametersCommand).callsFake((input: DescribeParametersCommandInput) =>
    answer(() => {
      const path = `${input.ParameterFilters?.[0]?.Values?.[0] ?? ''}/`;
      return {
        Parameters: parameters
          .filter((parameter) => parameter.name.startsWith(path))
          .map((parameter) => ({ Name: parameter.name, Type: parameter.type ?? 'String' })),
      };
    }),
  );
  return fake;
}
