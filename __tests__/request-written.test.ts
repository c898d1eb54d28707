// firstRequestWritten: settles when the first request has been written to a socket that has
// connected, not when it was handed over; settles too when the request fails unwritten, or when no
// request will come; and stops listening once it has settled. Real requests to 127.0.0.1.

import { channel } from 'node:diagnostics_channel';
import { createServer, request, type ClientRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstRequestWritten } from '../src/request-written.js';

const requestStart = channel('http.client.request.start');

let server: Server;
let port: number;
/** Responses the server holds until the test lets them go. */
let held: (() => void)[];

beforeEach(async () => {
  held = [];
  server = createServer((req, res) => {
    req.resume();
    held.push(() => res.end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  for (const release of held) release();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A request with a body; its events in `seen`. */
function post(to: number, seen: string[]): ClientRequest {
  const req = request({ host: '127.0.0.1', port: to, method: 'POST', path: '/' });
  req.on('socket', (socket) => socket.once('connect', () => seen.push('connected')));
  req.on('error', () => seen.push('error'));
  req.on('response', (res) => res.resume());
  req.end('{"SecretId":"app/db"}');
  return req;
}

const never = new Promise<never>(() => undefined);

describe('firstRequestWritten', () => {
  it('settles after the socket has connected and the whole request is written, not when it is made', async () => {
    const seen: string[] = [];
    const written = firstRequestWritten(never);
    const req = post(port, seen);
    seen.push('made');
    await written;
    seen.push(`settled, finished writing: ${String(req.writableFinished)}`);
    // The server holds every response until the test ends: this settled on the request alone.
    expect(seen).toEqual(['made', 'connected', 'settled, finished writing: true']);
  });

  it('settles when the first request fails without being written', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const refused = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const seen: string[] = [];
    const written = firstRequestWritten(never);
    const req = post(refused, seen);
    await written;
    expect(req.writableFinished).toBe(false);
    expect(req.destroyed).toBe(true);
  });

  it('counts the first request only, and stops listening once it is seen', async () => {
    const written = firstRequestWritten(never);
    expect(requestStart.hasSubscribers).toBe(true);
    post(port, []);
    await written;
    expect(requestStart.hasSubscribers).toBe(false);
  });

  it('settles when no request will come, whether that promise resolves or rejects, and stops listening', async () => {
    let settle = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const fulfilled = firstRequestWritten(done);
    const failed = firstRequestWritten(Promise.reject(new Error('no credentials')));
    await expect(failed).resolves.toBeUndefined();
    expect(requestStart.hasSubscribers).toBe(true);
    settle();
    await expect(fulfilled).resolves.toBeUndefined();
    expect(requestStart.hasSubscribers).toBe(false);
  });
});
