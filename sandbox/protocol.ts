// What every service handler receives and returns: a request already authenticated (its region
// comes from the signature's credential scope) and a response the server writes as it is.

import type { IncomingHttpHeaders } from 'node:http';

export interface ServiceRequest {
  readonly method: string;
  /** The URL path, still percent-encoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly region: string;
}

export interface ServiceResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

export function jsonResponse(payload: object): ServiceResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(payload),
  };
}
