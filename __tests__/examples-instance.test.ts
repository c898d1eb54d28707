// examples/instance: the deploy.sh and the readiness check the README points to are valid bash,
// and the README's deploy.sh contract names every SSM_DEPLOY_* variable the script exports.

import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

describe('examples/instance', () => {
  it.each(['deploy.sh', 'check-instance.sh'])('%s is executable bash', (name) => {
    const path = join(root, 'examples/instance', name);
    expect(statSync(path).mode & 0o111).not.toBe(0);
    expect(spawnSync('bash', ['-n', path], { encoding: 'utf8' }).stderr).toBe('');
  });

  it('the README names every SSM_DEPLOY_* variable the deploy script exports, and no other', () => {
    const exported = new Set(read('src/deploy/script.ts').match(/SSM_DEPLOY_[A-Z_]+/g));
    const contract = read('README.md').slice(
      read('README.md').indexOf('### The deploy.sh contract'),
      read('README.md').indexOf('### Exit codes of the remote script'),
    );
    expect(exported.size).toBeGreaterThan(0);
    expect(new Set(contract.match(/SSM_DEPLOY_[A-Z_]+/g))).toEqual(exported);
  });

  it('deploy.sh uses only variables the script exports', () => {
    const exported = new Set(read('src/deploy/script.ts').match(/SSM_DEPLOY_[A-Z_]+/g));
    const used = read('examples/instance/deploy.sh').match(/SSM_DEPLOY_[A-Z_]+/g) ?? [];
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
  });
});
