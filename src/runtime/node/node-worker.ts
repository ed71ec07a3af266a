// A Node worker thread behind the WorkerLike shape a browser Worker has, so a workerHost (runaway bound, restart,
// trap reports) runs the same in Node: `containerless run` serves through it, and the tests use it.
import { Worker } from 'node:worker_threads';
import type { WorkerLike } from '../host/channel.ts';
import type { FromWorker } from '../host/protocol.ts';

const running = new Set<Worker>();

export function nodeWorker(): WorkerLike {
  const w = new Worker(new URL('./thread-entry.ts', import.meta.url));
  running.add(w);
  w.once('exit', () => running.delete(w));
  return {
    postMessage: (m, transfer) => w.postMessage(m, transfer),
    terminate: () => void w.terminate(),
    addEventListener(type: 'message' | 'error', fn: (event: never) => void) {
      if (type === 'message') w.on('message', (data: FromWorker) => (fn as (e: { data: FromWorker }) => void)({ data }));
      else w.on('error', (e: Error) => (fn as (e: { message?: string }) => void)({ message: e.message }));
    },
  } as WorkerLike;
}

/** Ends every guest thread still running (a process that is about to exit; a guest that ignores the stop message). */
export async function endNodeWorkers(): Promise<void> {
  await Promise.all([...running].map((w) => w.terminate()));
}
