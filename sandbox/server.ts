// The HTTP side of the sandbox: one listener on 127.0.0.1 that dispatches by `X-Amz-Target`
// (AmazonSSM.*, Logs_20140328.* and secretsmanager.* speak awsJson1_1, CloudWatch's
// GraniteServiceVersion20100801.* awsJson1_0), serves awsQuery (STS, Elastic Load Balancing v2,
// told apart by their API version) and otherwise treats the request as S3 REST-XML. It refuses unsigned requests as AWS does, injects the configured faults, and writes
// every call to the call log.

import { randomBytes, randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SignedService, checkSignature } from './auth.js';
import type { CallLog, CallParams, ServiceName } from './call-log.js';
import type { SandboxClock } from './clock.js';
import { ServiceError } from './errors.js';
import { JsonInput, isObject, parseJsonBody } from './json-input.js';
import { type ServiceRequest, type ServiceResponse, jsonResponse } from './protocol.js';
import { LOGS_LOGGED_FIELDS, type LogStore } from './logs.js';
import type { S3Store } from './s3.js';
import { SECRETS_LOGGED_FIELDS, type SecretStore } from './secrets-manager.js';
import { type SandboxSettings, forOperation } from './settings.js';
import { SSM_LOGGED_FIELDS, type SsmService } from './ssm/index.js';
import {
  CLOUDWATCH_LOGGED_FIELDS,
  CLOUDWATCH_TARGET_PREFIX,
  type CloudWatchService,
  cloudWatchErrorResponse,
} from './cloudwatch.js';
import {
  ELBV2_LOGGED_FIELDS,
  ELBV2_NAMESPACE,
  ELBV2_VERSION,
  type Elbv2Service,
} from './elbv2/index.js';
import { QueryInput, isQueryRequest, queryErrorResponse } from './query.js';
import { type StsService, stsErrorResponse } from './sts.js';
import { el, s3Document } from './xml.js';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface ServerDeps {
  readonly ssm: SsmService;
  readonly secrets: SecretStore;
  readonly s3: S3Store;
  readonly logs: LogStore;
  readonly sts: StsService;
  readonly elbv2: Elbv2Service;
  readonly cloudwatch: CloudWatchService;
  readonly log: CallLog;
  readonly clock: SandboxClock;
  readonly settings: () => SandboxSettings;
  readonly random: () => number;
}

interface Routed {
  readonly service: ServiceName;
  readonly operation: string;
  readonly params: CallParams;
  readonly handle: (request: ServiceRequest) => ServiceResponse;
}

export class SandboxServer {
  #server: Server | undefined;
  #port = 0;

  constructor(private readonly deps: ServerDeps) {}

  get port(): number {
    return this.#port;
  }

  get listening(): boolean {
    return this.#server !== undefined;
  }

