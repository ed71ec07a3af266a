// The page's one virtual network: every server started on this page (by a terminal, by a demo widget, by the
// deck's live slide) listens here, so `curl localhost:8090` in a terminal reaches the demo's server and a second
// server on a taken port is refused with the name of whoever holds it. One network per page, like one localhost
// per machine; stopping a server in one place is seen everywhere (the network tells every watcher).
import { WorkerNetwork } from '../runtime/host/worker-network.ts';
import type { WorkerServerHandle } from '../runtime/host/remote-server.ts';
import { defaultWorker, type WorkerLike } from '../runtime/host/channel.ts';
import { takeEarlyWorker } from './early-worker.ts';

const holders = new WeakMap<WorkerServerHandle, string>();
let network: WorkerNetwork | undefined;

/** The page's network (created on first use; nothing runs until something starts a server). */
export function pageNetwork(): WorkerNetwork {
  network ??= new WorkerNetwork();
  return network;
}

/** A Worker ready for the next server; `prepared`: the head's, which is starting the demo's server already. */
interface Spare {
  worker: WorkerLike;
  prepared: boolean;
}
let warm: Spare | undefined;

const early = (): Spare | undefined => {
  const worker = takeEarlyWorker();
  return worker ? { worker, prepared: true } : undefined;
};

/**
 * Starts a guest Worker before anything needs it, so its script is loaded and parsed while the page loads; the next
 * server started with `takeWorker` gets it. One at a time: the page never holds more than one idle Worker.
 */
export function warmWorker(): void {
  warm ??= early() ?? { worker: defaultWorker(), prepared: false };
}

/**
 * A Worker for a new server: the warm one when there is one, else a new one. `prepared` says it is the Worker the
 * page's head started, which was asked to start the demo's server from the module's address
 * (src/build-time/module-preloads.ts): a start with the same address and options gets that server as it is.
 */
export function takeWorker(): Spare {
  const spare = warm ?? early() ?? { worker: defaultWorker(), prepared: false };
  warm = undefined;
  return spare;
}

/** Says who started a server ("the word generator demo on this page"), for "address in use" messages. */
export function labelServer(server: WorkerServerHandle, holder: string): void {
  holders.set(server, holder);
}

/** Who holds a port on this page, if anyone: their label, or a plain description. */
export function holderOf(port: number): string | undefined {
  const server = pageNetwork().server(port);
  if (!server) return undefined;
  return holders.get(server) ?? 'another module on this page';
}
