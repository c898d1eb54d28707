// The harness against small fixture actions: what a step writes, how the runner reads it.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, runAction } from '../../sandbox/runner/index.js';
import { FIXTURES, SCRIPT_NO_POST, core, out, script } from './fixtures.js';

const run = (main: Parameters<typeof script>[0], options: Parameters<typeof runAction>[0] = {}) =>
  runAction({ actionPath: SCRIPT_NO_POST, inputs: script(main), ...options });

const envOf = (outputs: Readonly<Record<string, string>>): Record<string, string> =>
  JSON.parse(outputs.env ?? '{}') as Record<string, string>;

/** The log without the runner's `Run …` header group. */
const body = (log: readonly { text: string; source: string }[]) =>
  log.filter((entry) => entry.source !== 'runner').map((entry) => entry.text);

describe('outputs, state, env, path and summary', () => {
  it('reads outputs written to GITHUB_OUTPUT in both forms and by ::set-output', async () => {
    const result = await run([
      { do: 'append', file: 'GITHUB_OUTPUT', text: 'plain=a=b\n' },
      core('setOutput', 'multi', 'line 1\nline 2\n'),
      { do: 'append', file: 'GITHUB_OUTPUT', text: 'doc<<END\nx\n\ny\nEND\n' },
      out('::set-output name=legacy::old%0Away\n'),
    ]);
    expect(result.outcome).toBe('success');
    expect(result.outputs).toEqual({
      plain: 'a=b',
      multi: 'line 1\nline 2\n',
      doc: 'x\n\ny',
      legacy: 'old\nway',
    });
    expect(result.deprecatedCommands).toEqual([
      { stage: 'main', command: 'set-output', name: 'legacy' },
    ]);
    expect(result.annotations).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: expect.stringMatching(/^The `set-output` command is deprecated/) as string,
      }),
    ]);
  });

  it('reads state, exported variables, path additions and the summary', async () => {
    const result = await run([
      core('saveState', 'command-id', 'cmd-123'),
      core('exportVariable', 'DEPLOYED', 'yes\nreally'),
      core('addPath', '/opt/tool/bin'),
      { do: 'append', file: 'GITHUB_PATH', text: '/opt/second\n' },
      { do: 'summary', text: '## Deploy\n\n| a | b |\n' },
      out('::save-state name=legacy::s\n'),
    ]);
    expect(result.state).toEqual({ 'command-id': 'cmd-123', legacy: 's' });
    expect(result.exportedEnv).toEqual({ DEPLOYED: 'yes\nreally' });
    expect(result.pathAdditions).toEqual(['/opt/tool/bin', '/opt/second']);
    expect(result.summary).toBe('## Deploy\n\n| a | b |\n');
    expect(result.maskedSummary).toBe('## Deploy\n\n| a | b |\n');
    expect(result.deprecatedCommands.map((command) => command.command)).toEqual(['save-state']);
  });

  it('fails the step on a bad file command line, keeping what came before it', async () => {
    const result = await run([
      { do: 'append', file: 'GITHUB_OUTPUT', text: 'good=1\nnot a pair\nlater=2\n' },
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.outcome).toBe('failure');
    expect(result.outputs).toEqual({ good: '1' });
    expect(result.annotations.map((annotation) => annotation.message)).toEqual([
      "Unable to process file command 'output' successfully.",
      "Invalid format 'not a pair'",
    ]);
  });

  it('refuses NODE_OPTIONS in GITHUB_ENV', async () => {
    const result = await run([core('exportVariable', 'NODE_OPTIONS', '--inspect')]);
    expect(result.exportedEnv).toEqual({});
    expect(result.annotations[0]?.message).toBe(
      "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.",
    );
  });
});

