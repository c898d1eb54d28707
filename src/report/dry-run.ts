// Dry run: the command and the script that would be sent, and nothing sent; its own status.

import * as core from '@actions/core';
import type { PreparedDeploy } from '../deploy/deploy.js';
import { printUntrusted } from './format.js';

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

/** The `status` of a dry run that found nothing wrong. */
export const DRY_RUN_STATUS = 'DryRun';

/** A dry run whose every check passed: its own status, so a later step can tell it from a deploy. */
export function reportDryRunPassed(): void {
  core.setOutput('status', DRY_RUN_STATUS);
  core.info('Dry run: every check passed; nothing was sent or changed.');
}
