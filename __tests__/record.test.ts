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
  it('writes the record as JSON, overwriting, and returns the new version', async () => {
    ssm.on(PutParameterCommand).resolves({ Version: 8 });
    const record = recordFor(RUN, 'c'.repeat(40), 'main', new Date('2026-11-26T11:00:00Z'));
    await expect(writeDeployRecord(client, '/deploys/shop', record)).resolves.toBe(8);
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

  it('says the deploy succeeded when only the write failed', async () => {
    ssm.on(PutParameterCommand).rejects(new Error('boom'));
    await expect(writeDeployRecord(client, '/p', RECORD)).rejects.toThrow(
      /deploy succeeded, but writing the deploy record \/p failed/,
    );
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
