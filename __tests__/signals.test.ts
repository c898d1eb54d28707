// keptUntilHeard: a cancel that comes before main.ts listens is kept for it, never lost; one that
// comes after goes straight to it; the process's signals are let go once nobody listens.

import { describe, expect, it } from 'vitest';
import { keptUntilHeard, type CancelSignal, type SignalSource } from '../src/deploy/signals.js';

/** A source the test signals by hand; `listening` counts its listeners. */
function handSource(): SignalSource & {
  send(signal: CancelSignal): void;
  readonly listening: number;
} {
  const handlers = new Set<(signal: CancelSignal) => void>();
  return {
    listen(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    send(signal) {
      for (const handler of handlers) handler(signal);
    },
    get listening() {
      return handlers.size;
    },
  };
}

describe('keptUntilHeard', () => {
  it('listens from the start, and hands what came before to the first listener, in order', () => {
    const source = handSource();
    const kept = keptUntilHeard(source);
    expect(source.listening).toBe(1);
    source.send('SIGINT');
    source.send('SIGTERM');
    const heard: CancelSignal[] = [];
    kept.listen((signal) => heard.push(signal));
    expect(heard).toEqual(['SIGINT', 'SIGTERM']);
    source.send('SIGTERM');
    expect(heard).toEqual(['SIGINT', 'SIGTERM', 'SIGTERM']);
  });

  it('keeps nothing once someone listens, and hands a kept signal over once', () => {
    const source = handSource();
    const kept = keptUntilHeard(source);
    source.send('SIGINT');
    const first: CancelSignal[] = [];
    const second: CancelSignal[] = [];
    kept.listen((signal) => first.push(signal));
    kept.listen((signal) => second.push(signal));
    expect(first).toEqual(['SIGINT']);
    expect(second).toEqual([]);
  });

  it('lets the source go when the last listener stops, and listens again for a new one', () => {
    const source = handSource();
    const kept = keptUntilHeard(source);
    const a = kept.listen(() => undefined);
    const b = kept.listen(() => undefined);
    a();
    expect(source.listening).toBe(1);
    b();
    expect(source.listening).toBe(0);
    const heard: CancelSignal[] = [];
    const c = kept.listen((signal) => heard.push(signal));
    expect(source.listening).toBe(1);
    source.send('SIGINT');
    expect(heard).toEqual(['SIGINT']);
    c();
    expect(source.listening).toBe(0);
  });
});
