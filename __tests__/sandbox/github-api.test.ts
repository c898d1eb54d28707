// The GitHub REST stand-in, through the action's own client (octokitDeployments, which uses
// @actions/github's Octokit with GITHUB_API_URL): deployments and their statuses as GitHub answers
// them, its errors, and a record of what it received that never holds the token.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { startGitHubApi, type GitHubApi } from '../../sandbox/github-api.js';
import { octokitDeployments } from '../../src/github-deployment.js';
import { octokitChecks } from '../../src/required-checks.js';

const TOKEN = 'ghs_sandboxTestToken0123456789abcdef';
const SHA = 'a'.repeat(40);
let api: GitHubApi | undefined;
/**
 * @actions/github reads GITHUB_API_URL once, when it is first loaded, as it would in the action's
 * own process; so every stand-in of this file listens on the port of the first.
 */
let port = 0;

afterEach(async () => {
  vi.unstubAllEnvs();
  await api?.stop();
  api = undefined;
});

async function start(options: Partial<Parameters<typeof startGitHubApi>[0]> = {}) {
  api = await startGitHubApi({ token: TOKEN, refs: { main: SHA }, port, ...options });
  port = Number(new URL(api.url).port);
  vi.stubEnv('GITHUB_API_URL', api.url);
  return api;
}

const create = (token = TOKEN, ref = 'main') =>
  octokitDeployments(token).then((client) =>
    client.createDeployment({
      owner: 'acme',
      repo: 'shop',
      ref,
      environment: 'production',
      description: 'ssm-deploy run 1',
    }),
  );

/** A deployment request as GitHub documents it, `required_contexts` left out when undefined. */
async function createRaw(requiredContexts?: readonly string[]) {
  const { getOctokit } = await import('@actions/github');
  const { data } = await getOctokit(TOKEN).request('POST /repos/{owner}/{repo}/deployments', {
    owner: 'acme',
    repo: 'shop',
    ref: 'main',
    environment: 'production',
    ...(requiredContexts === undefined ? {} : { required_contexts: [...requiredContexts] }),
  });
  return data as { sha: string };
}

