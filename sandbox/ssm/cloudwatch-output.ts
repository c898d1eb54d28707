// What the SSM agent does with a command's CloudWatchOutputConfig: while the script runs, each new
// line of its stdout and stderr goes to the log group as one event, in the streams
// `<commandId>/<instanceId>/aws-runShellScript/stdout` and `.../stderr`, and the group is made when
// it does not exist. Lines are uploaded every `uploadIntervalMs` (real time) as they are complete,
// and what is left when the script ends, a last line without a newline included, right then.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxClock, Timer } from '../clock.js';
import type { LogStore } from '../logs.js';

/** The agent's group when the command names none (the API reference's `aws/ssm/<document>`). */
export const DEFAULT_LOG_GROUP = 'aws/ssm/AWS-RunShellScript';
/** The stream name's plugin part: the step name `aws:runShellScript`, without the colon. */
export const STREAM_PLUGIN = 'aws-runShellScript';

export interface UploadRequest {
  readonly logs: LogStore;
  readonly clock: SandboxClock;
  readonly uploadIntervalMs: () => number;
  readonly group: string;
  readonly region: string;
  readonly commandId: string;
  readonly instanceId: string;
  /** The orchestration directory holding the script's `stdout` and `stderr` files. */
  readonly outputDir: string;
}

export interface OutputUpload {
  /** Uploads what is left and stops; called once the script has ended. */
  finish(): void;
}

export function startOutputUpload(request: UploadRequest): OutputUpload {
  const tails = (['stdout', 'stderr'] as const).map((stream) => ({
    stream: `${request.commandId}/${request.instanceId}/${STREAM_PLUGIN}/${stream}`,
    tail: new FileTail(join(request.outputDir, stream)),
  }));
  let timer: Timer | undefined;
  let finished = false;
  const upload = (all: boolean): void => {
    for (const { stream, tail } of tails) {
      const lines = tail.read(all).filter((line) => line !== '');
      if (lines.length > 0) request.logs.append(request.group, stream, request.region, lines);
    }
  };
  const tick = (): void => {
    if (finished) return;
    upload(false);
    timer = request.clock.afterReal(request.uploadIntervalMs(), tick);
  };
  timer = request.clock.afterReal(request.uploadIntervalMs(), tick);
  return {
    finish() {
      if (finished) return;
      finished = true;
      timer?.cancel();
      upload(true);
    },
  };
}

/** Reads a file that another process appends to, a complete line at a time. */
class FileTail {
  #offset = 0;
  #partial = Buffer.alloc(0);

  constructor(private readonly path: string) {}

  /** The lines completed since the last read; with `all`, an unfinished last line too. */
  read(all: boolean): string[] {
    const data = Buffer.concat([this.#partial, this.#readNew()]);
    // A newline byte never occurs inside a multi-byte UTF-8 character, so cutting after one is safe.
    const end = all ? data.length : data.lastIndexOf(0x0a) + 1;
    this.#partial = data.subarray(end);
    if (end === 0) return [];
    const text = data.subarray(0, end).toString('utf8');
    return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  }

  #readNew(): Buffer {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return Buffer.alloc(0); // not written yet, or already removed by a stop
    }
    try {
      const size = fstatSync(fd).size;
      if (size <= this.#offset) return Buffer.alloc(0);
      const chunk = Buffer.alloc(size - this.#offset);
      const read = readSync(fd, chunk, 0, chunk.length, this.#offset);
      this.#offset += read;
      return chunk.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  }
}
