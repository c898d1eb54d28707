// Preloaded (`node --import`) into the action's process by the benchmarks, never by the action
// itself: when the process exits it writes, to the file named by SSM_DEPLOY_BENCH_PROBE, when the
// process started (Node's own record, performance.timeOrigin), when it exited, its peak resident
// memory, its CPU time and the Node version. Times are real epoch milliseconds: the clock is read
// here, before scaled-clock.mjs (loaded after this file) can speed it up.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const file = process.env.SSM_DEPLOY_BENCH_PROBE;
const realNow = Date.now;
// The runner starts the post step with the same preloads, after the main step: only the main
// step's process is measured (the post step's entry is dist/post/index.js).
const isPostStep = /[\\/]post[\\/]index\.js$/.test(process.argv[1] ?? '');

if (file && !isPostStep) {
  process.on('exit', (code) => {
    const exitedAt = realNow();
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({
        startedAt: performance.timeOrigin,
        exitedAt,
        exitCode: code,
        // KiB, as getrusage reports it: the process's high-water mark (VmHWM).
        maxRssKiB: usage.maxRSS,
        cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
        node: process.version,
      }),
    );
  });
}
