import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunContext } from '../src/config.js';
import {
  deploymentRef,
  deploymentVerdict,
  octokitDeployments,
  startDeployment,
  type DeploymentsApi,
} from '../src/github-deployment.js';

const RUN: RunContext = {
  repository: 'acme/shop',
  sha: 'a'.repeat(40),
  runId: '77',
  runAttempt: '1',
  serverUrl: 'https://github.example',
};

function fakeApi() {
  return {
    createDeployment: vi
      .fn<DeploymentsApi['createDeployment']>()
      .mockResolvedValue({ id: 42, sha: 'b'.repeat(40) }),
    createStatus: vi.fn<DeploymentsApi['createStatus']>().mockResolvedValue(undefined),
  };
}

describe('startDeployment', () => {
  it('creates the deployment for the exact commit and marks it in progress with a log link', async () => {
    const api = fakeApi();
    const deployment = await startDeployment(api, RUN, {
      ref: 'b'.repeat(40),
      environment: 'production',
    });
    expect(deployment).toMatchObject({ id: 42, sha: 'b'.repeat(40) });
    expect(api.createDeployment).toHaveBeenCalledExactlyOnceWith({
      owner: 'acme',
      repo: 'shop',
      ref: 'b'.repeat(40),
      environment: 'production',
      description: 'ssm-deploy run 77',
    });
    expect(api.createStatus).toHaveBeenCalledExactlyOnceWith({
      owner: 'acme',
      repo: 'shop',
      deploymentId: 42,
      state: 'in_progress',
      description: 'Deploying',
      logUrl: 'https://github.example/acme/shop/actions/runs/77',
    });
  });

  it('fails before anything is deployed when GitHub refuses, naming the permission', async () => {
    const api = fakeApi();
    api.createDeployment.mockRejectedValue(new Error('Resource not accessible by integration'));
    await expect(
      startDeployment(api, RUN, {
        ref: 'b'.repeat(40),
        environment: 'production',
      }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('Resource not accessible by integration'),
      hint: expect.stringContaining('deployments: write'),
    });
  });

  it('reports a failed status update instead of throwing once deployed', async () => {
    const api = fakeApi();
    const deployment = await startDeployment(api, RUN, {
      ref: 'b'.repeat(40),
      environment: 'prod',
    });
    api.createStatus.mockRejectedValueOnce(new Error('502'));
    await expect(deployment.update('success', 'x'.repeat(300))).resolves.toMatch(
      /to success failed: 502/,
    );
    expect(api.createStatus).toHaveBeenLastCalledWith(
      expect.objectContaining({ description: 'x'.repeat(140) }),
    );
  });
});

describe('octokitDeployments against a local stand-in for the GitHub API', () => {
  let server: Server | undefined;
  afterEach(async () => {
    vi.unstubAllEnvs();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('sends the two REST calls GitHub documents', async () => {
    const requests: { method: string; url: string; body: unknown; auth: string | undefined }[] = [];
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push({
          method: req.method ?? '',
          url: req.url ?? '',
          body: JSON.parse(body),
          auth: req.headers.authorization,
        });
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            req.url?.endsWith('/statuses')
              ? { id: 1, state: 'success' }
              : { id: 9001, sha: 'c'.repeat(40) },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    vi.stubEnv('GITHUB_API_URL', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);

    const api = await octokitDeployments('ghs_token');
    const { id, sha } = await api.createDeployment({
      owner: 'acme',
      repo: 'shop',
      ref: 'b'.repeat(40),
      environment: 'prod',
      description: 'd',
    });
    await api.createStatus({
      owner: 'acme',
      repo: 'shop',
      deploymentId: id,
      state: 'success',
      description: 'ok',
      logUrl: 'https://x/y',
    });

    expect(id).toBe(9001);
    expect(sha).toBe('c'.repeat(40));
    expect(requests).toEqual([
      {
        method: 'POST',
        url: '/repos/acme/shop/deployments',
        auth: 'token ghs_token',
        body: {
          ref: 'b'.repeat(40),
          environment: 'prod',
          description: 'd',
          auto_merge: false,
          required_contexts: [],
        },
      },
      {
        method: 'POST',
        url: '/repos/acme/shop/deployments/9001/statuses',
        auth: 'token ghs_token',
        body: { state: 'success', description: 'ok', log_url: 'https://x/y', auto_inactive: true },
      },
    ]);
  });
});

describe('deploymentRef', () => {
  it('is the commit for a SHA, and the name as given for a branch or tag', () => {
    expect(deploymentRef({ kind: 'sha', sha: 'd'.repeat(40) })).toBe('d'.repeat(40));
    expect(deploymentRef({ kind: 'name', name: 'release/2.x' })).toBe('release/2.x');
  });
});

describe('deploymentVerdict', () => {
  const ok = { success: true };
  const bad = { success: false };
  it.each([
    ['Success', [ok, ok], 'success', 'Deployed ccccccc to 2 instance(s)'],
    ['Failed', [ok, bad], 'failure', 'Failed: 1 of 2 instance(s) succeeded'],
    ['TimedOut', [bad], 'failure', 'Timed out: 0 of 1 instance(s) succeeded'],
    ['Cancelled', [ok, bad, bad], 'error', 'Cancelled: 1 of 3 instance(s) had succeeded'],
  ] as const)('%s → %s', (status, instances, state, description) => {
    expect(deploymentVerdict({ status, deployedSha: 'c'.repeat(40), instances })).toEqual({
      state,
      description,
    });
  });
});
