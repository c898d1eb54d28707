// The sandbox's own clock. It can run faster than real time (a time scale), so that a benchmark
// can play a ten-minute deploy in seconds: timestamps, `executionTimeout` and the delivery timeout
// follow this clock, while the commands themselves (and HTTP-level delays) run in real time.

export interface Timer {
  cancel(): void;
}

interface Scheduled {
  readonly due: number; // sandbox time, ms
  readonly run: () => void;
  handle: NodeJS.Timeout | undefined;
}

export class SandboxClock {
  #scale: number;
  #realAnchor: number;
  #sandboxAnchor: number;
  readonly #scheduled = new Set<Scheduled>();
  readonly #realTimers = new Set<NodeJS.Timeout>();

  constructor(
    scale = 1,
    private readonly realNow: () => number = Date.now,
  ) {
    assertScale(scale);
    this.#scale = scale;
    this.#realAnchor = realNow();
    this.#sandboxAnchor = this.#realAnchor;
  }

  /** Sandbox time in epoch milliseconds. */
  now(): number {
    return this.#sandboxAnchor + (this.realNow() - this.#realAnchor) * this.#scale;
  }

  get scale(): number {
    return this.#scale;
  }

  /** Changes the speed from now on; pending sandbox-time timers are re-armed for the new speed. */
  setScale(scale: number): void {
    assertScale(scale);
    const now = this.now();
    this.#realAnchor = this.realNow();
    this.#sandboxAnchor = now;
    this.#scale = scale;
    for (const entry of this.#scheduled) this.#arm(entry);
  }

  /** Runs `run` once sandbox time reaches `due` (epoch ms). */
  at(due: number, run: () => void): Timer {
    const entry: Scheduled = { due, run, handle: undefined };
    this.#scheduled.add(entry);
    this.#arm(entry);
    return {
      cancel: () => {
        clearTimeout(entry.handle);
        this.#scheduled.delete(entry);
      },
    };
  }

  /** Runs `run` after `ms` of sandbox time. */
  after(ms: number, run: () => void): Timer {
    return this.at(this.now() + ms, run);
  }

  /** Runs `run` after `ms` of real time (HTTP-level behaviour is never scaled). */
  afterReal(ms: number, run: () => void): Timer {
    const handle = setTimeout(() => {
      this.#realTimers.delete(handle);
      run();
    }, ms);
    this.#realTimers.add(handle);
    return {
      cancel: () => {
        clearTimeout(handle);
        this.#realTimers.delete(handle);
      },
    };
  }

  /** Forgets every pending timer (used when the sandbox stops). */
  cancelAll(): void {
    for (const entry of this.#scheduled) clearTimeout(entry.handle);
    this.#scheduled.clear();
    for (const handle of this.#realTimers) clearTimeout(handle);
    this.#realTimers.clear();
  }

  #arm(entry: Scheduled): void {
    clearTimeout(entry.handle);
    const realDelay = Math.max(0, (entry.due - this.now()) / this.#scale);
    // setTimeout caps at ~24.8 days; a longer wait simply re-arms when it fires early.
    entry.handle = setTimeout(
      () => {
        if (this.now() + 1 < entry.due) {
          this.#arm(entry);
          return;
        }
        this.#scheduled.delete(entry);
        entry.run();
      },
      Math.min(realDelay, 2 ** 31 - 1),
    );
  }
}

function assertScale(scale: number): void {
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`timeScale must be a positive number, got ${scale}`);
  }
}
