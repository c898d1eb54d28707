// The main step's entry. The environment is copied before any module of the action runs: the
// step's own settings and AWS clients are read from that copy, so nothing the step exports later
// (export-env changes process.env) can change them.
const env = Object.freeze({ ...process.env });
const { run } = await import('./main.js');
await run({ env });