  /** Listens on 127.0.0.1 only; port 0 picks a free port. Resolves to the port. */
  async listen(port: number): Promise<number> {
    if (this.#server) throw new Error('the sandbox server is already listening');
    const server = createServer((req, res) => {
      void this.#serve(req, res);
    });
    // Keep-alive sockets would hold a stopped server open; the SDK reconnects as it would to AWS.
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#server = server;
    this.#port = (server.address() as AddressInfo).port;
    return this.#port;
  }

  /** Stops listening and drops every open connection, as a crashed endpoint would. */
  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = Date.now();
    const seq = this.deps.log.nextSeq();
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const routed = this.#route(req, url, body);
    const signedAs: SignedService = routed.service;
    const auth = checkSignature(req.headers, url.searchParams, signedAs);
    const region = auth.ok ? auth.region : undefined;
    const record = (
      status: number,
      errorCode: string | undefined,
      fault: 'throttle' | 'reset' | undefined,
    ): void => {
      this.deps.log.add({
        seq,
        time: arrived,
        durationMs: Date.now() - arrived,
        service: routed.service,
        operation: routed.operation,
        region,
        params: routed.params,
        status,
        errorCode,
        fault,
        ...sdkAttempt(req.headers),
      });
    };
    const settings = this.deps.settings();
    const latency = forOperation(settings.latencyMs, routed.operation);
    if (latency > 0)
      await new Promise<void>((resolve) => this.deps.clock.afterReal(latency, resolve));

    if (!auth.ok) {
      const error = authError(routed.service, auth.problem, auth.detail);
      record(error.status, error.code, undefined);
      this.#send(res, req.method ?? 'GET', routed.service, errorResponse(routed.service, error));
      return;
    }
    const reset = this.deps.random() < forOperation(settings.resetRate, routed.operation);
    if (reset && settings.resetWhen === 'before') {
      record(0, undefined, 'reset');
      req.socket.destroy();
      return;
    }
    if (!reset && this.deps.random() < forOperation(settings.throttleRate, routed.operation)) {
      const error = throttlingError(routed.service);
      record(error.status, error.code, 'throttle');
      this.#send(res, req.method ?? 'GET', routed.service, errorResponse(routed.service, error));
      return;
    }
    const request: ServiceRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      region: auth.region,
    };
    let response: ServiceResponse;
    let errorCode: string | undefined;
    try {
      response = routed.handle(request);
    } catch (error) {
      const serviceError =
        error instanceof ServiceError
          ? error
          : new ServiceError(
              routed.service === 's3' ? 'InternalError' : 'InternalServerError',
              String(error),
              500,
            );
      errorCode = serviceError.code;
      response = errorResponse(routed.service, serviceError);
    }
    if (reset) {
      record(0, errorCode, 'reset');
      req.socket.destroy();
      return;
    }
    record(response.status, errorCode, undefined);
    this.#send(res, request.method, routed.service, response);
  }

  #route(req: IncomingMessage, url: URL, body: Buffer): Routed {
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') {
      const [prefix = '', operation = ''] = target.split('.', 2);
      const json = (): JsonInput => new JsonInput(parseJsonBody(body.toString('utf8')));
      const params = (fields: Readonly<Record<string, readonly string[]>>): CallParams =>
        loggedParams(body, fields[operation] ?? []);
      if (prefix === 'AmazonSSM') {
        return {
          service: 'ssm',
          operation,
          params: params(SSM_LOGGED_FIELDS),
          handle: (r) => jsonResponse(this.deps.ssm.handle(operation, json(), r.region)),
        };
      }
      if (prefix === 'Logs_20140328') {
        return {
          service: 'logs',
          operation,
          params: params(LOGS_LOGGED_FIELDS),
          handle: (r) => jsonResponse(this.deps.logs.handle(operation, json(), r.region)),
        };
      }
      if (prefix === CLOUDWATCH_TARGET_PREFIX) {
        return {
          service: 'monitoring',
          operation,
          params: params(CLOUDWATCH_LOGGED_FIELDS),
          handle: (r) => ({
            ...jsonResponse(this.deps.cloudwatch.handle(operation, json(), r.region)),
            headers: { 'content-type': 'application/x-amz-json-1.0' },
          }),
        };
      }
      if (prefix === 'secretsmanager') {
        return {
          service: 'secretsmanager',
          operation,
          params: params(SECRETS_LOGGED_FIELDS),
          handle: (r) => jsonResponse(this.deps.secrets.handle(operation, json(), r.region)),
        };
      }
      return {
        service: 'ssm',
        operation: target,
        params: {},
        handle: () => {
          throw new ServiceError('UnknownOperationException', undefined);
        },
      };
    }
    if (isQueryRequest(req.method ?? 'GET', url.pathname, body)) {
      // One endpoint serves every awsQuery service here; the API version says which is meant.
      const query = new QueryInput(body);
      if (query.version === ELBV2_VERSION) {
        return {
          service: 'elasticloadbalancing',
          operation: query.action,
          params: queryParams(query, ELBV2_LOGGED_FIELDS[query.action] ?? []),
          handle: (r) => this.deps.elbv2.handle(query, r.region),
        };
      }
      return {
        service: 'sts',
        operation: query.action || 'Unknown',
        params: {},
        handle: (r) => this.deps.sts.handle(r),
      };
    }
    const call = this.deps.s3.identify(req.method ?? 'GET', url.pathname, url.searchParams);
    const params: Record<string, string | number> = {};
    if (call.bucket !== undefined) params.Bucket = call.bucket;
    if (call.key !== undefined) params.Key = call.key;
    const versionId = url.searchParams.get('versionId');
    if (versionId !== null) params.VersionId = versionId;
    for (const name of ['prefix', 'key-marker', 'version-id-marker', 'max-keys']) {
      const value = url.searchParams.get(name);
      if (value !== null) params[name] = value;
    }
    if (call.operation === 'PutObject') params.Size = body.length;
    const range = req.headers.range;
    if (typeof range === 'string') params.Range = range;
    const owner = req.headers['x-amz-expected-bucket-owner'];
    if (typeof owner === 'string') params.ExpectedBucketOwner = owner;
    return {
      service: 's3',
      operation: call.operation,
      params,
      handle: (r) => this.deps.s3.handle(call, r),
    };
  }

  #send(
    res: ServerResponse,
    method: string,
    service: ServiceName,
    response: ServiceResponse,
  ): void {
    const requestId = randomUUID();
    const headers: Record<string, string> =
      service === 's3'
        ? {
            'x-amz-request-id': requestId.replaceAll('-', '').slice(0, 16).toUpperCase(),
            'x-amz-id-2': randomBytes(48).toString('base64'),
            ...response.headers,
          }
        : { 'x-amzn-requestid': requestId, ...response.headers };
    const body = method === 'HEAD' ? '' : response.body;
    if (method !== 'HEAD' || headers['content-length'] === undefined) {
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    res.writeHead(response.status, headers);
    res.end(body);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Which attempt at which call a request is, as the AWS SDK says in its headers
 * (`amz-sdk-request: attempt=2; max=8`, `amz-sdk-invocation-id`), so retries can be told apart
 * from new calls with the same parameters.
 */
function sdkAttempt(headers: IncomingMessage['headers']): {
  attempt: number | undefined;
  invocationId: string | undefined;
} {
  const request = headers['amz-sdk-request'];
  const match = typeof request === 'string' ? /(?:^|;)\s*attempt=(\d+)/.exec(request) : null;
  const id = headers['amz-sdk-invocation-id'];
  return {
    attempt: match?.[1] === undefined ? undefined : Number(match[1]),
    invocationId: typeof id === 'string' && id !== '' ? id : undefined,
  };
}

/** Copies the allowed fields of a JSON request for the call log; a NextToken is only noted. */
function loggedParams(body: Buffer, fields: readonly string[]): CallParams {
  let parsed: Readonly<Record<string, unknown>>;
  try {
    parsed = parseJsonBody(body.toString('utf8'));
  } catch {
    return {};
  }
  const params: Record<string, string | number | boolean | readonly string[]> = {};
  for (const field of fields) {
    const value = parsed[field];
    if (value === undefined || value === null) continue;
    if (field === 'NextToken' || field === 'nextToken') params[field] = true;
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      params[field] = value;
    else if (Array.isArray(value)) params[field] = value.map(describeListItem);
  }
  return params;
}

/** The allowed fields of a Query request for the call log: scalars, lists, targets as `id:port`. */
function queryParams(query: QueryInput, fields: readonly string[]): CallParams {
  const params: Record<string, string | readonly string[]> = {};
  for (const field of fields) {
    const scalar = query.string(field);
    if (scalar !== undefined) {
      params[field] = scalar;
      continue;
    }
    const structures = query.structures(field);
    if (structures?.some((s) => Object.keys(s).length > 0)) {
      params[field] = structures.map((s) =>
        s.Port === undefined ? (s.Id ?? '') : `${s.Id ?? ''}:${s.Port}`,
      );
      continue;
    }
    const list = query.list(field);
    if (list !== undefined) params[field] = list;
  }
  return params;
}

/** Targets and filters as `Key=v1,v2`, so the log stays flat and readable. */
function describeListItem(item: unknown): string {
  if (typeof item === 'string') return item;
  if (isObject(item)) {
    const key = item.Key ?? item.key;
    const values = item.Values ?? item.value;
    return `${String(key)}=${Array.isArray(values) ? values.join(',') : String(values)}`;
  }
  return String(item);
}

function authError(
  service: ServiceName,
  problem: 'missing' | 'malformed' | 'wrong-service',
  detail: string,
): ServiceError {
  if (service === 'sts' || service === 'elasticloadbalancing') {
    if (problem === 'missing')
      return new ServiceError(
        'MissingAuthenticationToken',
        'Request is missing Authentication Token',
        403,
      );
    if (problem === 'wrong-service') return new ServiceError('SignatureDoesNotMatch', detail, 403);
    return new ServiceError('IncompleteSignature', detail, 400);
  }
  if (service === 's3') {
    if (problem === 'missing') return new ServiceError('AccessDenied', 'Access Denied', 403);
    return new ServiceError(
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; ${detail}`,
      400,
    );
  }
  if (problem === 'missing')
    return new ServiceError(
      'MissingAuthenticationTokenException',
      'Missing Authentication Token',
      400,
    );
  if (problem === 'wrong-service')
    return new ServiceError('InvalidSignatureException', detail, 400);
  return new ServiceError('IncompleteSignatureException', detail, 400);
}

function throttlingError(service: ServiceName): ServiceError {
  if (service === 'sts' || service === 'elasticloadbalancing' || service === 'monitoring')
    return new ServiceError('Throttling', 'Rate exceeded', 400);
  return service === 's3'
    ? new ServiceError('SlowDown', 'Please reduce your request rate.', 503)
    : new ServiceError('ThrottlingException', 'Rate exceeded', 400);
}

function errorResponse(service: ServiceName, error: ServiceError): ServiceResponse {
  if (service === 'sts') return stsErrorResponse(error);
  if (service === 'elasticloadbalancing') return queryErrorResponse(error, ELBV2_NAMESPACE);
  if (service === 'monitoring') return cloudWatchErrorResponse(error);
  if (service === 's3') {
    const details = Object.entries(error.details).map(([tag, value]) => el(tag, value));
    const body = s3Document(
      el(
        'Error',
        el('Code', error.code),
        el('Message', error.message),
        ...details,
        el('RequestId', randomBytes(8).toString('hex').toUpperCase()),
        el('HostId', randomBytes(48).toString('base64')),
      ),
    ).replace(/ xmlns="[^"]*"/, '');
    const headers: Record<string, string> = { 'content-type': 'application/xml' };
    if (error.details.Region !== undefined) headers['x-amz-bucket-region'] = error.details.Region;
    return { status: error.status, headers, body };
  }
  return {
    status: error.status,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(
      error.hasMessage ? { __type: error.code, message: error.message } : { __type: error.code },
    ),
  };
}
