// Everything the user sees: masks, step outputs, log groups, annotations and the job summary.
// With main.ts, the only module that talks to @actions/core.

import { randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import type { BeforeDeploy } from './before-deploy.js';
import type { RunContext } from './config.js';
import type { DeploymentState } from './github-deployment.js';
import type { StreamedLine } from './log-stream.js';
import type { DeployRecord, RecordVerdict } from './record.js';
import type { ValueOutputs } from './outputs.js';
import type { BucketResult } from './versioning.js';
import type { DeployReport, InstanceResult, PreparedDeploy } from './deploy/deploy.js';
import { withoutMarkers } from './deploy/result.js';
import { UNKNOWN_STATUS, consoleUrl, describeError, isTerminal, tally } from './deploy/status.js';
import type { Progress } from './deploy/wait.js';

/** The workflow was cancelled before anything was sent: the step stops, and says where. */
export function reportCancelled(during: string, deploys: boolean): void {
  core.error(
    `Cancelled by the workflow while ${during}; ${deploys ? 'nothing was sent to the instances' : 'the step stopped there'}.`,
    { title: 'Cancelled' },
  );
}

/** Prints the plan before any phase starts, so the log says what this run is about to do. */
export function reportPlan(plan: readonly string[]): void {
  core.startGroup('Plan');
  for (const line of plan) core.info(line);
  core.endGroup();
}

// ── Secrets, parameters and versioned buckets ──────────────────────────────────────────────────

/**
 * Shows what phases 1 and 2 did. Every mask is registered first, before any output is set or any
 * line is printed, so a secret value can never reach the log unmasked.
 */
export async function reportBeforeDeploy(result: BeforeDeploy): Promise<void> {
  const { values, buckets, dryRun, warnings } = result;
  for (const mask of values?.masks ?? []) core.setSecret(mask);

  const lines = [
    ...(dryRun ?? []),
    ...(values?.notes ?? []),
    ...(buckets ?? []).flatMap((bucket) => (bucket.kind === 'ok' ? [bucketLine(bucket)] : [])),
  ];
  if (lines.length > 0) {
    core.startGroup(
      dryRun === undefined
        ? 'Secrets, parameters and versioned buckets'
        : 'Dry run: what would be read and enabled (names listed with ListSecrets, DescribeParameters and GetBucketVersioning; no secret value is read and nothing is changed)',
    );
    for (const line of lines) core.info(line);
    core.endGroup();
  }
  for (const warning of warnings) core.warning(warning);

  if (values !== undefined) {
    for (const output of values.outputs) core.setOutput(output.name, output.value);
    if (values.exportEnv)
      for (const output of values.outputs) core.exportVariable(output.name, output.value);
    core.setOutput('secrets-manifest', values.manifest);
  }
  const done = (buckets ?? []).filter((bucket) => bucket.kind === 'ok');
  if (buckets !== undefined)
    core.setOutput('versioning', JSON.stringify(buckets.map(bucketOutput)));
  await writeBeforeDeploySummary(values, done, dryRun);
}

type DoneBucket = BucketResult & { readonly kind: 'ok' };

/**
 * One object per bucket of `versioned-buckets`, in its order. A bucket that could not be handled
 * keeps its place, with unknown states and the first line of what went wrong, so a later step
 * reading the output sees every bucket it asked for.
 */
function bucketOutput(result: BucketResult): object {
  if (result.kind === 'ok') {
    const { bucket, before, after, changed } = result;
    return { bucket, before, after, changed };
  }
  const [error = ''] = result.error.message.split('\n');
  return { bucket: result.bucket, before: null, after: null, changed: false, error };
}

function bucketLine(bucket: DoneBucket): string {
  const where = bucket.region === undefined ? '' : ` (in ${bucket.region})`;
  if (bucket.changed) return `${bucket.bucket}${where}: versioning ${bucket.before} → Enabled`;
  if (bucket.wouldEnable)
    return `${bucket.bucket}${where}: versioning ${bucket.before}; would be enabled`;
  return `${bucket.bucket}${where}: versioning already Enabled, left alone`;
}

async function writeBeforeDeploySummary(
  values: ValueOutputs | undefined,
  buckets: readonly DoneBucket[],
  dryRun: readonly string[] | undefined,
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  if (values === undefined && buckets.length === 0 && dryRun === undefined) return;
  const summary = core.summary.addHeading('Secrets, parameters and versioned buckets', 2);
  if (dryRun !== undefined && dryRun.length > 0) summary.addList(dryRun.map(escapeHtml));
  if (values !== undefined && values.outputs.length > 0)
    summary.addTable([
      [
        { data: 'Output', header: true },
        { data: 'From', header: true },
        { data: 'Masked', header: true },
      ],
      ...values.outputs.map((output) => [
        output.name,
        escapeHtml(output.source),
        output.secret ? 'yes' : 'no',
      ]),
    ]);
  if (buckets.length > 0)
    summary.addTable([
      [
        { data: 'Bucket', header: true },
        { data: 'Before', header: true },
        { data: 'After', header: true },
        { data: 'Changed', header: true },
      ],
      ...buckets.map((bucket) => [
        bucket.bucket,
        bucket.before,
        bucket.wouldEnable ? `${bucket.after} (would be enabled)` : bucket.after,
        bucket.changed ? 'yes' : 'no',
      ]),
    ]);
  await summary.write();
}

// ── Deploy ─────────────────────────────────────────────────────────────────────────────────────

const STATE = {
  commandId: 'command-id',
  region: 'region',
  sendingNonce: 'sending-nonce',
  sendingAt: 'sending-at',
  acceptedAt: 'accepted-at',
  deploymentId: 'deployment-id',
} as const;

/**
 * Step state the post step reads: the command to cancel if the workflow is cancelled, or, while
 * no command id is known, the marker and time of a send that may have reached SSM unanswered.
 */
export const DEPLOY_STATE = STATE;

/** Dry run: the exact command that would be sent, script included, and nothing sent. */
export function reportDryRun(prepared: PreparedDeploy): void {
  const { Parameters, ...command } = prepared.input;
  const shown = {
    ...command,
    Parameters: {
      commands: ['(the script below)'],
      executionTimeout: Parameters?.executionTimeout,
    },
  };
  core.startGroup('Dry run: the SSM command that would be sent');
  printUntrusted(JSON.stringify(shown, null, 2));
  core.endGroup();
  core.startGroup(
    `Dry run: the script (${prepared.scriptBytes} bytes; ${prepared.scriptJsonBytes} as sent)`,
  );
  printUntrusted(prepared.script);
  core.endGroup();
  core.info('Dry run: nothing was sent.');
}

/** Before the first SendCommand: what the post step needs to find the command without its id. */
export function reportSending(nonce: string, at: number, region: string): void {
  core.saveState(STATE.sendingNonce, nonce);
  core.saveState(STATE.sendingAt, String(at));
  core.saveState(STATE.region, region);
}

/** The command id the moment SSM returns it: saved first, so a cancel can always find it. */
export function reportCommandSent(commandId: string, region: string, at: number): void {
  core.saveState(STATE.commandId, commandId);
  core.saveState(STATE.region, region);
  core.saveState(STATE.acceptedAt, String(at));
  core.saveState(STATE.sendingNonce, '');
  core.setOutput('command-id', commandId);
  core.info(`Sent SSM command ${commandId}: ${consoleUrl(region, commandId)}`);
}

/** The post step has nothing left to cancel. */
export function reportCommandSettled(): void {
  core.saveState(STATE.commandId, '');
  core.saveState(STATE.sendingNonce, '');
}

export function reportNotWaiting(commandId: string): void {
  core.info(
    `wait is false: not waiting for command ${commandId}; it goes on running without this step.`,
  );
}

export function reportDeployProgress(progress: Progress): void {
  core.info(formatProgress(progress));
}

export function reportDeployNote(note: string): void {
  core.info(note);
}

export function formatProgress(progress: Progress): string {
  const parts = [`${Math.round(progress.elapsedMs / 1000)} s`];
  if (progress.counts === undefined) {
    const [instance] = progress.instances;
    if (instance !== undefined)
      parts.push(`${instance.instanceId}: ${statusText(instance.status, instance.statusDetails)}`);
  } else {
    const { target, completed, errors, deliveryTimedOut } = progress.counts;
    parts.push(progress.commandStatus ?? 'Pending');
    parts.push(
      target === 0
        ? 'instances not resolved yet'
        : `${completed}/${target} finished (${errors} failed${deliveryTimedOut > 0 ? `, ${deliveryTimedOut} not delivered` : ''})`,
    );
    // Instances are listed only now and then, so their statuses may be older than the counts: say
    // how old, and leave them out once the command has finished (the results follow at once).
    const byStatus = tally(progress.instances);
    if (byStatus.length > 0 && !isTerminal(progress.commandStatus, '')) {
      const listing = byStatus.map(([status, count]) => `${count} ${status}`).join(', ');
      const listedAt = Math.round((progress.listedAtMs ?? progress.elapsedMs) / 1000);
      parts.push(
        listedAt < Math.round(progress.elapsedMs / 1000)
          ? `as listed at ${listedAt} s: ${listing}`
          : listing,
      );
    }
  }
  return `Deploy: ${parts.join(' · ')}`;
}

function statusText(status: string, details: string): string {
  return details !== '' && details.replaceAll(' ', '') !== status
    ? `${status} (${details})`
    : status;
}

/** Outputs, one log group per instance, one annotation per failure, and the job summary. */
export async function reportDeployResult(report: DeployReport): Promise<void> {
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
        stdoutTail: i.stdoutTail,
        stderrTail: i.stderrTail,
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
      return `Cancelled by the workflow. ${cancelled}`;
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
  core.info(
    `Commit: ${short(instance.previousSha)} → ${short(instance.deployedSha)}${instance.rolledBack ? ' (rolled back)' : ''}`,
  );
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

/** Lines of output while the command runs, each headed by its instance. */
export function reportDeployOutput(lines: readonly StreamedLine[]): void {
  printUntrusted(
    lines
      .flatMap((line) =>
        // A lone carriage return ends a line in the workflow log too: each part gets its head.
        line.message
          .split(/\r?\n|\r/)
          .map(
            (text) => `[${line.instanceId}${line.stream === 'stderr' ? ' stderr' : ''}] ${text}`,
          ),
      )
      .join('\n'),
  );
}

// ── The deploy record and the GitHub Deployment ────────────────────────────────────────────────

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
      .addHeading('ssm-deploy', 3)
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

export function reportDeploymentStarted(
  deployment: { readonly id: number; readonly sha: string },
  ref: string,
  environment: string,
): void {
  // Until it is settled, the post step of a cancelled workflow settles it.
  core.saveState(STATE.deploymentId, String(deployment.id));
  core.info(
    `GitHub Deployment ${deployment.id} created in environment ${environment} for ${ref === deployment.sha ? ref : `${ref} (${deployment.sha})`}: in_progress.`,
  );
}

/** `failure`: the update's own failure, a warning only (the deploy has happened). */
export function reportDeploymentUpdate(
  id: number,
  state: DeploymentState,
  failure: string | undefined,
): void {
  core.saveState(STATE.deploymentId, '');
  if (failure === undefined) core.info(`GitHub Deployment ${id}: ${state}.`);
  else core.warning(failure, { title: 'GitHub Deployment not updated' });
}

export function reportDeploymentLeftInProgress(id: number): void {
  core.saveState(STATE.deploymentId, '');
  core.info(
    `wait is false: GitHub Deployment ${id} stays in_progress, since this step does not learn how the deploy ends.`,
  );
}

export function reportDeploymentMoved(ref: string, recorded: string, deployed: string): void {
  core.warning(
    `The GitHub Deployment was created for ${ref} at ${recorded.slice(0, 7)}, but the instances now run ${deployed.slice(0, 7)}: ${ref} moved in between.`,
  );
}

/** The record's fields are whatever the parameter holds: shown without control characters. */
function describeRecord(record: DeployRecord): string {
  const attempt = record.runAttempt > 1 ? ` (attempt ${record.runAttempt})` : '';
  const ref = record.ref === record.sha ? '' : ` (${clean(record.ref)})`;
  return `run ${record.run}${attempt} of ${clean(record.repository)}, which deployed ${clean(record.sha)}${ref} at ${clean(record.at)}`;
}

function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200);
}

