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
import { outputKey, readOutput, type Stream } from './s3-output.js';
import { describeError } from './status.js';
import { PAGE_SIZE, type Seen, type Sleep } from './wait.js';

/** SSM keeps the first this-many characters of each stream in GetCommandInvocation. */
export const SSM_STDOUT_LIMIT = 24_000;
export const SSM_STDERR_LIMIT = 8_000;
/** A successful deploy to at most this many instances shows each one's output in full. */
export const FULL_OUTPUT_INSTANCES = 10;
/** How the agent joins stdout and stderr in the summary, and marks a stream it cut. */
const SUMMARY_STDERR_SEPARATOR = '\n----------ERROR-------\n';
const CUT_SUFFIXES = ['---Output truncated---', '---Error truncated----'];
/** Tag targets: how often to list again while SSM has listed fewer instances than it counted. */
const RELIST_ATTEMPTS = 3;
const RELIST_DELAY_MS = 2_000;

/** Where an instance's output came from: how much of it there is. */
export type OutputSource =
  /** GetCommandInvocation, not cut. */
  | 'complete'
  /** GetCommandInvocation, cut by SSM (24,000 / 8,000 characters). */
  | 'cut'
  /** The 2,500-character summary of ListCommandInvocations, cut by the agent. */
  | 'summary'
  /** The S3 copy, whole (or its last million characters). */
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
  readonly source: OutputSource;
}

export interface CollectRequest {
  readonly commandId: string;
  readonly target:
    | { readonly kind: 'one'; readonly instanceId: string }
    | { readonly kind: 'fleet'; readonly instanceIds: readonly string[] | undefined };
  readonly outputS3:
    { readonly bucket: string; readonly keyPrefix: string | undefined } | undefined;
  /** Read the state afresh even when the wait saw it (after a cancel). */
  readonly refresh: boolean;
}

export interface CollectDeps {
  readonly ssm: SSMClient;
  readonly s3: () => S3Client;
  readonly sleep: Sleep;
}

export interface Collected {
  readonly runs: readonly InstanceRun[];
  readonly notes: readonly string[];
}

export async function collectRuns(
  request: CollectRequest,
  seen: Seen,
  deps: CollectDeps,
): Promise<Collected> {
  const notes: string[] = [];
  let runs: InstanceRun[];
  if (request.target.kind === 'one') {
    const { instanceId } = request.target;
    const invocation =
      request.refresh || seen.invocation === undefined
        ? await getInvocation(deps.ssm, request.commandId, instanceId, notes)
        : seen.invocation;
    runs = [
      invocation === undefined
        ? notRun(instanceId, seen.instances[0]?.status ?? 'Pending')
        : fromInvocation(instanceId, invocation),
    ];
  } else {
    runs = await listRuns(request, seen, deps, notes);
    runs = await fillOutputs(request.commandId, runs, deps.ssm, notes);
  }
  if (request.outputS3 !== undefined)
    runs = await fromS3(request.commandId, request.outputS3, runs, deps.s3, notes);
  return { runs, notes };
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
    source: 'none',
  };
}

async function listRuns(
  request: CollectRequest,
  seen: Seen,
  deps: CollectDeps,
  notes: string[],
): Promise<InstanceRun[]> {
  const expectedIds = request.target.kind === 'fleet' ? request.target.instanceIds : undefined;
  const expected = expectedIds?.length ?? seen.counts?.target ?? 0;
  let listed: CommandInvocation[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      listed = await listAll(deps.ssm, request.commandId);
    } catch (error) {
      notes.push(`Could not list the instances of the command: ${describeError(error)}`);
    }
    if (listed.length >= expected || attempt >= RELIST_ATTEMPTS) break;
    await deps.sleep(RELIST_DELAY_MS);
  }
  const runs = listed.filter((i) => i.InstanceId !== undefined).map(fromListed);
  if (expectedIds !== undefined) {
    // Every instance asked for gets a line, even one SSM never listed.
    for (const id of expectedIds)
      if (!runs.some((run) => run.instanceId === id)) {
        const status = seen.instances.find((i) => i.instanceId === id);
        runs.push(
          notRun(id, status?.status ?? 'Undeliverable', status?.statusDetails ?? 'Undeliverable'),
        );
        notes.push(`SSM listed no invocation on ${id}.`);
      }
  } else if (runs.length < expected) {
    notes.push(`SSM counted ${expected} instances for this command but listed ${runs.length}.`);
  }
  return runs.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}

async function listAll(ssm: SSMClient, commandId: string): Promise<CommandInvocation[]> {
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
    const needed = run.status === 'Success' ? small && run.source === 'summary' : !neverRan(run);
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
  bucket: { readonly bucket: string; readonly keyPrefix: string | undefined },
  runs: InstanceRun[],
  s3: () => S3Client,
  notes: string[],
): Promise<InstanceRun[]> {
  const small = runs.length <= FULL_OUTPUT_INSTANCES;
  const result: InstanceRun[] = [];
  for (const run of runs) {
    const wanted =
      (run.source === 'cut' || run.source === 'summary') && (run.status !== 'Success' || small);
    if (!wanted) {
      result.push(run);
      continue;
    }
    const read = async (stream: Stream): Promise<string | undefined> => {
      const key = outputKey(bucket.keyPrefix, commandId, run.instanceId, stream);
      const answer = await readOutput(s3(), bucket.bucket, key);
      if (answer.kind === 'found') {
        if (answer.cut)
          notes.push(`The ${stream} of ${run.instanceId} is long; the log shows its end.`);
        return answer.text;
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
