// Secrets Manager end to end: the built action, run as the runner runs it, against the sandbox.
// Every run is scanned for every secret value (raw, line by line, JSON- and URL-escaped, base64)
// in its log, summary, annotations, outputs not meant to carry one, and exported variables.

import { describe, expect, it } from 'vitest';
import { uriDataEscape } from '../../sandbox/runner/encodings.js';
import { assertNoLeaks, runAction, type SecretSpec } from '../../sandbox/runner/index.js';
import { SCRIPT, out, script, type ScriptStep } from '../runner/fixtures.js';
import {
  annotation,
  callsOf,
  countByOperation,
  expectMasked,
  fileSandbox,
  groupLines,
  jsonSecretSpecs,
  phaseSummary,
  runPhase,
  versionId,
} from './helpers.js';

const sandbox = fileSandbox();
const GROUP = 'Secrets, parameters and versioned buckets';
const ACCOUNT = '123456789012';

/** A later step of the same job printing `lines`: what a careless workflow would show. */
function laterStep(lines: readonly string[], extra: readonly ScriptStep[] = []) {
  return script([...lines.map((line) => out(`${line}\n`)), ...extra]);
}

describe.concurrent('secret values', () => {
  it('JSON, nested JSON, pretty-printed JSON, multi-line and binary secrets: every output set, every value masked, in this step and the next', async () => {
    const sb = sandbox.current;
    const db = JSON.stringify({
      username: 'app',
      password: 'pa55-w0rd!',
      port: 5432,
      enabled: true,
      replica: null,
      hosts: ['db-a.internal', 'db-b.internal'],
    });
    const nested = JSON.stringify({
      api: { key: 'k3y-abcdef-0123', region: { name: 'primary-site', id: 7 } },
      tls: { cert: '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----' },
    });
    const pretty = JSON.stringify({ token: 'pretty-token-1', n: 1 }, null, 2);
    const pem =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAMwAAAAtzc2gtZWQyNTUxOQ==\n-----END OPENSSH PRIVATE KEY-----\n';
    const bytes = Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff, 0x80, 0x0a, 0x0d, 0x41, 0x42, 0x43]);
    const blob = bytes.toString('base64');
    // Characters that mean something to the runner, to HTML, to URLs and to JSON, and non-ASCII.
    const odd = 'p"q\'r & <s> %25 %0A ::warning::not-one \\ pässwörd-密码';
    const arn = (
      name: string,
      value: { secretString: string } | { secretBinary: Buffer },
      n: number,
    ) => sb.addSecret({ name, versions: [{ ...value, versionId: versionId(n) }] }).arn;
    const arns = [
      arn('kinds/db', { secretString: db }, 1),
      arn('kinds/nested', { secretString: nested }, 2),
      arn('kinds/pretty', { secretString: pretty }, 3),
      arn('kinds/pem', { secretString: pem }, 4),
      arn('kinds/blob', { secretBinary: bytes }, 5),
      arn('9kinds/odd+name@x=1.2', { secretString: odd }, 6),
    ];
    const secrets: SecretSpec[] = [
      ...jsonSecretSpecs('kinds/db', db),
      ...jsonSecretSpecs('kinds/nested', nested),
      ...jsonSecretSpecs('kinds/pretty', pretty),
      { name: 'kinds/pem', value: pem },
      { name: 'kinds/blob', value: blob },
      { name: '9kinds/odd+name@x=1.2', value: odd },
    ];

    const run = await runPhase(sb, {
      inputs: {
        'secret-ids':
          'DB,kinds/db\nkinds/nested\nkinds/pretty\nkinds/pem\nBLOB,kinds/blob\n9kinds/odd+name@x=1.2',
        'parse-json-secrets': 'true',
        'binary-secrets': 'base64',
      },
      secrets,
    });

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([
      annotation(
        'warning',
        'Secret kinds/db: the values of the JSON keys username are shorter than 4 characters and are not masked on their own.',
      ),
      annotation(
        'warning',
        'Secret kinds/nested: the values of the JSON keys api.region.id are shorter than 4 characters and are not masked on their own.',
      ),
      annotation(
        'warning',
        'Secret kinds/pretty: the values of the JSON keys n are shorter than 4 characters and are not masked on their own.',
      ),
    ]);
    const manifest = {
      secrets: [
        { alias: 'DB', name: 'kinds/db', arn: arns[0], versionId: versionId(1) },
        { alias: 'KINDS_NESTED', name: 'kinds/nested', arn: arns[1], versionId: versionId(2) },
        { alias: 'KINDS_PRETTY', name: 'kinds/pretty', arn: arns[2], versionId: versionId(3) },
        { alias: 'KINDS_PEM', name: 'kinds/pem', arn: arns[3], versionId: versionId(4) },
        { alias: 'BLOB', name: 'kinds/blob', arn: arns[4], versionId: versionId(5) },
        {
          alias: '_9KINDS_ODD_NAME_X_1_2',
          name: '9kinds/odd+name@x=1.2',
          arn: arns[5],
          versionId: versionId(6),
        },
      ],
    };
    // parse-json-secrets: a JSON object's leaves, not its whole value.
    expect(run.outputs).toEqual({
      DB_USERNAME: 'app',
      DB_PASSWORD: 'pa55-w0rd!',
      DB_PORT: '5432',
      DB_ENABLED: 'true',
      DB_REPLICA: 'null',
      DB_HOSTS: '["db-a.internal","db-b.internal"]',
      KINDS_NESTED_API_KEY: 'k3y-abcdef-0123',
      KINDS_NESTED_API_REGION_NAME: 'primary-site',
      KINDS_NESTED_API_REGION_ID: '7',
      KINDS_NESTED_TLS_CERT:
        '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----',
      KINDS_PRETTY_TOKEN: 'pretty-token-1',
      KINDS_PRETTY_N: '1',
      KINDS_PEM: pem,
      BLOB: blob,
      _9KINDS_ODD_NAME_X_1_2: odd,
      'secrets-manifest': JSON.stringify(manifest),
    });
    expect(Buffer.from(run.outputs.BLOB ?? '', 'base64')).toEqual(bytes);
    expect(run.exportedEnv).toEqual({});
    // Nothing shorter than 4 characters is masked: neither a short JSON leaf nor a `{` or `}` line
    // of the pretty-printed value, which would turn every brace of the job's log into ***.
    expect(run.masks.filter((mask) => mask.trim().length < 4)).toEqual([]);

    expect(groupLines(run, GROUP)).toEqual([
      'secret-ids line 1: kinds/db → DB_USERNAME, DB_PASSWORD, DB_PORT, DB_ENABLED, DB_REPLICA, DB_HOSTS',
      'secret-ids line 2: kinds/nested → KINDS_NESTED_API_KEY, KINDS_NESTED_API_REGION_NAME, KINDS_NESTED_API_REGION_ID, KINDS_NESTED_TLS_CERT',
      'secret-ids line 3: kinds/pretty → KINDS_PRETTY_TOKEN, KINDS_PRETTY_N',
      'secret-ids line 4: kinds/pem → KINDS_PEM',
      'secret-ids line 5: kinds/blob → BLOB',
      'secret-ids line 6: 9kinds/odd+name@x=1.2 → _9KINDS_ODD_NAME_X_1_2',
      'Read 6 secret(s) with 1 BatchGetSecretValue, 0 GetSecretValue and 0 ListSecrets call(s).',
    ]);
    const key = (name: string, secret: string): string =>
      `key &quot;${name}&quot; of secret ${secret}`;
    // Masked says what the runner really hides: a value too short to register, or registered
    // line by line only, is not "yes".
    expect(run.maskedSummary).toBe(
      phaseSummary({
        outputs: [
          [
            'DB_USERNAME',
            key('username', 'kinds/db'),
            'no: shorter than 4 characters, too short to mask alone',
          ],
          ['DB_PASSWORD', key('password', 'kinds/db'), 'yes'],
          ['DB_PORT', key('port', 'kinds/db'), 'yes'],
          ['DB_ENABLED', key('enabled', 'kinds/db'), 'yes'],
          ['DB_REPLICA', key('replica', 'kinds/db'), 'yes'],
          ['DB_HOSTS', key('hosts', 'kinds/db'), 'yes'],
          ['KINDS_NESTED_API_KEY', key('api.key', 'kinds/nested'), 'yes'],
          ['KINDS_NESTED_API_REGION_NAME', key('api.region.name', 'kinds/nested'), 'yes'],
          [
            'KINDS_NESTED_API_REGION_ID',
            key('api.region.id', 'kinds/nested'),
            'no: shorter than 4 characters, too short to mask alone',
          ],
          ['KINDS_NESTED_TLS_CERT', key('tls.cert', 'kinds/nested'), 'yes'],
          ['KINDS_PRETTY_TOKEN', key('token', 'kinds/pretty'), 'yes'],
          [
            'KINDS_PRETTY_N',
            key('n', 'kinds/pretty'),
            'no: shorter than 4 characters, too short to mask alone',
          ],
          ['KINDS_PEM', 'secret kinds/pem', 'yes'],
          ['BLOB', 'secret kinds/blob', 'yes'],
          ['_9KINDS_ODD_NAME_X_1_2', 'secret 9kinds/odd+name@x=1.2', 'yes'],
        ],
      }),
    );
    expect(callsOf(sb, 'kinds/').map((call) => [call.operation, call.params])).toEqual([
      [
        'BatchGetSecretValue',
        {
          SecretIdList: [
            'kinds/db',
            'kinds/nested',
            'kinds/pretty',
            'kinds/pem',
            'kinds/blob',
            '9kinds/odd+name@x=1.2',
          ],
        },
      ],
    ]);

    // A later step of the job that prints every output, whole and in the encodings the runner
    // masks, shows none of them: the masks the action registered hold for the rest of the job.
    // (Encodings the runner does not know, such as JavaScript's encodeURIComponent, which leaves
    // ' unescaped, are unmasked for any secret in any action: that is the runner's limit.)
    const values = Object.entries(run.outputs)
      .filter(([name]) => name !== 'secrets-manifest')
      .map(([, value]) => value);
    const later = await runAction({
      actionPath: SCRIPT,
      inputs: laterStep(
        [...values, JSON.stringify(run.outputs), ...values.map(uriDataEscape)],
        // Base64 of a whole value is masked when the value was registered whole; the pretty JSON
        // is registered line by line only (it has lines of one character), so not in base64.
        values
          .filter((value) => value !== pretty)
          .map((value) => ({ do: 'base64', prefix: '', value }) as const),
      ),
      continueFrom: run,
      stepHeader: false,
    });
    expect(later.exitCode).toBe(0);
    assertNoLeaks(later, secrets);
  });

  it('without parse-json-secrets a JSON secret is one output; a blank alias names the leaves by their keys alone', async () => {
    const sb = sandbox.current;
    const flat = JSON.stringify({
      API_TOKEN: 'flat-token-0123',
      API_URL: 'https://api.example.test',
    });
    sb.addSecret({ name: 'plain/flat', secretString: flat });
    const secrets = jsonSecretSpecs('plain/flat', flat);

    const whole = await runPhase(sb, { inputs: { 'secret-ids': 'FLAT,plain/flat' }, secrets });
    expect(whole.exitCode).toBe(0);
    expect(whole.annotations).toEqual([]);
    expect(Object.keys(whole.outputs)).toEqual(['FLAT', 'secrets-manifest']);
    expect(whole.outputs.FLAT).toBe(flat);
    expectMasked(whole, [flat]);

    const byKey = await runPhase(sb, {
      inputs: { 'secret-ids': ',plain/flat', 'parse-json-secrets': 'true' },
      secrets,
    });
    expect(byKey.exitCode).toBe(0);
    expect(byKey.annotations).toEqual([]);
    const { 'secrets-manifest': manifest, ...values } = byKey.outputs;
    expect(values).toEqual({
      API_TOKEN: 'flat-token-0123',
      API_URL: 'https://api.example.test',
    });
    expectMasked(byKey, [flat, 'flat-token-0123', 'https://api.example.test']);
    expect(JSON.parse(manifest ?? '')).toEqual({
      secrets: [
        {
          alias: 'PLAIN_FLAT',
          name: 'plain/flat',
          arn: expect.stringMatching(
            new RegExp(`^arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:plain/flat-\\w{6}$`),
          ),
          versionId: expect.any(String),
        },
      ],
    });
  });

  it('a 45-secret prefix: every page listed, read in 3 BatchGetSecretValue calls of at most 20', async () => {
    const sb = sandbox.current;
    const names = Array.from(
      { length: 45 },
      (_, i) => `fleet/app-${String(i + 1).padStart(2, '0')}`,
    );
    const arns = names.map(
      (name, i) => sb.addSecret({ name, secretString: `fleet-value-${i + 1}` }).arn,
    );
    // Not below the prefix: a name with `fleet/` further in, and one that only starts alike.
    sb.addSecret({ name: 'other/fleet/app-99', secretString: 'decoy-value-1' });
    sb.addSecret({ name: 'fleetwood', secretString: 'decoy-value-2' });
    const secrets: SecretSpec[] = [
      ...names.map((name, i) => ({ name, value: `fleet-value-${i + 1}` })),
      { name: 'other/fleet/app-99', value: 'decoy-value-1' },
      { name: 'fleetwood', value: 'decoy-value-2' },
    ];

    const run = await runPhase(sb, { inputs: { 'secret-ids': 'fleet/*' }, secrets });

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    const outputName = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
    expect(run.outputs).toEqual({
      ...Object.fromEntries(names.map((name, i) => [outputName(name), `fleet-value-${i + 1}`])),
      'secrets-manifest': expect.any(String),
    });
    expect(JSON.parse(run.outputs['secrets-manifest'] ?? '')).toEqual({
      secrets: names.map((name, i) => ({
        alias: outputName(name),
        name,
        arn: arns[i],
        versionId: expect.any(String),
      })),
    });
    expectMasked(
      run,
      names.map((_, i) => `fleet-value-${i + 1}`),
    );
    const calls = callsOf(sb, 'fleet');
    expect(countByOperation(calls)).toEqual({ ListSecrets: 1, BatchGetSecretValue: 3 });
    expect(calls[0]?.params).toEqual({ Filters: ['name=fleet/'], MaxResults: 100 });
    const batches = calls.slice(1).map((call) => call.params.SecretIdList as readonly string[]);
    expect(batches.map((ids) => ids.length).sort()).toEqual([20, 20, 5]);
    expect(batches.flat().sort()).toEqual([...arns].sort());
    expect(groupLines(run, GROUP).at(-1)).toBe(
      'Read 45 secret(s) with 3 BatchGetSecretValue, 0 GetSecretValue and 1 ListSecrets call(s).',
    );
  });

  it('pinned versions, by staging label and by version id, are read with GetSecretValue', async () => {
    const sb = sandbox.current;
    const { arn } = sb.addSecret({
      name: 'pin/rotating',
      versions: [
        { secretString: 'rotating-value-1', versionId: versionId(11), stages: [] },
        {
          secretString: 'rotating-value-2',
          versionId: versionId(12),
          stages: ['AWSPREVIOUS', 'canary'],
        },
        { secretString: 'rotating-value-3', versionId: versionId(13), stages: ['AWSCURRENT'] },
      ],
    });
    const secrets = [1, 2, 3].map((n) => ({
      name: `rotating v${n}`,
      value: `rotating-value-${n}`,
    }));

    const run = await runPhase(sb, {
      inputs: {
        'secret-ids': `NOW,pin/rotating\nBEFORE,pin/rotating,AWSPREVIOUS\nCANARY,pin/rotating,canary\nFIRST,pin/rotating,${versionId(11)}`,
      },
      secrets,
    });

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    const entry = (alias: string, n: number) => ({
      alias,
      name: 'pin/rotating',
      arn,
      versionId: versionId(n),
    });
    expect(run.outputs).toEqual({
      NOW: 'rotating-value-3',
      BEFORE: 'rotating-value-2',
      CANARY: 'rotating-value-2',
      FIRST: 'rotating-value-1',
      'secrets-manifest': JSON.stringify({
        secrets: [entry('NOW', 13), entry('BEFORE', 12), entry('CANARY', 12), entry('FIRST', 11)],
      }),
    });
    expectMasked(run, ['rotating-value-1', 'rotating-value-2', 'rotating-value-3']);
    const calls = callsOf(sb, 'pin/rotating');
    expect(countByOperation(calls)).toEqual({ GetSecretValue: 3, BatchGetSecretValue: 1 });
    expect(
      calls.filter((call) => call.operation === 'GetSecretValue').map((call) => call.params),
    ).toEqual(
      expect.arrayContaining([
        { SecretId: 'pin/rotating', VersionStage: 'AWSPREVIOUS' },
        { SecretId: 'pin/rotating', VersionStage: 'canary' },
        { SecretId: 'pin/rotating', VersionId: versionId(11) },
      ]),
    );
    expect(calls.find((call) => call.operation === 'BatchGetSecretValue')?.params).toEqual({
      SecretIdList: ['pin/rotating'],
    });
  });

  it('a full ARN is read in its own region; a name and a partial ARN resolve where they say', async () => {
    const sb = sandbox.current;
    const eu = sb.addSecret({
      name: 'arn/tls',
      secretString: 'eu-west-1-cert-value',
      region: 'eu-west-1',
    });
    const us = sb.addSecret({ name: 'arn/tls', secretString: 'us-east-1-cert-value' });
    const partial = eu.arn.slice(0, -7);

    const run = await runPhase(sb, {
      inputs: { 'secret-ids': `EU,${eu.arn}\n${partial}\nUS,arn/tls` },
      secrets: [
        { name: 'arn/tls in eu-west-1', value: 'eu-west-1-cert-value' },
        { name: 'arn/tls in us-east-1', value: 'us-east-1-cert-value' },
      ],
    });

    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.outputs).toEqual({
      EU: 'eu-west-1-cert-value',
      ARN_TLS: 'eu-west-1-cert-value',
      US: 'us-east-1-cert-value',
      'secrets-manifest': expect.any(String),
    });
    expect(
      (
        JSON.parse(run.outputs['secrets-manifest'] ?? '') as { secrets: { arn: string }[] }
      ).secrets.map((entry) => entry.arn),
    ).toEqual([eu.arn, eu.arn, us.arn]);
    expect(callsOf(sb, 'arn/tls').map((call) => [call.region, call.params])).toEqual(
      expect.arrayContaining([
        ['eu-west-1', { SecretIdList: [eu.arn, partial] }],
        ['us-east-1', { SecretIdList: ['arn/tls'] }],
      ]),
    );
    expect(callsOf(sb, 'arn/tls')).toHaveLength(2);
  });
});

