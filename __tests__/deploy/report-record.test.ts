// What the user sees of the live output, the deploy record and the GitHub Deployment, through a
// stand-in for @actions/core.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunContext } from '../../src/config.js';
import type { DeployRecord } from '../../src/record.js';
import { reportDeploymentUpdate } from '../../src/report/github-deployment.js';
import { reportDeployOutput } from '../../src/report/progress.js';
import { reportRecordCheck, reportSkipped } from '../../src/report/record.js';
import * as fake from './fixtures/core.js';

vi.mock('@actions/core', () => import('./fixtures/core.js'));

const RUN: RunContext = {
  repository: 'acme/shop',
  sha: 'a'.repeat(40),
  runId: '500',
  runAttempt: '1',
  serverUrl: 'https://github.com',
};
const RECORD: DeployRecord = {
  sha: 'b'.repeat(40),
  ref: 'main',
  repository: 'acme/shop',
  run: 501,
  runAttempt: 2,
  at: '2030-01-01T00:00:00.000Z',
};

beforeEach(() => {
  fake.resetCore();
});

describe('reportDeployOutput', () => {
  it('heads every line with its instance (and stderr), each part of a line split by a carriage return too, with workflow commands off', () => {
    reportDeployOutput([
      { instanceId: 'i-1', stream: 'stdout', timestamp: 1, message: 'a\nb' },
      { instanceId: 'i-2', stream: 'stderr', timestamp: 2, message: '10%\r::add-mask::x' },
    ]);
    const [open, text, close] = fake.printed();
    const token = /^::stop-commands::([0-9a-f]{32})$/.exec(open ?? '')?.[1] ?? 'none';
    expect(text).toBe('[i-1] a\n[i-1] b\n[i-2 stderr] 10%\n[i-2 stderr] ::add-mask::x');
    expect(close).toBe(`::${token}::`);
  });
});

describe('the deploy record', () => {
  it('shows what a record holds without its control characters, so it cannot run a workflow command', () => {
    const hostile = { ...RECORD, run: 400, ref: 'main\n::set-output name=status::Success' };
    reportRecordCheck(
      '/deploys/shop',
      { action: 'deploy', read: { kind: 'record', record: hostile, version: 3 } },
      RUN,
      false,
    );
    const [line] = fake.printed();
    expect(line).not.toContain('\n');
    expect(line).toContain('(main ::set-output name=status::Success)');
  });

  it('Skipped: the outputs, a notice and the summary, its text escaped as HTML', async () => {
    await reportSkipped(
      '/deploys/shop',
      { record: { ...RECORD, ref: '<b>x</b>' }, version: 9 },
      RUN,
    );
    expect(fake.setOutput.mock.calls).toEqual([
      ['status', 'Skipped'],
      ['results', '[]'],
    ]);
    expect(fake.notice).toHaveBeenCalledWith(
      expect.stringContaining('records run 501 (attempt 2) of acme/shop'),
      { title: 'Deploy skipped' },
    );
    const summary = fake.summary.parts.join('');
    expect(summary).toContain('(&lt;b&gt;x&lt;/b&gt;)');
    expect(summary).not.toContain('<b>x</b>');
  });
});

describe('the GitHub Deployment', () => {
  it('an update: a line when it worked, a warning when it did not', () => {
    reportDeploymentUpdate(7, 'success', undefined);
    reportDeploymentUpdate(7, 'error', 'Updating GitHub Deployment 7 to error failed: 502');
    expect(fake.printed()).toEqual(['GitHub Deployment 7: success.']);
    expect(fake.warning).toHaveBeenCalledExactlyOnceWith(
      'Updating GitHub Deployment 7 to error failed: 502',
      { title: 'GitHub Deployment not updated' },
    );
  });
});
