// A Node worker thread that hosts one guest: the same guest side of the host protocol as the page's Worker
// (host/worker-entry.ts), plus `expose`, which serves the guest on a real localhost port through the bridge.
import { parentPort } from 'node:worker_threads';
import { serveGuests } from '../host/worker-entry.ts';
import type { FromWorker, ToWorker } from '../host/protocol.ts';
import { serveOnLocalhost } from './bridge.ts';

const port = parentPort;
if (port === null) throw new Error('thread-entry.ts runs as a worker thread');
serveGuests(
  {
    postMessage: (message: FromWorker) => port.postMessage(message),
    addEventListener: (_type, listener) => port.on('message', (data: ToWorker) => listener({ data })),
  },
  {
    expose: (server, realPort) => serveOnLocalhost({ network: server.network, guestPort: server.port, port: realPort ?? server.port }),
  },
);
