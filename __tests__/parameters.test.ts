import 'aws-sdk-client-mock-vitest/extend';
import {
  GetParametersByPathCommand,
  GetParametersCommand,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import type { IfMissing, ParameterRequest } from '../src/config.js';
import { describeFailure } from '../src/failure.js';
import { parseInputs } from '../src/inputs.js';
import { readParameters, type ParametersRead } from '../src/parameters.js';
import {
  fakeParameterStore,
  parameterArn,
  type FakeParameter,
  type FakeParameterStore,
} from './helpers/fake-parameter-store.js';

function requests(lines: string): readonly ParameterRequest[] {
  const parsed = parseInputs((name) => (name === 'parameters' ? lines : ''), {
    AWS_REGION: 'eu-west-1',
  });
  if (parsed.config.parameters === undefined) throw new Error('test: no parameters parsed');
  return parsed.config.parameters;
}

function read(
  fake: FakeParameterStore,
  lines: string,
  options: { ifMissing?: IfMissing; concurrency?: number } = {},
): Promise<ParametersRead> {
  return readParameters(requests(lines), {
    clients: fake.clients,
    region: 'eu-west-1',
    ifMissing: options.ifMissing ?? 'fail',
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
}

async function failureOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    return [...describeFailure(error, false).messages];
  }
  throw new Error('expected the read to fail');
}

const many = (count: number): FakeParameter[] =>
  Array.from({ length: count }, (_, index) => ({
    name: `/app/p${String(index).padStart(2, '0')}`,
    value: `value-${index}`,
  }));

describe('readParameters: by name', () => {
  it.each([
    [1, 1],
    [10, 1],
    [23, 3],
  ])('reads %i names in %i GetParameters call(s), decrypted', async (count, calls) => {
    const parameters = many(count);
    const fake = fakeParameterStore(parameters);
    const result = await read(fake, parameters.map((parameter) => parameter.name).join('\n'));
    expect(fake.stub).toHaveReceivedCommandTimes(GetParametersCommand, calls);
    const sent = fake.stub.commandCalls(GetParametersCommand).map((call) => call.args[0].input);
    expect(sent.every((input) => input.WithDecryption === true)).toBe(true);
    expect(sent.every((input) => (input.Names?.length ?? 0) <= 10)).toBe(true);
    expect(result.outputs.map((output) => [output.name, output.value])).toEqual(
      parameters.map((parameter) => [
        parameter.name.slice(1).toUpperCase().replace('/', '_'),
        parameter.value,
      ]),
    );
    expect(result.calls.getParameters).toBe(calls);
  });

  it('sends its calls in parallel within the limit', async () => {
    const parameters = many(50);
    const fake = fakeParameterStore(parameters);
    await read(fake, parameters.map((parameter) => parameter.name).join('\n'), { concurrency: 3 });
    expect(fake.stub).toHaveReceivedCommandTimes(GetParametersCommand, 5);
    expect(fake.maxInFlight).toBe(3);
  });

  it('matches answers given in alphabetical order, selectors and ARNs to the names asked for', async () => {
    const fake = fakeParameterStore([
      { name: '/z/url', value: 'https://z.example' },
      { name: '/a/db', value: 'v3', versions: ['v1', 'v2'], labels: { stable: 2 } },
      { name: 'plain', value: 'plain-value' },
    ]);
    const result = await read(
      fake,
      `/z/url\nOLD,/a/db:1\nSTABLE,/a/db:stable\n/a/db\n${parameterArn('plain')}`,
    );
    expect(fake.stub).toHaveReceivedCommandTimes(GetParametersCommand, 1);
    expect(result.outputs.map((output) => [output.name, output.value])).toEqual([
      ['Z_URL', 'https://z.example'],
      ['OLD', 'v1'],
      ['STABLE', 'v2'],
      ['A_DB', 'v3'],
      ['PLAIN', 'plain-value'],
    ]);
    expect(result.manifest).toEqual([
      { alias: 'Z_URL', name: '/z/url', version: 1 },
      { alias: 'OLD', name: '/a/db', version: 1 },
      { alias: 'STABLE', name: '/a/db', version: 2 },
      { alias: 'A_DB', name: '/a/db', version: 3 },
      { alias: 'PLAIN', name: 'plain', version: 1 },
    ]);
  });

  it('reads a parameter named by an ARN of another region in that region', async () => {
    const home = fakeParameterStore([{ name: '/local', value: 'here' }]);
    const away = fakeParameterStore([{ name: '/shared', value: 'there' }], false, 'us-east-2');
    const arn = 'arn:aws:ssm:us-east-2:123456789012:parameter/shared';
    const result = await readParameters(requests(`/local\nSHARED,${arn}`), {
      clients: { ssm: (region) => (region === 'us-east-2' ? away.client : home.client) },
      region: 'eu-west-1',
      ifMissing: 'fail',
    });
    expect(home.stub).toHaveReceivedCommandExactlyOnceWith(GetParametersCommand, {
      Names: ['/local'],
      WithDecryption: true,
    });
    expect(away.stub).toHaveReceivedCommandExactlyOnceWith(GetParametersCommand, {
      Names: [arn],
      WithDecryption: true,
    });
    expect(result.outputs.map((output) => [output.name, output.value])).toEqual([
      ['LOCAL', 'here'],
      ['SHARED', 'there'],
    ]);
  });

  it.each<IfMissing>(['fail', 'warn', 'ignore'])(
    'names in InvalidParameters go through if-missing: %s',
    async (ifMissing) => {
      const fake = fakeParameterStore([{ name: '/ok', value: 'fine' }]);
      const promise = read(fake, '/ok\n/gone\nV,/ok:7', { ifMissing });
      if (ifMissing === 'fail') {
        expect(await failureOf(promise)).toEqual([
          expect.stringMatching(/^parameters line 2: Parameter Store reports \/gone as not found/),
          expect.stringMatching(/^parameters line 3: Parameter Store reports \/ok:7 as not found/),
        ]);
        return;
      }
      const result = await promise;
      expect(result.outputs.map((output) => output.name)).toEqual(['OK']);
      const said = ifMissing === 'warn' ? result.warnings : result.notes;
      expect(said.filter((line) => line.includes('not found'))).toHaveLength(2);
      if (ifMissing === 'ignore') expect(result.warnings).toEqual([]);
    },
  );

  it('masks SecureString values (whole and by line) and not String or StringList ones', async () => {
    const fake = fakeParameterStore([
      { name: '/s/key', value: 'line-one\nline-two', type: 'SecureString' },
      { name: '/s/url', value: 'https://example.com', type: 'String' },
      { name: '/s/hosts', value: 'a.example,b.example', type: 'StringList' },
    ]);
    const result = await read(fake, '/s/key\n/s/url\n/s/hosts');
    expect(result.outputs.map((output) => [output.name, output.secret])).toEqual([
      ['S_KEY', true],
      ['S_URL', false],
      ['S_HOSTS', false],
    ]);
    expect(result.masks).toEqual(['line-one\nline-two', 'line-one', 'line-two']);
  });

  it('a denied or undecryptable call fails with what the role needs, never with a value', async () => {
    const fake = fakeParameterStore([]);
    fake.stub.on(GetParametersCommand).rejects(
      new SSMServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'User is not authorized to perform: ssm:GetParameters',
      }),
    );
    expect(await failureOf(read(fake, '/a\n/b', { ifMissing: 'ignore' }))).toEqual([
      expect.stringMatching(
        /^Reading \/a, \/b with GetParameters failed: AccessDeniedException.*\nThe role needs ssm:GetParameters/,
      ),
    ]);
    fake.stub.on(GetParametersCommand).rejects(
      new SSMServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'The ciphertext refers to a customer master key that does not exist (KMS)',
      }),
    );
    expect(await failureOf(read(fake, '/a'))).toEqual([
      expect.stringMatching(/\nA SecureString could not be decrypted: the role needs kms:Decrypt/),
    ]);
  });
});

