// The GitHub REST stand-in, through the action's own client (octokitDeployments, which uses
// @actions/github's Octokit with GITHUB_API_URL): deployments and their statuses as GitHub answers
// them, its errors, and a record of what it received that never holds the token.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { startGitHubApi, type GitHubApi } from '../../sandbox/github-api.js';
import { octokitDeployments } from '../../src/github-deployment.js';

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

const create = (token = TOKEN, ref = 'main', requiredContexts?: readonly string[]) =>
  octokitDeployments(token).then((client) =>
    client.createDeployment({
      owner: 'acme',
      repo: 'shop',
      ref,
      environment: 'production',
      description: 'ssm-deploy run 1',
      requiredContexts,
    }),
  );

describe('the GitHub API stand-in', () => {
  it("checks the commit's checks as GitHub does: all of them, those named, or none", async () => {
    const github = await start();
    github.setCheck(SHA, 'test', 'success');
    github.setCheck(SHA, 'nightly', 'failure');
    const refused = await create().catch((error: unknown) => error);
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
    await expect(create(TOKEN, 'main', ['test'])).resolves.toMatchObject({ sha: SHA });
    await expect(create(TOKEN, 'main', ['never-reported'])).rejects.toMatchObject({ status: 409 });
    await expect(create(TOKEN, 'main', [])).resolves.toMatchObject({ sha: SHA });
    expect(github.deployments()).toHaveLength(2);
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
