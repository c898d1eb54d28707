// Hostile values in every input that reaches the remote script (working-directory, ref,
// deploy-script, env, run-as, comment): either they arrive byte for byte and nothing else runs,
// or the action refuses them cleanly before any AWS call. Every payload would create a file in a
// canary directory on this machine (which the instances' commands can reach): it stays empty.
// A secret read by the step, or a Parameter Store reference SSM would resolve, never travels in
// the command.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../../sandbox/index.js';
import { REPOSITORY_ROOT, type ActionRun } from '../../sandbox/runner/index.js';
import {
  WORKING_DIRECTORY,
  git,
  headOf,
  readInstanceFile,
  results,
  startWorld,
  type DeployWorld,
} from './deploy-fixture.js';

const noNetwork = join(REPOSITORY_ROOT, '__tests__', 'fixtures', 'no-network.mjs');

let world: DeployWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.stop();
});

/** Records what deploy.sh was given: its directory, its ref and each env value, byte for byte. */
const RECORDING_DEPLOY_SH = `#!/usr/bin/env bash
set -euo pipefail
{
  printf 'pwd=%s\\n' "$PWD"
  printf 'ref=%s\\n' "$SSM_DEPLOY_REF"
  for name in A B C D E F G H; do printf '%s=%s\\n' "$name" "\${!name}"; done
} > /srv/seen.txt
`;

/** A canary directory of its own for each test; every payload would touch a file in it. */
function canary(): string {
  return world.tempDir('e2e-canary-');
}

