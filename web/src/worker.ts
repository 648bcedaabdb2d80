/**
 * The playground's Web Worker: serves the session (web/src/session) over postMessage, so long
 * verifications and runs never block the page. Requests are answered one at a time, in order;
 * "stop" is the page terminating this worker and starting a fresh one (the session keeps nothing
 * that a request does not carry). See web/src/session/api.ts for the protocol.
 */
import type { Request, Response } from './session/api.js';
import { handle } from './session/session.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: Response): void;
}

const scope = self as unknown as WorkerScope;
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event) => {
  const request = event.data;
  queue = queue.then(async () => {
    scope.postMessage(await handle(request, (m) => scope.postMessage(m)));
  });
};
