// The awsQuery protocol that STS and Elastic Load Balancing v2 speak: a form-encoded POST to `/`
// naming `Action` and `Version`, lists as `Name.member.N`, structures as `Name.Field`, and XML
// answers `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…` in the service's
// namespace; errors as `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`.

import { randomUUID } from 'node:crypto';
import type { ServiceError } from './errors.js';
import type { ServiceResponse } from './protocol.js';
import { type XmlNode, el, xmlDocument } from './xml.js';

/** Whether a request without X-Amz-Target is an awsQuery call rather than S3 REST. */
export function isQueryRequest(method: string, path: string, body: Buffer): boolean {
  return method === 'POST' && path === '/' && /(?:^|&)Action=/.test(body.toString('utf8'));
}

/** A query request's form, read the way the services read it. */
export class QueryInput {
  readonly #form: URLSearchParams;

  constructor(body: Buffer) {
    this.#form = new URLSearchParams(body.toString('utf8'));
  }

  get action(): string {
    return this.#form.get('Action') ?? '';
  }

  get version(): string | undefined {
    return this.#form.get('Version') ?? undefined;
  }

  string(name: string): string | undefined {
    return this.#form.get(name) ?? undefined;
  }

  /** `Name.member.1`, `Name.member.2`, … in order, stopping at the first gap as AWS does. */
  list(name: string): string[] | undefined {
    const values: string[] = [];
    for (let i = 1; ; i += 1) {
      const value = this.#form.get(`${name}.member.${i}`);
      if (value === null) break;
      values.push(value);
    }
    if (values.length === 0 && !this.#form.has(name)) return undefined;
    return values;
  }

  /** `Name.member.N.Field` structures, each as its fields. */
  structures(name: string): Record<string, string>[] | undefined {
    const items: Record<string, string>[] = [];
    for (let i = 1; ; i += 1) {
      const prefix = `${name}.member.${i}.`;
      const item: Record<string, string> = {};
      for (const [key, value] of this.#form) {
        if (key.startsWith(prefix)) item[key.slice(prefix.length)] = value;
      }
      if (Object.keys(item).length === 0) break;
      items.push(item);
    }
    if (items.length === 0 && !this.#form.has(name)) return undefined;
    return items;
  }
}

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…</ResponseMetadata>`. */
export function queryResponse(
  action: string,
  namespace: string,
  result: readonly XmlNode[],
): ServiceResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: xmlDocument(
      el(
        `${action}Response`,
        result.length === 0 ? undefined : el(`${action}Result`, ...result),
        el('ResponseMetadata', el('RequestId', randomUUID())),
      ),
      namespace,
    ),
  };
}

/** An error as awsQuery answers it. */
export function queryErrorResponse(error: ServiceError, namespace: string): ServiceResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml' },
    body: xmlDocument(
      el(
        'ErrorResponse',
        el(
          'Error',
          el('Type', error.status >= 500 ? 'Receiver' : 'Sender'),
          el('Code', error.code),
          error.hasMessage ? el('Message', error.message) : undefined,
        ),
        el('RequestId', randomUUID()),
      ),
      namespace,
    ),
  };
}

/** An XML list, `<Name><member>…</member>…</Name>`, of scalars or of structures' fields. */
export function members(name: string, items: readonly (XmlNode | readonly XmlNode[])[]): XmlNode {
  return el(name, ...items.map((item) => el('member', ...(isNodeList(item) ? item : [item]))));
}

function isNodeList(item: XmlNode | readonly XmlNode[]): item is readonly XmlNode[] {
  return Array.isArray(item);
}
