// CloudWatch alarms the rollout watches: which of them are in ALARM, read with DescribeAlarms
// (every name in one call, both metric and composite alarms).

import {
  DescribeAlarmsCommand,
  type CloudWatchClient,
  type DescribeAlarmsCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import { ActionError } from '../errors.js';

export interface AlarmStates {
  /** Names in state ALARM. */
  readonly firing: readonly string[];
  /** Names CloudWatch does not know. */
  readonly missing: readonly string[];
}

export async function readAlarms(
  cloudWatch: CloudWatchClient,
  names: readonly string[],
  calls: { describeAlarms: number },
): Promise<AlarmStates> {
  const states = new Map<string, string>();
  let token: string | undefined;
  do {
    calls.describeAlarms++;
    const page: DescribeAlarmsCommandOutput = await cloudWatch.send(
      new DescribeAlarmsCommand({
        AlarmNames: [...names],
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        ...(token === undefined ? {} : { NextToken: token }),
      }),
    );
    for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])])
      if (alarm.AlarmName !== undefined && names.includes(alarm.AlarmName))
        states.set(alarm.AlarmName, alarm.StateValue ?? 'INSUFFICIENT_DATA');
    token = page.NextToken;
  } while (token !== undefined && token !== '');
  return {
    firing: names.filter((name) => states.get(name) === 'ALARM'),
    missing: names.filter((name) => !states.has(name)),
  };
}

/** Before anything is sent: every alarm must exist and none may be in ALARM. */
export function refuseToStart(states: AlarmStates): void {
  if (states.missing.length > 0)
    throw new ActionError(
      `CloudWatch knows no alarm named ${states.missing.map((n) => JSON.stringify(n)).join(', ')} (alarms); nothing was sent.`,
      { hint: 'Check the names and the region; alarms are read with cloudwatch:DescribeAlarms.' },
    );
  if (states.firing.length > 0)
    throw new ActionError(
      `${states.firing.length === 1 ? 'Alarm' : 'Alarms'} ${states.firing.map((n) => JSON.stringify(n)).join(', ')} ${states.firing.length === 1 ? 'is' : 'are'} in ALARM before the rollout; nothing was sent.`,
      { hint: 'Deploy once the alarm is OK again, or leave it out of alarms.' },
    );
}
