import {
  GetParameterCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunContext } from '../src/config.js';
import { ActionError } from '../src/errors.js';
import {
  isNewerThanThisRun,
  judgeRecord,
  parseRecord,
  readDeployRecord,
  reasonNotToRecord,
  recordFor,
  writeDeployRecord,
  type DeployRecord,
} from '../src/record.js';

const ssm = mockClient(SSMClient);
const client = new SSMClient({ region: 'eu-west-1' });
const RUN: RunContext = {
  repository: 'acme/shop',
  sha: 'a'.repeat(40),
  runId: '500',
  runAttempt: '2',
  serverUrl: 'https://github.com',
};
const RECORD: DeployRecord = {
  sha: 'b'.repeat(40),
  ref: 'main',
  repository: 'acme/shop',
  run: 499,
  runAttempt: 1,
  at: '2026-11-26T10:00:00.000Z',
};

beforeEach(() => ssm.reset());

describe('readDeployRecord', () => {
  it('reads a record and its version', async () => {
    ssm
      .on(GetParameterCommand)
      .resolves({ Parameter: { Value: JSON.stringify(RECORD), Version: 7 } });
    await expect(readDeployRecord(client, '/deploys/shop')).resolves.toEqual({
      kind: 'record',
      record: RECORD,
      version: 7,
    });
    expect(ssm).toHaveReceivedCommandExactlyOnceWith(GetParameterCommand, {
      Name: '/deploys/shop',
    });
  });

  it('says there is none when the parameter does not exist', async () => {
    ssm
      .on(GetParameterCommand)
      .rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    await expect(readDeployRecord(client, '/deploys/shop')).resolves.toEqual({ kind: 'none' });
  });

  it.each(['not json', '42', '{"sha": 1}', JSON.stringify({ ...RECORD, run: '499' })])(
    'calls %s unreadable rather than guessing',
    async (value) => {
      ssm.on(GetParameterCommand).resolves({ Parameter: { Value: value, Version: 1 } });
      await expect(readDeployRecord(client, '/p')).resolves.toMatchObject({ kind: 'unreadable' });
    },
  );

  it('fails with a hint when reading is denied', async () => {
    ssm
      .on(GetParameterCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(readDeployRecord(client, '/p')).rejects.toThrow(ActionError);
    await expect(readDeployRecord(client, '/p')).rejects.toMatchObject({
      hint: expect.stringContaining('ssm:GetParameter'),
    });
  });
});

describe('isNewerThanThisRun', () => {
  it.each([
    [498, 'acme/shop', false],
    [500, 'acme/shop', false],
    [501, 'acme/shop', true],
    [501, 'acme/other', false],
  ])('recorded run %i of %s', (run, repository, newer) => {
    expect(isNewerThanThisRun({ ...RECORD, run, repository }, RUN)).toBe(newer);
  });

  it('never blocks when this run has no numeric id', () => {
    expect(isNewerThanThisRun({ ...RECORD, run: 10 ** 9 }, { ...RUN, runId: '' })).toBe(false);
  });
});

describe('writeDeployRecord', () => {
  const checked = { version: 3, allowOlder: false };
  const stored = (record: DeployRecord, version: number) => ({
    Parameter: { Value: JSON.stringify(record), Version: version },
  });

  it('reads the record again, then writes this one as JSON, overwriting', async () => {
    ssm.on(GetParameterCommand).resolves(stored(RECORD, 3));
    ssm.on(PutParameterCommand).resolves({ Version: 4 });
    const record = recordFor(RUN, 'c'.repeat(40), 'main', new Date('2026-11-26T11:00:00Z'));
    await expect(writeDeployRecord(client, '/deploys/shop', record, checked)).resolves.toEqual({
      kind: 'written',
      version: 4,
      raced: false,
    });
    expect(ssm).toHaveReceivedCommandExactlyOnceWith(PutParameterCommand, {
      Name: '/deploys/shop',
      Type: 'String',
      Overwrite: true,
      Value: JSON.stringify({
        sha: 'c'.repeat(40),
        ref: 'main',
        repository: 'acme/shop',
        run: 500,
        runAttempt: 2,
        at: '2026-11-26T11:00:00.000Z',
      }),
    });
  });

  it('keeps a record a newer run wrote meanwhile, and writes nothing', async () => {
    const newer = { ...RECORD, run: 501 };
    ssm.on(GetParameterCommand).resolves(stored(newer, 4));
    const record = recordFor(RUN, 'c'.repeat(40), 'main', new Date());
    await expect(writeDeployRecord(client, '/p', record, checked)).resolves.toEqual({
      kind: 'kept',
      record: newer,
      version: 4,
    });
    expect(ssm).not.toHaveReceivedCommand(PutParameterCommand);
  });

  it('with allow-older, overwrites the newer record it was shown, but not one written since', async () => {
    const newer = { ...RECORD, run: 501 };
    const record = recordFor(RUN, 'c'.repeat(40), 'main', new Date());
    ssm.on(GetParameterCommand).resolves(stored(newer, 3));
    ssm.on(PutParameterCommand).resolves({ Version: 4 });
    await expect(
      writeDeployRecord(client, '/p', record, { version: 3, allowOlder: true }),
    ).resolves.toMatchObject({ kind: 'written', version: 4 });
    ssm.reset();
    ssm.on(GetParameterCommand).resolves(stored({ ...RECORD, run: 502 }, 4));
    await expect(
      writeDeployRecord(client, '/p', record, { version: 3, allowOlder: true }),
    ).resolves.toMatchObject({ kind: 'kept', version: 4 });
  });

  it('says when another write landed between the look and the write', async () => {
    ssm.on(GetParameterCommand).resolves(stored(RECORD, 3));
    ssm.on(PutParameterCommand).resolves({ Version: 6 });
    await expect(
      writeDeployRecord(client, '/p', recordFor(RUN, 'c'.repeat(40), 'main', new Date()), checked),
    ).resolves.toEqual({ kind: 'written', version: 6, raced: true });
  });

  it('says the deploy succeeded when only the write failed', async () => {
    ssm.on(GetParameterCommand).resolves(stored(RECORD, 3));
    ssm.on(PutParameterCommand).rejects(new Error('boom'));
    await expect(writeDeployRecord(client, '/p', RECORD, checked)).rejects.toThrow(
      /deploy succeeded, but writing the deploy record \/p failed/,
    );
  });
});

describe('parseRecord', () => {
  const text = (fields: Record<string, unknown>): string =>
    JSON.stringify({ ...RECORD, ...fields });

  it('reads what recordFor writes, and a record of an older version without ref and runAttempt', () => {
    expect(parseRecord(JSON.stringify(RECORD))).toEqual({ record: RECORD });
    const old = { sha: RECORD.sha, repository: RECORD.repository, run: RECORD.run, at: RECORD.at };
    expect(parseRecord(JSON.stringify(old))).toEqual({
      record: { ...RECORD, ref: RECORD.sha, runAttempt: 1 },
    });
  });

  it.each([
    ['{"run": 1e999}', /sha/],
    [text({ run: null }).replace('null', '1e999'), /run is not a whole number/],
    [text({ run: 499.5 }), /run is not a whole number/],
    [text({ run: 2 ** 53 + 2 }), /run is not a whole number/],
    [text({ run: 0 }), /run is not a whole number/],
    [text({ runAttempt: -1 }), /runAttempt/],
    [text({ sha: 'HEAD' }), /sha is not a full commit SHA/],
    [text({ repository: 'acme' }), /repository is not owner\/name/],
    [text({ ref: 'x'.repeat(256) }), /ref is not a git ref/],
    [text({ ref: 'main\u001b[2J' }), /ref is not a git ref/],
    [text({ at: 'tomorrow' }), /at is not an ISO 8601 time/],
    [text({ at: '2026-13-45T99:99:99Z' }), /at is not an ISO 8601 time/],
    [text({ extra: 1 }), /1 unknown field/],
    ['[]', /not a JSON object/],
    ['x'.repeat(5000), /5000 characters/],
  ])('refuses %s, naming the field and never its value', (value, problem) => {
    const parsed = parseRecord(value);
    expect(parsed).toEqual({ problem: expect.stringMatching(problem) as unknown });
    expect(JSON.stringify(parsed)).not.toContain('tomorrow');
  });

  it('reads {"run": 1e999} as no record at all, so it never counts as newer', async () => {
    ssm.on(GetParameterCommand).resolves({
      Parameter: { Value: text({}).replace('"run":499', '"run":1e999'), Version: 2 },
    });
    const read = await readDeployRecord(client, '/p');
    expect(read).toEqual({
      kind: 'unreadable',
      reason: '/p does not hold a valid deploy record (run is not a whole number from 1 up)',
    });
    expect(judgeRecord(read, RUN, false).action).toBe('deploy');
  });
});

describe('judgeRecord', () => {
  const read = (record: DeployRecord) => ({ kind: 'record', record, version: 3 }) as const;
  it('deploys when there is no record, an unreadable one, or one from an older or the same run', () => {
    expect(judgeRecord({ kind: 'none' }, RUN, false).action).toBe('deploy');
    expect(judgeRecord({ kind: 'unreadable', reason: 'x' }, RUN, false).action).toBe('deploy');
    expect(judgeRecord(read(RECORD), RUN, false).action).toBe('deploy');
    // A re-run (another attempt of the same run) is not older.
    expect(judgeRecord(read({ ...RECORD, run: 500, runAttempt: 3 }), RUN, false).action).toBe(
      'deploy',
    );
  });

  it('skips when a newer run of this repository recorded, unless allow-older', () => {
    const newer = read({ ...RECORD, run: 501 });
    expect(judgeRecord(newer, RUN, false)).toEqual({ action: 'skip', read: newer });
    expect(judgeRecord(newer, RUN, true)).toEqual({ action: 'deploy-older', read: newer });
    expect(
      judgeRecord(read({ ...RECORD, run: 501, repository: 'acme/other' }), RUN, false).action,
    ).toBe('deploy');
  });
});

describe('reasonNotToRecord', () => {
  it('records only a success at one commit', () => {
    expect(reasonNotToRecord({ status: 'Success', deployedSha: 'b'.repeat(40) })).toBeUndefined();
    expect(reasonNotToRecord({ status: 'Failed', deployedSha: 'b'.repeat(40) })).toMatch(
      /ended Failed/,
    );
    expect(reasonNotToRecord({ status: 'Cancelled', deployedSha: '' })).toMatch(/ended Cancelled/);
    expect(reasonNotToRecord({ status: 'Success', deployedSha: '' })).toMatch(/one commit/);
  });
});
