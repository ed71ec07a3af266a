// The localhost bridge: a real TCP port on 127.0.0.1 whose connections are passed through to a port on the
// virtual network, byte for byte, so a real `curl` reaches the guest. One TCP connection is one guest connection:
// keep-alive, pipelining and timeouts are the guest's own, as they are under WasmEdge. The bridge adds what only it
// can: requests must name this machine in `Host` (421 otherwise), an answer that does not fit the client's pace
// pauses reading from that client (not the others), and any failure on a connection ends that connection alone.
// Node only: `containerless run` serves through it (expose.ts), each connection opened by a hosted server's connect().
import net from 'node:net';
import { NetworkError } from '../devices/net/virtual-network.ts';
import { nextTask } from '../guest/next-task.ts';
import type { GuestEnd } from '../host/connections.ts';
import { HostCheck, hostName } from './host-check.ts';

export interface BridgeOptions {
  /** opens a connection to the guest (HostedServer.connect(): in a worker thread, or this one) */
  connect: () => GuestEnd;
  /** a request the guest has not started to answer after this long gets 503; default 10 s */
  answerTimeoutMs?: number;
  /** called when a request went unanswered (the guest may be stuck): restart it */
  onUnanswered?: () => void;
  /** the real port; 0 picks a free one */
  port: number;
  host?: string;
  /** names besides loopback ones (localhost, *.localhost, 127.x.x.x, [::1]) that `Host` may give; others get 421 */
  allowHosts?: readonly string[];
  /** a connection with no traffic either way for this long is closed; default 120 s (the guest's own limits are shorter) */
  idleTimeoutMs?: number;
  /** answers buffered for a client that reads slowly before its requests stop being read; default 1 MiB */
  maxBufferedBytes?: number;
  /** called with what went wrong on a connection (the connection is closed; the bridge serves on) */
  onConnectionError?: (message: string) => void;
}

export interface Bridge {
  readonly port: number;
  readonly host: string;
  /** connections open right now */
  readonly open: number;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  readonly port: number;
  constructor(host: string, port: number) {
    super(`port ${port} on ${host} is already in use; stop what uses it, or pick another port with --port N`);
    this.name = 'PortInUseError';
    this.port = port;
  }
}

