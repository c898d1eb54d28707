// The SSM command's life as the log and the step state see it: about to be sent, sent, settled,
// and left running (wait: false).

import * as core from '@actions/core';
import { consoleUrl } from '../deploy/status.js';
import { DEPLOY_STATE as STATE } from './state.js';

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
