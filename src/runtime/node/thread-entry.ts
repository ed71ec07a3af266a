// A Node worker thread that hosts one guest: the same guest side of the host protocol as the page's Worker
// (host/worker-entry.ts). A real port, when asked for, is served from the main thread (expose.ts), never from here,
// so a guest that computes forever cannot freeze it.
import { parentPort } from 'node:worker_threads';
import { serveGuests } from '../host/worker-entry.ts';
import type { FromWorker, ToWorker } from '../host/protocol.ts';

const port = parentPort;
if (port === null) throw new Error('thread-entry.ts runs as a worker thread');
serveGuests({
  postMessage: (message: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer),
  addEventListener: (_type, listener) => port.on('message', (data: ToWorker) => listener({ data })),
});
