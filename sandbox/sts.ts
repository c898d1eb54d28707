// STS, awsQuery (a form-encoded POST to `/`, `Action=…&Version=2011-06-15`, XML answers): only
// GetCallerIdentity, which the action asks to learn its account before it trusts a bucket with
// the output. Every signed caller is the sandbox's one IAM user.

import { randomUUID } from 'node:crypto';
import { ServiceError } from './errors.js';
import type { ServiceRequest, ServiceResponse } from './protocol.js';
import { el, xmlDocument } from './xml.js';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const VERSION = '2011-06-15';

export class StsService {
  constructor(private readonly accountId: string) {}

  handle(request: ServiceRequest): ServiceResponse {
    const form = new URLSearchParams(request.body.toString('utf8'));
    const action = form.get('Action') ?? '';
    if (form.get('Version') !== VERSION)
      throw new ServiceError(
        'InvalidAction',
        `Could not find operation ${action} for version ${form.get('Version') ?? 'NO_VERSION_SPECIFIED'}`,
      );
    if (action !== 'GetCallerIdentity')
      throw new ServiceError(
        'InvalidAction',
        `Could not find operation ${action} for version ${VERSION}`,
      );
    return {
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: xmlDocument(
        el(
          'GetCallerIdentityResponse',
          el(
            'GetCallerIdentityResult',
            el('Arn', `arn:aws:iam::${this.accountId}:user/sandbox`),
            el('UserId', 'AIDASANDBOXEXAMPLE0000'),
            el('Account', this.accountId),
          ),
          el('ResponseMetadata', el('RequestId', randomUUID())),
        ),
        STS_NAMESPACE,
      ),
    };
  }
}

/** An STS error as awsQuery answers it. */
export function stsErrorResponse(error: ServiceError): ServiceResponse {
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
      STS_NAMESPACE,
    ),
  };
}