describe('readParameters: by path', () => {
  it('reads every page below a path, recursively, named by the part below it', async () => {
    const below = Array.from({ length: 23 }, (_, index) => ({
      name: `/prod/app/${index < 3 ? 'db/' : ''}k${String(index).padStart(2, '0')}`,
      value: `v${index}`,
    }));
    const fake = fakeParameterStore([...below, { name: '/prod/other/x', value: 'no' }]);
    const result = await read(fake, '/prod/app/\nAPP,/prod/app/db/');
    const calls = fake.stub.commandCalls(GetParametersByPathCommand);
    // Per path: one empty first page, then 3 pages of 10 (23 parameters) or 1 (3 parameters).
    expect(calls).toHaveLength(4 + 2);
    expect(calls[0]?.args[0].input).toMatchObject({
      Recursive: true,
      WithDecryption: true,
      MaxResults: 10,
    });
    expect(calls.map((call) => call.args[0].input.Path).sort()).toEqual([
      '/prod/app',
      '/prod/app',
      '/prod/app',
      '/prod/app',
      '/prod/app/db',
      '/prod/app/db',
    ]);
    const names = result.outputs.map((output) => output.name);
    expect(names.slice(0, 3)).toEqual(['DB_K00', 'DB_K01', 'DB_K02']);
    expect(names).toContain('K22');
    expect(names.slice(-3)).toEqual(['APP_K00', 'APP_K01', 'APP_K02']);
    expect(names).toHaveLength(26);
    expect(fake.stub).toHaveReceivedCommandTimes(GetParametersCommand, 0);
  });

  it.each<IfMissing>(['fail', 'warn', 'ignore'])(
    'a path with nothing below it goes through if-missing: %s',
    async (ifMissing) => {
      const fake = fakeParameterStore([{ name: '/elsewhere/x', value: 'x' }]);
      const promise = read(fake, '/empty/', { ifMissing });
      if (ifMissing === 'fail') {
        expect(await failureOf(promise)).toEqual([
          expect.stringMatching(/^parameters line 1: no parameter was found below \/empty\//),
        ]);
        return;
      }
      const result = await promise;
      expect(result.outputs).toEqual([]);
      const said = ifMissing === 'warn' ? result.warnings : result.notes;
      expect(said.filter((line) => line.includes('/empty/'))).toEqual([
        expect.stringMatching(/^parameters line 1: no parameter was found below \/empty\//),
      ]);
    },
  );
});
