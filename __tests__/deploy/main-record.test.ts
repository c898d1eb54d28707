// The main step with record-parameter: a newer run's record skips the deploy (nothing sent, status
// Skipped), allow-older deploys anyway, and the record is written only after a deploy that
// succeeded everywhere. Through the fake @actions/core, a mocked SSM and a fake clock.

import {
  GetParameterCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/main.js';
import * as fake from './fixtures/core.js';
import {
  FakeSignals,
  given,
  instanceEnds,
  instancesManaged,
  ssmOperations,
} from './fixtures/main-run.js';
import { FakeTime } from './fixtures/time.js';
import { stubEvent } from './fixtures/event.js';

vi.mock('@actions/core', () => import('./fixtures/core.js'));

const ssm = mockClient(SSMClient);
const COMMAND = '0ddba11-0000-0000-0000-000000000000';
const DEPLOYED = 'c'.repeat(40);
const NAME = '/deploys/shop';
const THIS_RUN = 500;
let time: FakeTime;

const DEPLOY = {
  'aws-region': 'eu-west-1',
  'instance-ids': 'i-0123456789abcdef0',
  'working-directory': '/srv/app',
  ref: 'c'.repeat(40),
  'record-parameter': NAME,
};

function recordOf(run: number, sha = 'e'.repeat(40), repository = 'acme/shop'): string {
  return JSON.stringify({
    sha,
    ref: 'main',
    repository,
    run,
    runAttempt: 1,
    at: '2030-01-02T03:04:05.000Z',
  });
}

function recorded(value: string, version = 7): void {
  ssm
    .on(GetParameterCommand, { Name: NAME })
    .resolves({ Parameter: { Value: value, Version: version } });
}

async function runMain(inputs: Record<string, string> = DEPLOY): Promise<void> {
  given(inputs);
  await run({ signals: new FakeSignals(), now: time.now, sleep: time.sleep });
}

function outputs(): Record<string, unknown> {
  return Object.fromEntries(fake.setOutput.mock.calls);
}

beforeEach(() => {
  stubEvent();
  fake.resetCore();
  ssm.reset();
  instancesManaged(ssm);
  time = new FakeTime();
  vi.stubEnv('GITHUB_REPOSITORY', 'acme/shop');
  vi.stubEnv('GITHUB_RUN_ID', String(THIS_RUN));
  vi.stubEnv('GITHUB_RUN_ATTEMPT', '2');
  ssm.on(SendCommandCommand).resolves({ Command: { CommandId: COMMAND } });
  ssm.on(PutParameterCommand).resolves({ Version: 8 });
  ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: '', $metadata: {} }));
});

afterEach(() => {
  vi.unstubAllEnvs();
  process.exitCode = undefined;
});

