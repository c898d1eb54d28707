import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RESERVED_ENV_NAMES, reservedEnvName } from '../src/env-names.js';
import { describeFailure } from '../src/failure.js';
import { combineValues, type ValueOutput } from '../src/outputs.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The rows of the README's table of refused names: who, names, prefixes. */
function readmeTable(): { who: string; names: string[]; prefixes: string[] }[] {
  const start = README.indexOf('<!-- reserved-env:start -->');
  const end = README.indexOf('<!-- reserved-env:end -->');
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const codes = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
  return README.slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) => {
      const [who = '', names = '', prefixes = ''] = line.split('|').slice(1, -1);
      return { who: who.trim(), names: codes(names), prefixes: codes(prefixes) };
    });
}

describe('names export-env refuses', () => {
  it('the README table lists exactly the module’s families, names and prefixes', () => {
    expect(readmeTable()).toEqual(
      RESERVED_ENV_NAMES.map(({ who, names, prefixes }) => ({
        who,
        names: [...names],
        prefixes: [...prefixes],
      })),
    );
  });

  it.each([
    ['BASH_ENV', 'the shell and the programs it starts'],
    ['bash_env', 'the shell and the programs it starts'],
    ['ENV', 'the shell and the programs it starts'],
    ['PS4', 'the shell and the programs it starts'],
    ['PROMPT_COMMAND', 'the shell and the programs it starts'],
    ['LD_PRELOAD', 'the dynamic loader'],
    ['GIT_CONFIG_COUNT', 'git'],
    ['GIT_CONFIG_KEY_0', 'git'],
    ['NODE_OPTIONS', 'Node.js and npm'],
    ['npm_config_script_shell', 'Node.js and npm'],
    ['AWS_ENDPOINT_URL_SSM', 'the AWS SDKs and CLI'],
    ['GITHUB_ENV', 'GitHub Actions and the gh CLI'],
    ['STATE_commandId', 'GitHub Actions and the gh CLI'],
    ['https_proxy', 'TLS and proxy settings (curl, OpenSSL and most HTTP clients)'],
    ['PYTHONSTARTUP', 'Python'],
    ['PERL5OPT', 'Perl, Ruby and PHP'],
    ['JAVA_TOOL_OPTIONS', 'Java and its build tools'],
    ['LC_ALL', 'the C library (locale)'],
  ])('%s means something to %s', (name, who) => {
    expect(reservedEnvName(name)).toBe(who);
  });

  it.each(['DB_PASSWORD', 'APP_TOKEN', 'PROD_DB', 'MYUSERNAME', 'PATHS_TO_HOSTS', 'CACHE_DIR'])(
    '%s is no one’s',
    (name) => {
      expect(reservedEnvName(name)).toBeUndefined();
    },
  );

  it('no family repeats a name another lists, and every entry is upper case', () => {
    const all = RESERVED_ENV_NAMES.flatMap((family) => [...family.names, ...family.prefixes]);
    expect(new Set(all).size).toBe(all.length);
    for (const entry of all) expect(entry).toBe(entry.toUpperCase());
  });

  it('combineValues refuses a name data chose only with export-env, and never one the user chose', () => {
    const output = (name: string, namedBy: ValueOutput['namedBy']): ValueOutput => ({
      name,
      value: 'v-secret-value',
      secret: true,
      source: `key "${name}" of secret s`,
      identity: `s#${name}`,
      namedBy,
    });
    const read = {
      outputs: [output('GIT_DIR', 'data'), output('LD_PRELOAD', 'user')],
      masks: [],
      warnings: [],
      notes: [],
    };
    const manifest = { secrets: undefined, parameters: undefined };
    expect(() => combineValues([read], manifest, { exportEnv: false, env: {} })).not.toThrow();
    let messages: readonly string[] = [];
    try {
      combineValues([read], manifest, { exportEnv: true, env: {} });
    } catch (error) {
      messages = describeFailure(error, false).messages;
    }
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^export-env refuses to export GIT_DIR \(from key "GIT_DIR" of secret s\): it means something to git\./,
    );
    expect(messages[0]).not.toContain('v-secret-value');
  });
});
