// Byte-for-byte connections to a guest in another thread, as the host protocol's `conn` messages: open, data, end
// (one side has finished sending), close. The localhost bridge passes each real client's TCP connection through one
// of these, so keep-alive, pipelining and timeouts stay the guest's own, and a guest that computes forever freezes
// its thread, never the bridge's.
import { ByteQueue } from '../devices/net/byte-queue.ts';
import type { SocketEnd, VirtualNetwork } from '../devices/net/virtual-network.ts';
import { drainEnd, type ReadableEnd } from '../devices/net/drain.ts';
import type { ConnFromGuest, ConnToGuest } from './protocol.ts';

/** One end of a connection to a guest: a virtual socket end in this thread, or a RemoteEnd to another. */
export interface GuestEnd extends ReadableEnd {
  write(bytes: Uint8Array): boolean;
  shutdownWrite(): void;
  close(): void;
  /** set when the connection ended because the guest refused it or went away */
  readonly failed?: string | undefined;
}

type Post<M> = (message: M, transfer?: ArrayBuffer[]) => void;

/** Guest side: carries the host's connections to the guest's port on its virtual network. */
export function carryConnections(post: Post<ConnFromGuest>, network: VirtualNetwork, guestPort: number): (m: ConnToGuest) => void {
  const ends = new Map<number, SocketEnd>();
  return (m) => {
    if (m.op === 'open') {
      let end: SocketEnd;
      try {
        end = network.connect(guestPort);
      } catch (e) {
        post({ type: 'conn', op: 'refused', conn: m.conn, message: e instanceof Error ? e.message : String(e) });
        return;
      }
      ends.set(m.conn, end);
      drainEnd(
        end,
        (chunk) => {
          const bytes = new Uint8Array(chunk);
          post({ type: 'conn', op: 'data', conn: m.conn, bytes }, [bytes.buffer]);
        },
        () => post({ type: 'conn', op: 'end', conn: m.conn }),
      );
      return;
    }
    const end = ends.get(m.conn);
    if (end === undefined) return;
    if (m.op === 'data' && m.bytes) end.write(m.bytes);
    else if (m.op === 'end') end.shutdownWrite();
    else if (m.op === 'close') {
      end.onChange = undefined;
      end.close();
      ends.delete(m.conn);
    }
  };
}

/** Host side: one connection to the guest in another thread, with the calls of a virtual socket end. */
export class RemoteEnd implements GuestEnd {
  private readonly inbox = new ByteQueue();
  private ended = false;
  private closed = false;
  failed: string | undefined;
  onChange: (() => void) | undefined;
  private readonly id: number;
  private readonly send: Post<ConnToGuest>;

  constructor(id: number, send: Post<ConnToGuest>) {
    this.id = id;
    this.send = send;
  }

  /** A connection that fails as soon as it is used: the guest is not there (restarting, stopped). */
  static failing(reason: string): RemoteEnd {
    const end = new RemoteEnd(0, () => {});
    queueMicrotask(() => end.fail(reason));
    return end;
  }

  write(bytes: Uint8Array): boolean {
    if (this.closed) return false;
    // A copy of its own to transfer (a Buffer from a socket may be a view into a shared pool).
    const copy = new Uint8Array(bytes);
    this.send({ type: 'conn', op: 'data', conn: this.id, bytes: copy }, [copy.buffer]);
    return true;
  }

  read(max: number): Uint8Array | null {
    if (this.inbox.size > 0) return this.inbox.take(max);
    return this.ended ? new Uint8Array(0) : null;
  }

  shutdownWrite(): void {
    if (!this.closed) this.send({ type: 'conn', op: 'end', conn: this.id });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.send({ type: 'conn', op: 'close', conn: this.id });
  }

  /** @internal what the guest side sent */
  receive(m: ConnFromGuest): void {
    if (m.op === 'data' && m.bytes) this.inbox.push(m.bytes);
    else {
      if (m.op === 'refused') this.failed = m.message ?? 'refused';
      this.ended = true;
    }
    this.onChange?.();
  }

  /** @internal the guest is gone */
  fail(reason: string): void {
    if (this.ended) return;
    this.failed = reason;
    this.ended = true;
    this.closed = true;
    this.onChange?.();
  }
}

/** Host side: the open connections to one guest thread. */
export class Connections {
  private readonly ends = new Map<number, RemoteEnd>();
  private nextId = 1;
  private readonly post: Post<ConnToGuest>;

  constructor(post: Post<ConnToGuest>) {
    this.post = post;
  }

  open(): RemoteEnd {
    const id = this.nextId++;
    const end = new RemoteEnd(id, (m, transfer) => {
      if (m.op === 'close') this.ends.delete(id);
      this.post(m, transfer);
    });
    this.ends.set(id, end);
    this.post({ type: 'conn', op: 'open', conn: id });
    return end;
  }

  receive(m: ConnFromGuest): void {
    const end = this.ends.get(m.conn);
    if (end === undefined) return;
    if (m.op !== 'data') this.ends.delete(m.conn);
    end.receive(m);
  }

  /** Ends every connection: the guest stopped or is being restarted. */
  fail(reason: string): void {
    const ends = [...this.ends.values()];
    this.ends.clear();
    for (const end of ends) end.fail(reason);
  }
}
