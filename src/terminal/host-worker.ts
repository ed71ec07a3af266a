import { HttpError, type ServerMode } from '../runtime/index.ts';
import { RunawayError, runCommandInWorker, WorkerGuestError, WorkerNetwork, type WorkerLike, type WorkerServerHandle } from '../runtime/worker/index.ts';
import type { GuestHost } from './host.ts';

// The page's host: every guest in its own Worker, servers addressed by port through a WorkerNetwork, and the
// runaway bound, so a guest that loops is stopped and reported while the page keeps answering.

export interface WorkerHostOptions {
  /** 'per-request' forces the fallback for engines without JSPI; default 'auto' */
  mode?: ServerMode;
  /** the runaway bound for a command, and for each request to a server; default 5000 ms */
  timeoutMs?: number;
  /** another Worker (a Node worker thread in tests) */
  createWorker?: () => WorkerLike;
  /** The network to serve on: the page's own (src/client/page-network.ts), shared with its demos; a new one if left out. */
  network?: WorkerNetwork;
  /** Who holds a port on that network, in words. */
  holderOf?: (port: number) => string | undefined;
  /** Records who started a server there. */
  label?: (server: WorkerServerHandle, holder: string) => void;
}

const HTTP_CODES = new Set<string>(['ECONNREFUSED', 'EHOSTUNREACH', 'ETIMEDOUT', 'EMPTYREPLY', 'EBADRESPONSE']);

/** An error from the Worker, as curl understands it: the client's HttpError, or an empty reply from a stopped guest. */
function asHttpError(error: unknown): unknown {
  if (error instanceof RunawayError) return new HttpError('EMPTYREPLY', error.message);
  if (error instanceof WorkerGuestError && error.name === 'HttpError' && error.code !== undefined && HTTP_CODES.has(error.code)) {
    return new HttpError(error.code as HttpError['code'], error.message);
  }
  return error;
}

export function workerHost(options: WorkerHostOptions = {}): GuestHost {
  const net = options.network ?? new WorkerNetwork();
  const servers = new WeakSet<object>();
  const timeoutMs = options.timeoutMs ?? 5000;
  const extra = {
    timeoutMs,
    ...(options.mode !== undefined ? { mode: options.mode } : {}),
    ...(options.createWorker !== undefined ? { createWorker: options.createWorker } : {}),
  };
  return {
    where: 'worker',
    canInterrupt: true,
    async startServer(guest, o) {
      // The compiled module goes to the Worker as it is: no second download or compile.
      // Traced, so a demo on the page that talks to this server can show its calls too.
      const server = await net.startServer(guest.module, { ...extra, args: o.args, env: o.env, name: guest.name, trace: true });
      servers.add(server);
      // Lines written before it listened ("Listening on ...") arrived with the start; later ones stream.
      for (const line of server.logs) o.onLog(line);
      server.onLog(o.onLog);
      return server;
    },
    async runCommand(guest, o) {
      const { mode, ...rest } = extra;
      try {
        const r = await runCommandInWorker(guest.module, {
          ...rest, ...(mode === 'per-request' ? { mode: 'sync' as const } : {}),
          args: o.args, env: o.env, name: guest.name, onStdout: o.onStdout, onStderr: o.onStderr,
          ...(o.signal !== undefined ? { signal: o.signal } : {}),
        });
        return { kind: 'exited', exitCode: r.exitCode };
      } catch (error) {
        if (error instanceof RunawayError) return { kind: 'runaway', message: error.message };
        if (o.signal?.aborted === true) return { kind: 'interrupted' };
        if (error instanceof WorkerGuestError && error.name === 'GuestTrap') return { kind: 'trapped', message: error.message, stderr: error.stderr };
        throw error;
      }
    },
    async request(url, init) {
      try {
        return await net.request(url, init);
      } catch (error) {
        throw asHttpError(error);
      }
    },
    isListening: (port) => net.isListening(port),
    holderOf: (port) => options.holderOf?.(port),
    label: (server, holder) => {
      if (servers.has(server)) options.label?.(server as WorkerServerHandle, holder);
    },
  };
}
