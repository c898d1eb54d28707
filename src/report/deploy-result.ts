// The deploy's verdict: step outputs, one log group per instance, one annotation per failure, and
// the job summary.

import * as core from '@actions/core';
import type { DeployReport, InstanceResult } from '../deploy/deploy.js';
import { withoutMarkers } from '../deploy/result.js';
import { UNKNOWN_STATUS, describeError } from '../deploy/status.js';
import {
  escapeHtml,
  exitCode,
  formatDuration,
  printUntrusted,
  short,
  statusText,
  SUMMARY_HEADING,
  htmlList,
} from './format.js';

/** Outputs, one log group per instance, one annotation per failure, and the job summary. */
export async function reportDeployResult(
  report: DeployReport,
  /** With a rollout: the wave of each instance, added to its results object. */
  waveOf?: ReadonlyMap<string, number>,
): Promise<void> {
  core.setOutput('status', report.status);
  core.setOutput('command-id', report.commandId);
  core.setOutput('deployed-sha', report.deployedSha);
  core.setOutput(
    'results',
    JSON.stringify(
      report.instances.map((i) => ({
        instanceId: i.instanceId,
        status: i.status,
        responseCode: i.responseCode,
        durationMs: i.durationMs,
        previousSha: i.previousSha,
        deployedSha: i.deployedSha,
        rolledBack: i.rolledBack,
        healthy: i.healthy,
        stdoutTail: i.stdoutTail,
        stderrTail: i.stderrTail,
        ...(waveOf === undefined ? {} : { wave: waveOf.get(i.instanceId) ?? null }),
      })),
    ),
  );

  for (const instance of report.instances) printInstance(instance, report.nonce);
  for (const note of report.notes) core.warning(note);

  const ending = endingText(report);
  if (ending !== undefined) core.error(ending, { title: 'Deploy stopped' });
  for (const problem of report.problems) core.error(problem, { title: 'Deploy failed' });
  for (const instance of report.instances)
    if (!instance.success)
      core.error(failureText(instance), {
        title:
          instance.status === UNKNOWN_STATUS
            ? `Result unknown on ${instance.instanceId}`
            : `Deploy failed on ${instance.instanceId}`,
      });

  const succeeded = report.instances.filter((i) => i.success).length;
  const line = `Deploy ${report.status}: ${succeeded}/${report.instances.length} instance(s) succeeded${report.deployedSha ? ` at ${report.deployedSha}` : ''}. ${report.consoleUrl}`;
  core.info(line);
  core.debug(
    `Calls while waiting: ${report.pollCalls} to SSM, ${report.outputCalls} to CloudWatch Logs.`,
  );
  await writeSummary(report);
}

function endingText(report: DeployReport): string | undefined {
  const cancelled = cancelText(report);
  switch (report.ending.kind) {
    case 'finished':
      return undefined;
    case 'workflow-cancelled':
      return `Stopped by the runner (the workflow was cancelled, or timeout-minutes ran out). ${cancelled}`;
    case 'deadline':
      return `The deploy did not finish within ${report.ending.deadlineSeconds} s (delivery timeout + timeout-seconds + a margin). ${cancelled}`;
    case 'lost':
      return `Lost sight of the command. ${cancelled}`;
  }
}

function cancelText(report: DeployReport): string {
  const cancel = report.cancel;
  if (cancel === undefined) return '';
  switch (cancel.kind) {
    case 'requested':
      return `SSM command ${report.commandId} was cancelled on every instance still running it.`;
    case 'unknown-command':
      return `SSM no longer knows command ${report.commandId}, so there was nothing to cancel.`;
    case 'failed':
      return `Cancelling SSM command ${report.commandId} failed (${describeError(cancel.error)}): it may still be running; see ${report.consoleUrl}`;
  }
}

function failureText(instance: InstanceResult): string {
  const stderr = instance.stderrTail.split('\n').slice(-10).join('\n');
  const exit = exitCode(instance);
  const code = exit === undefined ? '' : `, exit code ${exit}`;
  return `${instance.instanceId}: ${statusText(instance.status, instance.statusDetails)}${code}: ${instance.reason ?? 'failed'}${stderr.trim() === '' ? '' : `\nLast lines of stderr:\n${stderr}`}`;
}

