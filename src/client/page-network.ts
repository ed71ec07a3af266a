// The page's one virtual network: every server started on this page (by a terminal, by a demo widget, by the
// deck's live slide) listens here, so `curl localhost:8090` in a terminal reaches the demo's server and a second
// server on a taken port is refused with the name of whoever holds it. One network per page, like one localhost
// per machine; stopping a server in one place is seen everywhere (the network tells every watcher).
import { WorkerNetwork, type WorkerServerHandle } from '../runtime/host/index.ts';

const holders = new WeakMap<WorkerServerHandle, string>();
let network: WorkerNetwork | undefined;

/** The page's network (created on first use; nothing runs until something starts a server). */
export function pageNetwork(): WorkerNetwork {
  network ??= new WorkerNetwork();
  return network;
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
