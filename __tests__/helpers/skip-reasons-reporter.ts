// A vitest reporter that ends the run by saying how many tests were skipped and why, so a run as
// a user without root says which cases it could not try.

import type { Reporter, TestModule } from 'vitest/node';

export default class SkipReasonsReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    const reasons = new Map<string, number>();
    for (const module of testModules)
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state !== 'skipped') continue;
        // needsRoot()'s reason, else the note of a context.skip(note) (the moto suite's).
        const reason =
          test.meta().skipReason ??
          result.note ??
          'no reason given (skipped in the code or filtered out)';
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    const total = [...reasons.values()].reduce((sum, count) => sum + count, 0);
    if (total === 0) return;
    const lines = [...reasons].map(([reason, count]) => `  ${count} × ${reason}`);
    process.stdout.write(`\n${total} test(s) skipped:\n${lines.join('\n')}\n`);
  }
}
