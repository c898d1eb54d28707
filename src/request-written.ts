// When the process's first HTTP request has left it. Handing a request to the SDK is not sending
// it: the socket still has to connect, and the request is written only on a later turn of the
// event loop. Anything that compiles in between (the rest of the action is a few hundred KB of
// JavaScript) holds the write back by as long. Node's own diagnostics channel sees every request
// that node:http and node:https make, which is how the AWS SDK sends, without wrapping the SDK.

import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

const REQUEST_START = 'http.client.request.start';

export interface FirstRequestWatch {
  /**
   * Settles once the first HTTP request made after the watch began is written to the operating
   * system ('finish'), or has ended without being written ('close': refused, timed out, aborted),
   * or once the watch is stopped. Never rejects: it is a point in time, not a result.
   */
  readonly written: Promise<void>;
  /** No request will come: stops listening, and settles `written` if it has not settled. */
  readonly stop: () => void;
}

export function watchFirstRequest(): FirstRequestWatch {
  const { promise: written, resolve } = Promise.withResolvers<undefined>();
  const settle = (): void => {
    resolve(undefined);
  };
  let listening = true;
  const stopListening = (): void => {
    if (listening) unsubscribe(REQUEST_START, onStart);
    listening = false;
  };
  function onStart(message: unknown): void {
    stopListening();
    const request = (message as { readonly request?: ClientRequest }).request;
    if (request === undefined || request.writableFinished || request.destroyed) {
      settle();
      return;
    }
    request.once('finish', settle);
    request.once('close', settle);
  }
  subscribe(REQUEST_START, onStart);
  return {
    written,
    stop: () => {
      stopListening();
      settle();
    },
  };
}
