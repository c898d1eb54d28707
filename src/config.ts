// The typed, immutable configuration every phase works from. `inputs.ts` is the only producer;
// each phase receives only its own part, so a phase the workflow did not ask for has no config and
// cannot run by accident.

import type { NameTransformation } from './names.js';

export type IfMissing = 'fail' | 'warn' | 'ignore';

/** Where a secret comes from: one secret by name or ARN, or every secret whose name has a prefix. */
export type SecretSource =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'arn'; readonly arn: string; readonly region: string; readonly name: string }
  | { readonly kind: 'prefix'; readonly prefix: string };

/** A version pin: a version id (a UUID) or a staging label such as `AWSPREVIOUS`. */
export type SecretVersion =
  | { readonly kind: 'id'; readonly versionId: string }
  | { readonly kind: 'stage'; readonly versionStage: string };

export interface SecretRequest {
  /** 1-based line of `secret-ids`, for messages. */
  readonly line: number;
  /**
   * Output name given by the workflow; for a prefix it prefixes the part of each matched secret's
   * name below the prefix. `''` (a line `,SECRET_ID`, never for a prefix): the secret's whole value
   * is named after the secret, and with parse-json-secrets its JSON keys name their outputs alone,
   * as in aws-actions/aws-secretsmanager-get-secrets.
   */
  readonly alias: string | undefined;
  readonly source: SecretSource;
  readonly version: SecretVersion | undefined;
}

export interface SecretsConfig {
  readonly requests: readonly SecretRequest[];
  readonly parseJson: boolean;
  /** How letters of names derived from secret names and JSON keys are cased. */
  readonly nameTransformation: NameTransformation;
  /** A binary secret as UTF-8 text (as aws-secretsmanager-get-secrets does), or as base64. */
  readonly binary: BinarySecrets;
}

export type BinarySecrets = 'text' | 'base64';

export type ParameterRequest =
  | {
      readonly kind: 'name';
      readonly line: number;
      readonly alias: string | undefined;
      /** A name or ARN, possibly with a `:version` or `:label` selector. */
      readonly name: string;
    }
  | {
      readonly kind: 'path';
      readonly line: number;
      /** Prefix for the output names of every parameter below the path. */
      readonly alias: string | undefined;
      /** Ends with `/`. */
      readonly path: string;
    };

export interface TagTarget {
  /** The tag key, without the `tag:` prefix. */
  readonly key: string;
  readonly values: readonly string[];
}

export type Targets =
  | { readonly kind: 'instances'; readonly instanceIds: readonly string[] }
  | { readonly kind: 'tags'; readonly tags: readonly TagTarget[] };

/**
 * The `ref` input: an exact commit, or a name (a branch, a tag, `refs/…`, an abbreviated commit)
 * that is resolved through the GitHub API to one commit before anything is sent.
 */
export type GitRef =
  { readonly kind: 'sha'; readonly sha: string } | { readonly kind: 'name'; readonly name: string };

export interface EnvVar {
  readonly name: string;
  readonly value: string;
}

export interface DeployConfig {
  readonly targets: Targets;
  readonly workingDirectory: string;
  readonly ref: GitRef;
  /**
   * The branches the shipped commit must be reachable from (`allowed-branches`); undefined: the
   * repository's default branch.
   */
  readonly allowedBranches: readonly string[] | undefined;
  readonly gitPull: boolean;
  readonly deployScript: string;
  /** Undefined: the owner of `workingDirectory`, found on the instance. */
  readonly runAs: string | undefined;
  readonly env: readonly EnvVar[];
  readonly timeoutSeconds: number;
  readonly maxConcurrency: string;
  readonly maxErrors: string;
  readonly wait: boolean;
  /** Already cut to SSM's 100-character limit. */
  readonly comment: string;
  readonly outputS3:
    { readonly bucket: string; readonly keyPrefix: string | undefined } | undefined;
  readonly cloudWatchLogGroup: string | undefined;
  readonly rollbackOnFailure: boolean;
  /**
   * Waves, target groups, alarms and bake time; undefined when none was asked for, and the deploy
   * is one command to every instance at once.
   */
  readonly rollout: RolloutConfig | undefined;
  /** Undefined: no health check; the deploy succeeds when deploy-script does. */
  readonly healthCheck: HealthCheck | undefined;
}

/**
 * One cumulative step of `rollout`: up to this many instances in all, or up to this share of the
 * fleet in all (a whole percentage from 1 to 100).
 */
export type WaveStep =
  | { readonly kind: 'count'; readonly count: number }
  | { readonly kind: 'percent'; readonly percent: number };

export interface RolloutConfig {
  /** Cumulative, in the order given; the last is always 100 %. */
  readonly waves: readonly WaveStep[];
  readonly bakeSeconds: number;
  /** CloudWatch alarm names. */
  readonly alarms: readonly string[];
  /** ELBv2 target group ARNs, all in the run's region. */
  readonly targetGroups: readonly string[];
  /** Seconds a registered instance has to become healthy in every target group. */
  readonly healthTimeoutSeconds: number;
}

/** A command each instance must pass after deploy-script succeeds, retried until the timeout. */
export interface HealthCheck {
  /** Run with `bash -c` as run-as in working-directory. */
  readonly command: string;
  /** Seconds the instance has to pass it (each attempt is bounded by what is left). */
  readonly timeoutSeconds: number;
}

export interface RecordConfig {
  /** Parameter Store name that receives `{sha, ref, repository, run, at}` after a deploy. */
  readonly parameterName: string | undefined;
  readonly allowOlder: boolean;
  readonly githubDeployment:
    | {
        readonly token: string;
        readonly environment: string;
        readonly requiredChecks: RequiredChecks;
      }
    | undefined;
}

/**
 * What the commit's checks must say before the Deployment is created: none of the checks the
 * branch requires (rulesets, branch protection) may have failed; those named must have passed;
 * or none is looked at (stated in the log).
 */
export type RequiredChecks =
  | { readonly kind: 'branch' }
  | { readonly kind: 'named'; readonly names: readonly string[] }
  | { readonly kind: 'none' };

/** Facts about the workflow run, from the runner's `GITHUB_*` variables. */
export interface RunContext {
  readonly repository: string;
  readonly sha: string;
  readonly runId: string;
  readonly runAttempt: string;
  readonly serverUrl: string;
}

export interface Config {
  readonly region: string;
  readonly dryRun: boolean;
  readonly ifMissing: IfMissing;
  readonly exportEnv: boolean;
  readonly secrets: SecretsConfig | undefined;
  readonly parameters: readonly ParameterRequest[] | undefined;
  readonly versionedBuckets: readonly string[] | undefined;
  readonly deploy: DeployConfig | undefined;
  readonly record: RecordConfig;
  readonly run: RunContext;
  /** `github-token`: resolves `ref` and checks where the commit comes from, and the Deployment. */
  readonly githubToken: string | undefined;
}

/**
 * The commit a deploy ships, resolved once before anything is sent: every instance and every
 * wave gets this SHA.
 */
export interface ShippedCommit {
  readonly sha: string;
  /** `ref` as the workflow gave it, for messages and the deploy record. */
  readonly given: string;
  /** The branches it must be reachable from. */
  readonly allowedBranches: readonly string[];
  /**
   * The allowed branch GitHub found it on; undefined when it was not asked (no github-token),
   * and the check is left to the instance, against what it fetched.
   */
  readonly reachableFrom: string | undefined;
}
