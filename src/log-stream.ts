// Follows a command's output in CloudWatch Logs while it runs, so a long deploy shows its output
// in the workflow log as it happens rather than only at the end. SSM writes one stream per
// instance and per output: `<commandId>/<instanceId>/aws-runShellScript/stdout` (and `stderr`).

import {
  FilterLogEventsCommand,
  ResourceNotFoundException,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';

export interface StreamedLine {
  readonly instanceId: string;
  readonly stream: 'stdout' | 'stderr';
  readonly timestamp: number;
  readonly message: string;
}

export interface LogFollower {
  /** The lines written since the last call, oldest first. Never throws for a missing group. */
  poll(): Promise<StreamedLine[]>;
}

/** Pages read per poll, so one chatty deploy cannot make a poll cycle arbitrarily long. */
const MAX_PAGES_PER_POLL = 5;

export function followCommandLogs(
  logs: CloudWatchLogsClient,
  logGroupName: string,
  commandId: string,
): LogFollower {
  // Events are fetched from `startTime` on; those already shown at exactly that millisecond are
  // remembered so the next query, which starts at the same millisecond, does not repeat them.
  let startTime: number | undefined;
  let shownAtStart = new Set<string>();
  let nextToken: string | undefined;

  return {
    async poll() {
      const lines: StreamedLine[] = [];
      for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
        let response;
        try {
          response = await logs.send(
            new FilterLogEventsCommand({
              logGroupName,
              logStreamNamePrefix: `${commandId}/`,
              startTime,
              nextToken,
            }),
          );
        } catch (error) {
          // The agent creates the group on its first write; until then there is nothing to show.
          if (error instanceof ResourceNotFoundException) return lines;
          throw error;
        }
        for (const event of response.events ?? []) {
          const id = event.eventId ?? `${event.logStreamName}:${event.timestamp}:${event.message}`;
          const timestamp = event.timestamp ?? 0;
          if (timestamp === startTime && shownAtStart.has(id)) continue;
          const line = parseStream(event.logStreamName ?? '', commandId);
          if (line === undefined) continue;
          lines.push({ ...line, timestamp, message: (event.message ?? '').replace(/\r?\n$/, '') });
          if (startTime === undefined || timestamp > startTime) {
            startTime = timestamp;
            shownAtStart = new Set();
          }
          if (timestamp === startTime) shownAtStart.add(id);
        }
        nextToken = response.nextToken;
        if (nextToken === undefined) break;
      }
      return lines.sort((a, b) => a.timestamp - b.timestamp);
    },
  };
}

function parseStream(
  name: string,
  commandId: string,
): Pick<StreamedLine, 'instanceId' | 'stream'> | undefined {
  const [command, instanceId, , stream] = name.split('/');
  if (command !== commandId || instanceId === undefined) return undefined;
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  return { instanceId, stream };
}
