// The harness leaves nothing behind when the process that runs it ends mid-run (a test that timed
// out and a worker that exits, or a worker stopped by a signal): the action's whole process group
// is killed and the job's temporary directories are removed.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../sandbox/helpers.js';
import { isAlive } from './fixtures.js';

const root = join(import.meta.dirname, '../..');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a run abandoned by the process that started it', () => {
  it.each(['process.exit(0)', "process.kill(process.pid, 'SIGTERM')"])(
    'kills the action and its children, and removes the job directories: %s',
    async (ending) => {
      // The abandoning process gets a temporary directory of its own, so that what it leaves
      // there is its alone.
      const privateTmp = mkdtempSync(join(tmpdir(), 'ssm-deploy-abandon-'));
      dirs.push(privateTmp);
      const script = join(privateTmp, 'abandon.mts');
      writeFileSync(
        script,
        `import { startAction } from ${JSON.stringify(join(root, 'sandbox/runner/index.ts'))};
         import { SCRIPT, script } from ${JSON.stringify(join(root, '__tests__/runner/fixtures.ts'))};
         const handle = startAction({
           actionPath: SCRIPT,
           inputs: script([{ do: 'spawn-sleeper' }, { do: 'out', text: 'ready' }, { do: 'wait' }]),
         });
         const line = await handle.waitForLine(/^sleeper /);
         await handle.waitForLine('ready');
         const jobDirs = (await import('node:fs')).readdirSync(${JSON.stringify(privateTmp)}).filter((name) => name.startsWith('ssm-deploy-runner-'));
         console.log(JSON.stringify({ sleeper: Number(line.text.split(' ')[1]), jobDirs }));
         ${ending};`,
      );
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script], {
          cwd: root,
          env: { ...process.env, TMPDIR: privateTmp },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
        child.on('error', reject);
        child.on('exit', () => {
          resolve(text);
        });
      });
      const { sleeper, jobDirs } = JSON.parse(output) as { sleeper: number; jobDirs: string[] };
      // It ran: a job directory, and a child of the action that would sleep for ten minutes.
      expect(jobDirs).toHaveLength(1);
      expect(sleeper).toBeGreaterThan(0);
      await eventually(() => (isAlive(sleeper) ? undefined : true), 5_000);
      expect(
        readdirSync(privateTmp).filter((name) => name.startsWith('ssm-deploy-runner-')),
      ).toEqual([]);
    },
  );
});
