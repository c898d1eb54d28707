// What the user sees of a deploy, through a stand-in for @actions/core.

import * as core from '@actions/core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeployReport, InstanceResult, PreparedDeploy } from '../../src/deploy/deploy.js';
import { markerPrefix } from '../../src/deploy/protocol.js';
import { reportCommandSent } from '../../src/report/command.js';
import { reportDeployResult } from '../../src/report/deploy-result.js';
import { reportDryRun } from '../../src/report/dry-run.js';
import { formatProgress } from '../../src/report/progress.js';
import * as fake from './fixtures/core.js';

vi.mock('@actions/core', () => import('./fixtures/core.js'));

const NONCE = '0a1b2c3d4e5f';
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

beforeEach(() => {
  fake.resetCore();
});

function instance(overrides: Partial<InstanceResult> = {}): InstanceResult {
  return {
    instanceId: 'i-00000000000000001',
    status: 'Success',
    statusDetails: 'Success',
    responseCode: 0,
    durationMs: 12_300,
    previousSha: A,
    attemptedSha: B,
    deployedSha: B,
    rolledBack: false,
    healthy: null,
    success: true,
    reason: undefined,
    stdout: `${markerPrefix(NONCE)}before=${A}\nbuilt\n`,
    stderr: '',
    source: 'complete',
    stdoutTail: 'built',
    stderrTail: '',
    ...overrides,
  };
}

function deployReport(overrides: Partial<DeployReport> = {}): DeployReport {
  return {
    commandId: 'cmd-1',
    nonce: NONCE,
    region: 'eu-west-1',
    consoleUrl:
      'https://eu-west-1.console.aws.amazon.com/systems-manager/run-command/cmd-1?region=eu-west-1',
    status: 'Success',
    ending: { kind: 'finished', commandStatus: 'Success' },
    cancel: undefined,
    instances: [instance()],
    deployedSha: B,
    attempted: B,
    problems: [],
    notes: [],
    pollCalls: 3,
    outputCalls: 0,
    ...overrides,
  };
}

function outputs(): Record<string, unknown> {
  return Object.fromEntries(fake.setOutput.mock.calls);
}