describe.concurrent('missing and denied secrets', () => {
  const notFound = (line: number, name: string): string =>
    `secret-ids line ${line}: secret ${name} was not found: ResourceNotFoundException (Secrets Manager can't find the specified secret.)`;
  const denied = (line: number, name: string): string =>
    `secret-ids line ${line}: secret ${name} could not be read: AccessDeniedException (User: arn:aws:iam::${ACCOUNT}:user/sandbox is not authorized to perform: secretsmanager:GetSecretValue on resource: ${name} because no identity-based policy allows the secretsmanager:GetSecretValue action)\nThe role may not read this secret: it needs secretsmanager:GetSecretValue on it (and kms:Decrypt on its key if it is encrypted with a customer managed key). if-missing does not apply to access denied.`;
  const noMatch = (line: number, prefix: string): string =>
    `secret-ids line ${line}: prefix ${prefix}* matched no secret`;
  const FAIL_HINT =
    '\nCheck the name and the region, or set if-missing: warn (or ignore) to go on without it.';

  function seed(space: string, withDenied: boolean): SecretSpec[] {
    const sb = sandbox.current;
    sb.addSecret({ name: `${space}/present`, secretString: `${space}-present-value` });
    if (withDenied)
      sb.addSecret({
        name: `${space}/locked`,
        secretString: `${space}-locked-value`,
        accessDenied: true,
      });
    return [
      { name: `${space}/present`, value: `${space}-present-value` },
      { name: `${space}/locked`, value: `${space}-locked-value` },
    ];
  }

  it.each(['fail', 'warn', 'ignore'] as const)(
    'with if-missing: %s, a denied secret always fails the step',
    async (ifMissing) => {
      const space = `deny-${ifMissing}`;
      const secrets = seed(space, true);
      const run = await runPhase(sandbox.current, {
        inputs: {
          'secret-ids': `${space}/present\n${space}/absent\n${space}/locked\n${space}/none-*`,
          'if-missing': ifMissing,
        },
        secrets,
      });

      expect(run.exitCode).toBe(1);
      // What could be read is still set, as aws-secretsmanager-get-secrets exports it.
      const present = `${space.toUpperCase().replace('-', '_')}_PRESENT`;
      expect(run.outputs).toEqual({
        [present]: `${space}-present-value`,
        'secrets-manifest': expect.stringContaining(`"alias":"${present}"`),
      });
      expectMasked(run, [`${space}-present-value`]);
      const missingOnes = [
        [2, notFound(2, `${space}/absent`)],
        [4, noMatch(4, `${space}/none-`)],
      ] as const;
      expect(run.annotations).toEqual(
        ifMissing === 'fail'
          ? [
              annotation('error', missingOnes[0][1] + FAIL_HINT),
              annotation('error', denied(3, `${space}/locked`)),
              annotation('error', missingOnes[1][1] + FAIL_HINT),
            ]
          : [
              ...(ifMissing === 'warn'
                ? missingOnes.map(([, message]) =>
                    annotation('warning', `${message}; its outputs are not set.`),
                  )
                : []),
              annotation('error', denied(3, `${space}/locked`)),
            ],
      );
      expect(countByOperation(callsOf(sandbox.current, space))).toEqual({
        ListSecrets: 1,
        BatchGetSecretValue: 1,
      });
    },
  );

  it.each(['fail', 'warn', 'ignore'] as const)(
    'with if-missing: %s, a missing secret and a prefix matching nothing',
    async (ifMissing) => {
      const space = `miss-${ifMissing}`;
      const secrets = seed(space, false);
      const run = await runPhase(sandbox.current, {
        inputs: {
          'secret-ids': `${space}/present\n${space}/absent\n${space}/none-*`,
          'if-missing': ifMissing,
        },
        secrets,
      });

      const missingOnes = [notFound(2, `${space}/absent`), noMatch(3, `${space}/none-`)];
      const name = `${space.toUpperCase().replace('-', '_')}_PRESENT`;
      if (ifMissing === 'fail') {
        expect(run.exitCode).toBe(1);
        expect(run.outputs).toEqual({
          [name]: `${space}-present-value`,
          'secrets-manifest': expect.stringContaining(`"alias":"${name}"`),
        });
        expectMasked(run, [`${space}-present-value`]);
        expect(run.annotations).toEqual(
          missingOnes.map((message) => annotation('error', message + FAIL_HINT)),
        );
        return;
      }
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toEqual({
        [name]: `${space}-present-value`,
        'secrets-manifest': expect.stringContaining(`"alias":"${name}"`),
      });
      expectMasked(run, [`${space}-present-value`]);
      if (ifMissing === 'warn') {
        expect(run.annotations).toEqual(
          missingOnes.map((message) =>
            annotation('warning', `${message}; its outputs are not set.`),
          ),
        );
        expect(groupLines(run, GROUP)).toEqual([
          `secret-ids line 1: ${space}/present → ${name}`,
          'Read 1 secret(s) with 1 BatchGetSecretValue, 0 GetSecretValue and 1 ListSecrets call(s).',
        ]);
      } else {
        expect(run.annotations).toEqual([]);
        expect(groupLines(run, GROUP)).toEqual([
          `secret-ids line 1: ${space}/present → ${name}`,
          ...missingOnes.map((message) => `${message}; skipped (if-missing: ignore).`),
          'Read 1 secret(s) with 1 BatchGetSecretValue, 0 GetSecretValue and 1 ListSecrets call(s).',
        ]);
      }
    },
  );
});

