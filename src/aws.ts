// One factory for every AWS client the action uses: region, retries, user agent, timeouts,
// endpoints and credentials are decided here once, from the environment as it was when the step
// started (aws-settings.ts), never from process.env as it is when a request is made. Endpoints are
// never hard-coded: AWS_ENDPOINT_URL and the per-service AWS_ENDPOINT_URL_* variables are
// honoured, which is how the action runs against LocalStack or the project's sandbox.
//
// Each service's SDK is loaded only when a run needs it (`load`), so a secrets-only run never
// loads the SSM or S3 client.

import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import {
  credentialsOf,
  endpointSettings,
  loadAwsSetup,
  sdkSettings,
  type AwsSetup,
  type EndpointSettings,
  type SdkSettings,
} from './aws-settings.js';
import type { Environment } from './inputs.js';

/** Attempts per call when AWS_MAX_ATTEMPTS is not set: enough to ride out a burst of throttling. */
export const DEFAULT_MAX_ATTEMPTS = 8;

export const USER_AGENT: [string, string] = ['ssm-deploy', '1'];

export interface AwsClients {
  ssm(region?: string): SSMClient;
  secretsManager(region?: string): SecretsManagerClient;
  s3(region?: string): S3Client;
}

/** The services whose SDK a run loads, by the name of their client in AwsClients. */
export type Service = keyof AwsClients;

/** Every client of a run: the shared ones, and SSM without the SDK's retries. */
export interface RunClients extends AwsClients {
  /**
   * Loads the SDK of each service named; a client of a service not loaded cannot be made. Loading
   * one twice loads it once.
   */
  load(...services: Service[]): Promise<void>;
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
  /** A CloudWatch Logs client, for `cloudwatch-log-group`; its SDK is loaded only then. */
  logs(): Promise<CloudWatchLogsClient>;
  /** Elastic Load Balancing v2, for a rollout's `target-groups`; its SDK is loaded only then. */
  elbv2(): Promise<ElasticLoadBalancingV2Client>;
  /** CloudWatch, for a rollout's `alarms`; its SDK is loaded only then. */
  cloudWatch(): Promise<CloudWatchClient>;
}

export interface ClientSettings extends SdkSettings, EndpointSettings {
  readonly region: string;
  readonly maxAttempts: number;
  readonly retryMode: string;
  readonly customUserAgent: [string, string][];
  readonly requestHandler: {
    readonly connectionTimeout: number;
    readonly requestTimeout: number;
  };
  readonly credentials: AwsCredentialIdentityProvider;
}

/** What a run's clients are made from: the start-of-step environment, read once. */
export interface ClientContext {
  readonly setup: AwsSetup;
  readonly credentials: AwsCredentialIdentityProvider;
}

/** Reads what the clients need from the snapshot `env` (and the shared config files it names). */
export async function clientContext(env: Environment): Promise<ClientContext> {
  const setup = await loadAwsSetup(env);
  return { setup, credentials: await credentialsOf(setup) };
}

/**
 * The settings of a client of `serviceId` (the SDK's name: `SSM`, `Secrets Manager`, `S3`);
 * AWS_MAX_ATTEMPTS and AWS_RETRY_MODE override the defaults.
 */
export function clientSettings(
  region: string,
  serviceId: string,
  context: ClientContext,
): ClientSettings {
  const { env } = context.setup;
  const attempts = Number(env.AWS_MAX_ATTEMPTS);
  return {
    region,
    ...sdkSettings(context.setup),
    ...endpointSettings(serviceId, context.setup),
    credentials: context.credentials,
    maxAttempts: Number.isInteger(attempts) && attempts > 0 ? attempts : DEFAULT_MAX_ATTEMPTS,
    // Adaptive mode adds client-side rate limiting on top of backoff, so a throttled burst of
    // parallel calls slows itself down instead of failing.
    retryMode: env.AWS_RETRY_MODE || 'adaptive',
    customUserAgent: [USER_AGENT],
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  };
}

/** S3 behind an endpoint override (LocalStack, the sandbox) is addressed path-style. */
export function s3NeedsPathStyle(settings: EndpointSettings): boolean {
  return settings.endpoint !== undefined;
}

interface Constructors {
  ssm: typeof SSMClient;
  secretsManager: typeof SecretsManagerClient;
  s3: (settings: ClientSettings) => S3Client;
}

const SERVICE_IDS: Readonly<Record<Service, string>> = {
  ssm: 'SSM',
  secretsManager: 'Secrets Manager',
  s3: 'S3',
};

