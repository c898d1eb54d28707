// CloudWatch Logs (awsJson1_1, `X-Amz-Target: Logs_20140328.<Operation>`): log groups and streams
// per region, PutLogEvents, FilterLogEvents (a stream name prefix, a start time, pages with a next
// token), and GetLogEvents as the action follows a command's streams with it: one stream by name,
// from its head, then from the forward token each answer gives, which at the end of the stream
// is the token it was given (later events are read from it). The SSM agent's side, writing a
// command's output into streams while it runs, is ssm/cloudwatch-output.ts.

import type { SandboxClock } from './clock.js';
import { ServiceError } from './errors.js';
import { type JsonInput, isObject } from './json-input.js';

/** The fields of each operation that the call log may keep: names and times, never messages. */
export const LOGS_LOGGED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  CreateLogGroup: ['logGroupName'],
  CreateLogStream: ['logGroupName', 'logStreamName'],
  PutLogEvents: ['logGroupName', 'logStreamName'],
  GetLogEvents: ['logGroupName', 'logStreamName', 'startFromHead', 'limit', 'nextToken'],
  FilterLogEvents: [
    'logGroupName',
    'logGroupIdentifier',
    'logStreamNamePrefix',
    'logStreamNames',
    'startTime',
    'endTime',
    'limit',
    'nextToken',
  ],
};

