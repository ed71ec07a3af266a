// A host whose every guest runs in its own thread: a Worker in the page, a worker thread in Node (createWorker).
// Servers are addressed by port through a WorkerNetwork; the runaway bound stops a guest that loops, so the page
// (or the CLI's main thread) keeps answering.
import { HttpError } from '../http/errors.ts';
import type { ServerMode } from '../guest/server.ts';
import type { WorkerLike } from './channel.ts';
import { GuestTrap } from '../guest/trap.ts';
import { InterruptedError, RunawayError } from './errors.ts';
import type { GuestHost } from './host.ts';
import { runCommandInWorker } from './remote-command.ts';
import { WorkerNetwork } from './worker-network.ts';
import type { WorkerServerHandle } from './remote-server.ts';

export interface WorkerHostOptions {
  /** 'per-request' forces the fallback for engines without JSPI; default 'auto' */
  mode?: ServerMode;
  /** the runaway bound for a command, and for each request to a server; default 5000 ms */
  timeoutMs?: number;
  /** another kind of thread (node/guest-thread.ts's nodeWorker in Node) */
  createWorker?: () => WorkerLike;
  /** The network to serve on: the page's own (src/client/page-network.ts), shared with its demos; a new one if left out. */
  network?: WorkerNetwork;
  /** Who holds a port on that network, in words. */
  holderOf?: (port: number) => string | undefined;
  /** Records who started a server there. */
  label?: (server: WorkerServerHandle, holder: string) => void;
}

export function workerHost(options: WorkerHostOptions = {}): GuestHost {
  const net = options.network ?? new WorkerNetwork();
  const servers = new WeakSet<object>();
  const timeoutMs = options.timeoutMs ?? 5000;
  const createWorker = options.createWorker !== undefined ? { createWorker: options.createWorker } : {};
  return {
    where: 'worker',
    canInterrupt: true,
    async startServer(guest, o = {}) {
      const mode = o.mode ?? options.mode;
      const { onLog, ...rest } = o;
      // The compiled module goes to the Worker as it is: no second download or compile.
      // Traced, so a demo on the page that talks to this server can show its calls too.
      const server = await net.startServer(guest.module, { ...rest, trace: true, ...createWorker, timeoutMs, name: guest.name, ...(mode ? { mode } : {}) });
      servers.add(server);
      // Lines written before it listened ("Listening on ...") arrived with the start; later ones stream.
      if (onLog) {
        for (const line of server.logs) onLog(line);
        server.onLog(onLog);
      }
      return server;
    },
    async runCommand(guest, o = {}) {
      const t0 = performance.now();
      const { mode: asked, onStdoutBytes: _b, onStderrBytes: _e, keepOutput: _k, ...rest } = o;
      const mode = asked ?? (options.mode === 'per-request' ? 'sync' : undefined);
      try {
        const r = await runCommandInWorker(guest.module, { ...rest, ...createWorker, timeoutMs, name: guest.name, ...(mode ? { mode } : {}) });
        return { kind: 'exited', exitCode: r.exitCode, durationMs: r.durationMs };
      } catch (error) {
        const durationMs = performance.now() - t0;
        if (error instanceof RunawayError) return { kind: 'runaway', message: error.message, stderr: error.stderr, durationMs };
        if (error instanceof InterruptedError || o.signal?.aborted === true) return { kind: 'interrupted', durationMs };
        if (error instanceof GuestTrap) return { kind: 'trapped', message: error.message, stderr: error.stderr, durationMs };
        throw error;
      }
    },
    async request(url, init) {
      try {
        return await net.request(url, init);
      } catch (error) {
        // A guest stopped for running away sent no answer: to a client, an empty reply.
        if (error instanceof RunawayError) throw new HttpError('EMPTYREPLY', error.message);
        throw error;
      }
    },
    isListening: (port) => net.isListening(port),
    onChange: (listener) => net.onChange(listener),
    stopAll: () => net.stopAll(),
    holderOf: (port) => options.holderOf?.(port),
    label: (server, holder) => {
      if (servers.has(server)) options.label?.(server as WorkerServerHandle, holder);
    },
  };
}