const SOURCE_NOTES: Partial<Record<InstanceResult['source'], string>> = {
  cut: 'SSM kept only the first 24,000 characters of stdout and 8,000 of stderr; set output-s3-bucket to see all of it.',
  summary:
    'SSM cut this output to the 2,500-character summary it lists for a fleet; the whole output is in the AWS console, or in S3 with output-s3-bucket.',
  none: 'SSM returned no output for this instance.',
};

function printInstance(instance: InstanceResult, nonce: string): void {
  const exit = exitCode(instance);
  const code = exit === undefined ? '' : ` · exit ${exit}`;
  const duration = instance.durationMs === null ? '' : ` · ${formatDuration(instance.durationMs)}`;
  core.startGroup(
    `${instance.instanceId} · ${statusText(instance.status, instance.statusDetails)}${code}${duration}`,
  );
  core.info(`Commit: ${commitText(instance)}`);
  if (instance.reason !== undefined) core.info(`Reason: ${instance.reason}`);
  const stdout = withoutMarkers(instance.stdout, nonce).replace(/\s+$/, '');
  const stderr = withoutMarkers(instance.stderr, nonce).replace(/\s+$/, '');
  if (stdout !== '') printUntrusted(stdout);
  if (stderr !== '') {
    core.info('── stderr ──');
    printUntrusted(stderr);
  }
  const note = SOURCE_NOTES[instance.source];
  if (note !== undefined) core.info(note);
  core.endGroup();
}

/**
 * Where an instance started, what it was to be brought to, and where it ended when that is not
 * the same: a rolled-back or failed instance shows the commit it tried, not only where it is now.
 */
export function commitText(instance: InstanceResult): string {
  const { previousSha, attemptedSha, deployedSha } = instance;
  const path = `${short(previousSha)} → ${short(attemptedSha ?? deployedSha)}`;
  if (attemptedSha === null || attemptedSha === deployedSha) return path;
  if (instance.rolledBack) return `${path}, rolled back to ${short(deployedSha)}`;
  return deployedSha === null
    ? `${path} (not reached)`
    : `${path} (not reached; at ${short(deployedSha)})`;
}

/** The one commit every instance was to be brought to, or else what was asked for. */
function attemptedCommit(report: DeployReport): string {
  const shas = new Set(report.instances.map((i) => i.attemptedSha).filter((sha) => sha !== null));
  const [only] = shas;
  return shas.size === 1 && only !== undefined ? only : report.attempted;
}

async function writeSummary(report: DeployReport): Promise<void> {
  const header = ['Instance', 'Status', 'Exit code', 'Duration', 'Commit', 'Rolled back'].map(
    (data) => ({ data, header: true }),
  );
  const rows = report.instances.map((i) => [
    `<code>${escapeHtml(i.instanceId)}</code>`,
    escapeHtml(statusText(i.status, i.statusDetails)) +
      (i.reason === undefined ? '' : `<br><sub>${escapeHtml(i.reason)}</sub>`),
    String(exitCode(i) ?? '—'),
    i.durationMs === null ? '—' : formatDuration(i.durationMs),
    escapeHtml(commitText(i)).replace(/\b([0-9a-f]{7})\b/g, '<code>$1</code>'),
    i.rolledBack ? 'yes' : 'no',
  ]);
  const commit = report.deployedSha || attemptedCommit(report);
  const said = [endingText(report), ...report.problems].filter(
    (text): text is string => text !== undefined && text !== '',
  );
  try {
    const summary = core.summary
      .addHeading('ssm-deploy', SUMMARY_HEADING)
      .addRaw(
        `<p><b>${escapeHtml(report.status)}</b>${commit === '' ? '' : ` · ${report.status === 'Success' ? 'deployed' : 'attempted'} <code>${escapeHtml(commit)}</code>`} · command <a href="${escapeHtml(report.consoleUrl)}"><code>${escapeHtml(report.commandId)}</code></a></p>`,
        true,
      );
    if (said.length > 0) summary.addRaw(htmlList(said), true);
    if (rows.length > 0) summary.addTable([header, ...rows]);
    await summary.write();
  } catch (error) {
    // A runner without a job summary (GITHUB_STEP_SUMMARY unset) is no reason to fail a deploy.
    core.debug(`No job summary: ${describeError(error)}`);
  }
}
