// shellQuote, proved through real bash: whatever the value, bash receives it byte for byte and
// runs nothing of it.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UnquotableError, shellQuote } from '../../src/deploy/quote.js';
import { hostileString } from './fixtures/hostile.js';

const dir = mkdtempSync(join(tmpdir(), 'ssm-deploy-quote-'));
const canary = join(dir, 'canary');
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** What bash makes of `fragment`, as bytes. */
function throughBash(fragment: string): Buffer {
  const result = spawnSync('bash', ['-c', fragment], { cwd: dir, env: { PATH: '/usr/bin:/bin' } });
  if (result.status !== 0) throw new Error(`bash failed: ${result.stderr.toString()}`);
  return result.stdout;
}

describe('shellQuote', () => {
  it('single-quotes, and quotes an embedded single quote as end, escaped quote, restart', () => {
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('plain')).toBe("'plain'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });

  it('refuses what bash cannot receive', () => {
    expect(() => shellQuote('a\0b')).toThrow(UnquotableError);
    expect(() => shellQuote('a\ud800b')).toThrow(/lone surrogate/);
  });

  it('delivers any value byte for byte as an argument, and runs nothing', () => {
    fc.assert(
      fc.property(hostileString(canary), (value) => {
        const out = throughBash(`printf '%s' ${shellQuote(value)}`);
        expect(out.equals(Buffer.from(value, 'utf8'))).toBe(true);
        expect(existsSync(canary)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('delivers any value byte for byte in an assignment and an array, and runs nothing', () => {
    fc.assert(
      fc.property(hostileString(canary), hostileString(canary), (a, b) => {
        const out = throughBash(
          `v=${shellQuote(a)}\nlist=(\n  ${shellQuote(b)}\n  ${shellQuote(a)}\n)\nprintf '%s\\0' "$v" "\${list[@]}"`,
        );
        expect(out.equals(Buffer.from(`${a}\0${b}\0${a}\0`, 'utf8'))).toBe(true);
        expect(existsSync(canary)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