describe('masking', () => {
  const secret = 'Hunter2-Hunter2!';

  it('masks a value from the moment it is registered: earlier lines stay as they were', async () => {
    const result = await run([
      out(`before: ${secret}\n`),
      core('setSecret', secret),
      out(`after: ${secret}\n`),
      // stdout and stderr are separate pipes: the pause keeps their lines in order.
      { do: 'sleep', ms: 100 },
      { do: 'err', text: `stderr: ${secret}\n` },
    ]);
    expect(body(result.log)).toEqual([`before: ${secret}`, 'after: ***', 'stderr: ***']);
    expect(result.stdout).toContain(`after: ${secret}`);
    expect(result.masks).toEqual([secret]);
  });

  it('masks each line of a multi-line value, and the whole value in a multi-line message', async () => {
    const pem = '-----BEGIN KEY-----\nMIIBOgIBAAJBAK\n-----END KEY-----';
    const result = await run([
      out(`::add-mask::${escapeData(pem)}\n`),
      out(`${pem}\n`),
      core('error', `bad key:\n${pem}`),
    ]);
    expect(body(result.log)).toEqual(['***', '***', '***', '##[error]bad key:\n***']);
    expect(result.masks).toEqual([
      pem,
      '-----BEGIN KEY-----',
      'MIIBOgIBAAJBAK',
      '-----END KEY-----',
    ]);
  });

  it('masks the encodings the runner masks: JSON, URL, base64 at every offset', async () => {
    const tricky = 'p@ss "w/rd" & more';
    const result = await run([
      core('setSecret', tricky),
      out(`${JSON.stringify({ password: tricky })}\n`),
      out(`https://host/?p=${encodeURIComponent(tricky)}\n`),
      { do: 'base64', prefix: '', value: tricky },
      { do: 'base64', prefix: 'x', value: tricky },
      { do: 'base64', prefix: 'user:', value: tricky },
    ]);
    const lines = body(result.log);
    expect(lines[0]).toBe('{"password":"***"}');
    expect(lines[1]).toBe('https://host/?p=***');
    for (const line of lines.slice(2)) expect(line).toMatch(/\*\*\*$/);
    expect(body(result.log).join('\n')).not.toContain('w/rd');
  });

  it('masks values the job knows from the start (secrets.*), trimmed, and the token', async () => {
    const result = await run([out('job secret: from-the-workflow, token: ghs_abcdefghij\n')], {
      jobSecrets: ['  from-the-workflow\n'],
      github: { token: 'ghs_abcdefghij' },
    });
    expect(body(result.log)).toEqual(['job secret: ***, token: ***']);
  });

  it('warns about an empty mask', async () => {
    const result = await run([out('::add-mask::   \n')]);
    expect(result.annotations[0]?.message).toBe(
      "Can't add secret mask for empty string in ##[add-mask] command.",
    );
    expect(result.masks).toEqual([]);
  });
});

