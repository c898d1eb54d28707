// The agent's rules for the 2,500-character plugin output (ListCommandInvocations `Details`) and
// its note on stderr when a script fails, checked case by case.

import { describe, expect, it } from 'vitest';
import { failureNote, pluginOutput } from '../../sandbox/ssm/output.js';

const TITLE = '\n----------ERROR-------\n';
const OUT_CUT = '\n---Output truncated---';
const ERR_CUT = '\n---Error truncated----';

describe('pluginOutput', () => {
  it('keeps everything that fits, with the error title only when there is stderr', () => {
    expect(pluginOutput('', '', 100)).toBe('');
    expect(pluginOutput('out', '', 100)).toBe('out');
    expect(pluginOutput('', 'err', 100)).toBe(`${TITLE}err`);
    expect(pluginOutput('out', 'err', 100)).toBe(`out${TITLE}err`);
  });

  it('cuts a long stdout when there is no stderr', () => {
    const result = pluginOutput('o'.repeat(200), '', 100);
    expect(result).toBe(`${'o'.repeat(100 - OUT_CUT.length)}${OUT_CUT}`);
    expect(result).toHaveLength(100);
  });

  it('cuts stderr when stdout is short', () => {
    const result = pluginOutput('short', 'e'.repeat(200), 150);
    const room = 150 - TITLE.length;
    expect(result).toBe(`short${TITLE}${'e'.repeat(room - ERR_CUT.length - 5)}${ERR_CUT}`);
    expect(result).toHaveLength(150);
  });

  it('cuts stdout when stderr is short', () => {
    const result = pluginOutput('o'.repeat(200), 'err', 150);
    const room = 150 - TITLE.length;
    expect(result).toBe(`${'o'.repeat(room - OUT_CUT.length - 3)}${OUT_CUT}${TITLE}err`);
  });

  it('gives each half of the room when both are long', () => {
    const result = pluginOutput('o'.repeat(5000), 'e'.repeat(5000));
    const each = Math.floor((2500 - TITLE.length - OUT_CUT.length - ERR_CUT.length) / 2);
    expect(result).toBe(`${'o'.repeat(each)}${OUT_CUT}${TITLE}${'e'.repeat(each)}${ERR_CUT}`);
    expect(result.length).toBeLessThanOrEqual(2500);
  });
});

describe('failureNote', () => {
  it("appends the agent's line after stderr, on its own line", () => {
    expect(failureNote('', 3, null)).toBe('failed to run commands: exit status 3');
    expect(failureNote('boom\n', 1, null)).toBe('boom\nfailed to run commands: exit status 1');
    expect(failureNote('boom', 1, null)).toBe('boom\nfailed to run commands: exit status 1');
    expect(failureNote('', null, 'SIGKILL')).toBe('failed to run commands: signal: killed');
  });
});
