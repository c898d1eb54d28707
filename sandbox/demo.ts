// `npm run demo`: a whole deploy against the local sandbox, without an AWS account.
//
// It builds a tiny world (a git origin, two "instances" holding a clone of it with a deploy.sh, a
// JSON secret, an S3 bucket), pushes a new commit, runs the built action exactly as a workflow
// step would, and narrates what happened. Then a rolling deploy behind a load balancer while
// requests keep coming (demo-rollout.ts). It leaves nothing behind.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoRollout } from './demo-rollout.js';
import { ISOLATION_NEEDED, canIsolate, isRoot, startSandbox, type Sandbox } from './index.js';
import { runAction, type ActionRun } from './runner/index.js';
import { WORKING_DIRECTORY, createInstances, createRepository, git, pushRelease } from './world.js';

const SECRET_NAME = 'demo/app';
const BUCKET = 'demo-assets';

function heading(text: string): void {
  console.log(`\n\u001b[1m== ${text}\u001b[0m`);
}

function indent(text: string, prefix = '   '): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

/**
 * The log as GitHub shows it: the runner hides the lines that stop and resume workflow commands
 * around untrusted text, so the demo does too.
 */
function asGitHubShowsIt(log: string): string {
  const lines = log.split('\n');
  const tokens = new Set(
    lines.flatMap((line) => /^::stop-commands::(.+)$/.exec(line)?.slice(1) ?? []),
  );
  return lines
    .filter(
      (line) =>
        !line.startsWith('::stop-commands::') && !tokens.has(/^::(.+)::$/.exec(line)?.[1] ?? ''),
    )
    .join('\n');
}

/** Who runs git and deploy.sh on the instances here, and why. */
function deployUser(): string {
  return isRoot()
    ? `run-as is not set, so git and deploy.sh run as the owner of ${WORKING_DIRECTORY}: root, as the sandbox runs as root here (on a real instance, make the checkout the app user's).`
    : `run-as is not set, so git and deploy.sh run as the owner of ${WORKING_DIRECTORY}. Without root, each instance runs in a user namespace in which you (uid ${process.getuid?.() ?? '?'}) are root, and the checkout you made is root's there: so they run as root, inside the instance only (on a real instance, make the checkout the app user's).`;
}

function narrateSecrets(run: ActionRun): void {
  heading('Secrets: read, masked, set as outputs');
  const names = Object.keys(run.outputs).filter((name) => name.startsWith('APP'));
  for (const name of names) console.log(`   ${name} = *** (masked in every log line)`);
  const manifest = run.outputs['secrets-manifest'];
  if (manifest !== undefined) console.log(`   secrets-manifest (no values) = ${manifest}`);
}

function narrateVersioning(run: ActionRun, before: string | undefined, sandbox: Sandbox): void {
  heading(`Versioning of s3://${BUCKET}`);
  console.log(`   before the run: ${before ?? 'never enabled'}`);
  console.log(`   after the run:  ${sandbox.bucketVersioning(BUCKET) ?? 'never enabled'}`);
  if (run.outputs.versioning !== undefined)
    console.log(`   versioning output: ${run.outputs.versioning}`);
}

interface InstanceResult {
  readonly instanceId: string;
  readonly status: string;
  readonly responseCode: number;
  readonly previousSha?: string | null;
  readonly deployedSha?: string | null;
  readonly stdoutTail?: string;
}

function narrateDeploy(run: ActionRun, sandbox: Sandbox, oldSha: string, newSha: string): void {
  heading('Deploy');
  console.log(
    `   status: ${run.outputs.status ?? '(none)'}   command: ${run.outputs['command-id'] ?? ''}`,
  );
  console.log(`   shipped ${newSha.slice(0, 7)} (the instances had ${oldSha.slice(0, 7)})`);
  const results = JSON.parse(run.outputs.results ?? '[]') as InstanceResult[];
  for (const result of results) {
    const instance = sandbox.instance(result.instanceId);
    const before = result.previousSha?.slice(0, 7) ?? '?';
    const after = result.deployedSha?.slice(0, 7) ?? '?';
    console.log(
      `\n   ${instance.name ?? instance.id} (${instance.id}): ${result.status}, exit ${result.responseCode}, ${before} → ${after}`,
    );
    if (result.stdoutTail) console.log(indent(result.stdoutTail, '     | '));
    const head = git(instance.path(WORKING_DIRECTORY), 'rev-parse', 'HEAD');
    console.log(`     checkout on the instance is now at ${head.slice(0, 7)}`);
  }
}