/**
 * Prints text that came from elsewhere (an instance's output, the script with its values)
 * with workflow commands switched off, so that a line such as `::set-output` or `::add-mask`
 * in it is shown, never obeyed. The token is random, so the text cannot switch them back on.
 */
export function printUntrusted(text: string): void {
  const token = randomBytes(16).toString('hex');
  core.info(`::stop-commands::${token}`);
  core.info(text);
  core.info(`::${token}::`);
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
    `<code>${short(i.previousSha)}</code> → <code>${short(i.deployedSha)}</code>`,
    i.rolledBack ? 'yes' : 'no',
  ]);
  try {
    await core.summary
      .addHeading('ssm-deploy', 3)
      .addRaw(
        `<p><b>${escapeHtml(report.status)}</b> · command <a href="${escapeHtml(report.consoleUrl)}"><code>${escapeHtml(report.commandId)}</code></a>${report.deployedSha ? ` · <code>${report.deployedSha}</code>` : ''}</p>`,
        true,
      )
      .addTable([header, ...rows])
      .write();
  } catch (error) {
    // A runner without a job summary (GITHUB_STEP_SUMMARY unset) is no reason to fail a deploy.
    core.debug(`No job summary: ${describeError(error)}`);
  }
}

/**
 * The script's exit code, when it has one: SSM reports ResponseCode -1 for a command that has not
 * run, or is still running, which is no exit code at all.
 */
function exitCode(instance: InstanceResult): number | undefined {
  return instance.responseCode === null || instance.responseCode < 0
    ? undefined
    : instance.responseCode;
}

function short(sha: string | null): string {
  return sha === null ? '—' : sha.slice(0, 7);
}

function formatDuration(ms: number): string {
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Cells of the summary are HTML: a JSON key or a reason may hold `<` or `&`. */
function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