const NAME = /^[.\-_/#A-Za-z0-9]+$/;
const STREAM_NAME = /^[^:*]*$/;
/** FilterLogEvents answers at most this many events, and at most about 1 MB, a page. */
export const FILTER_MAX_EVENTS = 10_000;
const FILTER_MAX_BYTES = 1024 * 1024;
/** What PutLogEvents counts for each event besides its message. */
const EVENT_OVERHEAD_BYTES = 26;

export interface LogEvent {
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
  /** Order of arrival in the group; ties of `timestamp` are answered in this order. */
  readonly seq: number;
  readonly eventId: string;
}

interface LogGroup {
  readonly name: string;
  readonly region: string;
  readonly createdAt: number;
  readonly streams: Map<string, { readonly createdAt: number }>;
  readonly events: LogEvent[];
}

export class LogStore {
  readonly #groups = new Map<string, LogGroup>();
  #seq = 0;

  constructor(private readonly clock: SandboxClock) {}

  handle(operation: string, input: JsonInput, region: string): object {
    switch (operation) {
      case 'CreateLogGroup':
        this.createGroup(readName(input, 'logGroupName'), region);
        return {};
      case 'CreateLogStream':
        this.createStream(
          readName(input, 'logGroupName'),
          input.requiredString('logStreamName', { min: 1, max: 512, pattern: STREAM_NAME }),
          region,
        );
        return {};
      case 'PutLogEvents':
        return this.#putLogEvents(input, region);
      case 'FilterLogEvents':
        return this.#filterLogEvents(input, region);
      case 'GetLogEvents':
        return this.#getLogEvents(input, region);
      default:
        throw new ServiceError('UnknownOperationException', undefined);
    }
  }

  createGroup(name: string, region: string): void {
    if (this.#groups.has(key(region, name)))
      throw new ServiceError(
        'ResourceAlreadyExistsException',
        'The specified log group already exists',
      );
    this.#groups.set(key(region, name), {
      name,
      region,
      createdAt: this.clock.now(),
      streams: new Map(),
      events: [],
    });
  }

  createStream(group: string, stream: string, region: string): void {
    const found = this.#group(group, region);
    if (found.streams.has(stream))
      throw new ServiceError(
        'ResourceAlreadyExistsException',
        'The specified log stream already exists',
      );
    found.streams.set(stream, { createdAt: this.clock.now() });
  }

  /** What the SSM agent does: the group and the stream are made when missing, then the lines put. */
  append(group: string, stream: string, region: string, messages: readonly string[]): void {
    if (!this.#groups.has(key(region, group))) this.createGroup(group, region);
    const found = this.#group(group, region);
    if (!found.streams.has(stream)) found.streams.set(stream, { createdAt: this.clock.now() });
    const now = Math.floor(this.clock.now());
    for (const message of messages) this.#store(found, stream, now, message, now);
  }

  /** Events as any writer of the group may put them (PutLogEvents), with their own timestamps. */
  put(
    group: string,
    stream: string,
    region: string,
    events: readonly { readonly timestamp: number; readonly message: string }[],
  ): void {
    if (!this.#groups.has(key(region, group))) this.createGroup(group, region);
    const found = this.#group(group, region);
    if (!found.streams.has(stream)) found.streams.set(stream, { createdAt: this.clock.now() });
    const now = Math.floor(this.clock.now());
    for (const event of events) this.#store(found, stream, event.timestamp, event.message, now);
  }

  /** Every event of a group, in the order FilterLogEvents answers them. */
  events(group: string, region: string): readonly LogEvent[] {
    const found = this.#groups.get(key(region, group));
    return found === undefined ? [] : sorted(found.events);
  }

  groups(region: string): readonly string[] {
    return [...this.#groups.values()].filter((g) => g.region === region).map((g) => g.name);
  }

  #group(name: string, region: string): LogGroup {
    const group = this.#groups.get(key(region, name));
    if (group === undefined)
      throw new ServiceError(
        'ResourceNotFoundException',
        'The specified log group does not exist.',
      );
    return group;
  }

  #store(
    group: LogGroup,
    stream: string,
    timestamp: number,
    message: string,
    ingestionTime: number,
  ): void {
    this.#seq += 1;
    group.events.push({
      logStreamName: stream,
      timestamp,
      message,
      ingestionTime,
      seq: this.#seq,
      // AWS's ids are long digit strings; these only need to be unique and stable.
      eventId: `${String(timestamp).padStart(16, '0')}${String(this.#seq).padStart(20, '0')}`,
    });
  }

  #putLogEvents(input: JsonInput, region: string): object {
    const group = this.#group(readName(input, 'logGroupName'), region);
    const stream = input.requiredString('logStreamName', { min: 1, max: 512 });
    if (!group.streams.has(stream))
      throw new ServiceError(
        'ResourceNotFoundException',
        'The specified log stream does not exist.',
      );
    const events = input.objectList('logEvents', { max: FILTER_MAX_EVENTS }) ?? [];
    if (events.length === 0)
      throw new ServiceError('InvalidParameterException', 'logEvents must not be empty');
    const parsed = events.map((event) => ({
      timestamp: event.number('timestamp', { min: 0 }) ?? 0,
      message: event.requiredString('message', { min: 1 }),
    }));
    let bytes = 0;
    for (const [index, event] of parsed.entries()) {
      bytes += Buffer.byteLength(event.message) + EVENT_OVERHEAD_BYTES;
      if (index > 0 && event.timestamp < (parsed[index - 1]?.timestamp ?? 0))
        throw new ServiceError(
          'InvalidParameterException',
          'Log events in a single PutLogEvents request must be in chronological order.',
        );
    }
    if (bytes > FILTER_MAX_BYTES)
      throw new ServiceError('InvalidParameterException', 'The batch of log events is too large.');
    const now = Math.floor(this.clock.now());
    for (const event of parsed) this.#store(group, stream, event.timestamp, event.message, now);
    return {};
  }

  #getLogEvents(input: JsonInput, region: string): object {
    const groupName = input.string('logGroupName', { min: 1, max: 512 });
    const identifier = input.string('logGroupIdentifier', { min: 1, max: 2048 });
    if ((groupName === undefined) === (identifier === undefined))
      throw new ServiceError(
        'InvalidParameterException',
        'Exactly one of logGroupName and logGroupIdentifier must be given.',
      );
    const group = this.#group(groupName ?? groupFromIdentifier(identifier ?? ''), region);
    const stream = input.requiredString('logStreamName', {
      min: 1,
      max: 512,
      pattern: STREAM_NAME,
    });
    if (!group.streams.has(stream))
      throw new ServiceError(
        'ResourceNotFoundException',
        'The specified log stream does not exist.',
      );
    const startTime = input.number('startTime', { min: 0 });
    const endTime = input.number('endTime', { min: 0 });
    const limit = input.number('limit', { min: 1, max: FILTER_MAX_EVENTS }) ?? FILTER_MAX_EVENTS;
    const fromHead = input.boolean('startFromHead') ?? false;
    const token = input.string('nextToken', { min: 1 });
    const position = token === undefined ? undefined : readStreamToken(token, stream);
    const events = sorted(group.events).filter(
      (event) =>
        event.logStreamName === stream &&
        (startTime === undefined || event.timestamp >= startTime) &&
        (endTime === undefined || event.timestamp < endTime),
    );
    const at = (e: LogEvent): StreamPosition => ({ t: e.timestamp, q: e.seq });
    const before = (e: LogEvent, p: StreamPosition): boolean =>
      compare(e, { timestamp: p.t, seq: p.q }) < 0;
    const start: StreamPosition = { t: -1, q: 0 };
    let page: LogEvent[];
    if (position?.direction === 'f' || (position === undefined && fromHead)) {
      const after = position?.at ?? start;
      page = events.filter(
        (e) => !before(e, after) && !(e.timestamp === after.t && e.seq === after.q),
      );
      page = takeWithin(page, limit, 'head');
    } else if (position?.direction === 'b') {
      page = takeWithin(
        events.filter((e) => before(e, position.at)),
        limit,
        'tail',
      );
    } else {
      page = takeWithin(events, limit, 'tail');
    }
    const first = page[0];
    const last = page.at(-1);
    // With nothing new, each token stays where it was, so later events are read from it.
    const forward =
      last === undefined ? (position?.direction === 'f' ? position.at : start) : at(last);
    const backward = first === undefined ? (position?.at ?? start) : at(first);
    return {
      events: page.map(({ timestamp, message, ingestionTime }) => ({
        timestamp,
        message,
        ingestionTime,
      })),
      nextForwardToken: writeStreamToken('f', stream, forward),
      nextBackwardToken: writeStreamToken('b', stream, backward),
    };
  }

  #filterLogEvents(input: JsonInput, region: string): object {
    const groupName = input.string('logGroupName', { min: 1, max: 512 });
    const identifier = input.string('logGroupIdentifier', { min: 1, max: 2048 });
    if ((groupName === undefined) === (identifier === undefined))
      throw new ServiceError(
        'InvalidParameterException',
        'Exactly one of logGroupName and logGroupIdentifier must be given.',
      );
    const group = this.#group(groupName ?? groupFromIdentifier(identifier ?? ''), region);
    const prefix = input.string('logStreamNamePrefix', { min: 1, max: 512 });
    const names = input.stringList('logStreamNames', { min: 1, max: 100 });
    if (prefix !== undefined && names !== undefined)
      throw new ServiceError(
        'InvalidParameterException',
        'logStreamNames and logStreamNamePrefix cannot be given together.',
      );
    const startTime = input.number('startTime', { min: 0 });
    const endTime = input.number('endTime', { min: 0 });
    const pattern = input.string('filterPattern', { max: 1024 });
    if (pattern !== undefined && pattern !== '')
      throw new ServiceError(
        'InvalidParameterException',
        'The sandbox does not support filterPattern.',
      );
    const limit = input.number('limit', { min: 1, max: FILTER_MAX_EVENTS }) ?? FILTER_MAX_EVENTS;
    const scope = JSON.stringify([group.name, prefix, names, startTime, endTime]);
    const after = readToken(input.string('nextToken', { min: 1 }), scope);

    const matching = sorted(group.events).filter(
      (event) =>
        (prefix === undefined || event.logStreamName.startsWith(prefix)) &&
        (names === undefined || names.includes(event.logStreamName)) &&
        (startTime === undefined || event.timestamp >= startTime) &&
        (endTime === undefined || event.timestamp <= endTime) &&
        (after === undefined || compare(event, after) > 0),
    );
    const page: LogEvent[] = [];
    let bytes = 0;
    for (const event of matching) {
      const size = Buffer.byteLength(event.message) + EVENT_OVERHEAD_BYTES;
      if (page.length >= limit || (page.length > 0 && bytes + size > FILTER_MAX_BYTES)) break;
      page.push(event);
      bytes += size;
    }
    const last = page.at(-1);
    return {
      events: page.map(({ logStreamName, timestamp, message, ingestionTime, eventId }) => ({
        logStreamName,
        timestamp,
        message,
        ingestionTime,
        eventId,
      })),
      ...(last !== undefined && page.length < matching.length
        ? { nextToken: writeToken(scope, last) }
        : {}),
    };
  }
}

