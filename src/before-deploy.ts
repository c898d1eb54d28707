// Phases 1 and 2, run concurrently: secrets and parameters into outputs, and versioned buckets.
// Returns plain data; main.ts has src/report/ mask and show it, then hands `secretValues` to the
// deploy.

import type { AwsClients, Service } from './aws.js';
import { awsErrorFacts, isSetupError } from './aws-errors.js';
import type { Config } from './config.js';
import { combineErrors, FailureWithWarnings } from './errors.js';
import type { Environment } from './inputs.js';
import { combineValues, type ValueOutputs } from './outputs.js';
import type { ParametersRead } from './parameters.js';
import type { SecretsRead } from './secrets.js';
import type { BucketResult } from './versioning.js';

export interface BeforeDeploy {
  /**
   * Every string registered as a mask: whole values (but not a multi-line one with a short line),
   * each line of multi-line ones long enough to mask, each such JSON leaf, SecureString values.
   * The deploy refuses an `env` value equal to one.
   */
  readonly secretValues: ReadonlySet<string>;
  /** Outputs of secrets and parameters; undefined when none were asked for, or not all were read. */
  readonly values: ValueOutputs | undefined;
  /** One result per bucket of `versioned-buckets`; undefined when none was asked for. */
  readonly buckets: readonly BucketResult[] | undefined;
  /**
   * What the user should know, by name (never a value): missing secrets and parameters under
   * if-missing: warn, parts too short to mask. Also those of a phase that failed.
   */
  readonly warnings: readonly string[];
  /** Everything that failed, to be thrown once what succeeded has been reported. */
  readonly failure: Error | undefined;
}

export interface BeforeDeployDeps {
  readonly clients: AwsClients;
  /**
   * Loads the SDK of a service before its clients are made. Each phase loads its own, and its
   * module, only when the run asks for it, so a secrets-only run never loads the SSM or S3 SDK.
   */
  readonly load?: (service: Service) => Promise<void>;
  /** The environment, for export-env's refusal to overwrite a variable that is set. */
  readonly env: Environment;
  /**
   * Settles once the run's first request has been written to the network. The first phase starts
   * at once and the others then (or once the first has ended): loading an SDK keeps the one core
   * busy for tens of ms (S3's alone evaluates for about 20), which would hold back the first
   * request rather than overlap the wait for its answer. Without it, every phase starts at once.
   */
  readonly firstRequest?: Promise<void>;
}

