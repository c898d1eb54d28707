// npm test and npm run demo on a Node older than action.yml's say so in one line and stop; the
// versions named in package.json, .node-version, action.yml and the README agree.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

/** Runs the check as a Node of `version` would (process.versions.node says so). */
function checkAs(version: string) {
  return spawnSync(
    process.execPath,
    [
      '--import',
      `data:text/javascript,Object.defineProperty(process.versions,"node",{value:"${version}"})`,
      'scripts/check-node.mjs',
    ],
    { cwd: root, encoding: 'utf8' },
  );
}

describe('the Node check before npm test and npm run demo', () => {
  it('stops an older Node with one line naming the version needed', () => {
    const result = checkAs('20.20.2');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'ssm-deploy needs Node 24 or later (action.yml runs on node24); this is Node 20.20.2. Install Node 24 (see .node-version), or run: npx -y -p node@24 -- npm test\n',
    );
  });

  it('lets Node 24 and later through, silently', () => {
    for (const version of ['24.0.0', '25.1.0']) {
      const result = checkAs(version);
      expect([result.status, result.stdout, result.stderr]).toEqual([0, '', '']);
    }
  });

  it('runs before npm test and npm run demo', () => {
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(scripts.pretest).toBe('node scripts/check-node.mjs');
    expect(scripts.predemo).toBe('node scripts/check-node.mjs');
  });

  it('package.json, .node-version, action.yml and the README name the same Node', () => {
    const runtime = (parse(read('action.yml')) as { runs: { using: string } }).runs.using;
    const major = /^node(\d+)$/.exec(runtime)?.[1];
    expect(major).toBe('24');
    const { engines } = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(engines.node).toBe(`>=${major}`);
    expect(read('.node-version').trim()).toBe(major);
    expect(read('README.md')).toContain(`With Node ${major} or later (the runtime \`action.yml\``);
    expect(read('scripts/check-node.mjs')).toContain(`var NEEDED = ${major};`);
  });
});
