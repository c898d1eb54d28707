// export-env and names chosen by data: a parameter below a path, a JSON key, or a secret matched by
// a prefix may not become a variable the shell, the loader, git, Node, the runner or the AWS SDK
// gives meaning to. The built action, run as the runner runs it, against the sandbox: the step
// fails before anything is exported, naming where the name came from and never a value.

import { describe, expect, it } from 'vitest';
import type { SecretSpec } from '../../sandbox/runner/index.js';
import { annotation, fileSandbox, jsonSecretSpecs, runPhase } from './helpers.js';

const sandbox = fileSandbox();

const HINT =
  'Names that data chooses (a parameter below a path, a JSON key, a secret matched by a prefix) may not be ones the shell, the dynamic loader, git, language runtimes, the runner or the AWS SDK read; the README lists them. Give the secret or parameter an alias of your own, or remove export-env.';

describe.concurrent('names chosen by data that export-env refuses', () => {
  it('a parameter below a path named bash_env: nothing is exported, the step names the parameter', async () => {
    const sb = sandbox.current;
    sb.putParameter({ name: '/refuse1/app/bash_env', value: '/tmp/planted.sh' });
    sb.putParameter({ name: '/refuse1/app/db_host', value: 'db.internal' });

    const run = await runPhase(sb, {
      inputs: { parameters: '/refuse1/app/', 'export-env': 'true' },
      secrets: [],
    });

    expect(run.exitCode).toBe(1);
    expect(run.exportedEnv).toEqual({});
    expect(run.outputs).toEqual({});
    expect(run.annotations).toEqual([
      annotation(
        'error',
        `export-env refuses to export BASH_ENV (from parameter /refuse1/app/bash_env): it means something to the shell and the programs it starts.\n${HINT}`,
      ),
    ]);
    expect(run.jobLog).not.toContain('/tmp/planted.sh');
  });

  it('JSON keys under a blank alias that would configure git, and one that would move the AWS SDK', async () => {
    const sb = sandbox.current;
    const value = JSON.stringify({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'core.hooksPath',
      GIT_CONFIG_VALUE_0: '/tmp/hooks-planted',
      AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:9/fake-ssm',
      APP_TOKEN: 'app-token-value',
    });
    sb.addSecret({ name: 'refuse2/app', secretString: value });
    const secrets: SecretSpec[] = jsonSecretSpecs('refuse2/app', value);

    const run = await runPhase(sb, {
      inputs: {
        'secret-ids': ',refuse2/app',
        'parse-json-secrets': 'true',
        'export-env': 'true',
      },
      secrets,
    });

    expect(run.exitCode).toBe(1);
    expect(run.exportedEnv).toEqual({});
    expect(run.outputs).toEqual({});
    const from = (key: string) => `key "${key}" of secret refuse2/app`;
    expect(run.annotations).toEqual([
      annotation(
        'warning',
        'Secret refuse2/app: the values of the JSON keys GIT_CONFIG_COUNT are shorter than 4 characters and are not masked on their own.',
      ),
      ...['GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0'].map((name) =>
        annotation(
          'error',
          `export-env refuses to export ${name} (from ${from(name)}): it means something to git.\n${HINT}`,
        ),
      ),
      annotation(
        'error',
        `export-env refuses to export AWS_ENDPOINT_URL_SSM (from ${from('AWS_ENDPOINT_URL_SSM')}): it means something to the AWS SDKs and CLI.\n${HINT}`,
      ),
    ]);
    for (const leaf of ['/tmp/hooks-planted', 'http://127.0.0.1:9/fake-ssm', 'core.hooksPath'])
      expect(run.jobLog).not.toContain(leaf);
  });

  it('a secret matched by a prefix, and a JSON key under an alias, whose names are refused', async () => {
    const sb = sandbox.current;
    sb.addSecret({ name: 'ld_audit_r3', secretString: '/tmp/evil.so' });
    sb.addSecret({ name: 'refuse3/fine', secretString: 'fine-value-1' });
    const opts = JSON.stringify({ OPTIONS: '--require /tmp/evil.js' });
    sb.addSecret({ name: 'refuse3json', secretString: opts });

    const run = await runPhase(sb, {
      inputs: {
        // The prefix matches a secret named so that it becomes LD_AUDIT_R3; NODE is an alias the
        // user chose, OPTIONS a key of the secret.
        'secret-ids': 'ld_a*\nrefuse3/f*\nNODE,refuse3json',
        'parse-json-secrets': 'true',
        'export-env': 'true',
      },
      secrets: [
        { name: 'ld_audit_r3', value: '/tmp/evil.so' },
        { name: 'refuse3/fine', value: 'fine-value-1' },
        ...jsonSecretSpecs('refuse3json', opts),
      ],
    });

    expect(run.exitCode).toBe(1);
    expect(run.exportedEnv).toEqual({});
    expect(run.annotations).toEqual([
      annotation(
        'error',
        `export-env refuses to export LD_AUDIT_R3 (from secret ld_audit_r3): it means something to the dynamic loader.\n${HINT}`,
      ),
      annotation(
        'error',
        `export-env refuses to export NODE_OPTIONS (from key "OPTIONS" of secret refuse3json): it means something to Node.js and npm.\n${HINT}`,
      ),
    ]);
  });

  it('an alias the user wrote is the user’s choice, and without export-env a refused name is only an output', async () => {
    const sb = sandbox.current;
    sb.addSecret({ name: 'refuse4/x', secretString: 'chosen-by-user' });
    sb.putParameter({ name: '/refuse4/p/path_extra', value: 'not-exported' });
    sb.putParameter({ name: '/refuse4/q/git_dir', value: '/srv/other' });

    const exported = await runPhase(sb, {
      inputs: { 'secret-ids': 'GIT_AUTHOR_NAME,refuse4/x', 'export-env': 'true' },
      secrets: [{ name: 'refuse4/x', value: 'chosen-by-user' }],
      valueEnv: ['GIT_AUTHOR_NAME'],
    });
    expect(exported.exitCode).toBe(0);
    expect(exported.exportedEnv).toEqual({ GIT_AUTHOR_NAME: 'chosen-by-user' });

    const outputsOnly = await runPhase(sb, {
      inputs: { parameters: '/refuse4/q/' },
      secrets: [],
    });
    expect(outputsOnly.exitCode).toBe(0);
    expect(outputsOnly.outputs.GIT_DIR).toBe('/srv/other');
    expect(outputsOnly.exportedEnv).toEqual({});
  });
});
