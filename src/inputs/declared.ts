// What action.yml declares: the inputs, their defaults, the action's own outputs and the limits
// the services set on what the inputs may hold.

/** Every input action.yml declares; the metadata test holds the two lists equal. */
export const INPUT_NAMES = [
  'aws-region',
  'secret-ids',
  'if-missing',
  'parse-json-secrets',
  'name-transformation',
  'binary-secrets',
  'export-env',
  'parameters',
  'versioned-buckets',
  'instance-ids',
  'targets',
  'working-directory',
  'ref',
  'allowed-branches',
  'git-pull',
  'deploy-script',
  'run-as',
  'env',
  'timeout-seconds',
  'max-concurrency',
  'max-errors',
  'wait',
  'comment',
  'output-s3-bucket',
  'output-s3-key-prefix',
  'cloudwatch-log-group',
  'rollback-on-failure',
  'rollout',
  'bake-seconds',
  'alarms',
  'target-groups',
  'health-check',
  'health-check-timeout',
  'record-parameter',
  'github-token',
  'environment',
  'required-checks',
  'allow-older',
  'dry-run',
] as const;

export type InputName = (typeof INPUT_NAMES)[number];

/**
 * Defaults, applied when an input is empty. They equal action.yml's (the metadata test checks),
 * and also hold when the action is run without the runner filling defaults in.
 */
export const INPUT_DEFAULTS = {
  'if-missing': 'fail',
  'parse-json-secrets': 'false',
  'name-transformation': 'uppercase',
  'binary-secrets': 'text',
  'export-env': 'false',
  'git-pull': 'true',
  'deploy-script': './deploy.sh',
  'timeout-seconds': '900',
  'max-concurrency': '50',
  'max-errors': '0',
  wait: 'true',
  'rollback-on-failure': 'false',
  rollout: '100%',
  'bake-seconds': '0',
  'health-check-timeout': '60',
  'allow-older': 'false',
  'dry-run': 'false',
} as const satisfies Partial<Record<InputName, string>>;

/** Inputs that only mean something when deploying (when `instance-ids` or `targets` is set). */
export const DEPLOY_ONLY_INPUTS = [
  'working-directory',
  'allowed-branches',
  'run-as',
  'env',
  'comment',
  'output-s3-bucket',
  'output-s3-key-prefix',
  'cloudwatch-log-group',
  'health-check',
  'record-parameter',
  'environment',
  'alarms',
  'target-groups',
] as const satisfies readonly InputName[];

/** Step outputs of the action itself; a secret or parameter output may not take their names. */
export const RESERVED_OUTPUTS = [
  'command-id',
  'status',
  'results',
  'deployed-sha',
  'versioning',
  'secrets-manifest',
  'waves',
] as const;

/** Instance ids SSM takes in one SendCommand: also the most a rollout wave holds. */
export const MAX_INSTANCE_IDS = 50;

export const MAX_TARGETS = 5;

export const MAX_TAG_VALUES = 50;

export const TIMEOUT_BOUNDS = { min: 5, max: 172_800 } as const;

export const COMMENT_MAX = 100;

/** health-check-timeout: at least a second, at most the longest execution timeout. */
export const HEALTH_CHECK_TIMEOUT_BOUNDS = { min: 1, max: 172_800 } as const;

/** health-check is a command line, not a script: kept well below SSM's limit on the command. */
export const HEALTH_CHECK_MAX = 4096;

export type ReadInput = (name: InputName) => string;

export type Environment = Readonly<Record<string, string | undefined>>;

/** Reads a boolean input (one with a default), after the problems of its value are recorded. */
export type ReadBoolean = (name: keyof typeof INPUT_DEFAULTS & InputName) => boolean;
