// A corpus of hostile and malformed inputs, each run through the built dist/index.js as the runner
// runs it, next to a sandbox whose instances it would deploy to if it ever got that far. Every case
// must end at once with exactly one clear error annotation per bad input, naming it, no stack
// trace, exit code 1, no network connection of any kind, and nothing changed anywhere.

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { INPUT_NAMES, parseInputs, type InputName } from '../../src/inputs.js';
import { assertNoLeaks, runAction, type SecretSpec } from '../../sandbox/runner/index.js';
import {
  BUCKET,
  NO_NETWORK,
  SECRET_INPUTS,
  STACK_TRACE,
  createWorld,
  githubContext,
  snapshotInstances,
  type World,
} from './fixture.js';

/** What an injection attempt would create if any value ever ran as a command. */
const PWNED = join(tmpdir(), `ssm-deploy-pwned-${randomBytes(6).toString('hex')}`);
const TOUCH = `touch ${PWNED}`;

/** The runner cuts an annotation here; a clear error fits in one. */
const ANNOTATION_LIMIT = 4096;

interface Case {
  readonly name: string;
  /** Replaces inputs of the valid base run (`''` removes one). */
  readonly inputs: Readonly<Record<string, string>>;
  /** The inputs that are wrong, each expected to get one annotation of its own. */
  readonly bad: readonly InputName[];
  /** Replaces variables of the step's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

const NOT_DEPLOYING = { 'instance-ids': '', 'working-directory': '' } as const;
const ID_A = 'i-0123456789abcdef0';

const corpus: readonly Case[] = [
  // aws-region
  {
    name: 'region with a command after it',
    inputs: { 'aws-region': 'us-east-1; rm -rf /' },
    bad: ['aws-region'],
  },
  {
    name: 'region as a command substitution',
    inputs: { 'aws-region': `$(${TOUCH})` },
    bad: ['aws-region'],
  },
  { name: 'region in upper case', inputs: { 'aws-region': 'US-EAST-1' }, bad: ['aws-region'] },
  {
    name: 'region with an endpoint option on a second line',
    inputs: { 'aws-region': 'us-east-1\n--endpoint-url=http://169.254.169.254' },
    bad: ['aws-region'],
  },
  {
    name: 'region with unicode hyphens',
    inputs: { 'aws-region': 'us\u2010east\u20101' },
    bad: ['aws-region'],
  },
  {
    name: 'region of 99 KB',
    inputs: { 'aws-region': 'us-east-1'.repeat(11_000) },
    bad: ['aws-region'],
  },
  {
    name: 'AWS_REGION from the environment is an injection',
    inputs: {},
    env: { AWS_REGION: `\`${TOUCH}\``, AWS_DEFAULT_REGION: '' },
    bad: ['aws-region'],
  },
  // secret-ids
  {
    name: 'secret id as a command substitution',
    inputs: { 'secret-ids': `$(${TOUCH})` },
    bad: ['secret-ids'],
  },
  {
    name: 'secret id with a command after it',
    inputs: { 'secret-ids': 'faults/app; rm -rf /' },
    bad: ['secret-ids'],
  },
  {
    name: 'secret id with four fields',
    inputs: { 'secret-ids': 'A,faults/app,AWSCURRENT,extra' },
    bad: ['secret-ids'],
  },
  {
    name: 'secret alias starting with a digit',
    inputs: { 'secret-ids': '1BAD,faults/app' },
    bad: ['secret-ids'],
  },
  {
    name: "parameter alias taking the action's own output",
    inputs: { parameters: 'status,/faults/token' },
    bad: ['parameters'],
  },
  {
    name: 'secret ARN with a short account',
    inputs: { 'secret-ids': 'arn:aws:secretsmanager:us-east-1:123:secret:faults/app' },
    bad: ['secret-ids'],
  },
  { name: 'secret prefix too short', inputs: { 'secret-ids': 'fa*' }, bad: ['secret-ids'] },
  {
    name: 'two secrets with one output name',
    // Without parse-json-secrets both values are outputs, named APP.
    inputs: { 'secret-ids': 'APP,faults/app\nAPP,faults/key', 'parse-json-secrets': 'false' },
    bad: ['secret-ids'],
  },
  {
    name: 'secret id of 100 KB',
    inputs: { 'secret-ids': 'x'.repeat(100_000) },
    bad: ['secret-ids'],
  },
  {
    name: '20,000 bad secret lines',
    inputs: { 'secret-ids': 'x y\n'.repeat(20_000) },
    bad: ['secret-ids'],
  },
  {
    name: 'secret id as an {{ssm:…}} reference',
    inputs: { 'secret-ids': '{{ssm:/faults/token}}' },
    bad: ['secret-ids'],
  },
  {
    name: 'secret id with a bidi override',
    inputs: { 'secret-ids': 'faults/app\u202Egpj.exe' },
    bad: ['secret-ids'],
  },
  {
    name: 'secret id with a zero-width space',
    inputs: { 'secret-ids': 'faults/\u200Bapp' },
    bad: ['secret-ids'],
  },
  {
    name: 'secret version with a space',
    inputs: { 'secret-ids': 'A,faults/app,not a version' },
    bad: ['secret-ids'],
  },
  // if-missing
  { name: 'if-missing not a choice', inputs: { 'if-missing': 'explode' }, bad: ['if-missing'] },
  {
    name: 'if-missing on two lines',
    inputs: { 'if-missing': 'warn\nignore' },
    bad: ['if-missing'],
  },
  { name: 'if-missing as JSON', inputs: { 'if-missing': '{"fail":true}' }, bad: ['if-missing'] },
  // name-transformation, binary-secrets
  {
    name: 'name-transformation not a choice',
    inputs: { 'name-transformation': 'camelCase' },
    bad: ['name-transformation'],
  },
  {
    name: 'binary-secrets not a choice',
    inputs: { 'binary-secrets': 'hex' },
    bad: ['binary-secrets'],
  },
  // parse-json-secrets, export-env
  {
    name: 'parse-json-secrets yes',
    inputs: { 'parse-json-secrets': 'yes' },
    bad: ['parse-json-secrets'],
  },
  {
    name: 'parse-json-secrets cut by a NUL',
    inputs: { 'parse-json-secrets': 'tru\u0000e' },
    bad: ['parse-json-secrets'],
  },
  {
    name: 'parse-json-secrets as an array',
    inputs: { 'parse-json-secrets': '[true]' },
    bad: ['parse-json-secrets'],
  },
  { name: 'export-env on', inputs: { 'export-env': 'on' }, bad: ['export-env'] },
  { name: 'export-env quoted', inputs: { 'export-env': '"true"' }, bad: ['export-env'] },
  // parameters
  {
    name: 'parameter with a command substitution',
    inputs: { parameters: '/faults/$(id)' },
    bad: ['parameters'],
  },
  { name: 'parameter with three fields', inputs: { parameters: 'a,b,c' }, bad: ['parameters'] },
  { name: 'parameter named aws', inputs: { parameters: 'aws' }, bad: ['parameters'] },
  {
    name: 'parameter path without a leading slash',
    inputs: { parameters: 'faults/path/' },
    bad: ['parameters'],
  },
  {
    name: 'parameter as a {{resolve:ssm:…}} reference',
    inputs: { parameters: '{{resolve:ssm:/faults/token}}' },
    bad: ['parameters'],
  },
  {
    name: 'parameter name of 100 KB',
    inputs: { parameters: `/${'p'.repeat(100_000)}` },
    bad: ['parameters'],
  },
  // versioned-buckets
  {
    name: 'bucket as an s3:// URL',
    inputs: { 'versioned-buckets': `s3://${BUCKET}` },
    bad: ['versioned-buckets'],
  },
  {
    name: 'bucket in upper case',
    inputs: { 'versioned-buckets': 'Faults_Assets' },
    bad: ['versioned-buckets'],
  },
  {
    name: 'bucket shaped like an IP address',
    inputs: { 'versioned-buckets': '192.168.1.1' },
    bad: ['versioned-buckets'],
  },
  {
    name: 'bucket with a command after it',
    inputs: { 'versioned-buckets': `${BUCKET};rm -rf /` },
    bad: ['versioned-buckets'],
  },
  {
    name: 'bucket with an emoji',
    inputs: { 'versioned-buckets': 'bucket-\u{1F680}' },
    bad: ['versioned-buckets'],
  },
  // instance-ids
  { name: 'instance id too short', inputs: { 'instance-ids': 'i-123' }, bad: ['instance-ids'] },
  {
    name: 'instance id with a command after it',
    inputs: { 'instance-ids': `${ID_A}; rm -rf /` },
    bad: ['instance-ids'],
  },
  {
    name: '51 instance ids',
    inputs: {
      'instance-ids': Array.from(
        { length: 51 },
        (_, i) => `i-${i.toString(16).padStart(17, '0')}`,
      ).join(','),
    },
    bad: ['instance-ids'],
  },
  {
    name: 'instance id with a Cyrillic i',
    inputs: { 'instance-ids': `\u0456${ID_A.slice(1)}` },
    bad: ['instance-ids'],
  },
  {
    name: 'instance id as a git option',
    inputs: { 'instance-ids': `--upload-pack=${TOUCH}` },
    bad: ['instance-ids'],
  },
  {
    name: 'instance ids cut by a NUL',
    inputs: { 'instance-ids': `i-01\u0000${ID_A}` },
    bad: ['instance-ids'],
  },
  {
    name: '50,000 bad instance ids',
    inputs: { 'instance-ids': 'x,'.repeat(50_000) },
    bad: ['instance-ids'],
  },
  // targets
  {
    name: 'tag target without a value',
    inputs: { 'instance-ids': '', targets: 'tag:Role' },
    bad: ['targets'],
  },
  {
    name: 'tag target without tag:',
    inputs: { 'instance-ids': '', targets: 'Role=web' },
    bad: ['targets'],
  },
  {
    name: 'targets and instance-ids together',
    inputs: { targets: 'tag:Role=web' },
    bad: ['targets'],
  },
  {
    name: 'six tag targets',
    inputs: { 'instance-ids': '', targets: 'tag:A=1\n'.repeat(6) },
    bad: ['targets'],
  },
  {
    name: 'tag target with an empty value',
    inputs: { 'instance-ids': '', targets: 'tag:Role=web,,api' },
    bad: ['targets'],
  },
  {
    name: 'tag key with an escape character',
    inputs: { 'instance-ids': '', targets: 'tag:Ro\u001ble=web' },
    bad: ['targets'],
  },
  // working-directory
  {
    name: 'working-directory relative',
    inputs: { 'working-directory': 'srv/app' },
    bad: ['working-directory'],
  },
  { name: 'working-directory /', inputs: { 'working-directory': '/' }, bad: ['working-directory'] },
  {
    name: 'working-directory with a second line',
    inputs: { 'working-directory': '/srv/app\n; rm -rf /' },
    bad: ['working-directory'],
  },
  {
    name: 'working-directory as a command substitution',
    inputs: { 'working-directory': `$(${TOUCH})` },
    bad: ['working-directory'],
  },
  {
    name: 'working-directory of 5,000 characters',
    inputs: { 'working-directory': `/srv/${'a'.repeat(5000)}` },
    bad: ['working-directory'],
  },
  {
    name: 'working-directory as a git option',
    inputs: { 'working-directory': `--upload-pack=${TOUCH}` },
    bad: ['working-directory'],
  },
  {
    name: 'working-directory cut by a NUL',
    inputs: { 'working-directory': 'srv\u0000/app' },
    bad: ['working-directory'],
  },
  // ref
  { name: 'ref as a git option', inputs: { ref: `--upload-pack=${TOUCH}` }, bad: ['ref'] },
  { name: 'ref abbreviated', inputs: { ref: 'abc1234' }, bad: ['ref'] },
  { name: 'ref with ..', inputs: { ref: 'main..evil' }, bad: ['ref'] },
  { name: 'ref as a command substitution', inputs: { ref: `$(${TOUCH})` }, bad: ['ref'] },
  { name: 'ref in backticks', inputs: { ref: `\`${TOUCH}\`` }, bad: ['ref'] },
  { name: 'ref ending in .lock', inputs: { ref: 'refs/heads/main.lock' }, bad: ['ref'] },
  { name: 'ref of 300 characters', inputs: { ref: 'a'.repeat(300) }, bad: ['ref'] },
  // git-pull
  { name: 'git-pull no', inputs: { 'git-pull': 'no' }, bad: ['git-pull'] },
  {
    name: 'git-pull with a command after it',
    inputs: { 'git-pull': `false; ${TOUCH}` },
    bad: ['git-pull'],
  },
  // deploy-script
  {
    name: 'deploy-script as a git option',
    inputs: { 'deploy-script': `--upload-pack=${TOUCH}` },
    bad: ['deploy-script'],
  },
  {
    name: 'deploy-script with a second line',
    inputs: { 'deploy-script': `./deploy.sh\n$(${TOUCH})` },
    bad: ['deploy-script'],
  },
  {
    name: 'deploy-script of 2,000 characters',
    inputs: { 'deploy-script': 'x'.repeat(2000) },
    bad: ['deploy-script'],
  },
  // run-as
  {
    name: 'run-as with a command after it',
    inputs: { 'run-as': `root; ${TOUCH}` },
    bad: ['run-as'],
  },
  { name: 'run-as in upper case', inputs: { 'run-as': 'Admin' }, bad: ['run-as'] },
  { name: 'run-as as a command substitution', inputs: { 'run-as': '$(id -un)' }, bad: ['run-as'] },
  { name: 'run-as in backticks', inputs: { 'run-as': '`whoami`' }, bad: ['run-as'] },
  { name: 'run-as with a bidi override', inputs: { 'run-as': 'ubuntu\u202E' }, bad: ['run-as'] },
  // env
  { name: 'env name with spaces', inputs: { env: 'NOT A VAR=1' }, bad: ['env'] },
  { name: 'env name starting with a digit', inputs: { env: '1ABC=x' }, bad: ['env'] },
  {
    name: "env name of the script's own",
    inputs: { env: 'SSM_DEPLOY_SHA=deadbeef' },
    bad: ['env'],
  },
  { name: 'env name set twice', inputs: { env: 'A=1\nA=2' }, bad: ['env'] },
  { name: 'env line without =', inputs: { env: `$(${TOUCH})` }, bad: ['env'] },
  {
    name: 'env with an injection value and a bad name',
    inputs: { env: `X=$(${TOUCH})\nBAD-NAME=1` },
    bad: ['env'],
  },
  { name: 'env value of 100 KB', inputs: { env: `BIG=${'x'.repeat(100_000)}` }, bad: ['env'] },
  // timeout-seconds
  ...[
    '0',
    '4',
    '172801',
    '1e3',
    '-5',
    'ten',
    '90.5',
    '\u0663\u0660\u0660',
    'Infinity',
    '\uFF19\uFF10\uFF10',
  ].map((value): Case => ({
    name: `timeout-seconds ${JSON.stringify(value)}`,
    inputs: { 'timeout-seconds': value },
    bad: ['timeout-seconds'],
  })),
  // max-concurrency, max-errors
  ...['0', '101%', '-1', '10 %', '0%'].map((value): Case => ({
    name: `max-concurrency ${value}`,
    inputs: { 'max-concurrency': value },
    bad: ['max-concurrency'],
  })),
  ...['-1', '101%', 'abc', '1.5'].map((value): Case => ({
    name: `max-errors ${value}`,
    inputs: { 'max-errors': value },
    bad: ['max-errors'],
  })),
  // wait, and a hostile comment (any text is a valid comment: only the bad wait is an error)
  { name: 'wait maybe', inputs: { wait: 'maybe' }, bad: ['wait'] },
  {
    name: 'a hostile comment beside a bad wait',
    inputs: {
      comment: `$(${TOUCH}) \`${TOUCH}\`; rm -rf / ::set-output name=status::Success \u202E${'x'.repeat(200)}`,
      wait: 'yes',
    },
    bad: ['wait'],
  },
  // output-s3-bucket, output-s3-key-prefix
  {
    name: 'output bucket in upper case',
    inputs: { 'output-s3-bucket': 'Bad_Bucket' },
    bad: ['output-s3-bucket'],
  },
  {
    name: 'output bucket as a URL',
    inputs: { 'output-s3-bucket': 's3://x' },
    bad: ['output-s3-bucket'],
  },
  {
    name: 'output key prefix without a bucket',
    inputs: { 'output-s3-key-prefix': 'logs/' },
    bad: ['output-s3-key-prefix'],
  },
  {
    name: 'output key prefix with a bell',
    inputs: { 'output-s3-bucket': BUCKET, 'output-s3-key-prefix': 'logs/\u0007' },
    bad: ['output-s3-key-prefix'],
  },
  {
    name: 'output key prefix of 600 characters',
    inputs: { 'output-s3-bucket': BUCKET, 'output-s3-key-prefix': 'p'.repeat(600) },
    bad: ['output-s3-key-prefix'],
  },
  // cloudwatch-log-group
  {
    name: 'log group with spaces',
    inputs: { 'cloudwatch-log-group': 'group with spaces' },
    bad: ['cloudwatch-log-group'],
  },
  {
    name: 'log group as a command substitution',
    inputs: { 'cloudwatch-log-group': `$(${TOUCH})` },
    bad: ['cloudwatch-log-group'],
  },
  // rollback-on-failure
  {
    name: 'rollback-on-failure perhaps',
    inputs: { 'rollback-on-failure': 'perhaps' },
    bad: ['rollback-on-failure'],
  },
  {
    name: 'rollback-on-failure without git-pull',
    inputs: { 'rollback-on-failure': 'true', 'git-pull': 'false' },
    bad: ['rollback-on-failure'],
  },
  // record-parameter, allow-older
  {
    name: 'record parameter as a command substitution',
    inputs: { 'record-parameter': `/deploys/$(${TOUCH})` },
    bad: ['record-parameter'],
  },
  {
    name: 'record parameter with a version selector',
    inputs: { 'record-parameter': '/deploys/app:1' },
    bad: ['record-parameter'],
  },
  {
    name: 'allow-older without record-parameter',
    inputs: { 'allow-older': 'true' },
    bad: ['allow-older'],
  },
  { name: 'allow-older sometimes', inputs: { 'allow-older': 'sometimes' }, bad: ['allow-older'] },
  // github-token, environment
  {
    name: 'github token with a control character',
    inputs: { 'github-token': 'ghp_abc\u0007def', environment: 'production' },
    bad: ['github-token'],
  },
  {
    name: 'environment without a github token',
    inputs: { environment: 'production' },
    bad: ['environment'],
  },
  {
    name: 'environment with a control character',
    inputs: { 'github-token': 'ghp_0123456789abcdef', environment: 'prod\u0001' },
    bad: ['environment'],
  },
  // required-checks
  {
    name: 'required-checks without a GitHub Deployment',
    inputs: { 'required-checks': 'test' },
    bad: ['required-checks'],
  },
  {
    name: 'required-checks: none and a check name',
    inputs: {
      'github-token': 'ghp_0123456789abcdef',
      environment: 'production',
      'required-checks': 'none\ntest',
    },
    bad: ['required-checks'],
  },
  // allowed-branches
  {
    name: 'allowed-branches with a full ref',
    inputs: { 'allowed-branches': 'refs/heads/main' },
    bad: ['allowed-branches'],
  },
  {
    name: 'allowed-branches with a name git refuses',
    inputs: { 'allowed-branches': 'main\nrelease..2' },
    bad: ['allowed-branches'],
  },
  // health-check, health-check-timeout
  {
    name: 'health-check with a Parameter Store reference',
    inputs: { 'health-check': 'curl -fsS {{ssm:/prod/url}}' },
    bad: ['health-check'],
  },
  {
    name: 'health-check-timeout of zero',
    inputs: { 'health-check': 'true', 'health-check-timeout': '0' },
    bad: ['health-check-timeout'],
  },
  {
    name: 'health-check-timeout in minutes',
    inputs: { 'health-check-timeout': '5m' },
    bad: ['health-check-timeout'],
  },
  // rollout, bake-seconds, alarms, target-groups
  { name: 'rollout that never reaches 100%', inputs: { rollout: '1, 50%' }, bad: ['rollout'] },
  { name: 'rollout that shrinks', inputs: { rollout: '50%, 25%, 100%' }, bad: ['rollout'] },
  { name: 'rollout of zero instances', inputs: { rollout: '0, 100%' }, bad: ['rollout'] },
  { name: 'rollout over 100%', inputs: { rollout: '1, 150%' }, bad: ['rollout'] },
  { name: 'rollout with a fraction', inputs: { rollout: '1.5, 100%' }, bad: ['rollout'] },
  { name: 'rollout with a command', inputs: { rollout: `1; ${TOUCH}, 100%` }, bad: ['rollout'] },
  {
    name: 'rollout with wait false',
    inputs: { rollout: '1, 100%', wait: 'false' },
    bad: ['wait'],
  },
  {
    name: 'rollout without a deploy',
    inputs: { ...NOT_DEPLOYING, rollout: '1, 100%' },
    bad: ['rollout'],
  },
  { name: 'bake-seconds negative', inputs: { 'bake-seconds': '-1' }, bad: ['bake-seconds'] },
  { name: 'bake-seconds of a week', inputs: { 'bake-seconds': '604800' }, bad: ['bake-seconds'] },
  { name: 'bake-seconds in minutes', inputs: { 'bake-seconds': '5m' }, bad: ['bake-seconds'] },
  {
    name: 'alarm name with a control character',
    inputs: { alarms: 'ok\nbad\u0007' },
    bad: ['alarms'],
  },
  { name: 'alarm name of 300 characters', inputs: { alarms: 'a'.repeat(300) }, bad: ['alarms'] },
  {
    name: 'target group given as a load balancer ARN',
    inputs: {
      'target-groups':
        'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef',
    },
    bad: ['target-groups'],
  },
  {
    name: 'target group by name',
    inputs: { 'target-groups': 'web' },
    bad: ['target-groups'],
  },
  {
    name: 'target group in another region',
    inputs: {
      'target-groups':
        'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef'.replace(
          'us-east-1',
          'ap-south-2',
        ),
    },
    bad: ['target-groups'],
  },
  {
    name: 'target group ARN with a command after it',
    inputs: {
      'target-groups': `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef$(${TOUCH})`,
    },
    bad: ['target-groups'],
  },
  // dry-run
  { name: 'dry-run dry', inputs: { 'dry-run': 'dry' }, bad: ['dry-run'] },
  { name: 'dry-run on two lines', inputs: { 'dry-run': 'true\nfalse' }, bad: ['dry-run'] },
  // an input that only means something when deploying, without a deploy
  {
    name: 'run-as without a deploy',
    inputs: { ...NOT_DEPLOYING, 'run-as': 'ubuntu' },
    bad: ['run-as'],
  },
  // everything wrong at once: one annotation per input
  {
    name: 'every input wrong at once',
    inputs: {
      'aws-region': 'mars-1',
      'secret-ids': '$(id)',
      'if-missing': 'explode',
      'parse-json-secrets': 'yes',
      'export-env': 'on',
      parameters: 'a,b,c',
      'versioned-buckets': 'UPPER',
      'instance-ids': 'i-123',
      targets: 'Role=web',
      'working-directory': 'srv/app',
      ref: '--upload-pack=x',
      'git-pull': 'no',
      'deploy-script': '-x',
      'run-as': 'Root',
      env: '1=2',
      'timeout-seconds': '0',
      'max-concurrency': '0',
      'max-errors': '-1',
      wait: 'maybe',
      'output-s3-bucket': 'UPPER',
      'cloudwatch-log-group': 'a b',
      'rollback-on-failure': 'perhaps',
      'health-check-timeout': '-5',
      rollout: '100%, 1',
      'bake-seconds': 'long',
      alarms: 'x'.repeat(256),
      'target-groups': 'arn:aws:elasticloadbalancing',
      'record-parameter': 'a b',
      'github-token': 'ghp_\u0007',
      environment: 'prod\u0001',
      'allow-older': 'sometimes',
      'dry-run': 'dry',
    },
    bad: [
      'aws-region',
      'secret-ids',
      'if-missing',
      'parse-json-secrets',
      'export-env',
      'parameters',
      'versioned-buckets',
      'instance-ids',
      'targets',
      'working-directory',
      'ref',
      'git-pull',
      'deploy-script',
      'run-as',
      'env',
      'timeout-seconds',
      'max-concurrency',
      'max-errors',
      'wait',
      'output-s3-bucket',
      'cloudwatch-log-group',
      'rollback-on-failure',
      'health-check-timeout',
      'rollout',
      'bake-seconds',
      'alarms',
      'target-groups',
      'record-parameter',
      'github-token',
      'environment',
      'allow-older',
      'dry-run',
    ],
  },
];

/** What the process receives of a value: an environment string ends at its first NUL. */
const received = (value: string | undefined): string => (value ?? '').split('\u0000')[0] ?? '';

/** Values of the inputs the action must never show: the token, and env values long enough to tell. */
function sensitiveValues(inputs: Readonly<Record<string, string>>): SecretSpec[] {
  const envValues = received(inputs.env)
    .split('\n')
    .map((line) => line.slice(line.indexOf('=') + 1).trim())
    .filter((value) => value.length >= 8);
  return [received(inputs['github-token']).trim(), ...envValues]
    .filter((value) => value !== '')
    .map((value) => ({ name: 'a sensitive input', value }));
}

/** The inputs a case gets an annotation for: its bad ones. */
function expectedInputs(test: Case): string[] {
  return [...new Set(test.bad)].sort();
}

describe('bad inputs: refused before anything happens', () => {
  let world: World | undefined;
  let base: Record<string, string> = {};
  let before = new Map<string, string>();

  const the = (): World => {
    if (world === undefined) throw new Error('the world was not created');
    return world;
  };

  beforeAll(async () => {
    world = await createWorld({ instances: 2 });
    base = world.deployInputs({ ...SECRET_INPUTS, 'versioned-buckets': BUCKET });
    before = snapshotInstances(world);
  });

  afterAll(async () => {
    await world?.stop();
    rmSync(PWNED, { force: true });
  });

  it('starts from a valid run, so each case fails for its own input alone', () => {
    expect(() => parseInputs((name) => base[name] ?? '', the().env())).not.toThrow();
  });

  it('refuses each case for its own bad inputs alone (in-process, before the built runs)', () => {
    for (const test of corpus) {
      const inputs: Record<string, string> = { ...base, ...test.inputs };
      const env = { ...the().env(), ...test.env };
      let refused: readonly (string | undefined)[] = [];
      try {
        parseInputs((name) => received(inputs[name]), env);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        refused = error.problems.map((problem) => problem.input);
      }
      expect([...new Set(refused)].sort(), test.name).toEqual([...test.bad].sort());
    }
  });

  it('has a case for every input of action.yml', () => {
    const covered = new Set(corpus.flatMap((test) => Object.keys(test.inputs)));
    for (const name of INPUT_NAMES) expect(covered, name).toContain(name);
    expect(corpus.length).toBeGreaterThanOrEqual(60);
  });

  describe.concurrent('each case', () => {
    it.each(corpus)('$name', async (test) => {
      const networkLog = join(the().scratch, `network-${randomBytes(6).toString('hex')}.log`);
      const inputs: Record<string, string> = { ...base, ...test.inputs };
      const run = await runAction({
        inputs,
        env: { ...the().env(), ...test.env, NO_NETWORK_LOG: networkLog },
        github: githubContext(the()),
        jobSecrets: the().jobSecrets,
        nodeArgs: ['--import', NO_NETWORK],
        stepHeader: false,
        timeoutMs: 20_000,
      });
      const errors = run.annotations.filter((a) => a.level === 'error');
      const named = errors.map((a) => /^Input "([^"]+)"/.exec(a.message)?.[1] ?? a.message);
      expect(named.sort(), run.maskedLog.slice(0, 2000)).toEqual(expectedInputs(test));
      expect(run.exitCode).toBe(1);
      expect(run.outcome).toBe('failure');
      for (const entry of run.log.filter((e) => e.kind === 'annotation'))
        expect(entry.text.length, 'an annotation the runner would cut').toBeLessThan(
          ANNOTATION_LIMIT,
        );
      expect(run.stderr).toBe('');
      expect(`${run.stdout}\n${run.maskedLog}`).not.toMatch(STACK_TRACE);
      expect(existsSync(networkLog) ? readFileSync(networkLog, 'utf8') : '').toBe('');
      // post-if: always(): with nothing sent, the post step has nothing to cancel.
      expect(run.post).toMatchObject({ ran: true, exitCode: 0, annotations: [] });
      // The token and env values are never quoted back (an env value should not be a secret, but
      // may be), nor is anything of the world.
      assertNoLeaks(run, [...the().secretSpecs, ...sensitiveValues(inputs)]);
    });
  });

  it('made no AWS call, ran nothing and changed no file on any instance', () => {
    const { sandbox } = the();
    expect(sandbox.calls()).toEqual([]);
    expect(sandbox.commandHistory()).toEqual([]);
    expect(snapshotInstances(the())).toEqual(before);
    expect(existsSync(PWNED)).toBe(false);
  });
});
