// Phases 1 and 2: secrets, parameters and versioned buckets — masks, outputs, log and summary.

import * as core from '@actions/core';
import type { BeforeDeploy } from '../before-deploy.js';
import type { ValueOutputs } from '../outputs.js';
import type { BucketResult } from '../versioning.js';
import { MIN_MASK_LENGTH } from '../masks.js';
import { SUMMARY_HEADING, escapeHtml } from './format.js';

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

/**
 * Whether the runner hides the output's value, as it really is: `yes` only when the value itself
 * was registered. A part of a secret too short to mask alone (a JSON leaf such as `42`) is not
 * masked, and a multi-line value with such a line is masked line by line only.
 */
export function maskedText(
  output: { readonly value: string; readonly secret: boolean },
  masks: readonly string[],
): string {
  if (!output.secret) return 'no';
  if (masks.includes(output.value)) return 'yes';
  if (output.value === '') return 'no (empty)';
  if (['true', 'false', 'null'].includes(output.value))
    return 'no: true, false and null are never masked';
  if (/[\r\n]/.test(output.value))
    return `each line of ${MIN_MASK_LENGTH} characters or more; shorter lines are not masked`;
  return `no: shorter than ${MIN_MASK_LENGTH} characters, too short to mask alone`;
}

async function writeBeforeDeploySummary(
  values: ValueOutputs | undefined,
  buckets: readonly DoneBucket[],
  dryRun: readonly string[] | undefined,
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  if (values === undefined && buckets.length === 0 && dryRun === undefined) return;
  const summary = core.summary.addHeading(
    'Secrets, parameters and versioned buckets',
    SUMMARY_HEADING,
  );
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
        maskedText(output, values.masks),
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