describe('reportDeployResult', () => {
  it('sets status, command-id, deployed-sha and results as DESIGN.md defines them', async () => {
    await reportDeployResult(deployReport());
    const set = outputs();
    expect(set).toMatchObject({ status: 'Success', 'command-id': 'cmd-1', 'deployed-sha': B });
    expect(JSON.parse(set.results as string)).toEqual([
      {
        instanceId: 'i-00000000000000001',
        status: 'Success',
        responseCode: 0,
        durationMs: 12_300,
        previousSha: A,
        deployedSha: B,
        rolledBack: false,
        healthy: null,
        stdoutTail: 'built',
        stderrTail: '',
      },
    ]);
    expect(fake.error).not.toHaveBeenCalled();
  });

  it('one error annotation per failed instance: the instance, its status, the reason, the end of stderr', async () => {
    const stderr = Array.from({ length: 15 }, (_, i) => `err ${i}`).join('\n');
    await reportDeployResult(
      deployReport({
        status: 'Failed',
        instances: [
          instance(),
          instance({
            instanceId: 'i-2',
            status: 'Failed',
            statusDetails: 'Failed',
            responseCode: 3,
            success: false,
            reason: 'deploy-script failed with exit code 3',
            stderrTail: stderr,
          }),
          instance({
            instanceId: 'i-3',
            status: 'TimedOut',
            statusDetails: 'Delivery Timed Out',
            responseCode: -1,
            success: false,
            reason: 'SSM could not deliver the command',
          }),
        ],
      }),
    );
    expect(fake.error).toHaveBeenCalledTimes(2);
    const [message, properties] = fake.error.mock.calls[0] ?? [];
    expect(properties).toEqual({ title: 'Deploy failed on i-2' });
    expect(message).toBe(
      `i-2: Failed, exit code 3: deploy-script failed with exit code 3\nLast lines of stderr:\n${stderr.split('\n').slice(-10).join('\n')}`,
    );
    // ResponseCode -1 is SSM's "no exit code": the script never ran there.
    expect(fake.error.mock.calls[1]?.[0]).toBe(
      'i-3: TimedOut (Delivery Timed Out): SSM could not deliver the command',
    );
    expect(fake.startGroup.mock.calls.map(([title]) => title)).toContain(
      'i-3 · TimedOut (Delivery Timed Out) · 12.3 s',
    );
    const table = JSON.parse(fake.summary.parts[2] ?? '[]') as unknown[][];
    expect(table.map((row) => row[2])).toEqual([
      { data: 'Exit code', header: true },
      '0',
      '3',
      '—',
    ]);
  });

  it('an instance whose result was not seen is said to be unknown, not failed', async () => {
    await reportDeployResult(
      deployReport({
        status: 'Failed',
        instances: [
          instance({
            status: 'Unknown',
            statusDetails: '',
            responseCode: null,
            durationMs: null,
            success: false,
            reason: 'SSM never listed its invocation, so its result is unknown',
            stdout: '',
            stdoutTail: '',
          }),
        ],
        problems: ['SSM reports the command Success (1 of 1 finished, 0 failed), but …'],
      }),
    );
    expect(fake.error.mock.calls).toEqual([
      [
        'SSM reports the command Success (1 of 1 finished, 0 failed), but …',
        { title: 'Deploy failed' },
      ],
      [
        'i-00000000000000001: Unknown: SSM never listed its invocation, so its result is unknown',
        { title: 'Result unknown on i-00000000000000001' },
      ],
    ]);
  });
  it("never lets an instance's output run workflow commands", async () => {
    const hostile =
      '::set-output name=status::Success\n::add-mask::x\n##[group]fake\n::error::not from us';
    await reportDeployResult(
      deployReport({ instances: [instance({ stdout: hostile, stderr: '::warning::nope' })] }),
    );
    const lines = fake.printed();
    const opened = lines.filter((line) => line.startsWith('::stop-commands::'));
    expect(opened).toHaveLength(2);
    for (const open of opened) {
      const token = open.slice('::stop-commands::'.length);
      expect(token).toMatch(/^[0-9a-f]{32}$/);
      const start = lines.indexOf(open);
      const end = lines.indexOf(`::${token}::`);
      expect(end).toBeGreaterThan(start);
      expect(lines.slice(start + 1, end).join('\n')).toMatch(/::(set-output|warning)/);
    }
    expect(new Set(opened).size).toBe(2);
    // Outside the stopped regions nothing of the output appears.
    const outside = lines.filter((line) => !line.startsWith('::') && line.includes('::'));
    expect(
      outside.every((line) => !line.includes('set-output') && !line.includes('::warning::')),
    ).toBe(true);
  });

  it('shows each instance in its own group, markers hidden, and says when the output was cut', async () => {
    await reportDeployResult(
      deployReport({
        instances: [
          instance({ source: 'cut' }),
          instance({ instanceId: 'i-2', source: 'summary' }),
        ],
      }),
    );
    expect(fake.startGroup.mock.calls.map(([title]) => title)).toEqual([
      'i-00000000000000001 · Success · exit 0 · 12.3 s',
      'i-2 · Success · exit 0 · 12.3 s',
    ]);
    expect(fake.endGroup).toHaveBeenCalledTimes(2);
    const lines = fake.printed();
    expect(lines).toContain(`Commit: aaaaaaa → bbbbbbb`);
    expect(lines.join('\n')).not.toContain(markerPrefix(NONCE));
    expect(lines.some((line) => line.includes('set output-s3-bucket to see all of it'))).toBe(true);
    expect(lines.some((line) => line.includes('2,500-character summary'))).toBe(true);
  });

  it('writes the job summary: a table per instance and a link to the command', async () => {
    await reportDeployResult(
      deployReport({
        instances: [
          instance({
            rolledBack: true,
            success: false,
            status: 'Failed',
            statusDetails: 'Failed',
            reason: 'rolled <back>',
            deployedSha: A,
          }),
        ],
      }),
    );
    expect(fake.summary.written).toBe(true);
    const html = fake.summary.parts.join('\n');
    expect(html).toContain(
      '<a href="https://eu-west-1.console.aws.amazon.com/systems-manager/run-command/cmd-1?region=eu-west-1"><code>cmd-1</code></a>',
    );
    const table = JSON.parse(fake.summary.parts[2] ?? '[]') as unknown[][];
    expect(table[0]).toEqual(
      ['Instance', 'Status', 'Exit code', 'Duration', 'Commit', 'Rolled back'].map((data) => ({
        data,
        header: true,
      })),
    );
    expect(table[1]).toEqual([
      '<code>i-00000000000000001</code>',
      'Failed<br><sub>rolled &lt;back&gt;</sub>',
      '0',
      '12.3 s',
      // The commit it tried, not only the one it went back to.
      '<code>aaaaaaa</code> → <code>bbbbbbb</code>, rolled back to <code>aaaaaaa</code>',
      'yes',
    ]);
  });

  it('a failed deploy names the commit it attempted, and says what went wrong above the table', async () => {
    await reportDeployResult(
      deployReport({
        status: 'Failed',
        deployedSha: '',
        problems: ['No instance matched the targets (SSM counted none for the command).'],
        instances: [],
      }),
    );
    const html = fake.summary.parts.join('\n');
    expect(html).toContain(`<b>Failed</b> · attempted <code>${B}</code>`);
    expect(html).toContain(
      '<ul><li>No instance matched the targets (SSM counted none for the command).</li></ul>',
    );
    // No empty table.
    expect(fake.summary.parts.some((part) => part.startsWith('[['))).toBe(false);
  });

  it('writes "no" in the Rolled back column of an instance that did not roll back', async () => {
    await reportDeployResult(deployReport({ instances: [instance({ rolledBack: false })] }));
    const table = JSON.parse(fake.summary.parts[2] ?? '[]') as unknown[][];
    expect(table[1]?.[5]).toBe('no');
  });

  it('says the workflow cancelled it, and that the command was cancelled', async () => {
    await reportDeployResult(
      deployReport({
        status: 'Cancelled',
        ending: { kind: 'workflow-cancelled' },
        cancel: { kind: 'requested' },
        instances: [],
      }),
    );
    expect(fake.error).toHaveBeenCalledWith(
      'Stopped by the runner (the workflow was cancelled, or timeout-minutes ran out). SSM command cmd-1 was cancelled on every instance still running it.',
      { title: 'Deploy stopped' },
    );
    expect(outputs().status).toBe('Cancelled');
  });

  it('says the deadline passed, and when a cancel failed, that the command may still run', async () => {
    await reportDeployResult(
      deployReport({
        status: 'TimedOut',
        ending: { kind: 'deadline', deadlineSeconds: 1620 },
        cancel: {
          kind: 'failed',
          error: Object.assign(new Error('slow down'), { name: 'ThrottlingException' }),
        },
      }),
    );
    expect(fake.error.mock.calls[0]?.[0]).toBe(
      'The deploy did not finish within 1620 s (delivery timeout + timeout-seconds + a margin). Cancelling SSM command cmd-1 failed (ThrottlingException: slow down): it may still be running; see https://eu-west-1.console.aws.amazon.com/systems-manager/run-command/cmd-1?region=eu-west-1',
    );
  });
});

