// The main step's entry. The environment is copied before any module of the action runs (the
// signals module only defines functions): the step's own settings and AWS clients are read from
// that copy, so nothing the step exports later (export-env changes process.env) can change them.
// Phases 1 and 2 start (start.ts) before the rest of the step (main.ts, the reporting,
// @actions/core) is loaded, once their first request has been written to the network; a cancel
// that comes meanwhile is kept for main.ts.
import { keptUntilHeard, processSignals } from './deploy/signals.js';

const signals = keptUntilHeard(processSignals);
const env = Object.freeze({ ...process.env });
const { headStart } = await import('./start.js');
const head = headStart(env);
await head.underway;
const { run } = await import('./main.js');
await run({ env, headStart: head, signals });
