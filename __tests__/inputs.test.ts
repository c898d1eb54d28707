import { describe, expect, it } from 'vitest';
import type { Config } from '../src/config.js';
import { InputError } from '../src/errors.js';
import { INPUT_NAMES, parseInputs, type Environment, type InputName } from '../src/inputs.js';

type Inputs = Partial<Record<InputName, string>>;

const SHA = '0123456789abcdef0123456789abcdef01234567';
const ENV: Environment = {
  AWS_REGION: 'eu-west-1',
  GITHUB_SHA: SHA,
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: '4242',
};
const DEPLOY: Inputs = { 'instance-ids': 'i-0123456789abcdef0', 'working-directory': '/srv/app' };

function parse(inputs: Inputs, env: Environment = ENV): Config {
  return parseInputs((name) => inputs[name] ?? '', env).config;
}

function problems(
  inputs: Inputs,
  env: Environment = ENV,
): { input: string | undefined; message: string }[] {
  try {
    parse(inputs, env);
  } catch (error) {
    if (error instanceof InputError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the inputs to be refused');
}

interface ValidCase {
  readonly name: string;
  readonly inputs: Inputs;
  readonly env?: Environment;
  readonly check: (config: Config) => void;
}

const valid: ValidCase[] = [
  {
    name: 'region from the input wins over the environment',
    inputs: { 'aws-region': 'us-east-1', 'secret-ids': 'db' },
    check: (c) => expect(c.region).toBe('us-east-1'),
  },
  {
    name: 'region from AWS_REGION',
    inputs: { 'secret-ids': 'db' },
    check: (c) => expect(c.region).toBe('eu-west-1'),
  },
  {
    name: 'region from AWS_DEFAULT_REGION when AWS_REGION is unset',
    inputs: { 'secret-ids': 'db' },
    env: { AWS_DEFAULT_REGION: 'us-gov-west-1' },
    check: (c) => expect(c.region).toBe('us-gov-west-1'),
  },
  {
    name: 'a secret by name gets no alias and no version',
    inputs: { 'secret-ids': 'prod/db' },
    check: (c) =>
      expect(c.secrets?.requests).toEqual([
        {
          line: 1,
          alias: undefined,
          source: { kind: 'name', name: 'prod/db' },
          version: undefined,
        },
      ]),
  },
  {
    name: 'alias, prefix, and comments and blank lines skipped with line numbers kept',
    inputs: { 'secret-ids': '# database\n\nDB,prod/db\n  APP , prod/app/*  ' },
    check: (c) => {
      expect(c.secrets?.requests.map((r) => [r.line, r.alias, r.source])).toEqual([
        [3, 'DB', { kind: 'name', name: 'prod/db' }],
        [4, 'APP', { kind: 'prefix', prefix: 'prod/app/' }],
      ]);
    },
  },
  {
    name: 'a blank alias is kept for a secret (JSON keys name its outputs) and dropped for a prefix',
    inputs: { 'secret-ids': ',prod/db\n,prod/app/*' },
    check: (c) => {
      expect(c.secrets?.requests.map((r) => r.alias)).toEqual(['', undefined]);
    },
  },
  {
    name: 'a full ARN is read in its own region',
    inputs: {
      'secret-ids': 'arn:aws:secretsmanager:ap-south-1:123456789012:secret:prod/db-AbCdEf',
    },
    check: (c) =>
      expect(c.secrets?.requests[0]?.source).toMatchObject({
        kind: 'arn',
        region: 'ap-south-1',
        name: 'prod/db-AbCdEf',
      }),
  },
  {
    name: 'a version stage pin',
    inputs: { 'secret-ids': 'OLD,prod/db,AWSPREVIOUS' },
    check: (c) =>
      expect(c.secrets?.requests[0]?.version).toEqual({
        kind: 'stage',
        versionStage: 'AWSPREVIOUS',
      }),
  },
  {
    name: 'a version id pin',
    inputs: { 'secret-ids': 'OLD,prod/db,a1b2c3d4-90ab-cdef-fedc-ba9876543210' },
    check: (c) =>
      expect(c.secrets?.requests[0]?.version).toEqual({
        kind: 'id',
        versionId: 'a1b2c3d4-90ab-cdef-fedc-ba9876543210',
      }),
  },
  {
    name: 'booleans in any case',
    inputs: {
      'secret-ids': 'db',
      'parse-json-secrets': 'TRUE',
      'export-env': 'True',
      'dry-run': 'FaLsE',
    },
    check: (c) => {
      expect(c.secrets?.parseJson).toBe(true);
      expect(c.exportEnv).toBe(true);
      expect(c.dryRun).toBe(false);
    },
  },
  {
    name: 'if-missing warn',
    inputs: { 'secret-ids': 'db', 'if-missing': 'warn' },
    check: (c) => expect(c.ifMissing).toBe('warn'),
  },
  {
    name: 'parameters by name, alias, ARN and path',
    inputs: {
      parameters:
        '/prod/url\nDB,/prod/db:3\n/prod/app/\narn:aws:ssm:us-east-1:123456789012:parameter/shared/key',
    },
    check: (c) =>
      expect(c.parameters).toEqual([
        { kind: 'name', line: 1, alias: undefined, name: '/prod/url' },
        { kind: 'name', line: 2, alias: 'DB', name: '/prod/db:3' },
        { kind: 'path', line: 3, alias: undefined, path: '/prod/app/' },
        {
          kind: 'name',
          line: 4,
          alias: undefined,
          name: 'arn:aws:ssm:us-east-1:123456789012:parameter/shared/key',
        },
      ]),
  },
  {
    name: 'buckets by line and by comma, duplicates removed',
    inputs: { 'versioned-buckets': 'assets-prod, logs.prod\nassets-prod' },
    check: (c) => expect(c.versionedBuckets).toEqual(['assets-prod', 'logs.prod']),
  },
  {
    name: 'deploy defaults',
    inputs: DEPLOY,
    check: (c) =>
      expect(c.deploy).toEqual({
        targets: { kind: 'instances', instanceIds: ['i-0123456789abcdef0'] },
        workingDirectory: '/srv/app',
        ref: { kind: 'sha', sha: SHA },
        gitPull: true,
        deployScript: './deploy.sh',
        runAs: undefined,
        env: [],
        timeoutSeconds: 900,
        maxConcurrency: '50',
        maxErrors: '0',
        wait: true,
        comment: 'acme/shop@0123456 run 4242',
        outputS3: undefined,
        cloudWatchLogGroup: undefined,
        rollbackOnFailure: false,
      }),
  },
  {
    name: 'instance ids by comma and newline, 8-digit and mi- ids, duplicates removed',
    inputs: {
      ...DEPLOY,
      'instance-ids': 'i-0123abcd, i-0123456789abcdef0\nmi-0123456789abcdef0\ni-0123abcd',
    },
    check: (c) =>
      expect(c.deploy?.targets).toEqual({
        kind: 'instances',
        instanceIds: ['i-0123abcd', 'i-0123456789abcdef0', 'mi-0123456789abcdef0'],
      }),
  },
  {
    name: 'tag targets with several values',
    inputs: { 'working-directory': '/srv/app', targets: 'tag:Role=web,worker\ntag:Env=prod' },
    check: (c) =>
      expect(c.deploy?.targets).toEqual({
        kind: 'tags',
        tags: [
          { key: 'Role', values: ['web', 'worker'] },
          { key: 'Env', values: ['prod'] },
        ],
      }),
  },
  {
    name: 'a branch ref, with github-token to resolve it',
    inputs: { ...DEPLOY, ref: 'release/2026-11', 'github-token': 'ghs_x' },
    check: (c) => expect(c.deploy?.ref).toEqual({ kind: 'name', name: 'release/2026-11' }),
  },
  {
    name: 'an abbreviated SHA or a pull request ref, with github-token (resolved, then checked)',
    inputs: { ...DEPLOY, ref: 'refs/pull/7/head', 'github-token': 'ghs_x' },
    check: (c) => expect(c.deploy?.ref).toEqual({ kind: 'name', name: 'refs/pull/7/head' }),
  },
  {
    name: 'allowed-branches: one a line, repeats once; by default undefined (the default branch)',
    inputs: { ...DEPLOY, 'allowed-branches': 'main\n# hotfixes\nhotfix/2026-12\nmain\n' },
    check: (c) => {
      expect(c.deploy?.allowedBranches).toEqual(['main', 'hotfix/2026-12']);
      expect(parse(DEPLOY).deploy?.allowedBranches).toBeUndefined();
    },
  },
  {
    name: 'github-token without environment: the token resolves ref, and no Deployment',
    inputs: { ...DEPLOY, 'github-token': 'ghs_x' },
    check: (c) => {
      expect(c.githubToken).toBe('ghs_x');
      expect(c.record.githubDeployment).toBeUndefined();
    },
  },
  {
    name: 'env lines keep "=" inside values and trim around them',
    inputs: { ...DEPLOY, env: 'MODE=blue\nURL = https://x.test/?a=b' },
    check: (c) =>
      expect(c.deploy?.env).toEqual([
        { name: 'MODE', value: 'blue' },
        { name: 'URL', value: 'https://x.test/?a=b' },
      ]),
  },
  {
    name: 'rate control as counts and percentages, timeout bounds',
    inputs: {
      ...DEPLOY,
      'max-concurrency': '10%',
      'max-errors': '0%',
      'timeout-seconds': '172800',
    },
    check: (c) => {
      expect(c.deploy?.maxConcurrency).toBe('10%');
      expect(c.deploy?.maxErrors).toBe('0%');
      expect(c.deploy?.timeoutSeconds).toBe(172_800);
    },
  },
  {
    name: 'health-check with the default timeout of 60 s; none given: no check',
    inputs: { ...DEPLOY, 'health-check': '  curl -fsS http://127.0.0.1:8080/healthz  ' },
    check: (c) => {
      expect(c.deploy?.healthCheck).toEqual({
        command: 'curl -fsS http://127.0.0.1:8080/healthz',
        timeoutSeconds: 60,
      });
      expect(parse(DEPLOY).deploy?.healthCheck).toBeUndefined();
    },
  },
  {
    name: 'health-check with a timeout of its own',
    inputs: { ...DEPLOY, 'health-check': 'test -f up', 'health-check-timeout': '1' },
    check: (c) =>
      expect(c.deploy?.healthCheck).toEqual({ command: 'test -f up', timeoutSeconds: 1 }),
  },
  {
    name: 'the lowest timeout',
    inputs: { ...DEPLOY, 'timeout-seconds': '5' },
    check: (c) => expect(c.deploy?.timeoutSeconds).toBe(5),
  },
  {
    name: 'a long comment is cut to 100 characters on one line',
    inputs: { ...DEPLOY, comment: `first line\n${'x'.repeat(200)}` },
    check: (c) => {
      expect(c.deploy?.comment).toHaveLength(100);
      expect(c.deploy?.comment.startsWith('first line x')).toBe(true);
    },
  },
  {
    name: 'a comment cut between words ends without the space',
    inputs: { ...DEPLOY, comment: `${'a'.repeat(99)} ${'b'.repeat(20)}` },
    check: (c) => expect(c.deploy?.comment).toBe('a'.repeat(99)),
  },
  {
    name: 'working-directory loses its trailing slash',
    inputs: { ...DEPLOY, 'working-directory': '/srv/app/' },
    check: (c) => expect(c.deploy?.workingDirectory).toBe('/srv/app'),
  },
  {
    name: 'S3 output with a key prefix',
    inputs: { ...DEPLOY, 'output-s3-bucket': 'deploy-logs', 'output-s3-key-prefix': 'shop/' },
    check: (c) => expect(c.deploy?.outputS3).toEqual({ bucket: 'deploy-logs', keyPrefix: 'shop/' }),
  },
  {
    name: 'record parameter, allow-older and a GitHub deployment',
    inputs: {
      ...DEPLOY,
      'record-parameter': '/deploys/shop',
      'allow-older': 'true',
      'github-token': 'ghs_x',
      environment: 'production',
    },
    check: (c) =>
      expect(c.record).toEqual({
        parameterName: '/deploys/shop',
        allowOlder: true,
        githubDeployment: {
          token: 'ghs_x',
          environment: 'production',
          requiredChecks: { kind: 'branch' },
        },
      }),
  },
  {
    name: 'required-checks: names, one a line (repeats once)',
    inputs: {
      ...DEPLOY,
      'github-token': 'ghs_x',
      environment: 'production',
      'required-checks': 'test\n# CI\nlint (ubuntu)\ntest\n',
    },
    check: (c) =>
      expect(c.record.githubDeployment?.requiredChecks).toEqual({
        kind: 'named',
        names: ['test', 'lint (ubuntu)'],
      }),
  },
  {
    name: 'required-checks: none',
    inputs: { ...DEPLOY, 'github-token': 'ghs_x', environment: 'prod', 'required-checks': 'none' },
    check: (c) => expect(c.record.githubDeployment?.requiredChecks).toEqual({ kind: 'none' }),
  },
  {
    name: 'run-as and git-pull false',
    inputs: { ...DEPLOY, 'run-as': 'ec2-user', 'git-pull': 'false' },
    check: (c) => {
      expect(c.deploy?.runAs).toBe('ec2-user');
      expect(c.deploy?.gitPull).toBe(false);
    },
  },
];

interface InvalidCase {
  readonly name: string;
  readonly inputs: Inputs;
  readonly env?: Environment;
  readonly input: InputName | undefined;
  readonly message: RegExp;
}

const invalid: InvalidCase[] = [
  { name: 'nothing to do', inputs: {}, input: undefined, message: /Nothing to do/ },
  {
    name: 'required-checks without a GitHub Deployment',
    inputs: { ...DEPLOY, 'required-checks': 'test' },
    input: 'required-checks',
    message: /needs github-token and environment/,
  },
  {
    name: 'required-checks: none with names',
    inputs: { ...DEPLOY, 'github-token': 'g', environment: 'p', 'required-checks': 'none\ntest' },
    input: 'required-checks',
    message: /none waives every check and cannot be listed with check names/,
  },
  {
    name: 'required-checks: a name with a control character',
    inputs: { ...DEPLOY, 'github-token': 'g', environment: 'p', 'required-checks': 'te\u0007st' },
    input: 'required-checks',
    message: /the value \(5 characters, not shown.*is not a check name/,
  },
  {
    name: 'no region anywhere',
    inputs: { 'secret-ids': 'db' },
    env: {},
    input: 'aws-region',
    message: /no region is known/,
  },
  {
    name: 'a malformed region',
    inputs: { 'secret-ids': 'db', 'aws-region': 'US East' },
    input: 'aws-region',
    message: /"US East".*not a region/,
  },
  {
    name: 'a boolean that is not one',
    inputs: { ...DEPLOY, wait: 'maybe' },
    input: 'wait',
    message: /"maybe" is not a boolean; use true or false/,
  },
  {
    name: 'yes is not a boolean',
    inputs: { 'secret-ids': 'db', 'dry-run': 'yes' },
    input: 'dry-run',
    message: /"yes" is not a boolean/,
  },
  {
    name: 'if-missing unknown',
    inputs: { 'secret-ids': 'db', 'if-missing': 'skip' },
    input: 'if-missing',
    message: /not one of fail, warn, ignore/,
  },
  {
    name: 'a secret line with four fields',
    inputs: { 'secret-ids': 'A,b,c,d' },
    input: 'secret-ids',
    message: /line 1: has 4 comma-separated fields/,
  },
  {
    name: 'an alias with a dash',
    inputs: { 'secret-ids': 'MY-DB,prod/db' },
    input: 'secret-ids',
    message: /line 1: the alias is not a valid output name/,
  },
  {
    name: 'an alias starting with a digit',
    inputs: { 'secret-ids': '1DB,prod/db' },
    input: 'secret-ids',
    message: /not a valid output name/,
  },
  {
    name: "a parameter alias that takes the action's own output",
    inputs: { parameters: 'STATUS,/prod/db' },
    input: 'parameters',
    message: /action's own outputs/,
  },
  {
    name: 'a prefix that is too short',
    inputs: { 'secret-ids': 'ab*' },
    input: 'secret-ids',
    message: /not a usable prefix/,
  },
  {
    name: 'a star inside a prefix',
    inputs: { 'secret-ids': 'prod*/x*' },
    input: 'secret-ids',
    message: /not a usable prefix/,
  },
  {
    name: 'a version pin on a prefix',
    inputs: { 'secret-ids': 'A,prod/*,AWSPREVIOUS' },
    input: 'secret-ids',
    message: /not to a prefix/,
  },
  {
    name: 'a secret name with a space',
    inputs: { 'secret-ids': 'prod db' },
    input: 'secret-ids',
    message: /not a secret name/,
  },
  {
    name: 'a broken ARN',
    inputs: { 'secret-ids': 'arn:aws:secretsmanager:eu-west-1:12:secret:x' },
    input: 'secret-ids',
    message: /not a Secrets Manager ARN/,
  },
  {
    name: 'a version that is neither',
    inputs: { 'secret-ids': 'A,db,bad version' },
    input: 'secret-ids',
    message: /neither a version id/,
  },
  {
    name: 'two aliases that collide',
    inputs: { 'secret-ids': 'DB,prod/db\ndb,prod/db2' },
    input: 'secret-ids',
    message: /line 2 and secret-ids line 1 would both set the same output/,
  },
  {
    name: 'a secret with a blank alias still sets the output named after it',
    inputs: { 'secret-ids': ',prod/db\nPROD_DB,other' },
    input: 'secret-ids',
    message: /line 2 and secret-ids line 1 would both set the same output/,
  },
  {
    name: 'a secret and a parameter that collide',
    inputs: { 'secret-ids': 'prod/db', parameters: '/prod/db' },
    input: 'parameters',
    message: /parameters line 1 and secret-ids line 1 would both set the same output/,
  },
  {
    name: 'a parameter name with a space',
    inputs: { parameters: '/prod/my param' },
    input: 'parameters',
    message: /not a parameter name/,
  },
  {
    name: 'a path that does not start with /',
    inputs: { parameters: 'prod/app/' },
    input: 'parameters',
    message: /not a parameter path/,
  },
  {
    name: 'a bucket with capitals',
    inputs: { 'versioned-buckets': 'Assets' },
    input: 'versioned-buckets',
    message: /lower-case/,
  },
  {
    name: 'a bucket shaped like an IP',
    inputs: { 'versioned-buckets': '192.168.1.10' },
    input: 'versioned-buckets',
    message: /IP address/,
  },
  {
    name: 'a bucket given as a URL',
    inputs: { 'versioned-buckets': 's3://assets' },
    input: 'versioned-buckets',
    message: /without "s3:\/\/"/,
  },
  {
    name: 'a two-character bucket',
    inputs: { 'versioned-buckets': 'ab' },
    input: 'versioned-buckets',
    message: /3 to 63/,
  },
  {
    name: 'a malformed instance id',
    inputs: { ...DEPLOY, 'instance-ids': 'i-xyz' },
    input: 'instance-ids',
    message: /"i-xyz" is not an instance id/,
  },
  {
    name: 'an instance id with 10 digits',
    inputs: { ...DEPLOY, 'instance-ids': 'i-0123456789' },
    input: 'instance-ids',
    message: /not an instance id/,
  },
  {
    name: '51 instance ids',
    inputs: {
      ...DEPLOY,
      'instance-ids': Array.from(
        { length: 51 },
        (_, i) => `i-${i.toString(16).padStart(8, '0')}`,
      ).join(','),
    },
    input: 'instance-ids',
    message: /51 instances.*at most 50/,
  },
  {
    name: 'instance ids and targets together',
    inputs: { ...DEPLOY, targets: 'tag:Role=web' },
    input: 'targets',
    message: /cannot be used together with instance-ids/,
  },
  {
    name: 'a bad instance id beside targets (both are checked)',
    inputs: { ...DEPLOY, 'instance-ids': 'i-xyz', targets: 'tag:Role=web' },
    input: 'instance-ids',
    message: /"i-xyz" is not an instance id/,
  },
  {
    name: 'an env too large for one SSM command',
    inputs: { ...DEPLOY, env: `A=${'x'.repeat(40_000)}\nB=${'y'.repeat(40_000)}` },
    input: 'env',
    message: /makes the deploy script \d+ bytes, over the 60000 that fit in one SSM command/,
  },
  {
    name: 'a target without tag:',
    inputs: { 'working-directory': '/srv', targets: 'Role=web' },
    input: 'targets',
    message: /not a tag target/,
  },
  {
    name: 'a target with an empty value',
    inputs: { 'working-directory': '/srv', targets: 'tag:Role=web,' },
    input: 'targets',
    message: /empty or invalid tag value/,
  },
  {
    name: 'six target lines',
    inputs: {
      'working-directory': '/srv',
      targets: Array.from({ length: 6 }, (_, i) => `tag:K${i}=v`).join('\n'),
    },
    input: 'targets',
    message: /at most 5 targets/,
  },
  {
    name: 'deploying without working-directory',
    inputs: { 'instance-ids': 'i-0123abcd' },
    input: 'working-directory',
    message: /is required when deploying/,
  },
  {
    name: 'a relative working-directory',
    inputs: { ...DEPLOY, 'working-directory': 'srv/app' },
    input: 'working-directory',
    message: /not an absolute path/,
  },
  {
    name: 'working-directory of /',
    inputs: { ...DEPLOY, 'working-directory': '/' },
    input: 'working-directory',
    message: /is "\/"/,
  },
  {
    name: 'an abbreviated SHA without github-token',
    inputs: { ...DEPLOY, ref: '0123abc' },
    input: 'ref',
    message:
      /is an abbreviated commit, which is resolved to one commit through the GitHub API before anything is sent; set github-token/,
  },
  {
    name: 'a branch name without github-token',
    inputs: { ...DEPLOY, ref: 'main' },
    input: 'ref',
    message:
      /"main" is a branch or tag name, .*set github-token .*or give the full 40-character SHA/,
  },
  {
    name: 'allowed-branches: a full ref',
    inputs: { ...DEPLOY, 'allowed-branches': 'refs/heads/main' },
    input: 'allowed-branches',
    message: /give the branch name alone/,
  },
  {
    name: 'allowed-branches: not a branch name',
    inputs: { ...DEPLOY, 'allowed-branches': 'main\nfix..up' },
    input: 'allowed-branches',
    message: /"fix..up" is not a branch name: it contains ".."/,
  },
  {
    name: 'allowed-branches: too many',
    inputs: {
      ...DEPLOY,
      'allowed-branches': Array.from({ length: 21 }, (_, i) => `b${i}`).join('\n'),
    },
    input: 'allowed-branches',
    message: /names 21 branches; at most 20/,
  },
  {
    name: 'allowed-branches without a deploy',
    inputs: { 'secret-ids': 'x', 'allowed-branches': 'main' },
    input: 'allowed-branches',
    message: /applies only to a deploy/,
  },
  {
    name: 'a ref with ..',
    inputs: { ...DEPLOY, ref: 'main..dev' },
    input: 'ref',
    message: /not a commit SHA or a valid branch/,
  },
  {
    name: 'a ref starting with a dash',
    inputs: { ...DEPLOY, ref: '--upload-pack=x' },
    input: 'ref',
    message: /starts with "-"/,
  },
  {
    name: 'no ref and no GITHUB_SHA',
    inputs: DEPLOY,
    env: { AWS_REGION: 'eu-west-1' },
    input: 'ref',
    message: /GITHUB_SHA is not set/,
  },
  {
    name: 'a deploy-script starting with a dash',
    inputs: { ...DEPLOY, 'deploy-script': '-rf' },
    input: 'deploy-script',
    message: /not a path/,
  },
  {
    name: 'run-as with a space',
    inputs: { ...DEPLOY, 'run-as': 'ec2 user' },
    input: 'run-as',
    message: /not a Unix user name/,
  },
  {
    name: 'an env line without =',
    inputs: { ...DEPLOY, env: 'MODE' },
    input: 'env',
    message: /line 1: there is no "=" on this line/,
  },
  {
    name: 'an env key with a dash',
    inputs: { ...DEPLOY, env: 'MY-MODE=1' },
    input: 'env',
    message: /line 1: the name before "=" is not a variable name/,
  },
  {
    name: 'an env key set twice',
    inputs: { ...DEPLOY, env: 'A=1\nA=2' },
    input: 'env',
    message: /line 2: the name is already set on line 1/,
  },
  {
    name: 'a reserved env key',
    inputs: { ...DEPLOY, env: 'SSM_DEPLOY_REF=x' },
    input: 'env',
    message: /reserved/,
  },
  {
    name: 'a timeout below 5',
    inputs: { ...DEPLOY, 'timeout-seconds': '4' },
    input: 'timeout-seconds',
    message: /from 5 to 172800/,
  },
  {
    name: 'a timeout above 48 hours',
    inputs: { ...DEPLOY, 'timeout-seconds': '172801' },
    input: 'timeout-seconds',
    message: /from 5 to 172800/,
  },
  {
    name: 'a health-check-timeout of 0',
    inputs: { ...DEPLOY, 'health-check': 'true', 'health-check-timeout': '0' },
    input: 'health-check-timeout',
    message: /^"0" is not a whole number of seconds from 1 to 172800/,
  },
  {
    name: 'a health-check-timeout that is not a whole number',
    inputs: { ...DEPLOY, 'health-check': 'true', 'health-check-timeout': '1m' },
    input: 'health-check-timeout',
    message: /^"1m" is not a whole number of seconds/,
  },
  {
    name: 'a bad health-check-timeout without health-check',
    inputs: { ...DEPLOY, 'health-check-timeout': '-5' },
    input: 'health-check-timeout',
    message: /whole number/,
  },
  {
    name: 'a health-check with a Parameter Store reference',
    inputs: { ...DEPLOY, 'health-check': 'curl {{ssm:/prod/url}}' },
    input: 'health-check',
    message: /Parameter Store reference/,
  },
  {
    name: 'a health-check too long',
    inputs: { ...DEPLOY, 'health-check': 'x'.repeat(5000) },
    input: 'health-check',
    message: /at most 4096/,
  },
  {
    name: 'a fractional timeout',
    inputs: { ...DEPLOY, 'timeout-seconds': '1.5' },
    input: 'timeout-seconds',
    message: /whole number/,
  },
  {
    name: 'max-concurrency 0',
    inputs: { ...DEPLOY, 'max-concurrency': '0' },
    input: 'max-concurrency',
    message: /count from 1/,
  },
  {
    name: 'max-concurrency 101%',
    inputs: { ...DEPLOY, 'max-concurrency': '101%' },
    input: 'max-concurrency',
    message: /"101%"/,
  },
  {
    name: 'max-errors negative',
    inputs: { ...DEPLOY, 'max-errors': '-1' },
    input: 'max-errors',
    message: /count from 0/,
  },
  {
    name: 'a key prefix without a bucket',
    inputs: { ...DEPLOY, 'output-s3-key-prefix': 'logs/' },
    input: 'output-s3-key-prefix',
    message: /needs output-s3-bucket/,
  },
  {
    name: 'a log group with a space',
    inputs: { ...DEPLOY, 'cloudwatch-log-group': 'my logs' },
    input: 'cloudwatch-log-group',
    message: /not a log group name/,
  },
  {
    name: 'rollback without git-pull',
    inputs: { ...DEPLOY, 'rollback-on-failure': 'true', 'git-pull': 'false' },
    input: 'rollback-on-failure',
    message: /needs git-pull/,
  },
  {
    name: 'allow-older without record-parameter',
    inputs: { ...DEPLOY, 'allow-older': 'true' },
    input: 'allow-older',
    message: /needs record-parameter/,
  },
  {
    name: 'environment without a token',
    inputs: { ...DEPLOY, environment: 'production' },
    input: 'environment',
    message: /needs github-token/,
  },
  {
    name: 'a record parameter with a selector',
    inputs: { ...DEPLOY, 'record-parameter': '/deploys/app:2' },
    input: 'record-parameter',
    message: /not a parameter name/,
  },
  {
    name: 'a deploy-only input without a deploy',
    inputs: { 'secret-ids': 'db', 'working-directory': '/srv/app' },
    input: 'working-directory',
    message: /applies only to a deploy/,
  },
  {
    name: 'rollback without a deploy',
    inputs: { 'secret-ids': 'db', 'rollback-on-failure': 'true' },
    input: 'rollback-on-failure',
    message: /applies only to a deploy/,
  },
];

describe('parseInputs accepts', () => {
  it.each(valid)('$name', ({ inputs, env, check }) => {
    check(parse(inputs, env));
  });
});

describe('parseInputs refuses', () => {
  it.each(invalid)('$name', ({ inputs, env, input, message }) => {
    const found = problems(inputs, env);
    expect(found).toContainEqual({ input, message: expect.stringMatching(message) as unknown });
  });
});

describe('parseInputs as a whole', () => {
  it('reports every problem at once, not just the first', () => {
    const found = problems({ 'instance-ids': 'i-xyz', wait: 'maybe', 'timeout-seconds': 'soon' });
    expect(found.map((p) => p.input)).toEqual([
      'instance-ids',
      'working-directory',
      'timeout-seconds',
      'wait',
    ]);
  });

  it('accepts an env just small enough for one SSM command', () => {
    // The script without env is about 20 KB; 30,000 bytes of values leave it under the 60,000.
    const env = Array.from({ length: 3 }, (_, i) => `V${i}=${'v'.repeat(10_000)}`).join('\n');
    expect(parse({ ...DEPLOY, env }).deploy?.env).toHaveLength(3);
  });

  it('reads every declared input exactly once', () => {
    const read: string[] = [];
    parseInputs((name) => {
      read.push(name);
      return name === 'secret-ids' ? 'db' : '';
    }, ENV);
    expect(read.sort()).toEqual([...INPUT_NAMES].sort());
  });

  it('never quotes the value of the github token or of env back', () => {
    const token = 'ghs_SECRETSECRETSECRET';
    const value = 'hunter2-very-secret';
    let message = '';
    try {
      parse({
        ...DEPLOY,
        'github-token': token,
        environment: '\u0007bell',
        env: `BAD-KEY=${value}`,
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/environment/);
    expect(message).not.toContain(token);
    expect(message).not.toContain(value);
  });

  it('refuses a github token that cannot be one, without showing it', () => {
    for (const token of ['ghs_SECRET\u0007BELL', 'ghs_SECRET SPACE', 'ghs_SECRET\u00e9']) {
      const found = problems({ ...DEPLOY, 'github-token': token, environment: 'production' });
      expect(found).toEqual([
        { input: 'github-token', message: expect.stringMatching(/^is not a token/) as unknown },
      ]);
      expect(JSON.stringify(found)).not.toContain('SECRET');
    }
    expect(
      parse({ ...DEPLOY, 'github-token': 'ghs_0123456789abcdefABCDEF', environment: 'production' })
        .record.githubDeployment?.token,
    ).toBe('ghs_0123456789abcdefABCDEF');
  });

  it('refuses a Parameter Store reference SSM would resolve in the command, naming the input', () => {
    const value = 'db-{{ssm:/prod/db/password}}';
    expect(
      problems({
        ...DEPLOY,
        'working-directory': '/srv/{{ ssm-secure:app }}',
        'deploy-script': './{{resolve:ssm:x}}.sh',
        env: `OK=plain {{ braces }}\nDB=${value}\nUPPER={{SSM:/x}}`,
      }),
    ).toEqual([
      {
        input: 'working-directory',
        message: expect.stringMatching(
          /^"\/srv\/\{\{ ssm-secure:app \}\}" holds a Parameter Store reference: SSM would replace it/,
        ) as string,
      },
      {
        input: 'deploy-script',
        message: expect.stringMatching(
          /^"\.\/\{\{resolve:ssm:x\}\}\.sh" holds a Parameter Store/,
        ) as string,
      },
      {
        input: 'env',
        message: expect.stringMatching(
          /^line 2: the value holds a Parameter Store reference/,
        ) as string,
      },
      {
        input: 'env',
        message: expect.stringMatching(
          /^line 3: the value holds a Parameter Store reference/,
        ) as string,
      },
    ]);
    // An env value may be sensitive: the message names its key, never the value.
    let message = '';
    try {
      parse({ ...DEPLOY, env: `DB=${value}` });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('/prod/db/password');
    // Braces that are not a reference pass: Go templates, JSON, bash's own ${…}.
    expect(
      parse({ ...DEPLOY, env: 'T={{ .Name }}\nJ={"a":{"b":1}}\nS=${HOME}' }).deploy?.env.map(
        (v) => v.value,
      ),
    ).toEqual(['{{ .Name }}', '{"a":{"b":1}}', '${HOME}']);
  });

  it('never shows a value cut short or escaped: the runner would not mask that', () => {
    const [problem] = problems({ 'secret-ids': 'db', 'aws-region': `x\n${'y'.repeat(500)}` });
    expect(problem?.message).toMatch(/^the value \(502 characters, not shown/);
    expect(problem?.message).not.toContain('yyy');
  });

  it('returns a frozen config', () => {
    const config = parse(DEPLOY);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.deploy?.targets)).toBe(true);
  });
});
