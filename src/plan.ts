// A plain-text description of what a run will do, printed before it starts and by dry-run.

import type { Config, DeployConfig } from './config.js';
import { deliveryTimeoutSeconds, waves } from './deploy/timeouts.js';

export function describePlan(config: Config): string[] {
  const plan: string[] = [
    `Region: ${config.region}${config.dryRun ? ' (dry run: nothing is changed)' : ''}`,
  ];
  if (config.secrets !== undefined)
    plan.push(
      `Secrets: read ${config.secrets.requests.length} secret id(s)${config.secrets.parseJson ? ', JSON values split into one output per key' : ''}`,
    );
  if (config.parameters !== undefined)
    plan.push(`Parameters: read ${config.parameters.length} name(s) or path(s)`);
  if (config.versionedBuckets !== undefined)
    plan.push(`Versioning: keep ${config.versionedBuckets.join(', ')} versioned`);
  if (config.deploy !== undefined) plan.push(...describeDeploy(config.deploy));
  const { parameterName, allowOlder, githubDeployment } = config.record;
  if (parameterName !== undefined)
    plan.push(
      allowOlder
        ? `Record: deploy even if ${parameterName} records a newer run (allow-older); after a successful deploy, record it there`
        : `Record: skip the deploy if ${parameterName} records a newer run of this repository; after a successful deploy, record it there`,
    );
  if (githubDeployment !== undefined && config.deploy !== undefined)
    plan.push(
      `GitHub Deployment: ${config.deploy.ref.kind === 'sha' ? config.deploy.ref.sha : config.deploy.ref.name} to environment ${githubDeployment.environment}, its status kept in step with the deploy${config.dryRun ? ' (not created in a dry run)' : ''}`,
    );
  return plan;
}

function describeDeploy(deploy: DeployConfig): string[] {
  const where =
    deploy.targets.kind === 'instances'
      ? `${deploy.targets.instanceIds.length} instance(s) (${deploy.targets.instanceIds.join(', ')})`
      : `instances tagged ${deploy.targets.tags.map((tag) => `${tag.key}=${tag.values.join('|')}`).join(' and ')}`;
  const what = !deploy.gitPull
    ? 'the checkout as it is (git-pull is false)'
    : deploy.ref.kind === 'sha'
      ? deploy.ref.sha
      : `the commit ${deploy.ref.name} names now (resolved through the GitHub API before anything is sent)`;
  const rounds = waves(deploy);
  const lines = [
    `Deploy: ${what} to ${deploy.workingDirectory} on ${where}, then run ${deploy.deployScript} as ${deploy.runAs ?? 'the owner of the checkout'}`,
    `  timeouts: ${deploy.timeoutSeconds} s to run, ${deliveryTimeoutSeconds(deploy)} s to be delivered${rounds > 1 ? ` (${rounds} waves)` : ''}; rate control: ${deploy.maxConcurrency} at once, stop after ${deploy.maxErrors} error(s)`,
  ];
  lines.push(
    `  only a commit reachable from ${deploy.allowedBranches === undefined ? "the repository's default branch" : deploy.allowedBranches.join(', ')}`,
  );
  if (deploy.env.length > 0)
    lines.push(`  environment: ${deploy.env.map((variable) => variable.name).join(', ')}`);
  if (deploy.rollbackOnFailure)
    lines.push('  on failure: roll back to the previous commit and run the script again');
  if (deploy.outputS3 !== undefined)
    lines.push(
      `  output also kept in s3://${deploy.outputS3.bucket}/${deploy.outputS3.keyPrefix ?? ''}`,
    );
  if (deploy.cloudWatchLogGroup !== undefined)
    lines.push(
      `  output also sent to CloudWatch Logs group ${deploy.cloudWatchLogGroup}${deploy.wait ? ', and shown from there while the deploy runs' : ''}`,
    );
  if (!deploy.wait) lines.push('  wait: false: send the command and return');
  return lines;
}
