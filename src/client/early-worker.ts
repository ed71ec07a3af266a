// The guest Worker a page with the live demo starts from its head, before any of its modules ran: the built page
// carries a one-line inline script (written by src/build-time/module-preloads.ts) that creates it under this name,
// and the page's network takes it for the first server it starts (src/client/page-network.ts).
import type { WorkerLike } from '../runtime/host/channel.ts';

/** The global the head's script sets. */
export const EARLY_WORKER_GLOBAL = 'containerlessEarlyWorker';

/** The Worker the head started, once; undefined when there is none (no demo, or already taken). */
export function takeEarlyWorker(): WorkerLike | undefined {
  const scope = globalThis as { [EARLY_WORKER_GLOBAL]?: WorkerLike };
  const worker = scope[EARLY_WORKER_GLOBAL];
  delete scope[EARLY_WORKER_GLOBAL];
  return worker;
}
