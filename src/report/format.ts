// Small pieces of text every phase's report uses: commits, durations, exit codes, statuses, HTML
// cells, and output printed with workflow commands switched off.

import { randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import type { InstanceResult } from '../deploy/deploy.js';

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

/** Every phase's section of the job summary starts with a heading of this level. */
export const SUMMARY_HEADING = 3;

export function statusText(status: string, details: string): string {
  return details !== '' && details.replaceAll(' ', '') !== status
    ? `${status} (${details})`
    : status;
}

/**
 * The script's exit code, when it has one: SSM reports ResponseCode -1 for a command that has not
 * run, or is still running, which is no exit code at all.
 */
export function exitCode(instance: InstanceResult): number | undefined {
  return instance.responseCode === null || instance.responseCode < 0
    ? undefined
    : instance.responseCode;
}

export function short(sha: string | null): string {
  return sha === null ? '—' : sha.slice(0, 7);
}

export function formatDuration(ms: number): string {
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Cells of the summary are HTML: a JSON key or a reason may hold `<` or `&`. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** A list for the job summary; each item escaped, its line breaks kept. */
export function htmlList(items: readonly string[]): string {
  return `<ul>${items.map((item) => `<li>${escapeHtml(item).replaceAll('\n', '<br>')}</li>`).join('')}</ul>`;
}

/** Text read from data (a record's fields) is shown without control characters, and bounded. */
export function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200);
}
