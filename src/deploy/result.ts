// Reads back what the remote script said: its marker lines and its exit code, combined with the
// SSM status of the invocation, become one instance's result and a reason a person can act on.

import type { GitRef, HealthCheck } from '../config.js';
import { FULL_SHA } from '../names.js';
import {
  EXIT_REASONS,
  HEALTH_OUTPUT_MAX,
  MARKER_KEYS,
  exitName,
  markerPrefix,
  type MarkerKey,
} from './protocol.js';

export interface Markers {
  /** null: the checkout had no commit (`before=none`). */
  readonly before?: string | null;
  readonly target?: string;
  readonly deployed?: string;
  readonly stage?: 'script' | 'rollback';
  readonly scriptExit?: number;
  readonly rolledBack?: string;
  readonly rollbackExit?: number;
  readonly health?: HealthVerdict;
  readonly rollbackHealth?: HealthVerdict;
  /** The last output of a failed health check, on one line. */
  readonly healthOutput?: string;
  readonly exit?: number;
}

export type HealthVerdict = 'passed' | 'failed';

function isHealthVerdict(value: string): value is HealthVerdict {
  return value === 'passed' || value === 'failed';
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
    health?: HealthVerdict;
    rollbackHealth?: HealthVerdict;
    healthOutput?: string;
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
      case 'health':
        if (found.health === undefined && isHealthVerdict(value)) found.health = value;
        break;
      case 'rollback-health':
        if (found.rollbackHealth === undefined && isHealthVerdict(value))
          found.rollbackHealth = value;
        break;
      case 'health-output':
        if (found.healthOutput === undefined && value.length <= HEALTH_OUTPUT_MAX)
          found.healthOutput = value;
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
  const lines = withoutMarkers(text, nonce).replace(/\s+$/, '').split('\n').slice(-maxLines);
  // Whole lines, so that a tail never starts inside a value the runner masks only whole; only a
  // last line longer than the whole tail is cut.
  let length = lines.reduce((sum, line) => sum + line.length + 1, -1);
  while (length > maxChars && lines.length > 1) length -= (lines.shift()?.length ?? 0) + 1;
  const last = lines.join('\n');
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
  readonly healthCheck: HealthCheck | undefined;
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
  /** Whether the instance passed health-check at the commit it ended at; null: not checked. */
  readonly healthy: boolean | null;
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
  const meaning = interpretRun(state, markers, context);
  return { ...meaning, healthy: healthOf(state, markers, context, meaning.rolledBack) };
}

/**
 * Health from the markers, printed on both streams after deploy-script; when its output cut them
 * off, from the exit code, which is never cut: 0 and 220 are given only after a check passed,
 * 226 only after it failed.
 */
function healthOf(
  state: InvocationState,
  markers: Markers,
  context: ResultContext,
  rolledBack: boolean,
): boolean | null {
  if (context.healthCheck === undefined) return null;
  const verdict = rolledBack ? markers.rollbackHealth : markers.health;
  if (verdict !== undefined) return verdict === 'passed';
  if (state.status !== 'Success' && state.status !== 'Failed') return null;
  const name = state.responseCode === undefined ? undefined : exitName(state.responseCode);
  if (state.responseCode === 0 || name === 'rolledBack') return true;
  if (name === 'unhealthy') return false;
  return null;
}

function interpretRun(
  state: InvocationState,
  markers: Markers,
  context: ResultContext,
): Omit<Interpretation, 'healthy'> {
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
        reason: `${firstFailure(markers)}; the checkout was rolled back to ${short(markers.rolledBack ?? previousSha)} and deploy-script${context.healthCheck === undefined ? '' : ' and health-check'} succeeded there`,
        previousSha,
        deployedSha: markers.rolledBack ?? previousSha,
        rolledBack: true,
      };
    case 'rollbackFailed':
      return {
        success,
        reason:
          markers.rolledBack === undefined
            ? `${firstFailure(markers)}, and the checkout could not be rolled back to ${short(previousSha)}`
            : markers.rollbackExit === 0 && markers.rollbackHealth === 'failed'
              ? `${firstFailure(markers)}; after rolling back to ${short(markers.rolledBack)} deploy-script succeeded but health-check failed there too`
              : `${firstFailure(markers)}; after rolling back to ${short(markers.rolledBack)} it failed there too${exitText(markers.rollbackExit)}`,
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
    case 'runAsUnsafe':
      // Refused before git runs, or (for deploy-script itself) once the checkout has moved.
      return {
        success,
        reason: EXIT_REASONS[name],
        previousSha,
        deployedSha: markers.deployed ?? previousSha,
        rolledBack: false,
      };
    case 'unhealthy':
      return {
        success,
        reason: `${EXIT_REASONS[name]} (${context.healthCheck?.timeoutSeconds ?? '?'} s)${healthOutputText(markers)}`,
        previousSha,
        deployedSha: markers.deployed ?? (context.gitPull ? (shaRef ?? null) : null),
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
    case 'refNotAllowed':
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

/** What failed first: deploy-script, or the health check after it succeeded. */
function firstFailure(markers: Markers): string {
  return markers.scriptExit === 0 && markers.health === 'failed'
    ? `deploy-script succeeded but health-check failed${healthOutputText(markers)}`
    : `deploy-script failed${exitText(markers.scriptExit)}`;
}

function healthOutputText(markers: Markers): string {
  const output = markers.healthOutput?.trim();
  return output ? `; its last output: ${output}` : '';
}

function exitText(code: number | undefined): string {
  return code === undefined ? '' : ` (exit code ${code})`;
}

function short(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 12) : 'the previous commit';
}
