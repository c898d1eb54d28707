// The deploy record (record-parameter): what it says about this run, a skipped run, and whether
// it was written.

import * as core from '@actions/core';
import type { RunContext } from '../config.js';
import type { DeployRecord, RecordVerdict } from '../record.js';
import { describeError } from '../deploy/status.js';
import { SUMMARY_HEADING, clean, escapeHtml } from './format.js';

/** What the record says about this run, before anything is sent. */
export function reportRecordCheck(
  name: string,
  verdict: RecordVerdict,
  run: RunContext,
  dryRun: boolean,
): void {
  const { read } = verdict;
  const thisRun = `this run (${run.runId || 'no run id'})`;
  const prefix = dryRun ? 'Dry run: ' : '';
  switch (verdict.action) {
    case 'skip':
      if (dryRun)
        core.info(
          `${prefix}${name} records ${describeRecord(verdict.read.record)}, a newer run than ${thisRun}: the deploy would be skipped (allow-older: true deploys it anyway).`,
        );
      return;
    case 'deploy-older':
      core.notice(
        `${prefix}${name} records ${describeRecord(verdict.read.record)}, a newer run than ${thisRun}; allow-older is true, so ${dryRun ? 'it would deploy' : 'it deploys'} anyway and, once it succeeds, records itself.`,
        { title: 'Deploying an older run' },
      );
      return;
    case 'deploy':
      switch (read.kind) {
        case 'none':
          core.info(
            `${prefix}${name} holds no deploy record yet; it ${dryRun ? 'would be' : 'is'} written after a successful deploy.`,
          );
          return;
        case 'unreadable':
          core.warning(
            `${read.reason}; it ${dryRun ? 'would be' : 'will be'} overwritten with the deploy record after a successful deploy.`,
          );
          return;
        case 'record':
          core.info(
            `${prefix}${name} (version ${read.version}) records ${describeRecord(read.record)}; ${thisRun} is not older, so it ${dryRun ? 'would deploy' : 'deploys'}.`,
          );
          return;
      }
  }
}

/** A newer run already deployed: nothing is sent, and the step succeeds with status Skipped. */
export async function reportSkipped(
  name: string,
  read: { readonly record: DeployRecord; readonly version: number },
  run: RunContext,
): Promise<void> {
  core.setOutput('status', 'Skipped');
  core.setOutput('results', '[]');
  const text = `${name} (version ${read.version}) records ${describeRecord(read.record)}, a newer run than this one (${run.runId}); deploying now would put older code over newer, so nothing was sent. To deploy this run anyway (a deliberate rollback), set allow-older: true.`;
  core.notice(text, { title: 'Deploy skipped' });
  try {
    await core.summary
      .addHeading('ssm-deploy', SUMMARY_HEADING)
      .addRaw(`<p><b>Skipped</b> · ${escapeHtml(text)}</p>`, true)
      .write();
  } catch (error) {
    core.debug(`No job summary: ${describeError(error)}`);
  }
}

export function reportRecordWritten(
  name: string,
  written: { readonly version: number; readonly raced: boolean },
  record: DeployRecord,
  replacedUnreadable: boolean,
): void {
  core.info(
    `Deploy record written to ${name} (version ${written.version}): ${describeRecord(record)}${replacedUnreadable ? '; it replaced a value that was not a deploy record' : ''}.`,
  );
  if (written.raced)
    core.warning(
      `Another write to ${name} landed between this run's last look at the record and its own write (the version skipped to ${written.version}); the record names this run, which may not be the newest deploy.`,
    );
}

/** A newer run recorded itself while this one deployed: the record keeps it. */
export function reportRecordKept(
  name: string,
  kept: { readonly record: DeployRecord; readonly version: number },
): void {
  reportRecordNotWritten(
    name,
    `while this run deployed, ${describeRecord(kept.record).replace(', which deployed ', ' recorded ')} (version ${kept.version}), a newer run than this one, so the record keeps it`,
  );
}

export function reportRecordNotWritten(name: string, reason: string): void {
  core.info(`Deploy record ${name} not written: ${reason}.`);
}

/** The record's fields are whatever the parameter holds: shown without control characters. */
function describeRecord(record: DeployRecord): string {
  const attempt = record.runAttempt > 1 ? ` (attempt ${record.runAttempt})` : '';
  const ref = record.ref === record.sha ? '' : ` (${clean(record.ref)})`;
  return `run ${record.run}${attempt} of ${clean(record.repository)}, which deployed ${clean(record.sha)}${ref} at ${clean(record.at)}`;
}
