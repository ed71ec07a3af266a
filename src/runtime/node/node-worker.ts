// A Node worker thread behind the WorkerLike shape a browser Worker has, so a workerHost (runaway bound, restart,
// trap reports) runs the same in Node: `containerless run` serves through it, and the tests use it.
import { Worker } from 'node:worker_threads';
import type { WorkerLike } from '../host/channel.ts';
import type { FromWorker, ToWorker } from '../host/protocol.ts';

type Listener = ['message' | 'error', (event: never) => void];

/**
 * Threads being terminated. A new thread starts only once they are gone: Node can crash (SIGSEGV) when one thread is
 * created while another is being torn down (nodejs/node#56312), and a restart after a runaway guest or a spare made
 * ahead does exactly that. Waiting costs the few milliseconds a termination takes.
 */
let settling: Promise<unknown> = Promise.resolve();

function attach(w: Worker, [type, fn]: Listener): void {
  if (type === 'message') w.on('message', (data: FromWorker) => (fn as (e: { data: FromWorker }) => void)({ data }));
  else w.on('error', (e: Error) => (fn as (e: { message?: string }) => void)({ message: e.message }));
}

export function nodeWorker(): WorkerLike {
  let worker: Worker | undefined;
  let ended = false;
  const queued: [ToWorker, ArrayBuffer[] | undefined][] = [];
  const listeners: Listener[] = [];
  let exited: Promise<unknown> = Promise.resolve();
  void settling.then(() => {
    if (ended) return;
    const w = new Worker(new URL('./thread-entry.ts', import.meta.url));
    worker = w;
    exited = new Promise((resolve) => w.once('exit', resolve));
    for (const listener of listeners) attach(w, listener);
    for (const [message, transfer] of queued.splice(0)) w.postMessage(message, transfer);
  });
  return {
    postMessage: (message, transfer) => {
      if (worker) worker.postMessage(message, transfer);
      else queued.push([message, transfer]);
    },
    terminate: () => {
      ended = true;
      queued.length = 0;
      if (worker) {
        // Gone when its exit is seen (a thread that died on its own, out of memory say, may never settle terminate()),
        // and never waited on for more than a second.
        const gone = Promise.race([worker.terminate(), exited, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
        settling = Promise.all([settling, gone]).catch(() => undefined);
      }
    },
    addEventListener(type: 'message' | 'error', fn: (event: never) => void) {
      listeners.push([type, fn]);
      if (worker) attach(worker, [type, fn]);
    },
  } as WorkerLike;
}
