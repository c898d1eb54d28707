// Every YAML example in the README is valid YAML that names this action at package.json's release,
// and every one that reads secrets (and does not deploy) runs as written through the built action
// against the sandbox, seeded with the secrets it names. An example that cannot run as written
// (a comment inside a `|` block becomes part of a secret id) fails here.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Sandbox } from '../../sandbox/index.js';
import type { SecretSpec } from '../../sandbox/runner/index.js';
import { fileSandbox, runPhase } from './helpers.js';

const sandbox = fileSandbox();
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

const blocks = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

interface Step {
  readonly uses?: string;
  readonly with?: Readonly<Record<string, unknown>>;
}

/** The steps of an example: a list of steps, one step, or a workflow's jobs' steps. */
function stepsOf(document: unknown): Step[] {
  if (Array.isArray(document))
    return document.filter((item): item is Step => typeof item === 'object');
  if (typeof document !== 'object' || document === null) return [];
  const record = document as Record<string, unknown>;
  if ('uses' in record) return [record];
  // A fragment of a step's inputs, such as `secret-ids: |`.
  if ('secret-ids' in record) return [{ with: record }];
  const jobs = record.jobs as Record<string, { steps?: Step[] }> | undefined;
  return Object.values(jobs ?? {}).flatMap((job) => job.steps ?? []);
}

const ours = (step: Step): boolean =>
  step.uses === undefined
    ? step.with?.['secret-ids'] !== undefined
    : step.uses.startsWith('ssm-deploy/ssm-deploy');

/** Seeds every secret a `secret-ids` input names, with JSON values; returns what was seeded. */
function seedFor(sb: Pick<Sandbox, 'addSecret'>, secretIds: string, space: string): SecretSpec[] {
  const specs: SecretSpec[] = [];
  const add = (name: string, region: string | undefined, pinned: boolean): void => {
    const value = (n: number) =>
      JSON.stringify({
        username: `${space}-${name}-user-${n}`,
        password: `${space}-${name}-pass-${n}`,
      });
    sb.addSecret({
      name,
      ...(region === undefined ? {} : { region }),
      ...(pinned
        ? { versions: [{ secretString: value(1) }, { secretString: value(2) }] }
        : { secretString: value(2) }),
    });
    for (const n of pinned ? [1, 2] : [2]) {
      specs.push({ name: `${name}#${n}`, value: value(n) });
      specs.push({ name: `${name}.user#${n}`, value: `${space}-${name}-user-${n}` });
      specs.push({ name: `${name}.pass#${n}`, value: `${space}-${name}-pass-${n}` });
    }
  };
  const lines = secretIds
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const pinnedNames = new Set(
    lines.map((line) => line.split(',')).flatMap((f) => (f.length === 3 ? [f[1]?.trim()] : [])),
  );
  const seen = new Set<string>();
  for (const line of lines) {
    const fields = line.split(',').map((field) => field.trim());
    const id = fields.length === 1 ? (fields[0] ?? '') : (fields[1] ?? '');
    if (seen.has(id)) continue;
    seen.add(id);
    if (id.startsWith('arn:')) {
      const region = id.split(':')[3];
      add(id.slice(id.indexOf(':secret:') + ':secret:'.length), region, false);
    } else if (id.endsWith('*')) {
      const prefix = id.slice(0, -1);
      add(`${prefix}${prefix.endsWith('/') ? '' : '-'}db`, undefined, false);
      add(`${prefix}${prefix.endsWith('/') ? '' : '-'}cache`, undefined, false);
    } else add(id, undefined, pinnedNames.has(id));
  }
  return specs;
}

