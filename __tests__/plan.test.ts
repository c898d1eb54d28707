// The plan printed before a run: what it will deploy, and what it records where.

import { describe, expect, it } from 'vitest';
import type { Config } from '../src/config.js';
import { describePlan } from '../src/plan.js';
import { BASE_DEPLOY } from './deploy/fixtures/config.js';

const CONFIG: Config = {
  region: 'eu-west-1',
  dryRun: false,
  ifMissing: 'fail',
  exportEnv: false,
  secrets: undefined,
  parameters: undefined,
  versionedBuckets: undefined,
  deploy: BASE_DEPLOY,
  record: { parameterName: undefined, allowOlder: false, githubDeployment: undefined },
  githubToken: undefined,
  run: {
    repository: 'acme/shop',
    sha: 'a'.repeat(40),
    runId: '500',
    runAttempt: '1',
    serverUrl: 'https://github.com',
  },
};

describe('describePlan', () => {
  it('the deploy record: skip when a newer run recorded, or deploy anyway with allow-older', () => {
    const record = { ...CONFIG.record, parameterName: '/deploys/shop' };
    expect(describePlan({ ...CONFIG, record })).toContain(
      'Record: skip the deploy if /deploys/shop records a newer run of this repository; after a successful deploy, record it there',
    );
    expect(describePlan({ ...CONFIG, record: { ...record, allowOlder: true } })).toContain(
      'Record: deploy even if /deploys/shop records a newer run (allow-older); after a successful deploy, record it there',
    );
  });

  it('the GitHub Deployment: the ref as given, and none in a dry run', () => {
    const record = {
      ...CONFIG.record,
      githubDeployment: {
        token: 'ghs_secret',
        environment: 'production',
        requiredChecks: { kind: 'branch' } as const,
      },
    };
    const plan = describePlan({ ...CONFIG, record });
    expect(plan).toContain(
      'GitHub Deployment: main to environment production, its status kept in step with the deploy',
    );
    expect(plan.join('\n')).not.toContain('ghs_secret');
    expect(describePlan({ ...CONFIG, dryRun: true, record }).at(-1)).toMatch(
      /\(not created in a dry run\)$/,
    );
  });

  it('the CloudWatch output, followed only when waiting', () => {
    const deploy = { ...BASE_DEPLOY, cloudWatchLogGroup: '/deploys/out' };
    expect(describePlan({ ...CONFIG, deploy })).toContain(
      '  output also sent to CloudWatch Logs group /deploys/out, and shown from there while the deploy runs',
    );
    expect(describePlan({ ...CONFIG, deploy: { ...deploy, wait: false } })).toContain(
      '  output also sent to CloudWatch Logs group /deploys/out',
    );
  });
});