/** The action's own output lines, except `::add-mask::`, which must carry the value to mask. */
function unmaskedOutput(run: ActionRun): string {
  return `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

/** Runs the action with a preload that records every network connection it opens. */
async function runOffline(
  inputs: Readonly<Record<string, string>>,
  sha: string,
): Promise<{ run: ActionRun; connections: string }> {
  const dir = world.tempDir('e2e-network-');
  const log = join(dir, 'network.log');
  const run = await world.run(inputs, {
    sha,
    harness: {
      nodeArgs: ['--import', noNetwork],
      env: { NO_NETWORK_LOG: log },
    },
  });
  let connections = '';
  try {
    connections = readFileSync(log, 'utf8');
  } catch {
    // No connection, no log.
  }
  rmSync(dir, { recursive: true, force: true });
  return { run, connections };
}

describe.concurrent('hostile values', () => {
  it('that are valid inputs reach the instance byte for byte, and nothing else runs', async () => {
    const c = canary();
    const workingDirectory = `/srv/app $(touch ${c}/wd) \`touch ${c}/wd2\` 'q' "d" ;x`;
    const ref = `release/$(touch\${IFS}${c}/ref1)\`touch\${IFS}${c}/ref2\`;x`;
    const deployScript = `./deploy $(touch ${c}/script) 'x' "y" ;z.sh`;
    const env = {
      A: `$(touch ${c}/a)`,
      B: `\`touch ${c}/b\``,
      C: `'; touch ${c}/c; '`,
      D: `" && touch ${c}/d #`,
      E: '--help -rf *',
      F: 'ünïcødé ☃ 🚀 \\ back\\slash',
      G: '$HOME ${PATH} $((1+1)) !! ~',
      H: `a;b|c&d>${c}/h<e`,
    };
    const comment = `$(touch ${c}/m) \`touch ${c}/n\` ';#`;

    const repo = world.repo({ 'README.md': 'app\n' });
    const [web] = world.instances(repo, 1) as [Instance];
    const wd = web.path(workingDirectory);
    git('/', 'clone', '--quiet', repo.origin, wd);
    const sha = repo.commit({ [deployScript.slice(2)]: RECORDING_DEPLOY_SH }, 'hostile', ref);
    const run = await world.run(
      {
        'instance-ids': web.id,
        'working-directory': workingDirectory,
        // ref is resolved to one SHA before anything is sent, so a hostile branch name reaches
        // the instance as the allowed branch the commit must be on.
        ref: sha,
        'allowed-branches': ref,
        'deploy-script': deployScript,
        env: Object.entries(env)
          .map(([name, value]) => `${name}=${value}`)
          .join('\n'),
        comment,
      },
      { sha: repo.head() },
    );

    expect(run.exitCode).toBe(0);
    expect(run.annotations.map((a) => a.level)).toEqual(['notice']);
    expect(run.outputs.status).toBe('Success');
    expect(run.outputs['deployed-sha']).toBe(sha);
    expect(results(run)[0]?.deployedSha).toBe(sha);
    expect(results(run)[0]?.stdoutTail).toContain(
      `ssm-deploy: commit ${sha} is on the allowed branch ${ref} of origin`,
    );
    expect(git(wd, 'rev-parse', 'HEAD')).toBe(sha);
    expect(readInstanceFile(web, '/srv/seen.txt')).toBe(
      [
        `pwd=${workingDirectory}`,
        `ref=${sha}`,
        ...Object.entries(env).map(([name, value]) => `${name}=${value}`),
        '',
      ].join('\n'),
    );
    const [send] = world.sendCommandsTo(web.id);
    expect(send?.params.Comment).toBe(comment);
    expect(readdirSync(c)).toEqual([]);
  });

  it('in a working-directory that does not exist: a clear failure on the instance, nothing run', async () => {
    const c = canary();
    const workingDirectory = `/srv/nowhere $(touch ${c}/wd) ; touch ${c}/wd2`;
    const repo = world.repo({ 'deploy.sh': '#!/usr/bin/env bash\necho hi\n' });
    const [web] = world.instances(repo, 1) as [Instance];
    const run = await world.run(
      { 'instance-ids': web.id, 'working-directory': workingDirectory },
      { sha: repo.head() },
    );

    expect(run.exitCode).toBe(1);
    const stderr = `ssm-deploy: working-directory ${workingDirectory} does not exist on this instance (or is not a directory)\nfailed to run commands: exit status 211`;
    expect(run.annotations).toEqual([
      {
        stage: 'main',
        level: 'error',
        message: `${web.id}: Failed, exit code 211: working-directory does not exist on the instance\nLast lines of stderr:\n${stderr}`,
        properties: { title: `Deploy failed on ${web.id}` },
      },
    ]);
    expect(readdirSync(c)).toEqual([]);
  });

  it('that are not valid inputs are refused, each naming its input, before any AWS call', async () => {
    const c = canary();
    const repo = world.repo({ 'deploy.sh': '#!/usr/bin/env bash\necho hi\n' });
    const [web] = world.instances(repo, 1) as [Instance];
    const before = headOf(web);
    const { run, connections } = await runOffline(
      {
        'instance-ids': web.id,
        'working-directory': `/srv/app\n$(touch ${c}/wd)`,
        ref: `main; touch ${c}/ref`,
        'deploy-script': `-rf; touch ${c}/script`,
        'run-as': `root; touch ${c}/user`,
        env: `A=ok\n$(touch ${c}/env)=x\nB=fine`,
      },
      repo.head(),
    );

    expect(connections).toBe('');
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toEqual({});
    const at = (input: string) => `Input "${input}": `;
    expect(run.annotations.map((a) => [a.level, a.message])).toEqual([
      [
        'error',
        `${at('working-directory')}the value (${`/srv/app\n$(touch ${c}/wd)`.length} characters, not shown: it cannot be shown whole and as it is) is not an absolute path; expected something like /srv/app.`,
      ],
      [
        'error',
        `${at('ref')}"main; touch ${c}/ref" is not a commit SHA or a valid branch or tag name: it contains a space, a control character or one of ~ ^ : ? * [ \\.`,
      ],
      [
        'error',
        `${at('deploy-script')}"-rf; touch ${c}/script" is not a path; give the script's path relative to working-directory (e.g. ./deploy.sh) or an absolute path.`,
      ],
      [
        'error',
        `${at('run-as')}"root; touch ${c}/user" is not a Unix user name; expected lower-case letters, digits, _ and -, such as ec2-user or ubuntu.`,
      ],
      [
        'error',
        `${at('env')}line 2: the name before "=" is not a variable name; use letters, digits and _, not starting with a digit.`,
      ],
    ]);
    expect(world.sendCommandsTo(web.id)).toEqual([]);
    expect(headOf(web)).toBe(before);
    expect(readdirSync(c)).toEqual([]);
  });

  it('a Parameter Store reference SSM would resolve is refused before any AWS call', async () => {
    const repo = world.repo({ 'deploy.sh': '#!/usr/bin/env bash\necho hi\n' });
    const [web] = world.instances(repo, 1) as [Instance];
    const { run, connections } = await runOffline(
      {
        'instance-ids': web.id,
        'working-directory': '/srv/{{ssm:/prod/app-dir}}',
        env: 'DB_URL=postgres://app:{{ssm-secure:/prod/db/password}}@db/app',
      },
      repo.head(),
    );

    expect(connections).toBe('');
    expect(run.exitCode).toBe(1);
    const refused =
      'SSM would replace it with a Parameter Store value before the script runs (SSM offers no escape for "{{ssm:"), so it is refused. Let deploy-script read the parameter on the instance instead.';
    expect(run.annotations.map((a) => a.message)).toEqual([
      `Input "working-directory": "/srv/{{ssm:/prod/app-dir}}" holds a Parameter Store reference: ${refused}`,
      `Input "env": line 1: the value holds a Parameter Store reference: ${refused}`,
    ]);
    expect(unmaskedOutput(run)).not.toContain('/prod/db/password');
  });

  it('an env value that is a secret read by this step is refused before SendCommand', async () => {
    const repo = world.repo({ 'deploy.sh': '#!/usr/bin/env bash\necho hi\n' });
    const [web] = world.instances(repo, 1) as [Instance];
    const before = headOf(web);
    // The workflow passes the password from a repository secret (`${{ secrets.DB_PASSWORD }}`,
    // masked by the runner) that holds the same value as the secret this step reads.
    const run = await world.run(
      {
        'instance-ids': web.id,
        'working-directory': '/srv/app',
        env: `LOG_LEVEL=info\nDB_PASSWORD=${world.password}\nDATABASE_URL=postgres://app:${world.password}@db/app`,
      },
      { sha: repo.commit({ VERSION: '2\n' }), jobSecrets: [world.password] },
    );

    expect(run.exitCode).toBe(1);
    expect(run.annotations).toEqual([
      {
        stage: 'main',
        level: 'error',
        message: [
          'Input "env": the value of DB_PASSWORD is a secret read by this step. SSM stores command parameters in plain text, so it is refused.',
          'Input "env": the value of DATABASE_URL contains a secret read by this step. SSM stores command parameters in plain text, so it is refused.',
          'Let deploy-script read the secret on the instance instead (from Secrets Manager or Parameter Store, with the instance role).',
        ].join('\n'),
        properties: {},
      },
    ]);
    // The secret was read (and masked) in this step; the deploy never reached SSM.
    expect(run.outputs.DB_PASSWORD).toBe(world.password);
    expect(world.sandbox.calls({ operation: 'BatchGetSecretValue' }).length).toBeGreaterThan(0);
    expect(world.sendCommandsTo(web.id)).toEqual([]);
    expect(headOf(web)).toBe(before);
    expect(unmaskedOutput(run)).not.toContain(world.password);
  });
});

