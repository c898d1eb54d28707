// Preloaded (`node --import`) into the action's process by the long-deploy benchmarks only: makes
// the process's clock and timers run N times faster than real time, so that a ten-minute deploy
// plays in a fraction of that while the action still sees ten minutes go by. The sandbox's clock
// is sped up by the same factor from the same anchor (its `timeScale`), so the action's clock and
// the timestamps SSM reports agree.
//
// SSM_DEPLOY_BENCH_CLOCK = "scale,realAnchor,scaledAnchor": from the real epoch time realAnchor,
// which reads as scaledAnchor, the clock advances `scale` ms per real ms.
//
// What is scaled: Date (Date.now(), new Date(), Date()), performance.now(), and the delays of
// setTimeout / setInterval (global, node:timers and node:timers/promises, util.promisify). What is
// not: the network (a 5 ms answer looks like 5 × scale ms), CPU time, and Node's internal timers
// (socket timeouts, AbortSignal.timeout).
import { syncBuiltinESMExports } from 'node:module';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import timers from 'node:timers';
import timersPromises from 'node:timers/promises';
import { promisify } from 'node:util';

const spec = process.env.SSM_DEPLOY_BENCH_CLOCK;

if (spec) {
  const [scale, realAnchor, scaledAnchor] = spec.split(',').map(Number);
  if (![scale, realAnchor, scaledAnchor].every(Number.isFinite) || scale <= 0) {
    throw new Error(`SSM_DEPLOY_BENCH_CLOCK must be "scale,realAnchor,scaledAnchor": ${spec}`);
  }

  const RealDate = Date;
  const realNow = Date.now;
  const now = () => Math.floor(scaledAnchor + (realNow() - realAnchor) * scale);
  function ScaledDate(...args) {
    if (new.target === undefined) return new RealDate(now()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target);
  }
  Object.setPrototypeOf(ScaledDate, RealDate); // Date.parse, Date.UTC
  ScaledDate.prototype = RealDate.prototype;
  ScaledDate.now = now;
  globalThis.Date = ScaledDate;

  const realPerformanceNow = performance.now.bind(performance);
  const performanceAnchor = realPerformanceNow();
  performance.now = () => performanceAnchor + (realPerformanceNow() - performanceAnchor) * scale;

  const real = (ms) => Math.max(0, Number(ms) || 0) / scale;
  const { setTimeout: realSetTimeout, setInterval: realSetInterval } = timers;
  const { setTimeout: realSleep, setInterval: realEvery } = timersPromises;

  const scaledSleep = (ms, ...rest) => realSleep(real(ms), ...rest);
  const scaledEvery = (ms, ...rest) => realEvery(real(ms), ...rest);
  function scaledSetTimeout(callback, ms, ...args) {
    return realSetTimeout(callback, real(ms), ...args);
  }
  scaledSetTimeout[promisify.custom] = scaledSleep;
  function scaledSetInterval(callback, ms, ...args) {
    return realSetInterval(callback, real(ms), ...args);
  }

  globalThis.setTimeout = scaledSetTimeout;
  globalThis.setInterval = scaledSetInterval;
  timers.setTimeout = scaledSetTimeout;
  timers.setInterval = scaledSetInterval;
  timersPromises.setTimeout = scaledSleep;
  timersPromises.setInterval = scaledEvery;
  timersPromises.scheduler.wait = (ms, options) => realSleep(real(ms), undefined, options);
  // ES modules that import these by name see the new functions too.
  syncBuiltinESMExports();
}
