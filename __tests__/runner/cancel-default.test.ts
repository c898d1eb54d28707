// The runner's own timing, for real: SIGTERM 7.5 s after SIGINT. In a file of its own so that it
// runs beside the other files instead of after them.
import { describe, expect, it } from 'vitest';
import { RUNNER_SIGINT_GRACE_MS, runAction } from '../../sandbox/runner/index.js';
import { SCRIPT, out, script } from './fixtures.js';

describe('cancellation with the default timing', () => {
  it('sends SIGTERM 7.5 s after SIGINT to an action that ignores SIGINT', async () => {
    const run = await runAction({
      actionPath: SCRIPT,
      inputs: script([
        { do: 'on-signal', signal: 'SIGINT', then: 'ignore' },
        out('ready\n'),
        { do: 'wait' },
      ]),
      cancel: { when: ({ log }) => log.some((entry) => entry.text === 'ready') },
    });
    const [sigint, sigterm, ...rest] = run.cancellation?.signals ?? [];
    expect([sigint?.signal, sigterm?.signal, rest]).toEqual(['SIGINT', 'SIGTERM', []]);
    const gap = (sigterm?.atMs ?? 0) - (sigint?.atMs ?? 0);
    // A millisecond or two of clock slack below; a busy machine's delay above.
    expect(gap).toBeGreaterThanOrEqual(RUNNER_SIGINT_GRACE_MS - 5);
    expect(gap).toBeLessThan(RUNNER_SIGINT_GRACE_MS + 5000);
    expect(run.signal).toBe('SIGTERM');
    expect(run.post.ran).toBe(true);
  }, 20_000);
});
