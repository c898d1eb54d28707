// The built action, run the way the runner runs it, with bad inputs: it must fail with one
// annotation per bad input and never open a network connection.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function runAction(inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'ssm-deploy-bad-input-'));
  dirs.push(dir);
  const log = join(dir, 'network.log');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NO_NETWORK_LOG: log,
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = spawnSync(
    process.execPath,
    ['--import', join(root, '__tests__/fixtures/no-network.mjs'), join(root, 'dist/index.js')],
    { env, encoding: 'utf8', timeout: 20_000 },
  );
  return {
    status: result.status,
    stdout: result.stdout,
    errors: result.stdout.split('\n').filter((line) => line.startsWith('::error')),
    network: existsSync(log) ? readFileSync(log, 'utf8') : '',
  };
}

describe('dist/index.js with bad inputs', () => {
  it('exits 1 with one error annotation per bad input and no network use', () => {
    const result = runAction({
      'aws-region': 'us-east-1',
      'secret-ids': 'A,prod/db,not a version',
      'timeout-seconds': '9999999',
      wait: 'maybe',
      'versioned-buckets': 'UPPER',
    });
    expect(result.status).toBe(1);
    expect(result.errors).toHaveLength(4);
    expect(result.errors.join('\n')).toMatch(/Input "wait": "maybe" is not a boolean/);
    expect(result.errors.join('\n')).toMatch(
      /Input "secret-ids": line 1: the third field is neither a version id/,
    );
    expect(result.errors.join('\n')).not.toContain('not a version');
    expect(result.stdout).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
    expect(result.network).toBe('');
  });

  it('names the input when no region is known', () => {
    const result = runAction({ 'secret-ids': 'prod/db' });
    expect(result.status).toBe(1);
    expect(result.errors).toContainEqual(
      expect.stringMatching(/^::error::Input "aws-region": no region is known/),
    );
    const named = result.errors.map((line) => /^::error::Input "([^"]+)"/.exec(line)?.[1]);
    expect(new Set(named).size).toBe(result.errors.length);
    expect(result.network).toBe('');
  });

  it('quotes no part of a multi-line env value, and gives one error per bad instance-ids line', () => {
    // `env: APP=${{ secrets.X }}` with a two-line X: the second line is the secret's, and the
    // runner masks it only whole.
    const secondLine = 'Zq9xWv-Kj8=tail';
    const result = runAction({
      'aws-region': 'us-east-1',
      'instance-ids': 'i-123; rm -rf /',
      'working-directory': '/srv/app',
      ref: '0123456789abcdef0123456789abcdef01234567',
      env: `APP=first\n${secondLine}\nFOO`,
    });
    expect(result.status).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^::error::Input "instance-ids": line 1: .*characters no instance id has/,
      ),
      expect.stringMatching(
        /^::error::Input "env": line 2: the name before "=" is not a variable name.*%0Aline 3: there is no "=" on this line/,
      ),
    ]);
    for (let i = 0; i + 3 <= secondLine.length; i++)
      expect(result.stdout).not.toContain(secondLine.slice(i, i + 3));
    expect(result.network).toBe('');
  });
});
