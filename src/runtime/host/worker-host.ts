// A host whose every guest runs in its own thread: a Worker in the page, a worker thread in Node (createWorker).
// Servers are addressed by port through a WorkerNetwork; the runaway bound stops a guest that loops, so the page
// (or the CLI's main thread) keeps answering.
import { HttpError } from '../http/errors.ts';
import type { ServerMode } from '../guest/server.ts';
import type { WorkerLike } from './channel.ts';
import { GuestTrap } from '../guest/trap.ts';
import { InterruptedError, RunawayError } from './errors.ts';
import type { Exposer, ExposeOptions, GuestHost, HostedServer } from './host.ts';
import { runCommandInWorker } from './remote-command.ts';
import { WorkerNetwork } from './worker-network.ts';
import type { WorkerServerHandle } from './remote-server.ts';

export interface WorkerHostOptions {
  /** 'per-request' forces the fallback for engines without JSPI; default 'auto' */
  mode?: ServerMode;
  /** the runaway bound for a command, and for each request to a server; default 5000 ms */
  timeoutMs?: number;
  /** another kind of thread (node/node-worker.ts's nodeWorker in Node) */
  createWorker?: () => WorkerLike;
  /** The network to serve on: the page's own (src/client/page-network.ts), shared with its demos; a new one if left out. */
  network?: WorkerNetwork;
  /** Who holds a port on that network, in words. */
  holderOf?: (port: number) => string | undefined;
  /** Records who started a server there. */
  label?: (server: WorkerServerHandle, holder: string) => void;
  /**
   * The bound on a server's start, until it listens (default 10 s). `containerless run` says false: on a loaded machine
   * a start may take longer, and Ctrl-C is there to end one that never listens.
   */
  startTimeoutMs?: number | false;
  /** Serves a server on a real port when started with `expose` (Node: node/expose.ts's exposeOnLocalhost). */
  expose?: Exposer;
  /**
   * Trace every server, so a demo on the page that talks to a server the terminal started shows its calls too
   * (default true). `containerless run` says false: a traced guest posts a message per WASI call.
   */
  traceEveryServer?: boolean;
}

export function workerHost(options: WorkerHostOptions = {}): GuestHost {
  const net = options.network ?? new WorkerNetwork();
  const servers = new WeakSet<object>();
  const timeoutMs = options.timeoutMs ?? 5000;
  const createWorker = options.createWorker !== undefined ? { createWorker: options.createWorker } : {};
  const startBound = options.startTimeoutMs !== undefined ? { startTimeoutMs: options.startTimeoutMs } : {};
  const exposures = new Set<{ close(): Promise<void> }>();

  /** The server, served on a real port too: stopping it closes that port first. */
  async function exposed(server: WorkerServerHandle, o: ExposeOptions, expose: Exposer): Promise<HostedServer> {
    let bridge;
    try {
      bridge = await expose(server, o);
    } catch (error) {
      await server.stop();
      throw error;
    }
    exposures.add(bridge);
    const close = async (): Promise<void> => {
      exposures.delete(bridge);
      await bridge.close();
    };
    // The handle's getters read the live guest (a restart changes its mode), so it is extended, not copied.
    return Object.create(server, {
      exposed: { value: { host: bridge.host, port: bridge.port } },
      stop: { value: async () => (await close(), await server.stop()) },
    }) as HostedServer;
  }

  return {
    where: 'worker',
    canInterrupt: true,
    async startServer(guest, o = {}) {
      const mode = o.mode ?? options.mode;
      const { onLog, expose, ...rest } = o;
      if (expose !== undefined && options.expose === undefined) throw new Error('this host cannot serve on a real port');
      const trace = options.traceEveryServer === false ? rest.trace === true : true;
      // The compiled module goes to the Worker as it is: no second download or compile.
      const started = await net.startServer(guest.module, { ...rest, trace, ...createWorker, ...startBound, timeoutMs, name: guest.name, ...(mode ? { mode } : {}) });
      // Lines written before it listened ("Listening on ...") arrived with the start; later ones stream.
      if (onLog) {
        for (const line of started.logs) onLog(line);
        started.onLog(onLog);
      }
      const server = expose === undefined || options.expose === undefined ? started : await exposed(started, expose, options.expose);
      servers.add(server);
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
    async stopAll() {
      await Promise.all([...exposures].map((e) => e.close()));
      await net.stopAll();
    },
    holderOf: (port) => options.holderOf?.(port),
    label: (server, holder) => {
      if (servers.has(server)) options.label?.(server as WorkerServerHandle, holder);
    },
  };
}
