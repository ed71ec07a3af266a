// A loopback network inside the runtime: ports, listeners with a backlog, and connections made of two
// ends that exchange bytes. Guest sockets, the HTTP client and the localhost bridge all meet here.
import { ByteQueue } from './byte-queue.ts';

export class NetworkError extends Error {
  readonly code: 'ECONNREFUSED' | 'EADDRINUSE';
  constructor(code: 'ECONNREFUSED' | 'EADDRINUSE', message: string) {
    super(message);
    this.name = 'NetworkError';
    this.code = code;
  }
}

/**
 * One-shot wake-ups: each watcher is called once, at the next change, unless cancelled before. A poll that watches
 * many sockets cancels the others when one wakes it, so a socket nobody reads from collects no stale watchers.
 */
export class Watchers {
  private list = new Set<() => void>();

  /** Calls `wake` at the next change; returns what cancels that. */
  add(wake: () => void): () => void {
    const list = this.list;
    list.add(wake);
    return () => void list.delete(wake);
  }

  /** Settles at the next change. */
  next(): Promise<void> {
    return new Promise((resolve) => this.add(resolve));
  }

  wakeAll(): void {
    const list = this.list;
    if (list.size === 0) return;
    this.list = new Set();
    for (const wake of list) wake();
  }
}

/** One end of a connection. Bytes written here arrive in the peer's inbox. */
export class SocketEnd {
  readonly localPort: number;
  readonly remotePort: number;
  peer!: SocketEnd;
  private readonly inbox = new ByteQueue();
  /** the peer will send nothing more (it shut down writing or closed) */
  private peerDone = false;
  private writeShut = false;
  private readShut = false;
  closed = false;
  private readonly watchers = new Watchers();
  /** A persistent watcher (the bridge, the HTTP client, the per-request dispatcher). */
  onChange: (() => void) | undefined;

  constructor(localPort: number, remotePort: number) {
    this.localPort = localPort;
    this.remotePort = remotePort;
  }

  /** Sends bytes to the peer; false if this end can no longer send (shut down or peer gone). */
  write(bytes: Uint8Array): boolean {
    if (this.writeShut || this.closed) return false;
    if (this.peer.closed || this.peer.readShut) return false;
    this.peer.inbox.push(bytes);
    this.peer.notify();
    return true;
  }

  /** Up to `max` bytes; an empty array at end of stream; null when nothing is there yet. */
  read(max: number, peek = false): Uint8Array | null {
    if (this.inbox.size > 0 && !this.readShut) return this.inbox.take(max, peek);
    if (this.peerDone || this.readShut || this.closed) return new Uint8Array(0);
    return null;
  }

  get available(): number {
    return this.inbox.size;
  }

  /** Bytes received and not read yet, without consuming them. */
  peekAll(): Uint8Array {
    return this.inbox.snapshot();
  }

  get ended(): boolean {
    return this.peerDone;
  }

  readable(): boolean {
    return this.inbox.size > 0 || this.peerDone || this.readShut || this.closed;
  }

  whenReadable(): Promise<void> {
    return this.watchers.next();
  }

  /** Calls `wake` once, when readable() may have changed; returns what cancels that. */
  onReadable(wake: () => void): () => void {
    return this.watchers.add(wake);
  }

  shutdownWrite(): void {
    if (this.writeShut) return;
    this.writeShut = true;
    this.peer.peerDone = true;
    this.peer.notify();
  }

  shutdownRead(): void {
    this.readShut = true;
    this.notify();
  }

  get canWrite(): boolean {
    return !this.writeShut && !this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.shutdownWrite();
    this.closed = true;
    this.notify();
  }

  private notify(): void {
    this.watchers.wakeAll();
    this.onChange?.();
  }
}

/** A listening socket's queue of connections waiting for accept. */
export class Listener {
  readonly port: number;
  readonly backlog: SocketEnd[] = [];
  private readonly watchers = new Watchers();
  closed = false;
  /** When set, new connections are handed here instead of queued (a fresh guest instance per request). */
  onConnection: ((end: SocketEnd) => void) | undefined;

