// A small stand-in for GitHub's REST API on 127.0.0.1: Deployments and deployment statuses, the
// checks reported on a commit (check runs, commit statuses), and what a branch requires of them
// (rulesets' `required_status_checks` rules, classic branch protection), with GitHub's answers and
// errors for a missing or wrong token, a token without the permission a call needs (GITHUB_TOKEN
// can never read branch protection), a ref it cannot resolve, and a commit whose checks have not
// all passed (409, unless `required_contexts` names others or none). Point `GITHUB_API_URL` at
// `url` (the runner harness does it through `github.api_url`). It records what it received,
// without the token.

import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type DeploymentStateName =
  'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

const STATES: ReadonlySet<string> = new Set([
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
]);
const FULL_SHA = /^[0-9a-f]{40}$/;

/** A commit status's state (also how the Deployments API lists checks in a refusal). */
export type CheckState = 'success' | 'pending' | 'failure' | 'error';

/** A check run as the Checks API reports it. */
export type CheckRun =
  | { readonly status: 'queued' | 'in_progress' | 'waiting' | 'requested' | 'pending' }
  | {
      readonly status: 'completed';
      readonly conclusion:
        | 'success'
        | 'failure'
        | 'neutral'
        | 'cancelled'
        | 'skipped'
        | 'timed_out'
        | 'action_required'
        | 'stale';
    };

export interface DeploymentStatus {
  readonly id: number;
  readonly state: DeploymentStateName;
  readonly description: string;
  readonly logUrl: string;
  readonly environment: string;
  readonly autoInactive: boolean | undefined;
}

export interface Deployment {
  readonly id: number;
  /** `owner/repo`. */
  readonly repository: string;
  readonly ref: string;
  /** The commit the ref resolved to when the deployment was created. */
  readonly sha: string;
  readonly environment: string;
  readonly description: string;
  readonly task: string;
  /** The request body as received. */
  readonly request: Readonly<Record<string, unknown>>;
  /** Oldest first. */
  readonly statuses: readonly DeploymentStatus[];
}

export interface ReceivedRequest {
  /** Real arrival time, epoch ms. */
  readonly time: number;
  readonly method: string;
  readonly path: string;
  /** The JSON body, or undefined when there was none. */
  readonly body: unknown;
  /** `none`, `valid` or `invalid`: the token itself is never kept. */
  readonly token: 'none' | 'valid' | 'invalid';
  readonly status: number;
}

export interface GitHubApiOptions {
  /** The only token accepted. */
  readonly token: string;
  /** What the token may do with deployments (`GITHUB_TOKEN`'s `permissions: deployments`). */
  readonly deployments?: 'write' | 'read' | 'none';
  /** `permissions: checks` (default read). */
  readonly checks?: 'read' | 'none';
  /** `permissions: statuses` (default read). */
  readonly statuses?: 'read' | 'none';
  /**
   * Whether the token may read branch protection (a repository administrator's token, or a
   * fine-grained one with Administration: read). Default none: GITHUB_TOKEN never may.
   */
  readonly administration?: 'read' | 'none';
  /** Branch and tag names the repositories have, and the commit each points at. */
  readonly refs?: Readonly<Record<string, string>>;
  /**
   * A bare git repository standing for every repository's commits: `GET /repos/{o}/{r}` (its
   * HEAD is the default branch), `commits/{ref}` and `compare/{base}...{head}` are answered
   * from it with real git, so its pull request refs (`refs/pull/N/head`) hold commits no branch
   * does, as on GitHub. Without it, only `refs` and full SHAs are known, and those calls are 404.
   */
  readonly gitDir?: string;
  /** `permissions: contents` (default read). */
  readonly contents?: 'read' | 'none';
  /** Default 0: a free port. */
  readonly port?: number;
}

export interface GitHubApi {
  /** `http://127.0.0.1:<port>`: the value for `GITHUB_API_URL`. */
  readonly url: string;
  deployments(): readonly Deployment[];
  requests(): readonly ReceivedRequest[];
  /** Moves or adds a branch or tag. */
  setRef(name: string, sha: string): void;
  /** Reports a commit status on a commit, as CI would (the latest state of a context counts). */
  setCheck(sha: string, context: string, state: CheckState): void;
  /** Reports a check run on a commit, as a GitHub Actions job would (the latest of a name counts). */
  setCheckRun(sha: string, name: string, run: CheckRun): void;
  /** An active ruleset whose `required_status_checks` rule applies to `branch`. */
  addRuleset(branch: string, checks: readonly string[]): void;
  /** Classic branch protection of `branch`; `checks` undefined: no required status checks. */
  protectBranch(branch: string, checks: readonly string[] | undefined): void;
  /** Until called again, creating a deployment is answered with this error. */
  refuseDeployments(
    refusal: { readonly status: number; readonly message: string } | undefined,
  ): void;
  stop(): Promise<void>;
}

