// What the step says about the run as a whole: its plan, and a cancel that came before anything
// was sent.

import * as core from '@actions/core';
import { clean } from '../required-checks.js';
import type { Shipped } from '../shipped-commit.js';
import { SUMMARY_HEADING, htmlList } from './format.js';

/** The workflow was cancelled before anything was sent: the step stops, and says where. */
export function reportCancelled(during: string, deploys: boolean): void {
  core.error(
    `Stopped by the runner (the workflow was cancelled, or timeout-minutes ran out) while ${during}; ${deploys ? 'nothing was sent to the instances' : 'the step stopped there'}.`,
    { title: 'Cancelled' },
  );
}

/** Prints the plan before any phase starts, so the log says what this run is about to do. */
export function reportPlan(plan: readonly string[]): void {
  core.startGroup('Plan');
  for (const line of plan) core.info(line);
  core.endGroup();
}

/** The commit this deploy ships, where it was found, and an override of the default branch. */
export function reportShippedCommit(shipped: Shipped): void {
  const ref = shipped.given === shipped.sha ? '' : ` (ref ${clean(shipped.given)})`;
  core.info(
    shipped.reachableFrom === undefined
      ? `Shipping commit ${shipped.sha}${ref}. Whether it is on ${shipped.allowedBranches.join(', ')} was not checked before sending: there is no github-token to ask GitHub.`
      : `Shipping commit ${shipped.sha}${ref}, reachable from branch ${shipped.reachableFrom}.`,
  );
  const beyond = shipped.allowedBranches.filter((branch) => branch !== shipped.defaultBranch);
  if (beyond.length > 0)
    core.notice(
      `allowed-branches lets commits ship from ${beyond.join(', ')}, beyond the default branch${shipped.defaultBranch === undefined ? '' : ` ${shipped.defaultBranch}`}: a deliberate override.`,
      { title: 'Allowed branches' },
    );
}

/**
 * A step that stopped on an error (bad inputs, a deploy refused) says so in the job summary too:
 * what went wrong and what to do, as the annotations say it, so the summary is never silent.
 */
export async function reportFailureSummary(messages: readonly string[]): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary
      .addHeading('ssm-deploy', SUMMARY_HEADING)
      .addRaw('<p><b>Failed</b> · the step stopped on an error:</p>', true)
      .addRaw(htmlList(messages), true)
      .write();
  } catch (error) {
    core.debug(`No job summary: ${error instanceof Error ? error.message : String(error)}`);
  }
}
