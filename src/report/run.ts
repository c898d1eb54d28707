// What the step says about the run as a whole: its plan, and a cancel that came before anything
// was sent.

import * as core from '@actions/core';

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
