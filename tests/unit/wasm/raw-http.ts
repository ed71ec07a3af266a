// Raw HTTP/1.1 over any byte stream: a TCP socket to 127.0.0.1, or a connection on the runtime's virtual network.
// Tests write exact bytes and read back each response as the server framed it (by Content-Length), so keep-alive,
// pipelining and closing are visible, not hidden by an HTTP client library.
import net from 'node:net';
import type { VirtualNetwork } from '../../../src/runtime/index.ts';
import { drainEnd } from '../../../src/runtime/devices/net/drain.ts';

export interface RawResponse {
  /** the status line, e.g. `HTTP/1.1 200 OK` */
  statusLine: string;
  status: number;
  /** header lines as sent, in order */
  headerLines: string[];
  headers: Map<string, string>;
  body: string;
}

export interface RawConnection {
  write(bytes: string | Uint8Array): void;
  /** no more bytes from the client (a half-close) */
  end(): void;
  /** resolves once `count` responses have arrived; rejects if the server closes first or `timeoutMs` passes */
  responses(count: number, timeoutMs?: number): Promise<RawResponse[]>;
  /** resolves when the server has closed the connection (true), or false after `timeoutMs` */
  closed(timeoutMs?: number): Promise<boolean>;
  destroy(): void;
  /** the client closes its side; resolves when the server has closed its side too (true), or false after `timeoutMs` */
  hangUp(timeoutMs?: number): Promise<boolean>;
}

export type Connect = () => Promise<RawConnection>;

/** Turns received bytes into responses; every answer from these servers has a Content-Length. */
class ResponseReader {
  private buffer = Buffer.alloc(0);
  readonly parsed: RawResponse[] = [];
  isClosed = false;
  private waiters: (() => void)[] = [];
  /** responses to HEAD requests carry no body: the caller says which responses those are */
  headOnly = new Set<number>();

  push(bytes: Uint8Array): void {
    this.buffer = Buffer.concat([this.buffer, bytes]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) break;
      const head = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
      const headerLines = head.slice(1);
      const headers = new Map(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const length = this.headOnly.has(this.parsed.length) ? 0 : Number(headers.get('content-length') ?? 0);
      if (this.buffer.length < end + 4 + length) break;
      const statusLine = head[0] ?? '';
      this.parsed.push({
        statusLine, status: Number(statusLine.split(' ')[1]), headerLines, headers,
        body: this.buffer.subarray(end + 4, end + 4 + length).toString('utf8'),
      });
      this.buffer = this.buffer.subarray(end + 4 + length);
    }
    this.wake();
  }

  close(): void {
    this.isClosed = true;
    this.wake();
  }

  /** Resolves true once `ready` holds, checked on each change of this reader (or of what `watch` wakes on), false after `timeoutMs`. */
  wait(ready: () => boolean, timeoutMs: number, watch?: (wake: () => void) => void): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      const check = (): void => {
        if (ready()) {
          clearTimeout(timer);
          resolve(true);
        } else if (watch !== undefined) watch(check);
        else this.waiters.push(check);
      };
      check();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

function connection(
  reader: ResponseReader,
  send: (b: Uint8Array) => void,
  end: () => void,
  destroy: () => void,
  hangUp: (timeoutMs: number) => Promise<boolean>,
): RawConnection {
  let requests = 0;
  return {
    write(bytes) {
      const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
      const text = Buffer.from(data).toString('latin1');
      // Note which requests are HEAD, by position, so their answers are read without a body.
      for (const m of text.matchAll(/(?:^|\n)([A-Z]+) \/[^\r\n]* HTTP\/1\.[01]\r?\n/g)) {
        if (m[1] === 'HEAD') reader.headOnly.add(requests);
        requests++;
      }
      send(data);
    },
    end,
    async responses(count, timeoutMs = 5000) {
      const ok = await reader.wait(() => reader.parsed.length >= count || reader.isClosed, timeoutMs);
      if (reader.parsed.length < count) {
        throw new Error(`expected ${count} responses, got ${reader.parsed.length} (${ok ? 'the server closed' : `nothing more within ${timeoutMs} ms`})`);
      }
      return reader.parsed.slice(0, count);
    },
    closed: (timeoutMs = 5000) => reader.wait(() => reader.isClosed, timeoutMs),
    destroy,
    hangUp: (timeoutMs = 5000) => hangUp(timeoutMs),
  };
}

/** Connects over TCP. */
export function tcp(port: number, host = '127.0.0.1'): Connect {
  return () =>
    new Promise((resolve, reject) => {
      const reader = new ResponseReader();
      const socket = net.connect(port, host);
      socket.setNoDelay(true);
      socket.on('data', (d) => reader.push(d));
      socket.on('close', () => reader.close());
      socket.on('error', () => reader.close());
      // Over TCP the client half-closes: the server sees end of stream and closes, which ends the socket.
      const hangUp = (timeoutMs: number) => (socket.end(), reader.wait(() => reader.isClosed, timeoutMs));
      socket.once('connect', () => resolve(connection(reader, (b) => socket.write(b), () => socket.end(), () => socket.destroy(), hangUp)));
      socket.once('error', reject);
    });
}

/** Connects on the runtime's virtual network, as the in-page curl does. */
export function virtual(network: VirtualNetwork, port: number): Connect {
  return async () => {
    const reader = new ResponseReader();
    const end = network.connect(port);
    drainEnd(end, (chunk) => reader.push(chunk), () => reader.close());
    // On the virtual network the server's end closing wakes the client's end, closed or not.
    const hangUp = (timeoutMs: number) => {
      end.close();
      return reader.wait(() => end.peer.closed, timeoutMs, (wake) => void end.whenReadable().then(wake));
    };
    return connection(reader, (b) => end.write(b), () => end.shutdownWrite(), () => end.close(), hangUp);
  };
}