function narrateSummary(run: ActionRun): void {
  heading('Job summary (as GitHub would render it, shown as text)');
  const text = run.maskedSummary
    .replace(/<\/t[dh]>/g, ' | ')
    .replace(/<\/tr>|<br>|<\/h\d>|<\/p>|<\/li>/g, '\n')
    .replace(/<li>/g, '- ')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/ \| *\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  console.log(indent(text || '(empty)'));
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'ssm-deploy-demo-'));
  const secret = {
    db_password: `pw-${randomBytes(9).toString('base64url')}`,
    api_key: `key-${randomBytes(12).toString('hex')}`,
  };
  let sandbox: Sandbox | undefined;
  try {
    heading(
      'Starting the local sandbox (SSM, Secrets Manager, S3, ELBv2 and CloudWatch on 127.0.0.1)',
    );
    sandbox = await startSandbox({
      seed: {
        secrets: [{ name: SECRET_NAME, secretString: JSON.stringify(secret) }],
        buckets: [{ name: BUCKET }],
      },
    });
    console.log(`   listening on ${sandbox.url}`);
    console.log(`   secret ${SECRET_NAME}: a JSON object with db_password and api_key`);
    console.log(`   bucket ${BUCKET}: versioning never enabled`);

    heading('A git origin, and two instances with a clone of it at /srv/app');
    const repository = createRepository(work);
    const instanceIds = createInstances(sandbox, repository, ['web-1', 'web-2'], { Role: 'web' });
    const oldSha = git(repository.developer, 'rev-parse', 'HEAD');
    console.log(`   instances ${instanceIds.join(', ')} (tag Role=web) at ${oldSha.slice(0, 7)}`);
    console.log(indent(deployUser()));

    heading('A developer pushes a new release');
    const newSha = pushRelease(repository, '1.1.0');
    console.log(`   main is now ${newSha.slice(0, 7)}: "Release 1.1.0"`);

    heading('Running the action, as a workflow step would');
    const inputs = {
      'secret-ids': `APP,${SECRET_NAME}`,
      'parse-json-secrets': 'true',
      'versioned-buckets': BUCKET,
      targets: 'tag:Role=web',
      'working-directory': WORKING_DIRECTORY,
      ref: newSha,
    };
    console.log(
      indent(
        Object.entries(inputs)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
      ),
    );
    const versioningBefore = sandbox.bucketVersioning(BUCKET);
    const run = await runAction({
      inputs,
      env: sandbox.env(),
      github: { sha: newSha, repository: 'acme/demo' },
      stepHeader: false,
      timeoutMs: 120_000,
    });

    heading(`The step's log, masked as GitHub shows it (exit code ${run.exitCode ?? '?'})`);
    console.log(indent(asGitHubShowsIt(run.maskedLog)));

    narrateSecrets(run);
    narrateVersioning(run, versioningBefore, sandbox);
    narrateDeploy(run, sandbox, oldSha, newSha);
    narrateSummary(run);

    const leaked = Object.values(secret).filter((value) => run.maskedLog.includes(value));
    heading('Result');
    console.log(
      `   step ${run.outcome}; secret values in the log: ${leaked.length === 0 ? 'none' : leaked.length}`,
    );
    const release = readFileSync(
      sandbox.instance(instanceIds[0] ?? '').path('/srv/app-current-release'),
      'utf8',
    ).trim();
    console.log(`   web-1 now runs release ${release}`);
    if (run.outcome !== 'success' || leaked.length > 0) process.exitCode = 1;

    if (!(await demoRollout(sandbox, work, heading))) process.exitCode = 1;
  } finally {
    await sandbox?.stop();
    rmSync(work, { recursive: true, force: true });
    console.log('\nCleaned up: the sandbox, its instances and every temporary file are gone.');
  }
}

// Said in one line, before anything is made, on a machine that cannot run the instances.
if (!canIsolate()) {
  console.error(`npm run demo: ${ISOLATION_NEEDED}.`);
  process.exitCode = 1;
} else await main();
