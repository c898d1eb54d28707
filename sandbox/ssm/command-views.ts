// The API's view of commands and invocations: the shapes ListCommands, ListCommandInvocations and
// GetCommandInvocation answer with.

import { epochSeconds } from '../json-input.js';
import {
  type Command,
  type Invocation,
  PLUGIN_NAME,
  commandState,
  invocationState,
  isError,
  joinKey,
  outputKeys,
} from './command-state.js';
import { MAX_STDERR_CONTENT, MAX_STDOUT_CONTENT, pluginOutput } from './output.js';

export function outputUrls(invocation: Invocation): { stdout: string; stderr: string } {
  const target = invocation.command.outputS3;
  if (!target || invocation.started === undefined) return { stdout: '', stderr: '' };
  const keys = outputKeys(invocation);
  const base = `https://s3.${target.region}.amazonaws.com/${target.bucket}`;
  return { stdout: `${base}/${keys.stdout}`, stderr: `${base}/${keys.stderr}` };
}

export function describeInvocation(invocation: Invocation, details: boolean): object {
  const command = invocation.command;
  const { status, details: statusDetails, code } = invocationState(invocation);
  const urls = outputUrls(invocation);
  const finished = invocation.phase.name === 'done';
  const plugin = {
    Name: PLUGIN_NAME,
    Status: status === 'Cancelling' ? 'InProgress' : status === 'Delayed' ? 'Pending' : status,
    StatusDetails: statusDetails,
    ResponseCode: code,
    ...(invocation.started === undefined
      ? {}
      : { ResponseStartDateTime: epochSeconds(invocation.started) }),
    ...(invocation.ended === undefined
      ? {}
      : { ResponseFinishDateTime: epochSeconds(invocation.ended) }),
    Output: finished ? pluginOutput(invocation.stdout, invocation.stderr) : '',
    StandardOutputUrl: urls.stdout,
    StandardErrorUrl: urls.stderr,
    OutputS3Region: command.outputS3?.region ?? command.region,
    OutputS3BucketName: command.outputS3?.bucket ?? '',
    OutputS3KeyPrefix: command.outputS3
      ? joinKey(command.outputS3.prefix, command.id, invocation.instanceId, 'awsrunShellScript')
      : '',
  };
  return {
    CommandId: command.id,
    InstanceId: invocation.instanceId,
    ...(invocation.instanceName === undefined ? {} : { InstanceName: invocation.instanceName }),
    Comment: command.comment,
    DocumentName: command.documentName,
    DocumentVersion: command.documentVersion,
    RequestedDateTime: epochSeconds(command.requested),
    Status: status,
    StatusDetails: statusDetails,
    TraceOutput: '',
    StandardOutputUrl: urls.stdout,
    StandardErrorUrl: urls.stderr,
    CommandPlugins: details ? [plugin] : [],
    ServiceRole: command.serviceRole,
    NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: '' },
    CloudWatchOutputConfig: command.cloudWatch,
  };
}

export function describeCommand(command: Command): object {
  const { status, details } = commandState(command);
  const invocations = command.invocations;
  return {
    CommandId: command.id,
    DocumentName: command.documentName,
    DocumentVersion: command.documentVersion,
    Comment: command.comment,
    ExpiresAfter: epochSeconds(
      command.requested + (command.timeoutSeconds + command.executionTimeout) * 1000,
    ),
    Parameters: command.parameters,
    InstanceIds: command.instanceIds,
    Targets: command.targets,
    RequestedDateTime: epochSeconds(command.requested),
    Status: status,
    StatusDetails: details,
    OutputS3Region: command.outputS3?.region ?? command.region,
    OutputS3BucketName: command.outputS3?.bucket ?? '',
    OutputS3KeyPrefix: command.outputS3?.prefix ?? '',
    MaxConcurrency: command.maxConcurrency,
    MaxErrors: command.maxErrors,
    TargetCount: invocations.length,
    CompletedCount: invocations.filter((i) => i.phase.name === 'done').length,
    ErrorCount: invocations.filter(isError).length,
    DeliveryTimedOutCount: invocations.filter(
      (i) => i.phase.name === 'done' && i.phase.ending.kind === 'DeliveryTimedOut',
    ).length,
    ServiceRole: command.serviceRole,
    NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: '' },
    CloudWatchOutputConfig: command.cloudWatch,
    TimeoutSeconds: command.timeoutSeconds,
  };
}

/** GetCommandInvocation's answer; `now` is sandbox time, for the elapsed time of a running script. */
export function describeInvocationResult(invocation: Invocation, now: number): object {
  const command = invocation.command;
  const { status, details, code } = invocationState(invocation);
  const finished = invocation.phase.name === 'done';
  const urls = outputUrls(invocation);
  return {
    CommandId: command.id,
    InstanceId: invocation.instanceId,
    Comment: command.comment,
    DocumentName: command.documentName,
    DocumentVersion: command.documentVersion,
    PluginName: PLUGIN_NAME,
    ResponseCode: code,
    ExecutionStartDateTime:
      invocation.started === undefined ? '' : new Date(invocation.started).toISOString(),
    ExecutionElapsedTime:
      invocation.started === undefined
        ? ''
        : elapsed((invocation.ended ?? now) - invocation.started),
    ExecutionEndDateTime:
      invocation.ended === undefined ? '' : new Date(invocation.ended).toISOString(),
    Status: status,
    StatusDetails: details,
    StandardOutputContent: finished ? invocation.stdout.slice(0, MAX_STDOUT_CONTENT) : '',
    StandardOutputUrl: urls.stdout,
    StandardErrorContent: finished ? invocation.stderr.slice(0, MAX_STDERR_CONTENT) : '',
    StandardErrorUrl: urls.stderr,
    CloudWatchOutputConfig: command.cloudWatch,
  };
}

function elapsed(ms: number): string {
  return `PT${(Math.max(0, ms) / 1000).toFixed(3)}S`;
}
