// What the log shows while the deploy runs: progress lines, notes, and the instances' live output.

import * as core from '@actions/core';
import type { StreamedLine } from '../log-stream.js';
import { isTerminal, tally } from '../deploy/status.js';
import type { Progress } from '../deploy/wait.js';
import { printUntrusted, statusText } from './format.js';

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
