// Phases 1 and 2: secrets, parameters and versioned buckets — masks, outputs, log and summary.

import * as core from '@actions/core';
import type { BeforeDeploy } from '../before-deploy.js';
import type { ValueOutputs } from '../outputs.js';
import type { BucketResult } from '../versioning.js';
import { MIN_MASK_LENGTH } from '../masks.js';
import { SUMMARY_HEADING, escapeHtml } from './format.js';

/**
 * Shows what phases 1 and 2 did. Every mask is registered first, before any output is set or any
 * line is printed, so a secret value can never reach the log unmasked. A dry run read the values
 * to prove they can be read: they are masked, and set as no output and no variable.
 */
export async function reportBeforeDeploy(result: BeforeDeploy, dryRun: boolean): Promise<void> {
  const { values, buckets, warnings } = result;
  for (const mask of values?.masks ?? []) core.setSecret(mask);

  const lines = [
    ...(values?.notes ?? []),
    ...[...(values?.envOnly ?? [])].map(
      (name) =>
        `${name} is the name of one of the action's own outputs: it is exported as a variable, not set as a step output.`,
    ),
    ...(buckets ?? []).flatMap((bucket) => (bucket.kind === 'ok' ? [bucketLine(bucket)] : [])),
  ];
  if (lines.length > 0) {
    core.startGroup(
      dryRun ? `Dry run: ${DRY_RUN_READ}` : 'Secrets, parameters and versioned buckets',
    );
    for (const line of lines) core.info(line);
    core.endGroup();
  }
  for (const warning of warnings) core.warning(warning);

  if (values !== undefined && !dryRun) {
    for (const output of values.outputs)
      if (!values.envOnly.has(output.name)) core.setOutput(output.name, output.value);
    if (values.exportEnv)
      for (const output of values.outputs) core.exportVariable(output.name, output.value);
    core.setOutput('secrets-manifest', values.manifest);
  }
  const done = (buckets ?? []).filter((bucket) => bucket.kind === 'ok');
  if (buckets !== undefined)
    core.setOutput('versioning', JSON.stringify(buckets.map(bucketOutput)));
  await writeBeforeDeploySummary(values, done, dryRun);
}

/** What a dry run did in phases 1 and 2. */
export const DRY_RUN_READ =
  'secrets and parameters read and masked, no output set; buckets checked, nothing changed';

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
  if (/[\r\n]/.test(output.value))
    return `each line of ${MIN_MASK_LENGTH} characters or more; shorter lines are not masked`;
  return `no: shorter than ${MIN_MASK_LENGTH} characters, too short to mask alone`;
}

async function writeBeforeDeploySummary(
  values: ValueOutputs | undefined,
  buckets: readonly DoneBucket[],
  dryRun: boolean,
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  if (values === undefined && buckets.length === 0) return;
  const summary = core.summary.addHeading(
    'Secrets, parameters and versioned buckets',
    SUMMARY_HEADING,
  );
  if (dryRun) summary.addList([`Dry run: ${DRY_RUN_READ}.`]);
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
