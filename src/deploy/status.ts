// SSM's statuses, and how they are read: pure, so the report can use it without the SDK.

const TERMINAL_STATUSES = new Set([
  'Success',
  'Failed',
  'TimedOut',
  'Cancelled',
  'Cancelling',
  'DeliveryTimedOut',
  'Undeliverable',
  'Terminated',
  'InvalidPlatform',
  'AccessDenied',
]);

const TERMINAL_DETAILS = new Set([
  'Success',
  'Failed',
  'Delivery Timed Out',
  'Execution Timed Out',
  'Canceled',
  'Cancelled',
  'Undeliverable',
  'Terminated',
  'Incomplete',
  'Rate Exceeded',
  'Access Denied',
  'No Instances In Tag',
]);

/**
 * Whether SSM will change this status no more. ResponseCode -1 alone is not terminal: SSM reports
 * it for every invocation that has not started yet; with a terminal status it means "never ran".
 */
export function isTerminal(status: string | undefined, details: string | undefined): boolean {
  return (
    (status !== undefined && TERMINAL_STATUSES.has(status)) ||
    (details !== undefined && TERMINAL_DETAILS.has(details))
  );
}

/** Instances by status, e.g. `[['InProgress', 2], ['Success', 1]]`, in a stable order. */
export function tally(instances: readonly { readonly status: string }[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const { status } of instances) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export function describeError(error: unknown): string {
  if (error instanceof Error)
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

/** The command's page in the AWS console. */
export function consoleUrl(region: string, commandId: string): string {
  return `https://${region}.console.aws.amazon.com/systems-manager/run-command/${encodeURIComponent(commandId)}?region=${region}`;
}