const LOADERS: { readonly [K in Service]: (context: ClientContext) => Promise<Constructors[K]> } = {
  ssm: async () => (await import('@aws-sdk/client-ssm')).SSMClient,
  secretsManager: async () =>
    (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient,
  s3: async (context) => {
    const [{ S3Client }, { s3Settings }] = await Promise.all([
      import('@aws-sdk/client-s3'),
      import('./aws-s3-settings.js'),
    ]);
    const extra = s3Settings(context.setup);
    return (settings) =>
      new S3Client({ ...settings, ...extra, forcePathStyle: s3NeedsPathStyle(settings) });
  },
};

/** Clients are made on first use and kept per region (a secret ARN may name another region). */
export function createClients(region: string, context: ClientContext): RunClients {
  const loaded: Partial<Constructors> = {};
  const loading = new Map<Service, Promise<void>>();
  const constructorOf = <K extends Service>(service: K): Constructors[K] => {
    const made = loaded[service];
    if (made === undefined) throw new Error(`The ${SERVICE_IDS[service]} SDK was not loaded.`);
    return made;
  };
  const cache = new Map<string, unknown>();
  const cached = <T>(kind: string, key: string, make: () => T): T => {
    const id = `${kind}:${key}`;
    let client = cache.get(id) as T | undefined;
    if (client === undefined) {
      client = make();
      cache.set(id, client);
    }
    return client;
  };
  const settings = (target: string, service: Service): ClientSettings =>
    clientSettings(target, SERVICE_IDS[service], context);
  let account: Promise<string> | undefined;
  let logs: Promise<CloudWatchLogsClient> | undefined;
  let elbv2: Promise<ElasticLoadBalancingV2Client> | undefined;
  let cloudWatch: Promise<CloudWatchClient> | undefined;
  return {
    load: async (...services) => {
      await Promise.all(
        services.map((service) => {
          let promise = loading.get(service);
          if (promise === undefined) {
            promise = LOADERS[service](context).then((made) => {
              (loaded as Record<Service, unknown>)[service] = made;
            });
            loading.set(service, promise);
          }
          return promise;
        }),
      );
    },
    account: () => (account ??= callerAccount(region, context)),
    logs: () => (logs ??= logsClient(region, context)),
    elbv2: () => (elbv2 ??= elbv2Client(region, context)),
    cloudWatch: () => (cloudWatch ??= cloudWatchClient(region, context)),
    ssm: (target = region) =>
      cached('ssm', target, () => new (constructorOf('ssm'))(settings(target, 'ssm'))),
    ssmSingleAttempt: (target = region) =>
      cached(
        'ssm-single',
        target,
        () => new (constructorOf('ssm'))({ ...settings(target, 'ssm'), maxAttempts: 1 }),
      ),
    maxAttempts: clientSettings(region, 'SSM', context).maxAttempts,
    secretsManager: (target = region) =>
      cached(
        'secretsmanager',
        target,
        () => new (constructorOf('secretsManager'))(settings(target, 'secretsManager')),
      ),
    s3: (target = region) =>
      cached('s3', target, () => constructorOf('s3')(settings(target, 's3'))),
  };
}

/** The account the credentials belong to, as STS says; a failure names what was asked. */
async function callerAccount(region: string, context: ClientContext): Promise<string> {
  const [{ STSClient, GetCallerIdentityCommand }, { ActionError }, { sigv4aSettings }] =
    await Promise.all([
      import('@aws-sdk/client-sts'),
      import('./errors.js'),
      import('./aws-s3-settings.js'),
    ]);
  const sts = new STSClient({
    ...clientSettings(region, 'STS', context),
    ...sigv4aSettings(context.setup),
  });
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

async function logsClient(region: string, context: ClientContext): Promise<CloudWatchLogsClient> {
  const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
  return new CloudWatchLogsClient(clientSettings(region, 'CloudWatch Logs', context));
}

async function elbv2Client(
  region: string,
  context: ClientContext,
): Promise<ElasticLoadBalancingV2Client> {
  const { ElasticLoadBalancingV2Client } =
    await import('@aws-sdk/client-elastic-load-balancing-v2');
  return new ElasticLoadBalancingV2Client(
    clientSettings(region, 'Elastic Load Balancing v2', context),
  );
}

async function cloudWatchClient(region: string, context: ClientContext): Promise<CloudWatchClient> {
  const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch');
  return new CloudWatchClient(clientSettings(region, 'CloudWatch', context));
}
