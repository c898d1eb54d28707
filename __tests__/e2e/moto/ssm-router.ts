// One SSM endpoint made of two: Parameter Store's operations go to moto, the rest (Run Command,
// instance information) to the sandbox, whose instances really run what they are sent. moto
// cannot stand in for Run Command: it has no ListCommandInvocations, its invocations run nothing
// (so no deploy could report a commit) and it matches every EC2 instance for SendCommand by
// InstanceIds. With this in front of both, a real deploy reads and writes its deploy record in
// moto's Parameter Store.
//
// Requests are passed on byte for byte, signature included: moto does not check signatures, and
// the sandbox checks their shape and scope only.

import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The SSM operations of Parameter Store (the JSON protocol's X-Amz-Target: AmazonSSM.<name>). */
const PARAMETER_STORE = new Set([
  'GetParameter',
  'GetParameters',
  'GetParametersByPath',
  'GetParameterHistory',
  'DescribeParameters',
  'PutParameter',
  'DeleteParameter',
  'DeleteParameters',
  'LabelParameterVersion',
  'UnlabelParameterVersion',
]);

export interface RoutedCall {
  readonly operation: string;
  readonly to: 'moto' | 'sandbox';
}

export interface SsmRouter {
  /** `http://127.0.0.1:<port>`: the value for AWS_ENDPOINT_URL_SSM. */
  readonly url: string;
  /** Every call so far, oldest first. */
  calls(): readonly RoutedCall[];
  stop(): Promise<void>;
}

export async function startSsmRouter(targets: {
  readonly parameterStore: string;
  readonly runCommand: string;
}): Promise<SsmRouter> {
  const calls: RoutedCall[] = [];
  const server = createServer((incoming, outgoing) => {
    const target = incoming.headers['x-amz-target'];
    const operation = typeof target === 'string' ? (target.split('.')[1] ?? '') : '';
    const to = PARAMETER_STORE.has(operation) ? 'moto' : 'sandbox';
    calls.push({ operation, to });
    forward(
      incoming,
      outgoing,
      new URL(to === 'moto' ? targets.parameterStore : targets.runCommand),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => [...calls],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function forward(incoming: IncomingMessage, outgoing: ServerResponse, target: URL): void {
  const upstream = request(
    {
      host: target.hostname,
      port: target.port,
      method: incoming.method,
      path: incoming.url,
      headers: incoming.headers,
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  upstream.on('error', (error) => {
    if (outgoing.headersSent) outgoing.destroy(error);
    else
      outgoing.writeHead(502, { 'content-type': 'text/plain' }).end(`ssm-router: ${error.message}`);
  });
  incoming.pipe(upstream);
}
