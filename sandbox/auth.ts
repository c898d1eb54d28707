// Requests must carry an AWS Signature Version 4, as AWS requires. The sandbox checks the
// signature's shape and credential scope (which also tells it the caller's region) but does not
// recompute the HMAC: it has no secret keys to check it against.

import type { IncomingHttpHeaders } from 'node:http';

export type SignedService =
  'ssm' | 'secretsmanager' | 's3' | 'logs' | 'sts' | 'elasticloadbalancing' | 'monitoring';

export type AuthResult =
  | { readonly ok: true; readonly accessKeyId: string; readonly region: string }
  | {
      readonly ok: false;
      readonly problem: 'missing' | 'malformed' | 'wrong-service';
      readonly detail: string;
    };

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;.-]+),\s*Signature=([0-9a-f]{64})$/;
const CREDENTIAL = /^([^/\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request$/;
const AMZ_DATE = /^(\d{8})T\d{6}Z$/;

/** Checks the Authorization header (or, for S3, a presigned URL's query) of a request. */
export function checkSignature(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  expected: SignedService,
): AuthResult {
  const header = headers.authorization;
  if (header === undefined) {
    if (expected === 's3' && query.has('X-Amz-Signature')) return checkPresigned(query, expected);
    return { ok: false, problem: 'missing', detail: 'no Authorization header' };
  }
  const match = AUTHORIZATION.exec(header);
  if (!match) {
    return {
      ok: false,
      problem: 'malformed',
      detail: `Authorization header is not an AWS4-HMAC-SHA256 signature: ${header.slice(0, 40)}`,
    };
  }
  const [, accessKeyId = '', date = '', region = '', service = '', signedHeaders = ''] = match;
  if (!signedHeaders.split(';').includes('host')) {
    return { ok: false, problem: 'malformed', detail: "SignedHeaders must include 'host'" };
  }
  const amzDate = headers['x-amz-date'];
  const dateMatch = typeof amzDate === 'string' ? AMZ_DATE.exec(amzDate) : null;
  if (!dateMatch)
    return { ok: false, problem: 'malformed', detail: 'missing or invalid X-Amz-Date' };
  if (dateMatch[1] !== date) {
    return {
      ok: false,
      problem: 'malformed',
      detail: `credential date ${date} does not match X-Amz-Date ${String(amzDate)}`,
    };
  }
  return scoped(accessKeyId, region, service, expected);
}

function checkPresigned(query: URLSearchParams, expected: SignedService): AuthResult {
  const credential = CREDENTIAL.exec(query.get('X-Amz-Credential') ?? '');
  if (
    query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' ||
    !credential ||
    !/^[0-9a-f]{64}$/.test(query.get('X-Amz-Signature') ?? '')
  ) {
    return { ok: false, problem: 'malformed', detail: 'presigned URL is not AWS4-HMAC-SHA256' };
  }
  const [, accessKeyId = '', , region = '', service = ''] = credential;
  return scoped(accessKeyId, region, service, expected);
}

function scoped(
  accessKeyId: string,
  region: string,
  service: string,
  expected: SignedService,
): AuthResult {
  if (service !== expected) {
    return {
      ok: false,
      problem: 'wrong-service',
      detail: `Credential should be scoped to correct service: '${expected}'.`,
    };
  }
  return { ok: true, accessKeyId, region };
}