describe('progress', () => {
  it('one instance: elapsed time and status', () => {
    expect(
      formatProgress({
        elapsedMs: 12_400,
        commandStatus: 'InProgress',
        counts: undefined,
        instances: [{ instanceId: 'i-1', status: 'Delayed', statusDetails: 'Delayed' }],
        listedAtMs: 12_400,
      }),
    ).toBe('Deploy: 12 s · i-1: Delayed');
  });

  it('a fleet: counts, and instances by status', () => {
    expect(
      formatProgress({
        elapsedMs: 95_000,
        commandStatus: 'InProgress',
        counts: { target: 5, completed: 3, errors: 1, deliveryTimedOut: 1 },
        instances: [
          { instanceId: 'a', status: 'Success', statusDetails: 'Success' },
          { instanceId: 'b', status: 'InProgress', statusDetails: 'InProgress' },
          { instanceId: 'c', status: 'Success', statusDetails: 'Success' },
        ],
        listedAtMs: 95_000,
      }),
    ).toBe(
      'Deploy: 95 s · InProgress · 3/5 finished (1 failed, 1 not delivered) · 1 InProgress, 2 Success',
    );
    expect(
      formatProgress({
        elapsedMs: 1_500,
        commandStatus: 'Pending',
        counts: { target: 0, completed: 0, errors: 0, deliveryTimedOut: 0 },
        instances: [],
        listedAtMs: undefined,
      }),
    ).toBe('Deploy: 2 s · Pending · instances not resolved yet');
  });

  const listed = [
    { instanceId: 'a', status: 'Success', statusDetails: 'Success' },
    { instanceId: 'b', status: 'InProgress', statusDetails: 'InProgress' },
  ];

  it('a fleet listed a while ago: says when, as the counts are newer', () => {
    expect(
      formatProgress({
        elapsedMs: 61_000,
        commandStatus: 'InProgress',
        counts: { target: 2, completed: 2, errors: 0, deliveryTimedOut: 0 },
        instances: listed,
        listedAtMs: 30_200,
      }),
    ).toBe(
      'Deploy: 61 s · InProgress · 2/2 finished (0 failed) · as listed at 30 s: 1 InProgress, 1 Success',
    );
  });

  it('a finished fleet: no stale listing, the results follow', () => {
    expect(
      formatProgress({
        elapsedMs: 64_000,
        commandStatus: 'Success',
        counts: { target: 2, completed: 2, errors: 0, deliveryTimedOut: 0 },
        instances: listed,
        listedAtMs: 30_200,
      }),
    ).toBe('Deploy: 64 s · Success · 2/2 finished (0 failed)');
  });
});

