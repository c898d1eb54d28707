// A record of every call the sandbox answered, for tests and benchmarks to count and time. It holds
// names, ids and sizes only: never a secret value, a parameter value, an object body or a script.

export type ServiceName =
  'ssm' | 'secretsmanager' | 's3' | 'logs' | 'sts' | 'elasticloadbalancing' | 'monitoring';

/** The key parameters of a call: ids and names, never values. */
export type CallParams = Readonly<Record<string, string | number | boolean | readonly string[]>>;

export interface CallRecord {
  /** 1, 2, 3, ... in arrival order. */
  readonly seq: number;
  /** Real time the request arrived, epoch ms (not the sandbox's scaled clock). */
  readonly time: number;
  /** Real time from arrival to the last byte of the answer (or the reset). */
  readonly durationMs: number;
  readonly service: ServiceName;
  readonly operation: string;
  /** The region of the request's credential scope; undefined for an unsigned request. */
  readonly region: string | undefined;
  readonly params: CallParams;
  /** HTTP status answered; 0 when the connection was reset instead. */
  readonly status: number;
  /** The error code answered (`ThrottlingException`, `NoSuchBucket`, ...), if any. */
  readonly errorCode: string | undefined;
  /** Set when the answer was an injected fault rather than the service's own. */
  readonly fault: 'throttle' | 'reset' | undefined;
  /**
   * The SDK's own count of this attempt at the call (1 for the first, 2 for the first retry...),
   * from its `amz-sdk-request` header; undefined when a client does not send one.
   */
  readonly attempt: number | undefined;
  /** The SDK's id of the call, the same on every attempt (`amz-sdk-invocation-id`). */
  readonly invocationId: string | undefined;
}

export class CallLog {
  readonly #records: CallRecord[] = [];
  #seq = 0;

  constructor(private readonly listener?: (record: CallRecord) => void) {}

  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  add(record: CallRecord): void {
    this.#records.push(record);
    this.listener?.(record);
  }

  all(): readonly CallRecord[] {
    return [...this.#records];
  }

  clear(): void {
    this.#records.length = 0;
  }
}