describe('annotations, groups, debug and stop-commands', () => {
  it('records annotations with their properties, unescaped, and masks only the message', async () => {
    const title = 'Deploy: failed, badly';
    const result = await run([
      core('setSecret', 'sekrit-value'),
      out(
        `::error file=src/a.ts,line=3,endLine=4,col=7,title=${escapeProperty(title)}::${escapeData('100% broken\nsekrit-value')}\n`,
      ),
      core('warning', 'careful', { title: 'W' }),
      core('notice', 'fyi'),
      out('::warning file={{env:GITHUB_WORKSPACE}}/lib/x.js,line=1::in the workspace\n'),
      { do: 'sleep', ms: 100 },
      { do: 'err', text: '::error::from stderr\n' },
    ]);
    expect(result.annotations).toEqual([
      {
        stage: 'main',
        level: 'error',
        message: '100% broken\n***',
        properties: { file: 'src/a.ts', line: '3', endLine: '4', col: '7', title },
      },
      { stage: 'main', level: 'warning', message: 'careful', properties: { title: 'W' } },
      { stage: 'main', level: 'notice', message: 'fyi', properties: {} },
      {
        stage: 'main',
        level: 'warning',
        message: 'in the workspace',
        properties: { file: 'lib/x.js', line: '1', repo: 'octo-org/octo-repo' },
      },
      { stage: 'main', level: 'error', message: 'from stderr', properties: {} },
    ]);
    expect(body(result.log)).toEqual([
      '##[error]100% broken\n***',
      '##[warning]careful',
      '##[notice]fyi',
      '##[warning]in the workspace',
      '##[error]from stderr',
    ]);
  });

  it('keeps groups with their titles and lines; a new group ends the previous one', async () => {
    const result = await run([
      core('startGroup', 'Secrets'),
      core('info', 'read 2 secrets'),
      core('endGroup'),
      out('between\n'),
      out('::group::Deploy i-0abc\n'),
      out('line a\n'),
      out('::group::Deploy i-0def\n'),
      out('line b\n'),
    ]);
    expect(result.groups.map(({ title, lines }) => ({ title, lines }))).toEqual([
      {
        title: 'Run ./__tests__/fixtures/actions/script-no-post',
        lines: expect.any(Array) as unknown,
      },
      { title: 'Secrets', lines: ['read 2 secrets'] },
      { title: 'Deploy i-0abc', lines: ['line a'] },
      { title: 'Deploy i-0def', lines: ['line b'] },
    ]);
    expect(body(result.log)).toEqual([
      '##[group]Secrets',
      'read 2 secrets',
      '##[endgroup]',
      'between',
      '##[group]Deploy i-0abc',
      'line a',
      '##[group]Deploy i-0def',
      'line b',
    ]);
  });

  it('shows the step header: inputs (with defaults) and the step env, masked', async () => {
    const result = await runAction({
      actionPath: SCRIPT_NO_POST,
      inputs: { greeting: 'hi there' },
      env: { DEPLOY_KEY: 'k-123456', GITHUB_SHA: undefined },
      jobSecrets: ['k-123456'],
    });
    expect(result.groups[0]?.lines).toEqual(
      expect.arrayContaining(['with:', '  greeting: hi there', 'env:', '  DEPLOY_KEY: ***']),
    );
    expect(result.groups[0]?.lines.join('\n')).not.toContain('GITHUB_SHA');
  });

  it('shows debug lines only with ACTIONS_STEP_DEBUG, and sets RUNNER_DEBUG', async () => {
    const steps = [core('debug', 'checking\nthings'), { do: 'env' as const }];
    const quiet = await run(steps);
    expect(body(quiet.log)).toEqual([]);
    expect(envOf(quiet.outputs).RUNNER_DEBUG).toBeUndefined();
    const loud = await run(steps, { stepDebug: true });
    expect(body(loud.log)).toEqual(['##[debug]checking', '##[debug]things']);
    expect(envOf(loud.outputs).RUNNER_DEBUG).toBe('1');
  });

  it('stops and resumes command processing with ::stop-commands::', async () => {
    const result = await run([
      out('::stop-commands::pause-7f3a\n'),
      out('::error::not an annotation\n'),
      out('::add-mask::not-a-mask\n'),
      out('::pause-7f3a::\n'),
      out('::error::a real one\n'),
    ]);
    expect(body(result.log)).toEqual([
      '::stop-commands::pause-7f3a',
      '::error::not an annotation',
      '::add-mask::not-a-mask',
      '::pause-7f3a::',
      '##[error]a real one',
    ]);
    expect(result.annotations.map((annotation) => annotation.message)).toEqual(['a real one']);
    expect(result.masks).toEqual([]);
  });

  it('refuses a stop token that is a command name, and fails the step', async () => {
    const result = await run([out('::stop-commands::error\n'), out('::error::still works\n')]);
    expect(result.outcome).toBe('failure');
    expect(result.annotations.map((annotation) => annotation.message)).toEqual([
      expect.stringMatching(/^You cannot use a endToken that is an empty string/) as string,
      'still works',
    ]);
  });

  it('echoes commands after ::echo::on, hiding the value of a mask', async () => {
    const result = await run([
      out('::set-output name=quiet::1\n'),
      out('::echo::on\n'),
      out('::add-mask::echoed-secret\n'),
      out('::group::g\n'),
      out('::echo::off\n'),
      out('::add-mask::other-secret\n'),
    ]);
    expect(body(result.log).filter((line) => !line.startsWith('##[warning]'))).toEqual([
      '::add-mask::***',
      '::group::g',
      '##[group]g',
      '::echo::off',
    ]);
  });

  it('refuses ::set-env and ::add-path unless ACTIONS_ALLOW_UNSECURE_COMMANDS is true', async () => {
    const steps = [out('::set-env name=OLD_STYLE::1\n'), out('::add-path::/opt/old\n')];
    const refused = await run(steps);
    expect(refused.outcome).toBe('failure');
    expect(refused.exportedEnv).toEqual({});
    expect(refused.annotations.map((annotation) => annotation.message)).toEqual([
      "Unable to process command '::set-env name=OLD_STYLE::1' successfully.",
      expect.stringMatching(/^The `set-env` command is disabled\./) as string,
      "Unable to process command '::add-path::/opt/old' successfully.",
      expect.stringMatching(/^The `add-path` command is disabled\./) as string,
    ]);
    const allowed = await run(steps, { env: { ACTIONS_ALLOW_UNSECURE_COMMANDS: 'true' } });
    expect(allowed.outcome).toBe('success');
    expect(allowed.exportedEnv).toEqual({ OLD_STYLE: '1' });
    expect(allowed.pathAdditions).toEqual(['/opt/old']);
    expect(allowed.deprecatedCommands.map(({ command, name }) => [command, name])).toEqual([
      ['set-env', 'OLD_STYLE'],
      ['add-path', undefined],
    ]);
  });

  it('cuts lines at \\r as the runner reads them', async () => {
    const result = await run([out('10%\r50%\r100%\r\ndone')]);
    expect(body(result.log)).toEqual(['10%', '50%', '100%', 'done']);
    expect(result.stdout).toBe('10%\r50%\r100%\r\ndone');
  });
});

