// When the process's first HTTP request has left it. Handing a request to the SDK is not sending
// it: the socket still has to connect, and the request is written only on a later turn of the
// event loop. Anything that compiles in between (the rest of the action is a few hundred KB of
// JavaScript) holds the write back by as long. Node's own diagnostics channel sees every request
// that node:http and node:https make, which is how the AWS SDK sends, without wrapping the SDK.

import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

const REQUEST_START = 'http.client.request.start';

/**
 * Settles once the first HTTP request made after this call is written to the operating system
 * ('finish'), or has ended without being written ('close': refused, timed out, aborted), or once
 * `noneAfter` settles: no request will come then, and the channel is no longer listened to. Never
 * rejects: it is a point in time, not a result.
 */
export function firstRequestWritten(noneAfter: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const onStart = (message: unknown): void => {
      stopListening();
      const request = (message as { readonly request?: ClientRequest }).request;
      if (request === undefined || request.writableFinished || request.destroyed) {
        resolve();
        return;
      }
      request.once('finish', () => {
        resolve();
      });
      request.once('close', () => {
        resolve();
      });
    };
    let listening = true;
    const stopListening = (): void => {
      if (listening) unsubscribe(REQUEST_START, onStart);
      listening = false;
    };
    subscribe(REQUEST_START, onStart);
    const none = (): void => {
      stopListening();
      resolve();
    };
    noneAfter.then(none, none);
  });
}
