// Everything the user sees: masks, step outputs, log groups, annotations and the job summary.
// With main.ts, the only module that talks to @actions/core.

import * as core from '@actions/core';

/** Prints the plan before any phase starts, so the log says what this run is about to do. */
export function reportPlan(plan: readonly string[]): void {
  core.startGroup('Plan');
  for (const line of plan) core.info(line);
  core.endGroup();
}

// ── Secrets, parameters and versioned buckets ──────────────────────────────────────────────────

// ── Deploy ─────────────────────────────────────────────────────────────────────────────────────
