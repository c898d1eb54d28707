// The README's least-privilege policy against the code: every AWS call the action makes is allowed
// by it (a user who copies it never meets an AccessDenied the docs did not warn of), and it allows
// nothing the action never calls.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as cloudwatch from '@aws-sdk/client-cloudwatch';
import * as logs from '@aws-sdk/client-cloudwatch-logs';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as s3 from '@aws-sdk/client-s3';
import * as secretsManager from '@aws-sdk/client-secrets-manager';
import * as ssm from '@aws-sdk/client-ssm';
import * as sts from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');

/** Each client package, by the prefix of its IAM actions. */
const SERVICES: readonly [string, Record<string, unknown>][] = [
  ['ssm', ssm],
  ['secretsmanager', secretsManager],
  ['s3', s3],
  ['logs', logs],
  ['sts', sts],
  ['elasticloadbalancing', elbv2],
  ['cloudwatch', cloudwatch],
];

/**
 * The IAM action each call needs where it is not named like the call: HeadBucket is allowed by
 * s3:ListBucket, and GetCallerIdentity needs no permission at all (no policy can deny it).
 */
const IAM_ACTION: Readonly<Record<string, string | null>> = {
  's3:HeadBucket': 's3:ListBucket',
  'sts:GetCallerIdentity': null,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `service:Operation` for every SDK command the action's code constructs. */
function actionsCalled(): Set<string> {
  const called = new Set<string>();
  for (const file of sourceFiles(join(root, 'src')))
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/new (\w+)Command\(/g)) {
      const services = SERVICES.filter(([, pkg]) => `${name ?? ''}Command` in pkg);
      expect(
        services.map(([prefix]) => prefix),
        `${name ?? ''}Command in ${file}`,
      ).toHaveLength(1);
      const [prefix] = services[0] ?? [];
      const call = `${prefix ?? ''}:${name ?? ''}`;
      const action = call in IAM_ACTION ? IAM_ACTION[call] : call;
      if (action !== null && action !== undefined) called.add(action);
    }
  return called;
}

interface Statement {
  readonly Sid: string;
  readonly Action: string | readonly string[];
}

/** The policy under the README's least-privilege heading. */
function readmePolicy(): { Statement: readonly Statement[] } {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### A least-privilege policy for the role'));
  const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (json === undefined) throw new Error('no policy under the least-privilege heading');
  return JSON.parse(json) as { Statement: readonly Statement[] };
}

function actionsAllowed(): Set<string> {
  return new Set(
    readmePolicy().Statement.flatMap((statement) =>
      typeof statement.Action === 'string' ? [statement.Action] : statement.Action,
    ),
  );
}

describe("the README's least-privilege policy", () => {
  it('finds the calls it is checked against (the scan works)', () => {
    const called = actionsCalled();
    expect(called).toContain('ssm:SendCommand');
    expect(called).toContain('secretsmanager:BatchGetSecretValue');
    expect(called).toContain('s3:PutBucketVersioning');
    expect(called.size).toBeGreaterThan(12);
  });

  it('allows every call the action makes', () => {
    const allowed = actionsAllowed();
    expect([...actionsCalled()].filter((action) => !allowed.has(action)).sort()).toEqual([]);
  });

  it('allows nothing the action never calls', () => {
    const called = actionsCalled();
    expect([...actionsAllowed()].filter((action) => !called.has(action)).sort()).toEqual([]);
  });
});

interface CloudFormationTemplate {
  readonly Resources: Record<
    string,
    {
      readonly Type: string;
      readonly Properties: {
        readonly AssumeRolePolicyDocument?: { readonly Statement: readonly TrustStatement[] };
        readonly Policies?: readonly {
          readonly PolicyDocument: { readonly Statement: readonly Statement[] };
        }[];
        readonly Url?: string;
        readonly ClientIdList?: readonly string[];
      };
    }
  >;
}

interface TrustStatement {
  readonly Action: string;
  readonly Condition: { readonly StringEquals: Record<string, unknown> };
}

/** examples/aws/deploy-role.yml, its long-form intrinsic functions plain YAML. */
function template(): CloudFormationTemplate {
  return parse(
    readFileSync(join(root, 'examples/aws/deploy-role.yml'), 'utf8'),
  ) as CloudFormationTemplate;
}

function templateStatements(): readonly Statement[] {
  return Object.values(template().Resources).flatMap((resource) =>
    (resource.Properties.Policies ?? []).flatMap((policy) => policy.PolicyDocument.Statement),
  );
}

describe('the CloudFormation template in examples/aws', () => {
  it('allows exactly the calls the action makes', () => {
    const allowed = new Set(
      templateStatements().flatMap((statement) =>
        typeof statement.Action === 'string' ? [statement.Action] : statement.Action,
      ),
    );
    const called = actionsCalled();
    expect([...called].filter((action) => !allowed.has(action)).sort()).toEqual([]);
    expect([...allowed].filter((action) => !called.has(action)).sort()).toEqual([]);
  });

  it("has the README policy's statements, by name", () => {
    expect(templateStatements().map((statement) => statement.Sid)).toEqual(
      readmePolicy().Statement.map((statement) => statement.Sid),
    );
  });

  it('trusts one repository and environment, through GitHub OIDC with the STS audience', () => {
    const resources = Object.values(template().Resources);
    const provider = resources.find((resource) => resource.Type === 'AWS::IAM::OIDCProvider');
    expect(provider?.Properties.Url).toBe('https://token.actions.githubusercontent.com');
    expect(provider?.Properties.ClientIdList).toEqual(['sts.amazonaws.com']);
    const trust = resources.flatMap(
      (resource) => resource.Properties.AssumeRolePolicyDocument?.Statement ?? [],
    );
    expect(trust).toHaveLength(1);
    expect(trust[0]?.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(trust[0]?.Condition.StringEquals).toEqual({
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      'token.actions.githubusercontent.com:sub': {
        'Fn::Sub': 'repo:${Repository}:environment:${Environment}',
      },
    });
  });
});
