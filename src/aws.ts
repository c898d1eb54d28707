// One factory for every AWS client the action uses: region, retries, user agent and timeouts are
// decided here once. Endpoints are never hard-coded: the SDK itself honours AWS_ENDPOINT_URL and
// the per-service AWS_ENDPOINT_URL_* variables, which is how the action runs against LocalStack or
// the project's sandbox.

import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Environment } from './inputs.js';

/** Attempts per call when AWS_MAX_ATTEMPTS is not set: enough to ride out a burst of throttling. */
export const DEFAULT_MAX_ATTEMPTS = 8;

export const USER_AGENT: [string, string] = ['ssm-deploy', '1'];

export interface AwsClients {
  ssm(region?: string): SSMClient;
  secretsManager(region?: string): SecretsManagerClient;
  s3(region?: string): S3Client;
}

/** Every client of a run: the shared ones, and SSM without the SDK's retries. */
export interface RunClients extends AwsClients {
  /**
   * SSM with one attempt per call, for SendCommand: it takes no idempotency token, so a send whose
   * answer was lost is looked for before it is sent again (deploy/send.ts), never repeated blindly.
   */
  ssmSingleAttempt(region?: string): SSMClient;
  /** Attempts per call of the other clients, which a single-attempt caller may make itself. */
  readonly maxAttempts: number;
  /**
   * The account of the credentials, asked of STS (GetCallerIdentity, which needs no permission)
   * once, on first use; its SDK is loaded only then.
   */
  account(): Promise<string>;
}

export interface ClientSettings {
  readonly region: string;
  readonly maxAttempts: number;
  readonly retryMode: string;
  readonly customUserAgent: [string, string][];
  readonly requestHandler: {
    readonly connectionTimeout: number;
    readonly requestTimeout: number;
  };
}

/** The settings shared by every client; environment variables override the defaults. */
export function clientSettings(region: string, env: Environment): ClientSettings {
  const attempts = Number(env.AWS_MAX_ATTEMPTS);
  return {
    region,
    maxAttempts: Number.isInteger(attempts) && attempts > 0 ? attempts : DEFAULT_MAX_ATTEMPTS,
    // Adaptive mode adds client-side rate limiting on top of backoff, so a throttled burst of
    // parallel calls slows itself down instead of failing.
    retryMode: env.AWS_RETRY_MODE || 'adaptive',
    customUserAgent: [USER_AGENT],
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  };
}

/** S3 behind an endpoint override (LocalStack, the sandbox) is addressed path-style. */
export function s3NeedsPathStyle(env: Environment): boolean {
  return Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
}

/** Clients are made on first use and kept per region (a secret ARN may name another region). */
export function createClients(region: string, env: Environment): RunClients {
  const cache = new Map<string, unknown>();
  const cached = <T>(kind: string, target: string, make: (settings: ClientSettings) => T): T => {
    const key = `${kind}:${target}`;
    let client = cache.get(key) as T | undefined;
    if (client === undefined) {
      client = make(clientSettings(target, env));
      cache.set(key, client);
    }
    return client;
  };
  let account: Promise<string> | undefined;
  return {
    account: () => (account ??= callerAccount(region, env)),
    ssm: (target = region) => cached('ssm', target, (settings) => new SSMClient(settings)),
    ssmSingleAttempt: (target = region) =>
      cached('ssm-single', target, (settings) => new SSMClient({ ...settings, maxAttempts: 1 })),
    maxAttempts: clientSettings(region, env).maxAttempts,
    secretsManager: (target = region) =>
      cached('secretsmanager', target, (settings) => new SecretsManagerClient(settings)),
    s3: (target = region) =>
      cached(
        's3',
        target,
        (settings) => new S3Client({ ...settings, forcePathStyle: s3NeedsPathStyle(env) }),
      ),
  };
}

/** The account the credentials belong to, as STS says; a failure names what was asked. */
async function callerAccount(region: string, env: Environment): Promise<string> {
  const [{ STSClient, GetCallerIdentityCommand }, { ActionError }] = await Promise.all([
    import('@aws-sdk/client-sts'),
    import('./errors.js'),
  ]);
  const sts = new STSClient(clientSettings(region, env));
  try {
    const { Account } = await sts.send(new GetCallerIdentityCommand({}));
    if (Account === undefined || !/^\d{12}$/.test(Account)) throw new Error('STS named no account');
    return Account;
  } catch (error) {
    throw new ActionError(
      'Could not learn the account of the credentials (STS GetCallerIdentity), which output-s3-bucket must belong to.',
      { cause: error },
    );
  } finally {
    sts.destroy();
  }
}

/**
 * A CloudWatch Logs client, only for `cloudwatch-log-group`: its SDK is loaded here, on first
 * use, so a run without it never loads it.
 */
export async function createLogsClient(
  region: string,
  env: Environment,
): Promise<CloudWatchLogsClient> {
  const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
  return new CloudWatchLogsClient(clientSettings(region, env));
}
