// Reading Run Command requests as SSM validates them: SendCommand's parameters, targets and rate
// control, instance ids, and the Filters of ListCommands / ListCommandInvocations.

import { randomUUID } from 'node:crypto';
import { ServiceError, validationError } from '../errors.js';
import type { Target } from '../instances.js';
import type { JsonInput } from '../json-input.js';
import type { Command } from './command-state.js';

export const RUN_SHELL_SCRIPT = 'AWS-RunShellScript';
/** An assumption of the sandbox: the commands of one SendCommand may total at most 64 KB. */
const MAX_COMMANDS_BYTES = 64 * 1024;
export const COMMAND_ID = { min: 36, max: 36 };
const INSTANCE_ID = /^(i-(\w{8}|\w{17})|mi-\w{17})$/;
const CONCURRENCY = /^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$/;
const ERRORS = /^([1-9][0-9]*|0|[1-9][0-9]%|[0-9]%|100%)$/;
const EXECUTION_TIMEOUT =
  /^([1-9][0-9]{0,4}|1[0-6][0-9]{4}|17[0-1][0-9]{3}|172[0-7][0-9]{2}|172800)$/;

export function checkInstanceId(member: string, id: string): void {
  if (!INSTANCE_ID.test(id)) {
    throw validationError(
      member,
      id,
      'Member must satisfy regular expression pattern: (^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)',
    );
  }
}

/** A SendCommand request as a new command (no invocations yet); throws what SSM would. */
export function readSendCommand(
  input: JsonInput,
  region: string,
  now: number,
  requestedReal: number,
  isKnownInstance: (id: string) => boolean,
): Command {
  const documentName = input.requiredString('DocumentName');
  if (documentName !== RUN_SHELL_SCRIPT) {
    throw new ServiceError('InvalidDocument', `Document with name ${documentName} does not exist.`);
  }
  const documentVersion = input.string('DocumentVersion') ?? '$DEFAULT';
  const parameters = input.stringListMap('Parameters') ?? {};
  for (const name of Object.keys(parameters)) {
    if (!['commands', 'workingDirectory', 'executionTimeout'].includes(name)) {
      throw new ServiceError(
        'InvalidParameters',
        `Parameter "${name}" is not defined in document ${RUN_SHELL_SCRIPT}.`,
      );
    }
  }
  const commands = parameters.commands ?? [];
  if (commands.length === 0) {
    throw new ServiceError(
      'InvalidParameters',
      'Parameter "commands" is required and must not be empty.',
    );
  }
  if (Buffer.byteLength(commands.join('\n')) > MAX_COMMANDS_BYTES) {
    throw new ServiceError(
      'MaxDocumentSizeExceeded',
      `The commands exceed the maximum size of ${MAX_COMMANDS_BYTES} bytes.`,
    );
  }
  const executionTimeoutText = parameters.executionTimeout?.[0] ?? '3600';
  if (
    !EXECUTION_TIMEOUT.test(executionTimeoutText) ||
    (parameters.executionTimeout?.length ?? 1) !== 1
  ) {
    throw new ServiceError(
      'InvalidParameters',
      `Parameter "executionTimeout" "${executionTimeoutText}" does not match the allowed pattern.`,
    );
  }
  const workingDirectory = parameters.workingDirectory?.[0] || undefined;
  const instanceIds = input.stringList('InstanceIds', { max: 50 });
  const targets = readTargets(input);
  if ((instanceIds === undefined || instanceIds.length === 0) === (targets.length === 0)) {
    throw new ServiceError(
      'ValidationException',
      'Specify either InstanceIds or Targets, but not both.',
    );
  }
  for (const id of instanceIds ?? []) checkInstanceId('instanceIds', id);
  const unknown = (instanceIds ?? []).filter((id) => !isKnownInstance(id));
  if (unknown.length > 0) throw new ServiceError('InvalidInstanceId', undefined);
  const timeoutSeconds = input.number('TimeoutSeconds', { min: 30, max: 2_592_000 }) ?? 3600;
  const comment = input.string('Comment', { max: 100 }) ?? '';
  const maxConcurrency =
    input.string('MaxConcurrency', { min: 1, max: 7, pattern: CONCURRENCY }) ?? '50';
  const maxErrors = input.string('MaxErrors', { min: 1, max: 7, pattern: ERRORS }) ?? '0';
  const bucket = input.string('OutputS3BucketName', { min: 3, max: 63 });
  const prefix = input.string('OutputS3KeyPrefix', { max: 500 }) ?? '';
  const cloudWatch = input.body.CloudWatchOutputConfig as Record<string, unknown> | undefined;
  const command: Command = {
    id: randomUUID(),
    region,
    documentName,
    documentVersion,
    parameters,
    commands,
    workingDirectory,
    executionTimeout: Number(executionTimeoutText),
    instanceIds: [...new Set(instanceIds ?? [])],
    targets,
    comment,
    requested: now,
    requestedReal,
    timeoutSeconds,
    maxConcurrency,
    maxErrors,
    outputS3:
      bucket === undefined
        ? undefined
        : { region: input.string('OutputS3Region') ?? region, bucket, prefix },
    cloudWatch: {
      CloudWatchLogGroupName:
        typeof cloudWatch?.CloudWatchLogGroupName === 'string'
          ? cloudWatch.CloudWatchLogGroupName
          : '',
      CloudWatchOutputEnabled: cloudWatch?.CloudWatchOutputEnabled === true,
    },
    serviceRole: input.string('ServiceRoleArn') ?? '',
    invocations: [],
    resolved: targets.length === 0,
    cancelRequested: false,
    timers: [],
  };
  return command;
}

export function readTargets(input: JsonInput): readonly Target[] {
  const targets = input.objectList('Targets', { max: 5 }) ?? [];
  return targets.map((target) => {
    const key = target.requiredString('Key', { min: 1, max: 163 });
    const values = target.stringList('Values', { max: 50 }) ?? [];
    if (key !== 'InstanceIds' && key !== 'tag-key' && !/^tag:.+/.test(key)) {
      throw new ServiceError(
        'InvalidTarget',
        `The sandbox supports the target keys InstanceIds, tag:<key> and tag-key, not ${key}.`,
      );
    }
    return { Key: key, Values: values };
  });
}

/** ListCommands / ListCommandInvocations Filters: every filter must hold. */
export function readCommandFilters(
  input: JsonInput,
): (command: Command, status: string) => boolean {
  const filters = input.objectList('Filters', { max: 5 }) ?? [];
  const tests = filters.map((filter) => {
    const key = filter.requiredString('key');
    const value = filter.requiredString('value', { min: 1 });
    switch (key) {
      case 'InvokedAfter':
      case 'InvokedBefore': {
        const time = Date.parse(value);
        if (Number.isNaN(time)) throw new ServiceError('InvalidFilterValue', undefined);
        return (c: Command) => (key === 'InvokedAfter' ? c.requested >= time : c.requested <= time);
      }
      case 'Status':
        return (_: Command, status: string) => status === value;
      case 'DocumentName':
        return (c: Command) => c.documentName === value;
      case 'ExecutionStage': {
        if (value !== 'Executing' && value !== 'Complete')
          throw new ServiceError('InvalidFilterValue', undefined);
        return (c: Command, status: string) =>
          (value === 'Complete') ===
          ['Success', 'Failed', 'TimedOut', 'Cancelled'].includes(status);
      }
      default:
        throw new ServiceError('InvalidFilterKey', undefined);
    }
  });
  return (command, status) => tests.every((test) => test(command, status));
}
