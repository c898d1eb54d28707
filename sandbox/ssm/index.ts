// Systems Manager (awsJson1_1, `X-Amz-Target: AmazonSSM.<Operation>`): the Parameter Store, Run
// Command and managed-node operations the action uses.

import { ServiceError } from '../errors.js';
import type { JsonInput } from '../json-input.js';
import type { CommandService } from './commands.js';
import type { InstanceInformationService } from './instance-information.js';
import type { ParameterStore } from './parameters.js';

/** The fields of each operation that the call log may keep: ids and names, never values. */
export const SSM_LOGGED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  SendCommand: [
    'DocumentName',
    'InstanceIds',
    'Targets',
    'TimeoutSeconds',
    'MaxConcurrency',
    'MaxErrors',
    'OutputS3BucketName',
    'OutputS3KeyPrefix',
    'Comment',
  ],
  GetCommandInvocation: ['CommandId', 'InstanceId', 'PluginName'],
  ListCommandInvocations: [
    'CommandId',
    'InstanceId',
    'Details',
    'MaxResults',
    'NextToken',
    'Filters',
  ],
  ListCommands: ['CommandId', 'InstanceId', 'MaxResults', 'NextToken', 'Filters'],
  CancelCommand: ['CommandId', 'InstanceIds'],
  DescribeInstanceInformation: ['Filters', 'MaxResults', 'NextToken'],
  GetParameter: ['Name', 'WithDecryption'],
  GetParameters: ['Names', 'WithDecryption'],
  GetParametersByPath: ['Path', 'Recursive', 'WithDecryption', 'MaxResults', 'NextToken'],
  DescribeParameters: ['ParameterFilters', 'MaxResults', 'NextToken'],
  PutParameter: ['Name', 'Type', 'Overwrite', 'Tier'],
};

export class SsmService {
  constructor(
    readonly parameters: ParameterStore,
    readonly commands: CommandService,
    readonly instanceInformation: InstanceInformationService,
  ) {}

  handle(operation: string, input: JsonInput, region: string): object {
    switch (operation) {
      case 'SendCommand':
        return this.commands.sendCommand(input, region);
      case 'GetCommandInvocation':
        return this.commands.getCommandInvocation(input);
      case 'ListCommandInvocations':
        return this.commands.listCommandInvocations(input);
      case 'ListCommands':
        return this.commands.listCommands(input);
      case 'CancelCommand':
        return this.commands.cancelCommand(input);
      case 'DescribeInstanceInformation':
        return this.instanceInformation.describeInstanceInformation(input);
      case 'GetParameter':
        return this.parameters.getParameter(input, region);
      case 'GetParameters':
        return this.parameters.getParameters(input, region);
      case 'GetParametersByPath':
        return this.parameters.getParametersByPath(input, region);
      case 'DescribeParameters':
        return this.parameters.describeParameters(input, region);
      case 'PutParameter':
        return this.parameters.putParameter(input);
      default:
        throw new ServiceError('UnknownOperationException', undefined);
    }
  }
}
