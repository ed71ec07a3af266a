// The localhost bridge: a real TCP port on 127.0.0.1 whose connections are piped to a port on the virtual
// network, byte for byte, so a real `curl` reaches the guest. Node only (used by `containerless run`).
import net from 'node:net';
import { NetworkError, type SocketEnd, type VirtualNetwork } from '../devices/net/virtual-network.ts';
import { headEnd } from '../http/framing.ts';

export interface BridgeOptions {
  network: VirtualNetwork;
  /** the virtual port the guest listens on */
  guestPort: number;
  /** the real port; 0 picks a free one */
  port: number;
  host?: string;
  /** a request head larger than this gets 431 from the bridge itself; default 16 KiB (the guest may answer sooner) */
  maxHeadBytes?: number;
  /** a request larger than this (head and body) gets 413; default 1 MiB */
  maxRequestBytes?: number;
  /** a client that sends nothing for this long gets 408 and is dropped; default 10 s */
  idleTimeoutMs?: number;
  /** a client whose request head is not complete this long after it connected gets 408 (slow-loris); default 10 s */
  headTimeoutMs?: number;
  /** called once per finished connection, for access logs */
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

function plainResponse(status: number, reason: string, body: string): string {
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

export async function serveOnLocalhost(o: BridgeOptions): Promise<Bridge> {
  const host = o.host ?? '127.0.0.1';
  const maxHead = o.maxHeadBytes ?? 16 * 1024;
  const maxRequest = o.maxRequestBytes ?? 1024 * 1024;
  const idle = o.idleTimeoutMs ?? 10_000;
  const headDeadline = o.headTimeoutMs ?? 10_000;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(idle);
    let conn: SocketEnd | undefined;
    let received = 0;
    let headDone = false;
    let pendingHead: Buffer[] = [];
    let answered = false;

    // An idle timeout alone lets a client trickle one byte at a time forever; the head also has a deadline.
    const headTimer = setTimeout(() => {
      if (headDone || answered) return;
      refuse(408, 'Request Timeout', `no complete request head within ${headDeadline} ms\n`);
      socket.destroySoon();
    }, headDeadline);

    const refuse = (status: number, reason: string, body: string): void => {
      if (answered) return;
      answered = true;
      socket.end(plainResponse(status, reason, body));
      conn?.close();
    };

    const open = (): SocketEnd | undefined => {
      if (conn !== undefined) return conn;
      try {
        conn = o.network.connect(o.guestPort);
      } catch (e) {
        if (e instanceof NetworkError) refuse(502, 'Bad Gateway', 'the module is not listening (it may have stopped)\n');
        else throw e;
        return undefined;
      }
      const c = conn;
      // Guest -> client: forward whatever arrived; end the TCP stream when the guest is done sending.
      // Writes made in one turn go out together (the guest writes a head and a body separately).
      let corked = false;
      c.onChange = () => {
        for (;;) {
          const chunk = c.read(1 << 16);
          if (chunk === null) return;
          if (chunk.length === 0) {
            c.onChange = undefined;
            answered = true;
            if (!socket.destroyed) socket.end();
            return;
          }
          answered = true;
          if (!corked) {
            corked = true;
            socket.cork();
            queueMicrotask(() => {
              corked = false;
              socket.uncork();
            });
          }
          socket.write(chunk);
        }
      };
      return c;
    };

    socket.on('data', (data: Buffer) => {
      if (answered && conn === undefined) return;
      received += data.length;
      if (received > maxRequest) return refuse(413, 'Content Too Large', `requests are limited to ${maxRequest} bytes\n`);
      if (!headDone) {
        pendingHead.push(data);
        const all = Buffer.concat(pendingHead);
        const end = headEnd(all);
        if ((end < 0 ? all.length : end) > maxHead) return refuse(431, 'Request Header Fields Too Large', `request heads are limited to ${maxHead} bytes\n`);
        headDone = end >= 0;
        if (headDone) clearTimeout(headTimer);
        // Hold bytes back until the head is whole, so a per-request guest gets the request in one piece.
        if (!headDone) return;
        pendingHead = [];
        data = all;
      }
      open()?.write(data);
    });
    socket.on('end', () => {
      if (!headDone && received > 0 && conn === undefined) open()?.write(Buffer.concat(pendingHead));
      conn?.shutdownWrite();
    });
    socket.on('timeout', () => {
      if (!answered && conn === undefined) refuse(408, 'Request Timeout', `no complete request within ${idle} ms\n`);
      socket.destroy();
    });
    socket.on('error', (e) => o.onConnectionError?.(e.message));
    socket.on('close', () => {
      clearTimeout(headTimer);
      sockets.delete(socket);
      conn?.close();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new PortInUseError(host, o.port) : e));
    server.listen(o.port, host, () => resolve());
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