export async function runBeforeDeploy(
  config: Config,
  deps: BeforeDeployDeps,
): Promise<BeforeDeploy> {
  const { clients } = deps;
  const secretsDeps = { clients, region: config.region, ifMissing: config.ifMissing };
  const parametersDeps = { clients, region: config.region, ifMissing: config.ifMissing };
  // The module of a phase and the SDK it calls, loaded together.
  const phase = async <M>(module: Promise<M>, service: Service): Promise<M> =>
    (await Promise.all([module, deps.load?.(service)]))[0];
  const secretsModule = () => phase(import('./secrets.js'), 'secretsManager');
  const parametersModule = () => phase(import('./parameters.js'), 'ssm');
  const bucketNames = config.versionedBuckets;
  const buckets = async (): Promise<BucketResult[] | undefined> => {
    if (bucketNames === undefined) return undefined;
    const { ensureVersioning } = await phase(import('./versioning.js'), 's3');
    return ensureVersioning(bucketNames, {
      clients,
      region: config.region,
      dryRun: config.dryRun,
    });
  };

  let first: Promise<unknown> | undefined;
  const inTurn = <T>(start: () => Promise<T>): Promise<T> => {
    if (first === undefined || deps.firstRequest === undefined) {
      const started = start();
      first ??= started;
      return started;
    }
    const ignore = (): void => undefined;
    return Promise.race([deps.firstRequest, first.then(ignore, ignore)]).then(start);
  };

  // A dry run reads exactly what a real run reads, so it finds every name that is misspelt or not
  // readable; the values are masked and never set as outputs (see report/before-deploy.ts).
  const { secrets: secretIds, parameters: parameterIds } = config;
  const [secrets, parameters, bucketResults] = await Promise.allSettled([
    secretIds === undefined
      ? undefined
      : inTurn(() => secretsModule().then((m) => m.readSecrets(secretIds, secretsDeps))),
    parameterIds === undefined
      ? undefined
      : inTurn(() =>
          parametersModule().then((m) => m.readParameters(parameterIds, parametersDeps)),
        ),
    bucketNames === undefined ? undefined : inTurn(buckets),
  ]);
  // Secrets some of which could not be read: the step fails, but what was read is still set and
  // exported, as aws-secretsmanager-get-secrets does.
  let secretsRead: SecretsRead | undefined;
  if (secrets.status === 'fulfilled') secretsRead = secrets.value;
  else if (secretIds !== undefined) {
    // Already loaded: the read that failed came from it.
    const { PartialSecretsRead } = await secretsModule();
    if (secrets.reason instanceof PartialSecretsRead) secretsRead = secrets.reason.read;
  }
  const secretsUsable = secrets.status === 'fulfilled' || secretsRead !== undefined;
  const read = [secretsRead, settled(parameters)];
  let values: ValueOutputs | undefined;
  let combineFailure: PromiseRejectedResult | undefined;
  const asked = config.secrets !== undefined || config.parameters !== undefined;
  if (asked && secretsUsable && parameters.status === 'fulfilled') {
    try {
      values = combineValues(
        read.filter((part): part is SecretsRead | ParametersRead => part !== undefined),
        {
          secrets: secretsRead?.manifest,
          parameters: parameters.value?.manifest,
        },
        { exportEnv: config.exportEnv, env: deps.env },
      );
    } catch (error) {
      combineFailure = { status: 'rejected', reason: error };
    }
  }
  return {
    secretValues: new Set(values?.masks),
    values,
    warnings: [...warningsOf(secrets), ...warningsOf(parameters)],
    buckets: settled(bucketResults),
    failure: failureOf(
      [
        secrets,
        parameters,
        bucketResults,
        ...(combineFailure === undefined ? [] : [combineFailure]),
      ],
      settled(bucketResults),
    ),
  };
}

function settled<T>(result: PromiseSettledResult<T>): T | undefined {
  return result.status === 'fulfilled' ? result.value : undefined;
}

/** The warnings of a read, whether it succeeded or failed after gathering some. */
function warningsOf(
  result: PromiseSettledResult<{ readonly warnings: readonly string[] } | undefined>,
): readonly string[] {
  if (result.status === 'fulfilled') return result.value?.warnings ?? [];
  return result.reason instanceof FailureWithWarnings ? result.reason.warnings : [];
}

/**
 * Every rejected phase and every bucket that failed, as one error. A failure of the whole setup
 * (no credentials, an expired token) makes every call fail alike; it is reported once.
 */
function failureOf(
  results: readonly PromiseSettledResult<unknown>[],
  buckets: readonly BucketResult[] | undefined,
): Error | undefined {
  const errors: Error[] = [];
  for (const result of results)
    if (result.status === 'rejected')
      errors.push(
        result.reason instanceof Error ? result.reason : new Error(String(result.reason)),
      );
  for (const bucket of buckets ?? []) if (bucket.kind === 'failed') errors.push(bucket.error);
  const seen = new Set<string>();
  const distinct = errors.flatMap(flatten).filter((error) => {
    if (!isSetupError(error.cause)) return true;
    const code = awsErrorFacts(error.cause).code;
    if (seen.has(code)) return false;
    seen.add(code);
    return true;
  });
  return distinct.length === 0 ? undefined : combineErrors(distinct);
}

function flatten(error: Error): Error[] {
  if (error instanceof FailureWithWarnings) return flatten(error.failure);
  return error instanceof AggregateError
    ? (error.errors as unknown[]).flatMap((inner) =>
        flatten(inner instanceof Error ? inner : new Error(String(inner))),
      )
    : [error];
}
