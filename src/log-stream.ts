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
  poll(signal?: AbortSignal): Promise<StreamedLine[]>;
  /** FilterLogEvents calls made so far. */
  readonly calls: number;
}

/** Pages read per poll, so one chatty deploy cannot make a poll cycle arbitrarily long. */
export const MAX_PAGES_PER_POLL = 5;

/**
 * Each instance's agent uploads on its own schedule, so a line can arrive with a timestamp older
 * than lines already shown. Every query reaches back this far; lines already shown are known by
 * their event id.
 */
export const LOOKBACK_MS = 10_000;

export function followCommandLogs(
  logs: CloudWatchLogsClient,
  logGroupName: string,
  commandId: string,
): LogFollower {
  let newest: number | undefined;
  /** Event id → timestamp of every line shown within the lookback. */
  const shown = new Map<string, number>();
  /**
   * A query whose pages did not fit in one poll: it goes on from its token, with the start time
   * it began with (a token belongs to its query).
   */
  let paging: { readonly startTime: number | undefined; readonly nextToken: string } | undefined;
  let calls = 0;

  return {
    get calls() {
      return calls;
    },
    async poll(signal) {
      const lines: StreamedLine[] = [];
      for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
        const startTime =
          paging !== undefined
            ? paging.startTime
            : newest === undefined
              ? undefined
              : Math.max(0, newest - LOOKBACK_MS);
        let response;
        calls++;
        try {
          response = await logs.send(
            new FilterLogEventsCommand({
              logGroupName,
              logStreamNamePrefix: `${commandId}/`,
              startTime,
              nextToken: paging?.nextToken,
            }),
            signal === undefined ? {} : { abortSignal: signal },
          );
        } catch (error) {
          // The agent creates the group on its first write; until then there is nothing to show.
          if (error instanceof ResourceNotFoundException) break;
          throw error;
        }
        for (const event of response.events ?? []) {
          const id = event.eventId ?? `${event.logStreamName}:${event.timestamp}:${event.message}`;
          if (shown.has(id)) continue;
          const line = parseStream(event.logStreamName ?? '', commandId);
          if (line === undefined) continue;
          const timestamp = event.timestamp ?? 0;
          lines.push({ ...line, timestamp, message: (event.message ?? '').replace(/\r?\n$/, '') });
          shown.set(id, timestamp);
          newest = Math.max(newest ?? timestamp, timestamp);
        }
        paging =
          response.nextToken === undefined
            ? undefined
            : { startTime, nextToken: response.nextToken };
        if (paging === undefined) break;
      }
      // Ids older than the next query's start cannot come back; forget them.
      if (paging === undefined && newest !== undefined)
        for (const [id, timestamp] of shown) if (timestamp < newest - LOOKBACK_MS) shown.delete(id);
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
