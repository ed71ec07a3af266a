// Runs src/runtime/worker/guest.worker.ts in a Node worker thread behind the same WorkerLike shape a
// browser Worker has, so the Worker client (runaway bound, restart, trap reports) is tested in Node too.
import { Worker } from 'node:worker_threads';
import type { WorkerLike } from '../../../../src/runtime/worker/channel.ts';

const bootstrap = `
import { parentPort } from 'node:worker_threads';
globalThis.postMessage = (m) => parentPort.postMessage(m);
globalThis.addEventListener = (type, fn) => { if (type === 'message') parentPort.on('message', (data) => fn({ data })); };
await import(${JSON.stringify(new URL('../../../../src/runtime/worker/guest.worker.ts', import.meta.url).href)});
`;

export function nodeWorker(): WorkerLike {
  const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`));
  return {
    postMessage: (m) => w.postMessage(m),
    terminate: () => void w.terminate(),
    addEventListener(type: 'message' | 'error', fn: (event: never) => void) {
      if (type === 'message') w.on('message', (data) => (fn as (e: { data: unknown }) => void)({ data }));
      else w.on('error', (e: Error) => (fn as (e: { message?: string }) => void)({ message: e.message }));
    },
  } as WorkerLike;
}