describe('the GitHub API stand-in', () => {
  it("checks the commit's checks as GitHub does: all of them, those named, or none", async () => {
    const github = await start();
    github.setCheck(SHA, 'test', 'success');
    github.setCheck(SHA, 'nightly', 'failure');
    const refused = await createRaw().catch((error: unknown) => error);
    expect(refused).toMatchObject({
      status: 409,
      message: expect.stringContaining(
        'Conflict: Commit status checks failed for main.',
      ) as unknown,
      response: {
        data: {
          errors: [
            {
              contexts: [
                { context: 'test', state: 'success' },
                { context: 'nightly', state: 'failure' },
              ],
              resource: 'Deployment',
              field: 'required_contexts',
              code: 'invalid',
            },
          ],
        },
      },
    });
    await expect(createRaw(['test'])).resolves.toMatchObject({ sha: SHA });
    await expect(createRaw(['never-reported'])).rejects.toMatchObject({ status: 409 });
    await expect(createRaw([])).resolves.toMatchObject({ sha: SHA });
    // A check run still in progress (the deploying job's own) is not success either.
    github.setCheckRun(SHA, 'deploy', { status: 'in_progress' });
    await expect(createRaw(['deploy'])).rejects.toMatchObject({ status: 409 });
    expect(github.deployments()).toHaveLength(2);
    // The action's own client always sends an empty list: it checked the checks itself.
    await expect(create()).resolves.toMatchObject({ sha: SHA });
    expect(github.deployments()[2]?.request).toMatchObject({ required_contexts: [] });
  });

  it("serves a branch's required checks (rulesets, protection) and a commit's check runs and statuses, as the action reads them", async () => {
    const github = await start({ administration: 'read' });
    github.addRuleset('release/2.x', ['test', 'lint']);
    github.addRuleset('release/2.x', ['e2e']);
    github.protectBranch('release/2.x', ['build']);
    github.protectBranch('main', undefined);
    for (let i = 0; i < 130; i += 1)
      github.setCheckRun(SHA, `shard ${i}`, { status: 'completed', conclusion: 'success' });
    github.setCheckRun(SHA, 'deploy', { status: 'in_progress' });
    github.setCheckRun(SHA, 'lint', { status: 'completed', conclusion: 'timed_out' });
    github.setCheckRun(SHA, 'docs', { status: 'completed', conclusion: 'skipped' });
    github.setCheck(SHA, 'ci/legacy', 'error');
    github.setCheck(SHA, 'ci/pending', 'pending');
    const api = await octokitChecks(TOKEN, 'acme/shop');

    await expect(api.rulesetChecks('release/2.x')).resolves.toEqual(['test', 'lint', 'e2e']);
    await expect(api.rulesetChecks('main')).resolves.toEqual([]);
    await expect(api.protectionChecks('release/2.x')).resolves.toEqual({
      kind: 'checks',
      names: ['build'],
    });
    await expect(api.protectionChecks('main')).resolves.toEqual({ kind: 'none' });
    await expect(api.protectionChecks('other')).resolves.toEqual({ kind: 'none' });
    const checks = await api.commitChecks(SHA);
    expect(checks).toHaveLength(135);
    expect(checks.filter((c) => !c.name.startsWith('shard '))).toEqual([
      { name: 'deploy', outcome: 'pending', detail: 'in_progress' },
      { name: 'lint', outcome: 'failed', detail: 'timed_out' },
      { name: 'docs', outcome: 'passed', detail: 'skipped' },
      { name: 'ci/legacy', outcome: 'failed', detail: 'error' },
      { name: 'ci/pending', outcome: 'pending', detail: 'pending' },
    ]);
    expect(github.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toContain(
      'GET /repos/acme/shop/rules/branches/release%2F2.x 200',
    );
  });

  it('answers 403 where GITHUB_TOKEN may not read: branch protection always, checks without checks: read', async () => {
    await start({ checks: 'none' });
    const api = await octokitChecks(TOKEN, 'acme/shop');
    await expect(api.protectionChecks('main')).resolves.toMatchObject({ kind: 'unreadable' });
    await expect(api.commitChecks(SHA)).rejects.toMatchObject({ status: 403 });
  });

  it('creates a deployment for a branch at the commit it points to, and records its statuses in order', async () => {
    const github = await start();
    const { id, sha } = await create();
    expect(sha).toBe(SHA);
    const client = await octokitDeployments(TOKEN);
    for (const state of ['in_progress', 'success'] as const)
      await client.createStatus({
        owner: 'acme',
        repo: 'shop',
        deploymentId: id,
        state,
        description: state,
        logUrl: 'https://github.com/acme/shop/actions/runs/1',
      });
    expect(github.deployments()).toEqual([
      expect.objectContaining({
        id,
        repository: 'acme/shop',
        ref: 'main',
        sha: SHA,
        environment: 'production',
        description: 'ssm-deploy run 1',
        request: expect.objectContaining({ auto_merge: false }) as unknown,
        statuses: [
          expect.objectContaining({ state: 'in_progress', autoInactive: true }),
          expect.objectContaining({
            state: 'success',
            logUrl: 'https://github.com/acme/shop/actions/runs/1',
          }),
        ],
      }),
    ]);
    expect(github.requests().map((r) => `${r.method} ${r.path} ${r.status} ${r.token}`)).toEqual([
      'POST /repos/acme/shop/deployments 201 valid',
      `POST /repos/acme/shop/deployments/${id}/statuses 201 valid`,
      `POST /repos/acme/shop/deployments/${id}/statuses 201 valid`,
    ]);
    expect(JSON.stringify(github.requests())).not.toContain(TOKEN);
  });

  it('a full SHA is its own commit; a ref it does not know is a 422', async () => {
    const github = await start();
    await expect(create(TOKEN, 'b'.repeat(40))).resolves.toMatchObject({ sha: 'b'.repeat(40) });
    await expect(create(TOKEN, 'nope')).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('No ref found for: nope') as unknown,
    });
    github.setRef('nope', 'c'.repeat(40));
    await expect(create(TOKEN, 'nope')).resolves.toMatchObject({ sha: 'c'.repeat(40) });
  });

  it('refuses a wrong token (401) and a token without deployments: write (403), and can be told to refuse', async () => {
    let github = await start();
    await expect(create('ghs_wrong')).rejects.toMatchObject({ status: 401 });
    expect(github.requests()[0]?.token).toBe('invalid');
    github.refuseDeployments({ status: 500, message: 'Server Error' });
    await expect(create()).rejects.toMatchObject({ status: 500 });
    await github.stop();

    github = await start({ deployments: 'read' });
    await expect(create()).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration') as unknown,
    });
    expect(github.deployments()).toEqual([]);
  });

  it('refuses a state GitHub does not know, and a deployment that does not exist', async () => {
    await start();
    const { id } = await create();
    const client = await octokitDeployments(TOKEN);
    const status = (deploymentId: number, state: string) =>
      client.createStatus({
        owner: 'acme',
        repo: 'shop',
        deploymentId,
        state: state as 'success',
        description: '',
        logUrl: '',
      });
    await expect(status(id, 'done')).rejects.toMatchObject({ status: 422 });
    await expect(status(id + 999, 'success')).rejects.toMatchObject({ status: 404 });
  });
});