describe.concurrent('export-env', () => {
  it('exports every output as a variable for later steps, and refuses to overwrite one already set', async () => {
    const sb = sandbox.current;
    const value = JSON.stringify({ user: 'export-user', pass: 'export-pass-1' });
    sb.addSecret({ name: 'export/app', secretString: value });
    const secrets = jsonSecretSpecs('export/app', value);
    const exported = ['EXPORT_APP_USER', 'EXPORT_APP_PASS'];

    const run = await runPhase(sb, {
      inputs: { 'secret-ids': 'export/app', 'parse-json-secrets': 'true', 'export-env': 'true' },
      secrets,
      valueEnv: exported,
    });
    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.exportedEnv).toEqual({
      EXPORT_APP_USER: 'export-user',
      EXPORT_APP_PASS: 'export-pass-1',
    });
    expectMasked(run, [value, 'export-user', 'export-pass-1']);
    expect(Object.keys(run.outputs)).toEqual([...exported, 'secrets-manifest']);
    for (const name of exported) expect(run.outputs[name]).toBe(run.exportedEnv[name]);

    // A later step sees the variables, and printing them shows nothing.
    const later = await runAction({
      actionPath: SCRIPT,
      inputs: laterStep(exported.map((name) => `${name}={{env:${name}}}`)),
      continueFrom: run,
      stepHeader: false,
    });
    expect(later.exitCode).toBe(0);
    expect(later.maskedLog.split('\n')).toEqual(exported.map((name) => `${name}=***`));
    assertNoLeaks(later, secrets, { allowEnv: exported });

    // The same step again in the same job: the variables are set now, so it refuses.
    const again = await runPhase(sb, {
      inputs: { 'secret-ids': 'export/app', 'parse-json-secrets': 'true', 'export-env': 'true' },
      secrets,
      valueEnv: exported,
      continueFrom: run,
    });
    expect(again.exitCode).toBe(1);
    expect(again.annotations).toEqual(
      exported.map((name, i) =>
        annotation(
          'error',
          `export-env would overwrite the environment variable ${name}, which is already set, with ${['key "user" of secret export/app', 'key "pass" of secret export/app'][i] ?? ''}.\nGive it an alias (ALIAS,ID) that names a variable not yet set, or remove export-env.`,
        ),
      ),
    );
    expect(again.outputs).toEqual({});
    expect(again.exportedEnv).toEqual({});
  });
});