  constructor(port: number) {
    this.port = port;
  }

  enqueue(end: SocketEnd): void {
    if (this.onConnection !== undefined) {
      this.onConnection(end);
      return;
    }
    this.backlog.push(end);
    this.watchers.wakeAll();
  }

  accept(): SocketEnd | undefined {
    return this.backlog.shift();
  }

  whenPending(): Promise<void> {
    return this.watchers.next();
  }

  /** Calls `wake` once, when a connection arrives or the listener closes; returns what cancels that. */
  onPending(wake: () => void): () => void {
    return this.watchers.add(wake);
  }

  /** Wakes anyone waiting (used when stopping a server). */
  wakeAll(): void {
    this.watchers.wakeAll();
  }
}

const EPHEMERAL_FIRST = 49152;
const EPHEMERAL_LAST = 65535;

export class VirtualNetwork {
  private readonly bound = new Map<number, object>();
  private readonly listeners = new Map<number, Listener>();
  private nextEphemeral = EPHEMERAL_FIRST;
  private readonly listenWatchers = new Set<(port: number) => void>();

  /**
   * Reserves a port for an owner (a guest socket). 0 picks a free ephemeral port. Returns the port, or
   * EADDRINUSE (also when every ephemeral port is taken, as Linux answers bind).
   */
  bind(port: number, owner: object): number | 'EADDRINUSE' {
    if (port === 0) {
      const free = this.ephemeralPort();
      if (free === undefined) return 'EADDRINUSE';
      port = free;
    }
    if (this.bound.has(port)) return 'EADDRINUSE';
    this.bound.set(port, owner);
    return port;
  }

  unbind(port: number, owner: object): void {
    if (this.bound.get(port) === owner) {
      this.bound.delete(port);
      const l = this.listeners.get(port);
      if (l !== undefined) {
        l.closed = true;
        l.wakeAll();
        this.listeners.delete(port);
        // Connections nobody will accept now end at once, as a closed listening socket resets them.
        for (const end of l.backlog.splice(0)) end.close();
      }
    }
  }

  listen(port: number): Listener {
    let l = this.listeners.get(port);
    if (l === undefined) {
      l = new Listener(port);
      this.listeners.set(port, l);
      for (const watch of this.listenWatchers) watch(port);
    }
    return l;
  }

  isListening(port: number): boolean {
    return this.listeners.has(port);
  }

  listener(port: number): Listener | undefined {
    return this.listeners.get(port);
  }

  /** Called whenever some socket starts listening. Returns a function that stops watching. */
  onListen(watch: (port: number) => void): () => void {
    this.listenWatchers.add(watch);
    return () => this.listenWatchers.delete(watch);
  }

  /** Opens a connection to a listening port and returns the client's end. */
  connect(port: number): SocketEnd {
    const listener = this.listeners.get(port);
    if (listener === undefined || listener.closed) {
      throw new NetworkError('ECONNREFUSED', `connection refused: nothing listens on port ${port}`);
    }
    // A connecting end's port is only a label (the guest sees it as the peer's port) and is never reserved,
    // so a guest that binds every ephemeral port cannot stop the host from connecting.
    const clientPort = this.ephemeralPort() ?? EPHEMERAL_FIRST;
    const client = new SocketEnd(clientPort, port);
    const server = new SocketEnd(port, clientPort);
    client.peer = server;
    server.peer = client;
    listener.enqueue(server);
    return client;
  }

  /** The next unbound ephemeral port, or undefined when all are bound. */
  private ephemeralPort(): number | undefined {
    for (let i = 0; i <= EPHEMERAL_LAST - EPHEMERAL_FIRST; i++) {
      const p = this.nextEphemeral;
      this.nextEphemeral = p === EPHEMERAL_LAST ? EPHEMERAL_FIRST : p + 1;
      if (!this.bound.has(p)) return p;
    }
    return undefined;
  }
}