describe('inputs and environment', () => {
  it('passes INPUT_ variables as the runner names them, untrimmed, with action.yml defaults', async () => {
    const result = await run([{ do: 'env' }], {
      inputs: { ...script([{ do: 'env' }]), 'my input': '  padded  ', unknown: 'x' },
      github: { sha: '0123456789abcdef0123456789abcdef01234567' },
    });
    const env = envOf(result.outputs);
    expect(env).toMatchObject({
      INPUT_MY_INPUT: '  padded  ',
      INPUT_GREETING: 'hello',
      INPUT_SHA: '0123456789abcdef0123456789abcdef01234567',
      'INPUT_REPO-AND-SHA': 'octo-org/octo-repo@0123456789abcdef0123456789abcdef01234567',
      'INPUT_NO-DEFAULT': '',
      INPUT_UNKNOWN: 'x',
    });
    expect(result.annotations[0]?.message).toMatch(
      /^Unexpected input\(s\) 'unknown', valid inputs are \['steps', 'post-steps', 'greeting'/,
    );
  });

  it('passes what execve can: a value ends at a NUL, one over 128 KiB cannot be passed', async () => {
    const cut = await run([{ do: 'env' }], {
      inputs: { ...script([{ do: 'env' }]), greeting: 'before\0after' },
    });
    expect(envOf(cut.outputs).INPUT_GREETING).toBe('before');
    await expect(
      run([], { inputs: { ...script([]), greeting: 'x'.repeat(200_000) } }),
    ).rejects.toThrow(/^Could not start the action: spawn E2BIG\.$/);
  });

  it('fails loudly on a default expression it cannot evaluate', async () => {
    await expect(runAction({ actionPath: join(FIXTURES, 'bad-default') })).rejects.toThrow(
      /the default of input "token": the expression \$\{\{ secrets\.DEPLOY_TOKEN \}\} is not supported/,
    );
  });

  it("gives a hermetic environment: the job's variables, PATH, and the step env only", async () => {
    process.env.HARNESS_MUST_NOT_LEAK = 'leaked';
    try {
      const result = await run([{ do: 'env' }], {
        env: { EXTRA: '1', GITHUB_RUN_ID: '99', RUNNER_NAME: undefined },
        github: { repository: 'acme/shop', ref: 'refs/tags/v1.2.3' },
      });
      const env = envOf(result.outputs);
      expect(env.HARNESS_MUST_NOT_LEAK).toBeUndefined();
      for (const name of Object.keys(env)) {
        expect(name).toMatch(/^(PATH|HOME|CI|EXTRA|GITHUB_[A-Z_]+|RUNNER_[A-Z_]+|INPUT_.+)$/);
      }
      expect(env).toMatchObject({
        GITHUB_ACTIONS: 'true',
        CI: 'true',
        EXTRA: '1',
        GITHUB_RUN_ID: '99',
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_REPOSITORY_OWNER: 'acme',
        GITHUB_REF_NAME: 'v1.2.3',
        GITHUB_REF_TYPE: 'tag',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_API_URL: 'https://api.github.com',
        RUNNER_OS: 'Linux',
        PATH: process.env.PATH,
      });
      expect(env.RUNNER_NAME).toBeUndefined();
      expect(env.GITHUB_WORKSPACE).toMatch(/\/ssm-deploy-runner-\w+\/workspace$/);
      expect(env.HOME).toMatch(/\/ssm-deploy-runner-\w+\/home$/);
    } finally {
      delete process.env.HARNESS_MUST_NOT_LEAK;
    }
  });

  it('carries exported variables, path additions and masks into a chained run', async () => {
    const first = await run([
      core('exportVariable', 'DEPLOY_ENV', 'staging'),
      core('addPath', '/opt/first'),
      core('setSecret', 'chained-secret'),
    ]);
    const second = await run(
      [out('chained-secret\n'), { do: 'env' }, core('addPath', '/opt/second')],
      {
        continueFrom: first,
      },
    );
    const env = envOf(second.outputs);
    expect(env.DEPLOY_ENV).toBe('staging');
    expect(env.PATH?.split(':').slice(0, 1)).toEqual(['/opt/first']);
    expect(body(second.log)).toEqual(['***']);
    expect(second.job.path).toEqual(['/opt/first', '/opt/second']);
    expect(second.job.env).toEqual({ DEPLOY_ENV: 'staging' });
  });
});

describe('exit codes and clean-up', () => {
  let workspace: string | undefined;
  afterEach(async () => {
    if (workspace !== undefined) await rm(workspace, { recursive: true, force: true });
    workspace = undefined;
  });

  it('records a failed step and removes every temporary file', async () => {
    const result = await run([{ do: 'env' }, core('setFailed', 'boom')]);
    expect(result.exitCode).toBe(1);
    expect(result.signal).toBeNull();
    expect(result.outcome).toBe('failure');
    expect(result.annotations.map((annotation) => annotation.message)).toEqual(['boom']);
    const env = envOf(result.outputs);
    for (const name of ['RUNNER_TEMP', 'HOME', 'GITHUB_OUTPUT', 'GITHUB_EVENT_PATH']) {
      expect(env[name]).toMatch(/ssm-deploy-runner-/);
      expect(existsSync(env[name] ?? '/'), name).toBe(false);
    }
  });

  it("runs in the caller's workspace and leaves it in place", async () => {
    workspace = await mkdtemp(join(tmpdir(), 'harness-workspace-'));
    const result = await run([{ do: 'env' }], { workspace });
    expect(envOf(result.outputs).GITHUB_WORKSPACE).toBe(workspace);
    expect(existsSync(workspace)).toBe(true);
  });
});