export async function startGitHubApi(options: GitHubApiOptions): Promise<GitHubApi> {
  const api = new GitHubApiServer(options);
  await api.listen();
  return api;
}

interface MutableDeployment extends Omit<Deployment, 'statuses'> {
  readonly statuses: DeploymentStatus[];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** GitHub's `errors` array, when it gives one. */
    readonly errors?: readonly unknown[],
  ) {
    super(message);
  }
}

class GitHubApiServer implements GitHubApi {
  readonly #server: Server;
  readonly #deployments: MutableDeployment[] = [];
  readonly #requests: ReceivedRequest[] = [];
  readonly #refs: Map<string, string>;
  /** Commit → context → state. */
  readonly #checks = new Map<string, Map<string, CheckState>>();
  /** Commit → name → check run. */
  readonly #checkRuns = new Map<string, Map<string, CheckRun>>();
  /** Branch → the required checks of each ruleset applying to it. */
  readonly #rulesets = new Map<string, (readonly string[])[]>();
  /** Branch → its classic protection's required checks (undefined: protected without any). */
  readonly #protection = new Map<string, readonly string[] | undefined>();
  #refusal: { readonly status: number; readonly message: string } | undefined;
  #nextId = 1_000;

  constructor(private readonly options: GitHubApiOptions) {
    this.#refs = new Map(Object.entries(options.refs ?? {}));
    this.#server = createServer((req, res) => {
      void this.#serve(req, res);
    });
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.options.port ?? 0, '127.0.0.1', () => {
        resolve();
      });
    });
  }

  deployments(): readonly Deployment[] {
    return this.#deployments.map((d) => ({ ...d, statuses: [...d.statuses] }));
  }

  requests(): readonly ReceivedRequest[] {
    return [...this.#requests];
  }

  setRef(name: string, sha: string): void {
    this.#refs.set(name, sha);
  }

  setCheck(sha: string, context: string, state: CheckState): void {
    const checks = this.#checks.get(sha) ?? new Map<string, CheckState>();
    checks.set(context, state);
    this.#checks.set(sha, checks);
  }

  setCheckRun(sha: string, name: string, run: CheckRun): void {
    const runs = this.#checkRuns.get(sha) ?? new Map<string, CheckRun>();
    runs.set(name, run);
    this.#checkRuns.set(sha, runs);
  }

  addRuleset(branch: string, checks: readonly string[]): void {
    this.#rulesets.set(branch, [...(this.#rulesets.get(branch) ?? []), [...checks]]);
  }

  protectBranch(branch: string, checks: readonly string[] | undefined): void {
    this.#protection.set(branch, checks === undefined ? undefined : [...checks]);
  }

  refuseDeployments(refusal: { readonly status: number; readonly message: string } | undefined) {
    this.#refusal = refusal;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const token = this.#token(req.headers.authorization);
    let body: unknown;
    let status: number;
    let answer: unknown;
    try {
      body = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      body = text;
    }
    try {
      if (typeof body === 'string') throw new HttpError(400, 'Problems parsing JSON');
      if (token === 'none') throw new HttpError(401, 'Requires authentication');
      if (token === 'invalid') throw new HttpError(401, 'Bad credentials');
      ({ status, answer } = this.#route(method, path, body, url.searchParams));
    } catch (thrown) {
      const error = thrown instanceof HttpError ? thrown : new HttpError(500, String(thrown));
      status = error.status;
      answer = {
        message: error.message,
        ...(error.errors === undefined ? {} : { errors: error.errors }),
        documentation_url: 'https://docs.github.com/rest/deployments',
        status: String(error.status),
      };
    }
    this.#requests.push({ time, method, path, body, token, status });
    const payload = JSON.stringify(answer);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(payload)),
      'x-github-request-id': randomUUID(),
      // No kept-alive socket outlives a stopped stand-in, so a client never reuses a dead one.
      connection: 'close',
    });
    res.end(payload);
  }

  #token(header: string | undefined): ReceivedRequest['token'] {
    if (header === undefined) return 'none';
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header);
    return match?.[1] === this.options.token ? 'valid' : 'invalid';
  }

  #route(
    method: string,
    path: string,
    body: unknown,
    query: URLSearchParams,
  ): { status: number; answer: unknown } {
    const read = method === 'GET' ? this.#read(path, query) : undefined;
    if (read !== undefined) return { status: 200, answer: read };
    const list = /^\/repos\/([^/]+)\/([^/]+)\/deployments$/.exec(path);
    const statuses = /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/.exec(path);
    if (list !== null) {
      const repository = `${list[1] ?? ''}/${list[2] ?? ''}`;
      if (method === 'POST') return { status: 201, answer: this.#create(repository, body) };
      if (method === 'GET') {
        this.#need('read');
        const found = this.#deployments.filter((d) => d.repository === repository).reverse();
        return { status: 200, answer: found.map((d) => view(d)) };
      }
    }
    if (statuses !== null) {
      const repository = `${statuses[1] ?? ''}/${statuses[2] ?? ''}`;
      const deployment = this.#deployments.find(
        (d) => d.repository === repository && d.id === Number(statuses[3]),
      );
      if (method === 'POST') {
        this.#need('write');
        if (deployment === undefined) throw new HttpError(404, 'Not Found');
        return { status: 201, answer: this.#addStatus(deployment, body) };
      }
      if (method === 'GET') {
        this.#need('read');
        if (deployment === undefined) throw new HttpError(404, 'Not Found');
        return { status: 200, answer: [...deployment.statuses].reverse() };
      }
    }
    throw new HttpError(404, 'Not Found');
  }

  /**
   * The read-only calls about checks; undefined for a path that is none of them. Path segments
   * arrive percent-encoded (a branch `release/2.x` is one segment).
   */
  #read(path: string, query: URLSearchParams): unknown {
    const segments = path.split('/').slice(1).map(decodeURIComponent);
    const [repos, , , section, name, tail, ...rest] = segments;
    if (repos !== 'repos') return undefined;
    const repository = `${segments[1] ?? ''}/${segments[2] ?? ''}`;
    if (segments.length === 3) return this.#repository(repository);
    if (section === 'commits' && name !== undefined && tail === undefined)
      return this.#getCommit(name);
    if (section === 'compare' && name !== undefined && tail === undefined)
      return this.#compare(repository, name);
    if (name === undefined) return undefined;
    if (section === 'rules' && name === 'branches' && tail !== undefined && rest.length === 0) {
      const rules = (this.#rulesets.get(tail) ?? []).map((checks, index) => ({
        type: 'required_status_checks',
        parameters: {
          strict_required_status_checks_policy: false,
          required_status_checks: checks.map((context) => ({ context })),
        },
        ruleset_source_type: 'Repository',
        ruleset_source: `${segments[1] ?? ''}/${segments[2] ?? ''}`,
        ruleset_id: index + 1,
      }));
      return page(rules, query);
    }
    if (
      section === 'branches' &&
      tail === 'protection' &&
      rest.join('/') === 'required_status_checks'
    ) {
      if ((this.options.administration ?? 'none') !== 'read')
        throw new HttpError(403, 'Resource not accessible by integration');
      if (!this.#protection.has(name)) throw new HttpError(404, 'Branch not protected');
      const checks = this.#protection.get(name);
      if (checks === undefined) throw new HttpError(404, 'Required status checks not enabled');
      return {
        url: `/repos/${segments[1] ?? ''}/${segments[2] ?? ''}/branches/${name}/protection/required_status_checks`,
        strict: false,
        contexts: [...checks],
        checks: checks.map((context) => ({ context, app_id: null })),
      };
    }
    if (section === 'commits' && rest.length === 0 && tail === 'check-runs') {
      if ((this.options.checks ?? 'read') !== 'read')
        throw new HttpError(403, 'Resource not accessible by integration');
      const sha = this.#commit(name);
      const runs = [...(this.#checkRuns.get(sha) ?? new Map<string, CheckRun>())].map(
        ([runName, run], index) => ({
          id: index + 1,
          name: runName,
          head_sha: sha,
          status: run.status,
          conclusion: run.status === 'completed' ? run.conclusion : null,
          app: { id: 15368, slug: 'github-actions' },
        }),
      );
      const shown = page(runs, query);
      return { total_count: runs.length, check_runs: shown };
    }
    if (section === 'commits' && rest.length === 0 && tail === 'status') {
      if ((this.options.statuses ?? 'read') !== 'read')
        throw new HttpError(403, 'Resource not accessible by integration');
      const sha = this.#commit(name);
      const statuses = [...(this.#checks.get(sha) ?? new Map<string, CheckState>())].map(
        ([context, state], index) => ({ id: index + 1, context, state, description: null }),
      );
      const states = statuses.map((s) => s.state);
      return {
        state: states.some((s) => s === 'failure' || s === 'error')
          ? 'failure'
          : states.every((s) => s === 'success') && states.length > 0
            ? 'success'
            : 'pending',
        sha,
        total_count: statuses.length,
        statuses: page(statuses, query),
      };
    }
    return undefined;
  }

  #git(...args: string[]): { ok: boolean; out: string } {
    const dir = this.options.gitDir;
    if (dir === undefined) throw new HttpError(404, 'Not Found');
    const result = spawnSync('git', ['--git-dir', dir, ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', HOME: dir },
    });
    return { ok: result.status === 0, out: result.stdout.trim() };
  }

  #needContents(): void {
    if ((this.options.contents ?? 'read') !== 'read')
      throw new HttpError(403, 'Resource not accessible by integration');
  }

  /** `GET /repos/{owner}/{repo}`: the fields the action reads. */
  #repository(repository: string): unknown {
    this.#needContents();
    const head = this.#git('symbolic-ref', '--short', 'HEAD');
    return {
      full_name: repository,
      private: true,
      default_branch: head.ok ? head.out : 'main',
    };
  }

  /**
   * A ref as GitHub's commits endpoint takes it: a SHA (full, or abbreviated and unambiguous),
   * a branch, a tag, or a full `refs/…` name; undefined when it names no commit.
   */
  #resolve(ref: string): string | undefined {
    if (ref.startsWith('-') || ref.includes('..')) return undefined;
    const candidates = /^[0-9a-f]{4,40}$/.test(ref)
      ? [ref]
      : ref.startsWith('refs/')
        ? [ref]
        : [`refs/heads/${ref}`, `refs/tags/${ref}`, `refs/${ref}`];
    for (const candidate of candidates) {
      const found = this.#git('rev-parse', '--verify', '--quiet', `${candidate}^{commit}`);
      if (found.ok && FULL_SHA.test(found.out)) return found.out;
    }
    return undefined;
  }

  /** `GET /repos/{owner}/{repo}/commits/{ref}`. */
  #getCommit(ref: string): unknown {
    this.#needContents();
    const sha = this.#resolve(ref);
    if (sha === undefined) throw new HttpError(422, `No commit found for SHA: ${ref}`);
    const parents = this.#git('rev-list', '--parents', '-n', '1', sha).out.split(' ').slice(1);
    return {
      sha,
      commit: { message: this.#git('log', '-1', '--format=%s', sha).out },
      parents: parents.map((parent) => ({ sha: parent })),
    };
  }

  /**
   * `GET /repos/{owner}/{repo}/compare/{base}...{head}`: `identical`, `behind` (head is an
   * ancestor of base), `ahead`, or `diverged`, with the counts and the merge base.
   */
  #compare(repository: string, basehead: string): unknown {
    this.#needContents();
    const match = /^(.+?)\.\.\.(.+)$/.exec(basehead);
    if (match === null) throw new HttpError(404, 'Not Found');
    const base = this.#resolve(match[1] ?? '');
    const head = this.#resolve(match[2] ?? '');
    if (base === undefined || head === undefined) throw new HttpError(404, 'Not Found');
    const mergeBase = this.#git('merge-base', base, head);
    if (!mergeBase.ok)
      throw new HttpError(
        404,
        `No common ancestor between ${match[1] ?? ''} and ${match[2] ?? ''}.`,
      );
    const count = (range: string) => Number(this.#git('rev-list', '--count', range).out);
    const aheadBy = count(`${base}..${head}`);
    const behindBy = count(`${head}..${base}`);
    return {
      url: `/repos/${repository}/compare/${basehead}`,
      status:
        aheadBy === 0 && behindBy === 0
          ? 'identical'
          : aheadBy === 0
            ? 'behind'
            : behindBy === 0
              ? 'ahead'
              : 'diverged',
      ahead_by: aheadBy,
      behind_by: behindBy,
      total_commits: aheadBy,
      base_commit: { sha: base },
      merge_base_commit: { sha: mergeBase.out },
    };
  }

  /** A ref as the commits endpoints take it: a full SHA, or a branch or tag name. */
  #commit(ref: string): string {
    const sha =
      (FULL_SHA.test(ref) ? ref : this.#refs.get(ref)) ??
      (this.options.gitDir === undefined ? undefined : this.#resolve(ref));
    if (sha === undefined) throw new HttpError(422, `No commit found for SHA: ${ref}`);
    return sha;
  }

  #need(level: 'read' | 'write'): void {
    const granted = this.options.deployments ?? 'write';
    if (granted === 'none' || (level === 'write' && granted !== 'write'))
      throw new HttpError(403, 'Resource not accessible by integration');
  }

  #create(repository: string, body: unknown): unknown {
    this.#need('write');
    if (this.#refusal !== undefined)
      throw new HttpError(this.#refusal.status, this.#refusal.message);
    const request = isRecord(body) ? body : {};
    const ref = request.ref;
    if (typeof ref !== 'string' || ref === '')
      throw new HttpError(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
    const sha =
      (FULL_SHA.test(ref) ? ref : this.#refs.get(ref)) ??
      (this.options.gitDir === undefined ? undefined : this.#resolve(ref));
    if (sha === undefined) throw new HttpError(422, `No ref found for: ${ref}`);
    this.#verifyContexts(ref, sha, request.required_contexts);
    this.#nextId += 1;
    const deployment: MutableDeployment = {
      id: this.#nextId,
      repository,
      ref,
      sha,
      environment: typeof request.environment === 'string' ? request.environment : 'production',
      description: typeof request.description === 'string' ? request.description : '',
      task: typeof request.task === 'string' ? request.task : 'deploy',
      request,
      statuses: [],
    };
    this.#deployments.push(deployment);
    return view(deployment);
  }

  /**
   * GitHub's check of the commit before it creates a deployment: without `required_contexts`,
   * every context reported on the commit must be success; with a list, those (one never reported
   * is not success); with an empty list, none. A refusal lists every context and its state.
   */
  #verifyContexts(ref: string, sha: string, required: unknown): void {
    if (
      required !== undefined &&
      !(Array.isArray(required) && required.every((c) => typeof c === 'string'))
    )
      throw new HttpError(
        422,
        "Invalid request.\n\nFor 'properties/required_contexts', is not an array of strings.",
      );
    const checks = new Map<string, CheckState>(this.#checks.get(sha));
    for (const [name, run] of this.#checkRuns.get(sha) ?? [])
      checks.set(
        name,
        run.status !== 'completed'
          ? 'pending'
          : run.conclusion === 'success'
            ? 'success'
            : 'failure',
      );
    const wanted = (required as readonly string[] | undefined) ?? [...checks.keys()];
    const failing = wanted.filter((context) => checks.get(context) !== 'success');
    if (failing.length === 0) return;
    throw new HttpError(409, `Conflict: Commit status checks failed for ${ref}.`, [
      {
        contexts: [...checks].map(([context, state]) => ({ context, state })),
        resource: 'Deployment',
        field: 'required_contexts',
        code: 'invalid',
      },
    ]);
  }

  #addStatus(deployment: MutableDeployment, body: unknown): unknown {
    const request = isRecord(body) ? body : {};
    const state = request.state;
    if (typeof state !== 'string' || !STATES.has(state))
      throw new HttpError(
        422,
        `Invalid request.\n\n${JSON.stringify(state)} is not a valid state.`,
      );
    this.#nextId += 1;
    const status: DeploymentStatus = {
      id: this.#nextId,
      state: state as DeploymentStateName,
      description: typeof request.description === 'string' ? request.description : '',
      logUrl: typeof request.log_url === 'string' ? request.log_url : '',
      environment:
        typeof request.environment === 'string' ? request.environment : deployment.environment,
      autoInactive: typeof request.auto_inactive === 'boolean' ? request.auto_inactive : undefined,
    };
    deployment.statuses.push(status);
    return {
      id: status.id,
      state: status.state,
      description: status.description,
      environment: status.environment,
      log_url: status.logUrl,
      target_url: status.logUrl,
      created_at: new Date().toISOString(),
    };
  }
}

function view(deployment: MutableDeployment): Record<string, unknown> {
  return {
    id: deployment.id,
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    environment: deployment.environment,
    original_environment: deployment.environment,
    description: deployment.description,
    creator: { login: 'github-actions[bot]' },
    created_at: new Date().toISOString(),
    statuses_url: `/repos/${deployment.repository}/deployments/${deployment.id}/statuses`,
  };
}

/** GitHub's `per_page` (default 30, at most 100) and `page` (from 1). */
function page<T>(items: readonly T[], query: URLSearchParams): T[] {
  const size = Math.min(100, Number(query.get('per_page') ?? '30') || 30);
  const number = Math.max(1, Number(query.get('page') ?? '1') || 1);
  return items.slice((number - 1) * size, number * size);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