describe('the README examples', () => {
  it('are valid YAML, and name this action at its release', () => {
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const steps = stepsOf(parse(block));
      for (const step of steps.filter(
        (candidate) => candidate.uses !== undefined && ours(candidate),
      ))
        expect(step.uses).toMatch(
          new RegExp(`^ssm-deploy/ssm-deploy@v${VERSION.replace(/\./g, '\\.')}$`),
        );
    }
  });

  const secretsExamples = blocks
    .map((block, index) => ({ index, step: stepsOf(parse(block)).find(ours) }))
    .filter(
      ({ step }) =>
        step?.with?.['secret-ids'] !== undefined &&
        step.with['instance-ids'] === undefined &&
        step.with.targets === undefined,
    );

  it('include the secrets examples', () => {
    expect(secretsExamples.length).toBeGreaterThanOrEqual(2);
  });

  it.concurrent.each(secretsExamples.map(({ index, step }) => [index, step] as const))(
    'example %i runs as written',
    async (index, step) => {
      // Each example in an account of its own, so that their secrets cannot meet.
      const sb = sandbox.current;
      const inputs = Object.fromEntries(
        Object.entries(step?.with ?? {}).map(([key, value]) => [key, String(value)]),
      );
      // Names differ between examples: each example's secrets are seeded in a region of its own.
      const region =
        ['us-west-2', 'eu-west-3', 'ap-south-1', 'sa-east-1'][index % 4] ?? 'us-west-2';
      const secretIds = (inputs['secret-ids'] ?? '').replace(/:us-east-1:/g, `:${region}:`);
      const specs = seedInRegion(sb, secretIds, region, `ex${index}`);
      const expected = EXPECTED.find(([marker]) => secretIds.includes(marker))?.[1];
      expect(expected, 'every secrets example has its expected names here').toBeDefined();
      const exporting = inputs['export-env'] === 'true';
      const run = await runPhase(sb, {
        inputs: { ...inputs, 'secret-ids': secretIds, 'aws-region': region },
        secrets: specs,
        valueEnv: exporting ? (expected ?? []) : [],
      });
      expect(run.exitCode, run.annotations.map((a) => a.message).join('\n')).toBe(0);
      expect(run.annotations).toEqual([]);
      const names = Object.keys(run.outputs).filter((name) => name !== 'secrets-manifest');
      expect(names.sort()).toEqual([...(expected ?? [])].sort());
      if (exporting) expect(Object.keys(run.exportedEnv).sort()).toEqual(names.sort());
    },
  );
});

/** What each secrets example sets, as its prose says: a line of its secret-ids, and the names. */
const EXPECTED: readonly (readonly [string, readonly string[]])[] = [
  [
    'OLD_DB,prod/db,AWSPREVIOUS',
    [
      'APP_CACHE_PASSWORD',
      'APP_CACHE_USERNAME',
      'APP_DB_PASSWORD',
      'APP_DB_USERNAME',
      'DB_PASSWORD',
      'DB_USERNAME',
      'OLD_DB_PASSWORD',
      'OLD_DB_USERNAME',
      'PROD_DB_PASSWORD',
      'PROD_DB_USERNAME',
      'SHARED_KEY_PASSWORD',
      'SHARED_KEY_USERNAME',
    ],
  ],
  [
    'SECRET_ALIAS_1,test/secret',
    [
      'EXAMPLESECRETNAME_USERNAME',
      'EXAMPLESECRETNAME_PASSWORD',
      'SECRET_ALIAS_1_USERNAME',
      'SECRET_ALIAS_1_PASSWORD',
      'USERNAME',
      'PASSWORD',
      'BETA_DB_USERNAME',
      'BETA_DB_PASSWORD',
      'BETA_CACHE_USERNAME',
      'BETA_CACHE_PASSWORD',
    ],
  ],
];

/** Seeds an example's secrets in `region` (the sandbox keeps each region's secrets apart). */
function seedInRegion(sb: Sandbox, secretIds: string, region: string, space: string): SecretSpec[] {
  return seedFor(
    { addSecret: (seed) => sb.addSecret({ ...seed, region: seed.region ?? region }) },
    secretIds,
    space,
  );
}
