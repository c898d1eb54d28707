// The world the CI workflow's end-to-end job deploys to with `uses: ./`: the sandbox, one
// instance holding a checkout at /srv/app, a new commit pushed to its origin, a JSON secret and a
// bucket. It appends what the next steps need to the file given with --write-env (GITHUB_ENV),
// prints "ready", and runs until it is stopped.
//
//   npx tsx sandbox/ci-fixture.ts --write-env "$GITHUB_ENV"

import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startSandbox } from './index.js';
import { createInstances, createRepository, pushRelease } from './world.js';

const { values } = parseArgs({ options: { 'write-env': { type: 'string' } } });
const envFile = values['write-env'];
if (envFile === undefined) {
  console.error('usage: ci-fixture.ts --write-env FILE');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'ssm-deploy-ci-'));
const sandbox = await startSandbox({
  seed: {
    secrets: [{ name: 'demo/app', secretString: JSON.stringify({ token: 'ci-token-0123456789' }) }],
    buckets: [{ name: 'demo-assets' }],
  },
});
const repository = createRepository(work);
const [instanceId = ''] = createInstances(sandbox, repository, ['web-1'], { Role: 'web' });
const sha = pushRelease(repository, '2.0.0');

const lines = {
  ...sandbox.env(),
  SANDBOX_INSTANCE_IDS: instanceId,
  SANDBOX_DEPLOY_SHA: sha,
};
appendFileSync(
  envFile,
  Object.entries(lines)
    .map(([key, value]) => `${key}=${value}\n`)
    .join(''),
);
console.log(`sandbox ${sandbox.url}: instance ${instanceId} at /srv/app, deploy ${sha}`);
console.log('ready');

const stop = async (): Promise<void> => {
  await sandbox.stop();
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