export function plainResponse(status: number, reason: string, body: string): string {
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n${body}`;
}

export async function serveOnLocalhost(o: BridgeOptions): Promise<Bridge> {
  const host = o.host ?? '127.0.0.1';
  const idle = o.idleTimeoutMs ?? 120_000;
  const maxBuffered = o.maxBufferedBytes ?? 1024 * 1024;
  const answerTimeout = o.answerTimeoutMs ?? 10_000;
  const { connect } = o;
  const sockets = new Set<net.Socket>();
  const report = (message: string): void => o.onConnectionError?.(message);

  // What clients send is held until the current round of I/O is over, then passed on for every connection in one
  // task (next-task.ts): a guest in this thread then takes all of it in one turn of its loop, and one in a worker
  // thread in one message, rather than one turn or message per client.
  const due = new Set<() => void>();
  let passing = false;
  const passAll = (): void => {
    passing = false;
    const all = [...due];
    due.clear();
    for (const pass of all) pass();
  };
  const passSoon = (pass: () => void): void => {
    due.add(pass);
    if (!passing) {
      passing = true;
      nextTask(passAll);
    }
  };

  // Half-open: a client that has finished sending still gets its answer (the guest decides when to close).
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(idle);
    let answered = false;
    let conn: GuestEnd | undefined;
    /** the client's bytes not passed on to the guest yet, and whether its end of sending follows them */
    let held: Uint8Array[] = [];
    let endHeld = false;
    /** running while a request waits for the guest to start answering */
    let waiting: ReturnType<typeof setTimeout> | undefined;
    const stopWaiting = (): void => {
      clearTimeout(waiting);
      waiting = undefined;
    };

    /** Ends this connection with an answer of the bridge's own (when the guest has not answered yet). */
    const refuse = (status: number, reason: string, body: string): void => {
      held = [];
      endHeld = false;
      if (conn !== undefined) {
        conn.onChange = undefined;
        conn.close();
      }
      if (answered || socket.destroyed) return void socket.destroy();
      answered = true;
      socket.end(plainResponse(status, reason, body));
    };
    /** Said after the guest's answers to the requests before it; nothing more is read from this client. */
    let misdirected: string | undefined;
    /** Every error on a connection becomes a 5xx for that connection, never an exception that ends the process. */
    const guard = (what: string, work: () => void): void => {
      try {
        work();
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        report(`${what}: ${message}`);
        refuse(502, 'Bad Gateway', `the bridge could not pass this request to the module: ${message}\n`);
      }
    };

    guard('connect', () => {
      try {
        conn = connect();
      } catch (e) {
        if (e instanceof NetworkError && e.code === 'ECONNREFUSED') return refuse(502, 'Bad Gateway', 'the module is not listening (it may have stopped)\n');
        return refuse(503, 'Service Unavailable', `no connection to the module: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    });
    if (conn === undefined) return;
    const end = conn;
    const check = new HostCheck(o.allowHosts);
    let forwarded = false;
    const pass = (): void =>
      guard('request', () => {
        const parts = held;
        held = [];
        for (const part of parts) if (!end.write(part)) return void socket.destroy();
        if (endHeld) {
          endHeld = false;
          end.shutdownWrite();
        }
      });
    /** Bytes (and, with `last`, the end of sending) for the guest, passed on with every other client's. */
    const toGuest = (parts: readonly Uint8Array[], last = false): void => {
      for (const part of parts) held.push(part);
      if (last) endHeld = true;
      passSoon(pass);
    };

    // Guest -> client, with back-pressure: a client that does not read stops being read from.
    end.onChange = () =>
      guard('answer', () => {
        for (;;) {
          const chunk = end.read(1 << 16);
          if (chunk === null) return;
          if (chunk.length === 0) {
            end.onChange = undefined;
            const wasWaiting = waiting !== undefined;
            stopWaiting();
            if (end.failed !== undefined && (wasWaiting || !answered)) {
              const refused = /refused|not listening/.test(end.failed);
              return refuse(refused ? 502 : 503, refused ? 'Bad Gateway' : 'Service Unavailable', `${refused ? 'the module is not listening (it may have stopped)' : `the module could not answer: ${end.failed}`}\n`);
            }
            if (!socket.destroyed) {
              if (misdirected === undefined) socket.end();
              else socket.end(misdirected);
            }
            return;
          }
          stopWaiting();
          answered = true;
          if (!socket.write(chunk) && socket.writableLength > maxBuffered) socket.pause();
        }
      });
    socket.on('drain', () => socket.isPaused() && socket.resume());

    // Client -> guest, checking each request's Host on the way.
    socket.on('data', (data: Buffer) =>
      guard('request', () => {
        if (misdirected !== undefined) return;
        const heads = check.heads;
        const { forward, refused } = check.push(data);
        if (forward.length > 0) {
          forwarded = true;
          toGuest(forward);
        }
        // A whole request went to the guest: it must start answering in time, or it is taken to be stuck.
        if (check.heads > heads && waiting === undefined) {
          waiting = setTimeout(() => {
            waiting = undefined;
            report(`the module did not answer a request within ${answerTimeout} ms`);
            refuse(503, 'Service Unavailable', `the module did not answer within ${answerTimeout / 1000} s; it is being restarted\n`);
            o.onUnanswered?.();
          }, answerTimeout);
        }
        if (refused === undefined) return;
        report(`refused a request for Host ${JSON.stringify(refused)}`);
        const body = `this server answers requests for localhost only, not ${JSON.stringify(refused)}; to allow that name, start it with --allow-host ${JSON.stringify(hostName(refused))}\n`;
        if (!forwarded) return refuse(421, 'Misdirected Request', body);
        // Earlier requests on this connection still get their answers first; the guest then sees the end.
        misdirected = plainResponse(421, 'Misdirected Request', body);
        toGuest([], true);
      }),
    );
    socket.on('end', () => guard('end', () => toGuest(misdirected === undefined ? check.flush() : [], true)));
    socket.on('timeout', () => socket.destroy());
    socket.on('error', (e) => report(e.message));
    socket.on('close', () => {
      stopWaiting();
      sockets.delete(socket);
      held = [];
      endHeld = false;
      end.close();
    });
  });
  // A failure to accept (say, out of file descriptors) is reported; the server goes on.
  server.on('error', (e) => report(`accept: ${e.message}`));

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => reject(e.code === 'EADDRINUSE' ? new PortInUseError(host, o.port) : e);
    server.once('error', onError);
    server.listen(o.port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : o.port;
  return {
    port,
    host,
    get open() {
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
