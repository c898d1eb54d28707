// The GitHub Deployment as the log and the step state see it.

import * as core from '@actions/core';
import type { DeploymentState } from '../github-deployment.js';
import { clean, type ChecksVerdict } from '../required-checks.js';
import { DEPLOY_STATE as STATE } from './state.js';

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

/** What the commit's checks said before the Deployment was created. */
export function reportChecks(ref: string, verdict: ChecksVerdict): void {
  if (verdict.kind === 'waived') {
    core.info(
      'required-checks is none: the GitHub Deployment is created whatever the checks of the commit say.',
    );
    return;
  }
  for (const note of verdict.notes) core.warning(note, { title: 'Required checks' });
  const pending =
    verdict.pending.length === 0
      ? ''
      : ` Not finished or not reported, and not waited for: ${verdict.pending.slice(0, 10).map(clean).join(', ')}${verdict.pending.length > 10 ? `, and ${verdict.pending.length - 10} more` : ''}.`;
  core.info(`Checks of ${ref}: ${verdict.required}, none failed.${pending}`);
}