/** GetLogEvents' position in a stream: after (or, backward, before) the event at (t, q). */
interface StreamPosition {
  readonly t: number;
  readonly q: number;
}

function writeStreamToken(direction: 'f' | 'b', stream: string, at: StreamPosition): string {
  return `${direction}/${Buffer.from(JSON.stringify({ s: stream, t: at.t, q: at.q })).toString('base64url')}`;
}

function readStreamToken(
  token: string,
  stream: string,
): { direction: 'f' | 'b'; at: StreamPosition } {
  const direction = token.slice(0, 2);
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token.slice(2), 'base64url').toString('utf8'));
    if (
      (direction === 'f/' || direction === 'b/') &&
      isObject(parsed) &&
      parsed.s === stream &&
      typeof parsed.t === 'number' &&
      typeof parsed.q === 'number'
    )
      return { direction: direction === 'f/' ? 'f' : 'b', at: { t: parsed.t, q: parsed.q } };
  } catch {
    // any undecodable token is simply invalid
  }
  throw new ServiceError('InvalidParameterException', 'The specified nextToken is invalid.');
}

function key(region: string, name: string): string {
  return `${region}\n${name}`;
}

function readName(input: JsonInput, field: string): string {
  return input.requiredString(field, { min: 1, max: 512, pattern: NAME });
}

