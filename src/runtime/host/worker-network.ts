// The page's view of several servers, each in its own Worker: one place to start them and to send requests by
// URL, with the errors a real network gives (connection refused, port in use). What `request(network, url)` is
// for guests in the same thread, this is for guests in Workers.
import type { HttpRequestInit, HttpResponse } from '../http/client.ts';
import { parseTarget, refused, type Target } from '../http/target.ts';
import { startServerInWorker, type WorkerServerHandle, type WorkerServerStartOptions } from './remote-server.ts';
import type { WorkerSource } from './channel.ts';

export class WorkerNetwork {
  private readonly servers = new Map<number, WorkerServerHandle>();
  private readonly watchers = new Set<(port: number, listening: boolean) => void>();

  /** Starts a server in a new Worker; rejects if another server here already listens on the port it chose. */
  async startServer(source: WorkerSource, options: WorkerServerStartOptions = {}): Promise<WorkerServerHandle> {
    const server = await startServerInWorker(source, options);
    const taken = this.servers.get(server.port);
    if (taken !== undefined && taken.status === 'listening') {
      await server.stop();
      throw new Error(`port ${server.port} is already in use by another running module; stop it first or set PORT`);
    }
    const port = server.port;
    this.servers.set(port, server);
    this.emit(port, true);
    server.onExit(() => {
      if (this.servers.get(port) === server) {
        this.servers.delete(port);
        this.emit(port, false);
      }
    });
    return server;
  }

  isListening(port: number): boolean {
    return this.servers.get(port)?.status === 'listening';
  }

  /** The server on a port, if one is listening. */
  server(port: number): WorkerServerHandle | undefined {
    const s = this.servers.get(port);
    return s?.status === 'listening' ? s : undefined;
  }

  /** Called when a port starts or stops listening. Returns a function that stops watching. */
  onChange(watch: (port: number, listening: boolean) => void): () => void {
    this.watchers.add(watch);
    return () => this.watchers.delete(watch);
  }

  /** Sends a request to whichever server listens on the URL's port, as `request(network, url)` does. */
  async request(url: string | Target, init: HttpRequestInit = {}): Promise<HttpResponse> {
    const target = parseTarget(url);
    const server = this.server(target.port);
    if (server === undefined) throw refused(target);
    return server.request(target, init);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => s.stop()));
  }

  private emit(port: number, listening: boolean): void {
    for (const w of this.watchers) w(port, listening);
  }
}