// A root-made symlink /srv/app -> /srv/releases/app, the checkout itself an unprivileged user's:
// the user is the owner of where the link leads, never root (root owns the link itself).
describe.skipIf(process.getuid?.() !== 0)('a symlinked working-directory', () => {
  async function deployThroughLink(gitPull: boolean) {
    const repo = world.repo({
      'deploy.sh': '#!/usr/bin/env bash\necho "deploy.sh ran as $(id -un)"\n',
    });
    const [web] = world.instances(repo, 1) as [Instance];
    const real = web.path('/srv/releases/app');
    mkdirSync(dirname(real), { recursive: true });
    renameSync(web.path(WORKING_DIRECTORY), real);
    symlinkSync('/srv/releases/app', web.path(WORKING_DIRECTORY));
    // The origin stands for a server the instance fetches from; nobody may read it as its own.
    execFileSync('chmod', ['755', join(repo.origin, '..')]);
    const sha = repo.commit({ VERSION: '2\n' });
    execFileSync('chown', ['-R', 'nobody:nogroup', repo.origin, real]);
    const run = await world.run(
      {
        'instance-ids': web.id,
        'working-directory': WORKING_DIRECTORY,
        'git-pull': String(gitPull),
      },
      { sha },
    );
    return { run, web, sha };
  }

  it('git-pull true: git and deploy.sh run as the owner of the real checkout, and the log says why', async () => {
    const { run, web, sha } = await deployThroughLink(true);
    expect(run.exitCode).toBe(0);
    const [result] = results(run);
    expect(result?.stdoutTail).toContain(
      'ssm-deploy: deploying in /srv/app as nobody (the owner of /srv/releases/app, where /srv/app leads)',
    );
    expect(result?.stdoutTail).toContain('deploy.sh ran as nobody');
    expect(git(web.path('/srv/releases/app'), 'rev-parse', 'HEAD')).toBe(sha);
    const notNobody = execFileSync('find', ['.', '-not', '-user', 'nobody'], {
      cwd: web.path('/srv/releases/app'),
      encoding: 'utf8',
    });
    expect(notNobody.trim()).toBe('');
  });

  it('git-pull false: deploy.sh, which that user can write, does not run as root', async () => {
    const { run } = await deployThroughLink(false);
    expect(run.exitCode).toBe(0);
    expect(results(run)[0]?.stdoutTail).toContain('deploy.sh ran as nobody');
  });

  it('run-as root over that checkout: refused with 225, naming what nobody can write', async () => {
    const repo = world.repo({ 'deploy.sh': '#!/usr/bin/env bash\necho "deploy.sh ran"\n' });
    const [web] = world.instances(repo, 1) as [Instance];
    execFileSync('chown', ['-R', 'nobody:nogroup', web.path(WORKING_DIRECTORY)]);
    const run = await world.run(
      {
        'instance-ids': web.id,
        'working-directory': WORKING_DIRECTORY,
        'run-as': 'root',
        'git-pull': 'false',
      },
      { sha: repo.head() },
    );
    expect(run.exitCode).toBe(1);
    const [result] = results(run);
    expect(result?.responseCode).toBe(225);
    expect(result?.stdoutTail).not.toContain('deploy.sh ran');
    expect(result?.stderrTail).toContain('ssm-deploy:   /srv/app (owned by nobody)');
    expect(run.annotations[0]?.message).toContain(
      'exit code 225: the checkout, its .git or deploy-script can be written by a user other than the one the deploy runs as',
    );
  });
});