describe('the command id and the dry run', () => {
  it('saves the command id and region as state at once, and sets the output', () => {
    reportCommandSent('cmd-9', 'us-east-2', 1_700_000_000_000);
    expect(fake.saveState.mock.calls).toEqual([
      ['command-id', 'cmd-9'],
      ['region', 'us-east-2'],
      // When SSM took it: until its not-found window has passed, the post step waits out an
      // InvalidCommandId.
      ['accepted-at', '1700000000000'],
      // The id replaces the marker the post step would otherwise look for.
      ['sending-nonce', ''],
    ]);
    expect(core.setOutput).toHaveBeenCalledWith('command-id', 'cmd-9');
  });

  it('prints the command and the script, env values hidden, with workflow commands stopped', () => {
    const prepared: PreparedDeploy = {
      script: "#!/bin/bash\nA='::set-env name=X::1'\ndeploy_env=('K=v')",
      shownScript: "#!/bin/bash\nA='::set-env name=X::1'\ndeploy_env=('K=***')",
      envNames: ['K'],
      scriptBytes: 36,
      scriptJsonBytes: 40,
      input: {
        DocumentName: 'AWS-RunShellScript',
        Parameters: { commands: ['#!/bin/bash'], executionTimeout: ['900'] },
      },
      nonce: NONCE,
      waves: 1,
      deliveryTimeoutSeconds: 600,
    };
    reportDryRun(prepared);
    const lines = fake.printed();
    expect(lines).not.toContain(prepared.script);
    expect(lines).toContain(
      'The values of env (K) are shown as ***: quoted for bash, a value is no longer what the runner masks.',
    );
    const at = lines.indexOf(prepared.shownScript);
    expect(at).toBeGreaterThan(0);
    expect(lines[at - 1]).toMatch(/^::stop-commands::[0-9a-f]{32}$/);
    expect(lines[at + 1]).toBe(`::${(lines[at - 1] ?? '').slice('::stop-commands::'.length)}::`);
    expect(lines).toContain('Dry run: nothing was sent.');
  });
});
