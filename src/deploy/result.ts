// Reads back what the remote script said: its marker lines and its exit code, combined with the
// SSM status of the invocation, become one instance's result and a reason a person can act on.

import type { GitRef } from '../config.js';
import { FULL_SHA } from '../names.js';
import { EXIT_REASONS, MARKER_KEYS, exitName, markerPrefix, type MarkerKey } from './protocol.js';

export interface Markers {
  /** null: the checkout had no commit (`before=none`). */
  readonly before?: string | null;
  readonly target?: string;
  readonly deployed?: string;
  readonly stage?: 'script' | 'rollback';
  readonly scriptExit?: number;
  readonly rolledBack?: string;
  readonly rollbackExit?: number;
  readonly exit?: number;
}

const EXIT_CODE = /^(?:0|[1-9][0-9]{0,2})$/;

/**
 * The markers of this deploy found in `text` (stdout and stderr together). Strict: a line counts
 * only when it is exactly a marker with this deploy's nonce, a known key and a well-formed value;
 * anything else is the deploy-script's output, whatever it looks like. When a key appears more
 * than once (the end markers are printed on both streams), the first well-formed one wins.
 */
export function parseMarkers(text: string, nonce: string): Markers {
  const prefix = markerPrefix(nonce);
  const found: {
    before?: string | null;
    target?: string;
    deployed?: string;
    stage?: 'script' | 'rollback';
    scriptExit?: number;
    rolledBack?: string;
    rollbackExit?: number;
    exit?: number;
  } = {};
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.startsWith(prefix)) continue;
    const rest = line.slice(prefix.length);
    const equals = rest.indexOf('=');
    if (equals < 0) continue;
    const key = rest.slice(0, equals);
    const value = rest.slice(equals + 1);
    if (!isMarkerKey(key)) continue;
    switch (key) {
      case 'before':
        if (found.before === undefined && (value === 'none' || FULL_SHA.test(value)))
          found.before = value === 'none' ? null : value;
        break;
      case 'target':
        if (found.target === undefined && FULL_SHA.test(value)) found.target = value;
        break;
      case 'deployed':
        if (found.deployed === undefined && FULL_SHA.test(value)) found.deployed = value;
        break;
      case 'stage':
        // The later stage wins: `rollback` follows `script`.
        if (value === 'script' && found.stage === undefined) found.stage = 'script';
        else if (value === 'rollback') found.stage = 'rollback';
        break;
      case 'script-exit':
        if (found.scriptExit === undefined && EXIT_CODE.test(value))
          found.scriptExit = Number(value);
        break;
      case 'rolled-back':
        if (found.rolledBack === undefined && FULL_SHA.test(value)) found.rolledBack = value;
        break;
      case 'rollback-exit':
        if (found.rollbackExit === undefined && EXIT_CODE.test(value))
          found.rollbackExit = Number(value);
        break;
      case 'exit':
        if (found.exit === undefined && EXIT_CODE.test(value)) found.exit = Number(value);
        break;
    }
  }
  return found;
}

function isMarkerKey(key: string): key is MarkerKey {
  return (MARKER_KEYS as readonly string[]).includes(key);
}

/** `text` without this deploy's marker lines: what the deploy printed for people. */
export function withoutMarkers(text: string, nonce: string): string {
  const prefix = markerPrefix(nonce);
  return text
    .split('\n')
    .filter((line) => !line.startsWith(prefix))
    .join('\n');
}

/** The last `maxLines` lines of `text`, at most `maxChars` characters, without markers. */
export function tail(text: string, nonce: string, maxLines = 20, maxChars = 1000): string {
  const lines = withoutMarkers(text, nonce).replace(/\s+$/, '').split('\n');
  const last = lines.slice(-maxLines).join('\n');
  return last.length > maxChars ? `…${last.slice(last.length - maxChars + 1)}` : last;
}

/** SSM's own statuses and status details, as GetCommandInvocation and ListCommandInvocations give them. */
export interface InvocationState {
  readonly status: string;
  readonly statusDetails: string;
  /** -1 when the command never started on the instance; undefined when SSM gave none. */
  readonly responseCode: number | undefined;
}

/** What the deploy asked for, as far as reading results is concerned. */
export interface ResultContext {
  readonly ref: GitRef;
  readonly gitPull: boolean;
  readonly rollbackOnFailure: boolean;
  readonly timeoutSeconds: number;
  /** Said after a delivery timeout: whether rate control could have caused it. */
  readonly deliveryTimeoutCause?: string;
}

export interface Interpretation {
  readonly success: boolean;
  /** Why the instance did not succeed; undefined on success. */
  readonly reason: string | undefined;
  readonly previousSha: string | null;
  readonly deployedSha: string | null;
  readonly rolledBack: boolean;
}

/**
 * One instance's outcome from its SSM state and the markers in its output. The exit code decides
 * (it is never truncated); markers add the commits and, when they survived truncation, details.
 */