/** `arn:aws:logs:region:account:log-group:NAME` (with or without a trailing `:*`), or a name. */
function groupFromIdentifier(identifier: string): string {
  const match = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(identifier);
  return match?.[1] ?? identifier;
}

function compare(a: { timestamp: number; seq: number }, b: { timestamp: number; seq: number }) {
  return a.timestamp - b.timestamp || a.seq - b.seq;
}

/** The first (or last) events that fit in one answer: `limit` of them, at most about 1 MB. */
function takeWithin(events: readonly LogEvent[], limit: number, end: 'head' | 'tail'): LogEvent[] {
  const ordered = end === 'head' ? events : [...events].reverse();
  const taken: LogEvent[] = [];
  let bytes = 0;
  for (const event of ordered) {
    const size = Buffer.byteLength(event.message) + EVENT_OVERHEAD_BYTES;
    if (taken.length >= limit || (taken.length > 0 && bytes + size > FILTER_MAX_BYTES)) break;
    taken.push(event);
    bytes += size;
  }
  return end === 'head' ? taken : taken.reverse();
}

function sorted(events: readonly LogEvent[]): LogEvent[] {
  return [...events].sort(compare);
}

/**
 * A token names the last event answered, so the next page starts after it even when events
 * arrive in between, and it belongs to its query: another query's token is refused.
 */
function writeToken(scope: string, last: LogEvent): string {
  return Buffer.from(JSON.stringify({ s: scope, t: last.timestamp, q: last.seq })).toString(
    'base64url',
  );
}

function readToken(
  token: string | undefined,
  scope: string,
): { timestamp: number; seq: number } | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      isObject(parsed) &&
      parsed.s === scope &&
      typeof parsed.t === 'number' &&
      typeof parsed.q === 'number'
    )
      return { timestamp: parsed.t, seq: parsed.q };
  } catch {
    // any undecodable token is simply invalid
  }
  throw new ServiceError('InvalidParameterException', 'The specified nextToken is not valid.');
}