describe('a newer run already recorded', () => {
  it('skips: nothing sent, status Skipped, results [], no command-id, a notice, a summary line, and the step succeeds', async () => {
    recorded(recordOf(THIS_RUN + 1, DEPLOYED));
    await runMain();
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
    expect(ssm).toHaveReceivedCommandTimes(PutParameterCommand, 0);
    expect(ssm.calls()).toHaveLength(1);
    expect(outputs()).toEqual({ status: 'Skipped', results: '[]' });
    expect(fake.notice).toHaveBeenCalledExactlyOnceWith(
      `${NAME} (version 7) records run ${THIS_RUN + 1} of acme/shop, which deployed ${DEPLOYED} (main) at 2030-01-02T03:04:05.000Z, a newer run than this one (${THIS_RUN}); deploying now would put older code over newer, so nothing was sent. To deploy this run anyway (a deliberate rollback), set allow-older: true.`,
      { title: 'Deploy skipped' },
    );
    expect(fake.summary.parts.join('')).toContain('<b>Skipped</b>');
    expect(fake.summary.written).toBe(true);
    expect(fake.saveState).not.toHaveBeenCalled();
    expect(process.exitCode).toBeUndefined();
  });

  it('allow-older: deploys anyway, says so, and records this run after the success', async () => {
    recorded(recordOf(THIS_RUN + 1));
    instanceEnds(ssm, 'Success', DEPLOYED);
    await runMain({ ...DEPLOY, 'allow-older': 'true' });
    expect(fake.notice).toHaveBeenCalledWith(expect.stringContaining('allow-older is true'), {
      title: 'Deploying an older run',
    });
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
    expect(ssm).toHaveReceivedCommandTimes(PutParameterCommand, 1);
    expect(outputs().status).toBe('Success');
  });

  it('a newer run of another repository does not block', async () => {
    recorded(recordOf(THIS_RUN + 1, DEPLOYED, 'acme/other'));
    instanceEnds(ssm, 'Success', DEPLOYED);
    await runMain();
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
  });

  it('an older run recorded: deploys, and says what the record held', async () => {
    recorded(recordOf(THIS_RUN - 1));
    instanceEnds(ssm, 'Success', DEPLOYED);
    await runMain();
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
    expect(fake.printed()).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${NAME} \\(version 7\\) records run ${THIS_RUN - 1} of acme/shop.*this run \\(${THIS_RUN}\\) is not older, so it deploys\\.$`,
        ),
      ),
    );
  });
});

describe('writing the record', () => {
  it('after a success: the commit, the ref, this run, at the time of the deploy; name and version said', async () => {
    instanceEnds(ssm, 'Success', DEPLOYED);
    await runMain();
    expect(ssm).toHaveReceivedCommandTimes(PutParameterCommand, 1);
    const put = ssm.commandCalls(PutParameterCommand)[0]?.args[0].input;
    expect(put).toMatchObject({ Name: NAME, Type: 'String', Overwrite: true });
    expect(JSON.parse(put?.Value ?? '')).toEqual({
      sha: DEPLOYED,
      ref: DEPLOYED,
      repository: 'acme/shop',
      run: THIS_RUN,
      runAttempt: 2,
      at: new Date(time.t).toISOString(),
    });
    expect(fake.printed()).toContainEqual(
      `Deploy record written to ${NAME} (version 8): run ${THIS_RUN} (attempt 2) of acme/shop, which deployed ${DEPLOYED} at ${new Date(time.t).toISOString()}.`,
    );
    // The record is read before anything is sent, and written after the verdict.
    const order = ssm
      .calls()
      .map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name);
    expect(order[0]).toBe('GetParameterCommand');
    expect(order.at(-1)).toBe('PutParameterCommand');
    expect(process.exitCode).toBeUndefined();
  });

  it('never after a failure, and says why', async () => {
    instanceEnds(ssm, 'Failed', DEPLOYED);
    await runMain();
    expect(ssm).toHaveReceivedCommandTimes(PutParameterCommand, 0);
    expect(fake.printed()).toContainEqual(
      `Deploy record ${NAME} not written: the deploy ended Failed, so the record still names the last successful deploy.`,
    );
    expect(process.exitCode).toBe(1);
  });

  it('never with wait: false, and says why', async () => {
    await runMain({ ...DEPLOY, wait: 'false' });
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
    expect(ssm).toHaveReceivedCommandTimes(PutParameterCommand, 0);
    expect(fake.printed()).toContainEqual(
      `Deploy record ${NAME} not written: wait is false, so this step does not learn whether the deploy succeeded.`,
    );
  });

  it('an unreadable record: a warning first, then overwritten after the success, and said so', async () => {
    recorded('deployed by hand');
    instanceEnds(ssm, 'Success', DEPLOYED);
    await runMain();
    expect(fake.warning).toHaveBeenCalledWith(
      `${NAME} does not hold a valid deploy record (not JSON); it will be overwritten with the deploy record after a successful deploy.`,
    );
    expect(ssm).toHaveReceivedCommandTimes(PutParameterCommand, 1);
    expect(fake.printed().at(-1)).toMatch(/it replaced a value that was not a deploy record\.$/);
  });

  it('a failed write fails the step after the deploy, naming the permission', async () => {
    ssm
      .on(PutParameterCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    instanceEnds(ssm, 'Success', DEPLOYED);
    await runMain();
    expect(outputs().status).toBe('Success');
    expect(fake.error).toHaveBeenCalledWith(
      expect.stringContaining(
        `The deploy succeeded, but writing the deploy record ${NAME} failed.`,
      ),
    );
    expect(process.exitCode).toBe(1);
  });

  it('a record that cannot be read at all stops the step before anything is sent', async () => {
    ssm
      .on(GetParameterCommand)
      .rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    await runMain();
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
    expect(fake.error).toHaveBeenCalledWith(
      expect.stringContaining(`Could not read the deploy record ${NAME}.`),
    );
    expect(process.exitCode).toBe(1);
  });
});

describe('dry run', () => {
  it('reads the record, says it would skip, and writes nothing', async () => {
    recorded(recordOf(THIS_RUN + 1));
    await runMain({ ...DEPLOY, 'dry-run': 'true' });
    expect(ssmOperations(ssm)).toEqual(['GetParameter', 'DescribeInstanceInformation']);
    expect(fake.printed()).toContainEqual(
      expect.stringMatching(
        /^Dry run: \/deploys\/shop records run 501 .*: the deploy would be skipped \(allow-older: true deploys it anyway\)\.$/,
      ),
    );
    expect(fake.printed()).toContain('Dry run: nothing was sent.');
    expect(outputs()).toEqual({ status: 'DryRun' });
  });

  it('says it would deploy and write the record when there is none', async () => {
    await runMain({ ...DEPLOY, 'dry-run': 'true' });
    expect(ssmOperations(ssm)).toEqual(['GetParameter', 'DescribeInstanceInformation']);
    expect(fake.printed()).toContain(
      `Dry run: ${NAME} holds no deploy record yet; it would be written after a successful deploy.`,
    );
  });
});
