// The guest Worker a page with the live demo starts from its head, before any of its modules ran: the built page
// carries a one-line inline script (written by src/build-time/module-preloads.ts) that creates it under this name,
// and the page's network takes it for the first server it starts (src/client/page-network.ts). The same script asks
// it to start the demo's server at once ('prepare'), from the module's address, so the Worker downloads, compiles and
// starts it while the page is still loading; the demo's start, with the same options, then gets that server.
import type { WorkerLike } from '../runtime/host/channel.ts';
import type { WorkerServerOptions } from '../runtime/host/protocol.ts';
import type { ServerMode } from '../runtime/guest/server-types.ts';
import { GUEST_PORT } from '../course/facts.ts';

/** The global the head's script sets. */
export const EARLY_WORKER_GLOBAL = 'containerlessEarlyWorker';

/** The Worker the head started, once; undefined when there is none (no demo, or already taken). */
export function takeEarlyWorker(): WorkerLike | undefined {
  const scope = globalThis as { [EARLY_WORKER_GLOBAL]?: WorkerLike };
  const worker = scope[EARLY_WORKER_GLOBAL];
  delete scope[EARLY_WORKER_GLOBAL];
  return worker;
}

/** The demo's server options (src/client/word-generator.ts), which the head's prepare asks for too. */
export function demoServerOptions(mode: ServerMode): WorkerServerOptions {
  return { env: { PORT: String(GUEST_PORT) }, trace: true, mode };
}
