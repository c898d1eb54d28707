// watchFirstRequest: `written` settles when the first request has been written to a socket that
// has connected, not when it was handed over; it settles too when the request fails unwritten, or
// when the watch is stopped; and the watch stops listening once it has seen a request or is
// stopped. Real requests to 127.0.0.1.

import { channel } from 'node:diagnostics_channel';
import { createServer, request, type ClientRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchFirstRequest } from '../src/request-written.js';

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

describe('watchFirstRequest', () => {
  it('settles after the socket has connected and the whole request is written, not when it is made', async () => {
    const seen: string[] = [];
    const { written } = watchFirstRequest();
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
    const { written } = watchFirstRequest();
    const req = post(refused, seen);
    await written;
    expect(req.writableFinished).toBe(false);
    expect(req.destroyed).toBe(true);
  });

  it('counts the first request only, and stops listening once it is seen', async () => {
    const { written } = watchFirstRequest();
    expect(requestStart.hasSubscribers).toBe(true);
    post(port, []);
    await written;
    expect(requestStart.hasSubscribers).toBe(false);
  });

  it('settles when stopped with no request made, and stops listening', async () => {
    const watch = watchFirstRequest();
    let settled = false;
    void watch.written.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    expect(requestStart.hasSubscribers).toBe(true);
    watch.stop();
    await watch.written;
    expect(requestStart.hasSubscribers).toBe(false);
    // Stopping again, or a request after the stop, changes nothing.
    watch.stop();
    post(port, []);
    expect(requestStart.hasSubscribers).toBe(false);
  });
});