export function interpret(
  state: InvocationState,
  markers: Markers,
  context: ResultContext,
): Interpretation {
  const previousSha = markers.before ?? null;
  const code = state.responseCode;
  const success = state.status === 'Success' && (code === undefined || code === 0);
  const shaRef = context.ref.kind === 'sha' ? context.ref.sha : undefined;

  if (success) {
    // The script verified HEAD before running deploy-script, so with git-pull a sha ref is
    // what is checked out even when the markers were lost; a branch needs the marker.
    const deployedSha = markers.deployed ?? (context.gitPull ? (shaRef ?? null) : null);
    return { success, reason: undefined, previousSha, deployedSha, rolledBack: false };
  }

  const ssmReason = reasonFromSsm(state, context);
  if (ssmReason !== undefined)
    return {
      success,
      reason: ssmReason,
      previousSha,
      deployedSha: markers.deployed ?? null,
      rolledBack: markers.rolledBack !== undefined,
    };

  const name = code === undefined ? undefined : exitName(code);
  const scriptCode = markers.scriptExit;
  switch (name) {
    case 'rolledBack':
      return {
        success,
        reason: `deploy-script failed${exitText(scriptCode)}; the checkout was rolled back to ${short(markers.rolledBack ?? previousSha)} and deploy-script succeeded there`,
        previousSha,
        deployedSha: markers.rolledBack ?? previousSha,
        rolledBack: true,
      };
    case 'rollbackFailed':
      return {
        success,
        reason:
          markers.rolledBack === undefined
            ? `deploy-script failed${exitText(scriptCode)}, and the checkout could not be rolled back to ${short(previousSha)}`
            : `deploy-script failed${exitText(scriptCode)}; after rolling back to ${short(markers.rolledBack)} it failed there too${exitText(markers.rollbackExit)}`,
        previousSha,
        deployedSha: markers.rolledBack ?? null,
        rolledBack: markers.rolledBack !== undefined,
      };
    case 'scriptReservedCode':
    case 'deployScriptKilled':
      return {
        success,
        reason: `${EXIT_REASONS[name]}${scriptCode === undefined ? '' : ` (its exit code: ${scriptCode})`}`,
        previousSha,
        deployedSha: markers.deployed ?? null,
        rolledBack: false,
      };
    case 'checkoutFailed':
    case 'internalError':
      return {
        success,
        reason: EXIT_REASONS[name],
        previousSha,
        deployedSha: markers.deployed ?? null,
        rolledBack: false,
      };
    case undefined:
      return {
        success,
        reason:
          code === undefined
            ? `SSM reports ${describeStatus(state)} without an exit code`
            : `deploy-script failed with exit code ${code}`,
        previousSha,
        deployedSha: markers.deployed ?? null,
        rolledBack: false,
      };
    case 'workingDirectoryMissing':
    case 'notACheckout':
    case 'deployScriptMissing':
    case 'trackedFilesModified':
    case 'lockTimeout':
    case 'refNotFound':
    case 'runAsMissing':
    case 'fetchFailed':
    case 'programMissing':
    case 'lockUnsafe':
      // These stop the script before the checkout moves: the instance is where it was.
      return {
        success,
        reason: EXIT_REASONS[name],
        previousSha,
        deployedSha: previousSha,
        rolledBack: false,
      };
  }
}

/** A reason that SSM's own status gives better than any exit code, or undefined. */
function reasonFromSsm(state: InvocationState, context: ResultContext): string | undefined {
  // The documentation spells details with spaces ("Delivery Timed Out"), answers can spell them
  // without ("DeliveryTimedOut"): both read the same. A delivery timeout is also status TimedOut,
  // so it must be told apart before the execution timeout.
  const details = state.statusDetails.replaceAll(' ', '');
  if (details === 'Undeliverable')
    return 'SSM could not deliver the command: the instance is not a managed instance that SSM can reach (terminated, or no SSM agent)';
  if (details === 'DeliveryTimedOut' || state.status === 'DeliveryTimedOut')
    return `SSM could not deliver the command before the delivery timeout: is the instance running, with its SSM agent online?${context.deliveryTimeoutCause === undefined ? '' : ` ${context.deliveryTimeoutCause}`}`;
  if (details === 'Terminated')
    return 'not run: the command reached max-errors on other instances first';
  if (details === 'ExecutionTimedOut' || state.status === 'TimedOut')
    return `the deploy ran longer than timeout-seconds (${context.timeoutSeconds} s) and was stopped`;
  if (state.status === 'Cancelled' || state.status === 'Cancelling' || details === 'Canceled')
    return 'the command was cancelled';
  if (state.responseCode === -1) return 'the command never started on the instance';
  return undefined;
}

function describeStatus(state: InvocationState): string {
  return state.statusDetails && state.statusDetails !== state.status
    ? `${state.status} (${state.statusDetails})`
    : state.status;
}

function exitText(code: number | undefined): string {
  return code === undefined ? '' : ` (exit code ${code})`;
}

function short(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 12) : 'the previous commit';
}
