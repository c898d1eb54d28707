// After the wait: every instance's final status, exit code, times and output, with as few calls
// as that takes. A fleet is listed a page (50 instances) per call with the 2,500-character output
// summary; GetCommandInvocation (24,000 characters of stdout, 8,000 of stderr) is asked only where
// the summary is not enough: always for an instance that failed, and for a small deploy whose
// summary was cut. When the output went to S3 and SSM cut it, the whole of it comes from there.

import type { S3Client } from '@aws-sdk/client-s3';
import {
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  type CommandInvocation,
  type GetCommandInvocationCommandOutput,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { awsErrorFacts, isAccessDenied, isThrottling } from '../aws-errors.js';
import { knownHint } from '../failure.js';
import { outputKey, readOutputTail, tailBytes, type Stream } from './s3-output.js';
import { UNKNOWN_STATUS, describeError, isTerminal } from './status.js';
import { PAGE_SIZE, pollInterval, type Seen, type Sleep } from './wait.js';

/** SSM keeps the first this-many characters of each stream in GetCommandInvocation. */
export const SSM_STDOUT_LIMIT = 24_000;
export const SSM_STDERR_LIMIT = 8_000;
/** A successful deploy to at most this many instances shows each one's output in full. */
export const FULL_OUTPUT_INSTANCES = 10;
/** How the agent joins stdout and stderr in the summary, and marks a stream it cut. */
const SUMMARY_STDERR_SEPARATOR = '\n----------ERROR-------\n';
const CUT_SUFFIXES = ['---Output truncated---', '---Error truncated----'];

/** Where an instance's output came from: how much of it there is. */
export type OutputSource =
  /** GetCommandInvocation, not cut. */
  | 'complete'
  /** GetCommandInvocation, cut by SSM (24,000 / 8,000 characters). */
  | 'cut'
  /** The 2,500-character summary of ListCommandInvocations, cut by the agent. */
  | 'summary'
  /** The S3 copy, whole or its end (see s3-output.ts). */
  | 's3'
  /** Nothing: the command never ran there, or the output could not be read. */
  | 'none';

export interface InstanceRun {
  readonly instanceId: string;
  readonly status: string;
  readonly statusDetails: string;
  readonly responseCode: number | undefined;
  readonly startedAt: number | undefined;
  readonly endedAt: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /**
   * SSM's own copy of the output (stdout, then stderr), whatever `stdout` and `stderr` were read
   * from: the only text the script's markers are taken from. The S3 copy is whatever the bucket
   * holds when it is read, which anyone allowed to write the bucket decides.
   */
  readonly ssmOutput: string;
  readonly source: OutputSource;
  /** Set when SSM did not report this instance's final state: why its result is not known. */
  readonly unknown?: string | undefined;
}

export interface CollectRequest {
  readonly commandId: string;
  readonly target:
    | { readonly kind: 'one'; readonly instanceId: string }
    | { readonly kind: 'fleet'; readonly instanceIds: readonly string[] | undefined };
  /** `owner`: the account the bucket must belong to (this caller's). */
  readonly outputS3:
    | { readonly bucket: string; readonly keyPrefix: string | undefined; readonly owner: string }
    | undefined;
  /** Read the state afresh even when the wait saw it (after a cancel). */
  readonly refresh: boolean;
  /** When SendCommand returned (epoch ms): lists again at the wait's own pace from it (or faster). */
  readonly sentAt: number;
  /**
   * A fleet is listed again, while SSM has not listed every instance in a final state, until this
   * time (epoch ms). SSM can count a command's instances as finished before it lists their
   * invocations, as it can answer InvocationDoesNotExist right after accepting a command.
   */
  readonly relistUntil: number;
}

/** Listings after the command finished are at most this far apart. */
export const RELIST_MAX_GAP_MS = 2_000;

export interface CollectDeps {
  readonly ssm: SSMClient;
  readonly s3: () => S3Client;
  readonly now: () => number;
  readonly sleep: Sleep;
}

export interface Collected {
  readonly runs: readonly InstanceRun[];
  /**
   * Instances SSM never listed although they were asked for by id (each has a line with status
   * Unknown) or counted for the command (tag targets: no line can stand for them).
   */
  readonly unlisted: number;
  /**
   * Why the last listing of a fleet's instances failed (ListCommandInvocations), and what to do
   * about it, when instances went unlisted because of it.
   */
  readonly listingError?: string | undefined;
  readonly notes: readonly string[];
}

export async function collectRuns(
  request: CollectRequest,
  seen: Seen,
  deps: CollectDeps,
): Promise<Collected> {
  const notes: string[] = [];
  let runs: InstanceRun[];
  let unlisted = 0;
  let listingError: string | undefined;
  if (request.target.kind === 'one') {
    const { instanceId } = request.target;
    const invocation =
      request.refresh || seen.invocation === undefined
        ? await getInvocation(deps.ssm, request.commandId, instanceId, notes)
        : seen.invocation;
    runs = [
      invocation === undefined
        ? unknownRun(instanceId, seen, 'SSM could not be asked for its final state')
        : fromInvocation(instanceId, invocation),
    ];
  } else {
    const listed = await listRuns(request, seen, deps, notes);
    unlisted = listed.unlisted;
    listingError = listed.listingError;
    runs = await fillOutputs(request.commandId, listed.runs, deps.ssm, notes);
  }
  if (request.outputS3 !== undefined)
    runs = await fromS3(request.commandId, request.outputS3, runs, deps.s3, notes);
  return { runs, unlisted, listingError, notes };
}

async function getInvocation(
  ssm: SSMClient,
  commandId: string,
  instanceId: string,
  notes: string[],
): Promise<GetCommandInvocationCommandOutput | undefined> {
  try {
    return await ssm.send(
      new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
    );
  } catch (error) {
    notes.push(`Could not read the result on ${instanceId}: ${describeError(error)}`);
    return undefined;
  }
}

function fromInvocation(
  instanceId: string,
  invocation: GetCommandInvocationCommandOutput,
): InstanceRun {
  const stdout = invocation.StandardOutputContent ?? '';
  const stderr = invocation.StandardErrorContent ?? '';
  const cut = isCut(stdout, SSM_STDOUT_LIMIT) || isCut(stderr, SSM_STDERR_LIMIT);
  return {
    instanceId,
    status: invocation.Status ?? 'Pending',
    statusDetails: invocation.StatusDetails ?? '',
    responseCode: invocation.ResponseCode,
    startedAt: parseTime(invocation.ExecutionStartDateTime),
    endedAt: parseTime(invocation.ExecutionEndDateTime),
    stdout,
    stderr,
    ssmOutput: `${stdout}\n${stderr}`,
    source: stdout === '' && stderr === '' ? 'none' : cut ? 'cut' : 'complete',
  };
}

function notRun(instanceId: string, status: string, statusDetails = ''): InstanceRun {
  return {
    instanceId,
    status,
    statusDetails,
    responseCode: undefined,
    startedAt: undefined,
    endedAt: undefined,
    stdout: '',
    stderr: '',
    ssmOutput: '',
    source: 'none',
  };
}

/** Between two looks after the workflow's cancel, while SSM is still carrying it out. */
export const AFTER_CANCEL_GAP_MS = 500;

/**
 * What SSM says of each instance once the workflow's cancel has been asked for, in the little time
 * the runner leaves before it kills the step (SIGTERM 7.5 s after its SIGINT): one call for one
 * instance, the listing with its output summaries for a fleet (no call per instance, no S3),
 * looked at again while SSM is still carrying out the cancel. An instance it has not reported in
 * a final state by `deadline` is unknown; undefined when SSM could not be asked in time at all.
 */
export async function lookAfterCancel(
  request: Pick<CollectRequest, 'commandId' | 'target'>,
  seen: Seen,
  deps: Pick<CollectDeps, 'ssm' | 'now' | 'sleep'>,
  deadline: number,
): Promise<InstanceRun[] | undefined> {
  const { target } = request;
  const expectedIds = target.kind === 'fleet' ? target.instanceIds : undefined;
  // Right after SendCommand SSM may not list an instance yet: that is no final state either.
  const settled = (looked: readonly InstanceRun[]): boolean =>
    looked.every(settledAfterCancel) &&
    (expectedIds ?? []).every((id) => looked.some((run) => run.instanceId === id)) &&
    looked.length >= (seen.counts?.target ?? 0);
  let runs: InstanceRun[] | undefined;
  for (;;) {
    const left = deadline - deps.now();
    if (left <= 0) break;
    const abortSignal = AbortSignal.timeout(left);
    try {
      runs =
        target.kind === 'one'
          ? [
              fromInvocation(
                target.instanceId,
                await deps.ssm.send(
                  new GetCommandInvocationCommand({
                    CommandId: request.commandId,
                    InstanceId: target.instanceId,
                  }),
                  { abortSignal },
                ),
              ),
            ]
          : (await listAll(deps.ssm, request.commandId, abortSignal))
              .filter((i) => i.InstanceId !== undefined)
              .map(fromListed);
      if (settled(runs)) break;
    } catch (error) {
      // Out of time: what an earlier look saw stands. Otherwise (SSM does not know the
      // invocation yet, say) it is asked again while there is time.
      if (error instanceof Error && error.name === 'AbortError') break;
    }
    if (deps.now() + AFTER_CANCEL_GAP_MS >= deadline) break;
    await deps.sleep(AFTER_CANCEL_GAP_MS);
  }
  if (runs === undefined) return undefined;
  const final = runs.map((run) =>
    settledAfterCancel(run)
      ? run
      : {
          ...run,
          unknown: `SSM still reported it ${run.status} when the step had to stop, after the cancel, so its final state is unknown`,
        },
  );
  for (const id of expectedIds ?? [])
    if (!final.some((run) => run.instanceId === id))
      final.push(unknownRun(id, seen, 'SSM had not listed it when the step had to stop'));
  return final.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}

/** Final, and not merely on its way to Cancelled. */
function settledAfterCancel(run: InstanceRun): boolean {
  return run.status !== 'Cancelling' && isTerminal(run.status, run.statusDetails);
}

/** An instance whose final state SSM did not report; `why` says what was missing. */
export function unknownRun(instanceId: string, seen: Seen, why: string): InstanceRun {
  const last = seen.instances.find((i) => i.instanceId === instanceId);
  return {
    ...notRun(instanceId, UNKNOWN_STATUS),
    unknown: `${why}${last === undefined ? '' : ` (it was last seen ${last.status})`}, so its result is unknown`,
  };
}

async function listRuns(
  request: CollectRequest,
  seen: Seen,
  deps: CollectDeps,
  notes: string[],
): Promise<{ runs: InstanceRun[]; unlisted: number; listingError: string | undefined }> {
  const expectedIds = request.target.kind === 'fleet' ? request.target.instanceIds : undefined;
  const counted = seen.counts?.target ?? 0;
  let listed: CommandInvocation[] = [];
  let failure: unknown;
  const settled = (): boolean =>
    (expectedIds === undefined
      ? listed.length >= counted
      : expectedIds.every((id) => listed.some((i) => i.InstanceId === id))) &&
    listed.every((i) => isTerminal(i.Status, i.StatusDetails));
  for (;;) {
    try {
      listed = await listAll(deps.ssm, request.commandId);
      failure = undefined;
    } catch (error) {
      failure = error;
    }
    if (settled()) break;
    // At the wait's pace, but often enough to list again within the tolerance even after a long
    // deploy, whose pace by then is far slower; the last listing falls at its end.
    const now = deps.now();
    if (now >= request.relistUntil) break;
    await deps.sleep(
      Math.min(pollInterval(now - request.sentAt), RELIST_MAX_GAP_MS, request.relistUntil - now),
    );
  }
  const listingError = failure === undefined ? undefined : describeError(failure);
  // Said as a note when it hid nothing; the deploy says it with its verdict when it did.
  const runs = listed
    .filter((i) => i.InstanceId !== undefined)
    .map((invocation) => {
      const run = fromListed(invocation);
      return isTerminal(invocation.Status, invocation.StatusDetails) ||
        !isTerminal(seen.commandStatus, seen.statusDetails)
        ? run
        : {
            ...run,
            unknown: `SSM still listed it as ${run.status} after the command had finished, so its result is unknown`,
          };
    });
  let unlisted = 0;
  if (expectedIds !== undefined) {
    // Every instance asked for gets a line, even one SSM never listed; what it did is not known.
    for (const id of expectedIds)
      if (!runs.some((run) => run.instanceId === id)) {
        runs.push(unknownRun(id, seen, 'SSM never listed its invocation'));
        unlisted++;
      }
  } else {
    unlisted = Math.max(0, counted - runs.length);
  }
  if (listingError !== undefined && unlisted === 0)
    notes.push(`Could not list the instances of the command: ${listingError}`);
  return {
    runs: runs.sort((a, b) => a.instanceId.localeCompare(b.instanceId)),
    unlisted,
    listingError:
      unlisted > 0 && failure !== undefined
        ? `${listingError}; ${listingAdvice(failure)}`
        : undefined,
  };
}

/**
 * What to do when the listing failed: only a refusal is about the role's permissions. The command
 * itself has run by then, so running the job again would deploy again; each instance's result is
 * still on the command's page in the console.
 */
function listingAdvice(error: unknown): string {
  if (isAccessDenied(awsErrorFacts(error).code))
    return 'the role needs the ssm:ListCommandInvocations permission';
  if (isThrottling(error))
    return 'AWS throttled it after every retry: raise AWS_MAX_ATTEMPTS, and see each instance on the command page';
  // Credentials that expired during a long deploy, an endpoint that stopped answering, …: the
  // shared hint for that error says what to fix before the next deploy.
  const known = knownHint(awsErrorFacts(error).code);
  return known === undefined
    ? 'see each instance on the command page'
    : `${known} Each instance's result is on the command page`;
}

async function listAll(
  ssm: SSMClient,
  commandId: string,
  signal?: AbortSignal,
): Promise<CommandInvocation[]> {
  const all: CommandInvocation[] = [];
  let token: string | undefined;
  do {
    const page = await ssm.send(
      new ListCommandInvocationsCommand({
        CommandId: commandId,
        Details: true,
        MaxResults: PAGE_SIZE,
        ...(token === undefined ? {} : { NextToken: token }),
      }),
      signal === undefined ? {} : { abortSignal: signal },
    );
    all.push(...(page.CommandInvocations ?? []));
    token = page.NextToken;
  } while (token !== undefined && token !== '');
  return all;
}

function fromListed(invocation: CommandInvocation): InstanceRun {
  const plugin = invocation.CommandPlugins?.[0];
  const { stdout, stderr } = splitSummary(plugin?.Output ?? '');
  return {
    instanceId: invocation.InstanceId ?? '',
    status: invocation.Status ?? 'Pending',
    statusDetails: invocation.StatusDetails ?? '',
    responseCode: plugin?.ResponseCode,
    startedAt: plugin?.ResponseStartDateTime?.getTime(),
    endedAt: plugin?.ResponseFinishDateTime?.getTime(),
    stdout,
    stderr,
    ssmOutput: `${stdout}\n${stderr}`,
    // A summary the agent did not cut is the whole output.
    source:
      stdout === '' && stderr === ''
        ? 'none'
        : isSummaryCut(stdout, stderr)
          ? 'summary'
          : 'complete',
  };
}

/** The summary is stdout, then the separator and stderr when there was any. */
export function splitSummary(output: string): { stdout: string; stderr: string } {
  const at = output.indexOf(SUMMARY_STDERR_SEPARATOR);
  if (at < 0) return { stdout: output, stderr: '' };
  return {
    stdout: output.slice(0, at),
    stderr: output.slice(at + SUMMARY_STDERR_SEPARATOR.length),
  };
}

async function fillOutputs(
  commandId: string,
  runs: InstanceRun[],
  ssm: SSMClient,
  notes: string[],
): Promise<InstanceRun[]> {
  const small = runs.length <= FULL_OUTPUT_INSTANCES;
  const filled: InstanceRun[] = [];
  for (const run of runs) {
    // An instance whose final state is unknown is not asked about again: the listing has just
    // shown that SSM has nothing final to say about it yet.
    const needed =
      run.unknown !== undefined
        ? false
        : run.status === 'Success'
          ? small && run.source === 'summary'
          : !neverRan(run);
    const invocation = needed
      ? await getInvocation(ssm, commandId, run.instanceId, notes)
      : undefined;
    filled.push(
      invocation === undefined
        ? run
        : {
            ...fromInvocation(run.instanceId, invocation),
            startedAt: run.startedAt ?? parseTime(invocation.ExecutionStartDateTime),
            endedAt: run.endedAt ?? parseTime(invocation.ExecutionEndDateTime),
          },
    );
  }
  return filled;
}

/** SSM has no output for an invocation that was never delivered or never started. */
function neverRan(run: InstanceRun): boolean {
  return (
    run.responseCode === -1 ||
    ['Undeliverable', 'DeliveryTimedOut', 'Terminated'].includes(
      run.statusDetails.replaceAll(' ', ''),
    )
  );
}

function isSummaryCut(stdout: string, stderr: string): boolean {
  return CUT_SUFFIXES.some((suffix) => stdout.endsWith(suffix) || stderr.endsWith(suffix));
}

function isCut(text: string, limit: number): boolean {
  return text.length >= limit || CUT_SUFFIXES.some((suffix) => text.endsWith(suffix));
}

async function fromS3(
  commandId: string,
  bucket: NonNullable<CollectRequest['outputS3']>,
  runs: InstanceRun[],
  s3: () => S3Client,
  notes: string[],
): Promise<InstanceRun[]> {
  const small = runs.length <= FULL_OUTPUT_INSTANCES;
  const wanted = (run: InstanceRun): boolean =>
    (run.source === 'cut' || run.source === 'summary') && (run.status !== 'Success' || small);
  // Two streams of each instance read, all of them together bounded.
  const maxBytes = tailBytes(2 * runs.filter(wanted).length);
  const result: InstanceRun[] = [];
  for (const run of runs) {
    if (!wanted(run)) {
      result.push(run);
      continue;
    }
    const read = async (stream: Stream): Promise<string | undefined> => {
      const key = outputKey(bucket.keyPrefix, commandId, run.instanceId, stream);
      const answer = await readOutputTail(s3(), {
        bucket: bucket.bucket,
        key,
        owner: bucket.owner,
        maxBytes,
      });
      if (answer.kind === 'found') {
        if (!answer.cut) return answer.text;
        notes.push(`The ${stream} of ${run.instanceId} is long; the log shows its end.`);
        // From the first whole line: the read may start inside a secret, masked only whole.
        const newline = answer.text.indexOf('\n');
        return newline < 0 ? '' : answer.text.slice(newline + 1);
      }
      if (answer.kind === 'failed')
        notes.push(
          `Could not read the ${stream} of ${run.instanceId} from s3://${bucket.bucket}/${key}: ${describeError(answer.error)}`,
        );
      // SSM writes no object for a stream that stayed empty; what SSM returned stands.
      return undefined;
    };
    const stdout = await read('stdout');
    const stderr = await read('stderr');
    // The S3 copy is shown; ssmOutput, from SSM, stays what the markers are read from.
    result.push(
      stdout === undefined && stderr === undefined
        ? run
        : { ...run, stdout: stdout ?? run.stdout, stderr: stderr ?? run.stderr, source: 's3' },
    );
  }
  return result;
}

function parseTime(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
