// Byte-for-byte connections to a guest in another thread, as the host protocol's `conn` messages: open, data, end
// (one side has finished sending), close. The localhost bridge passes each real client's TCP connection through one
// of these, so keep-alive, pipelining and timeouts stay the guest's own, and a guest that computes forever freezes
// its thread, never the bridge's.
import { ByteQueue } from '../devices/net/byte-queue.ts';
import type { SocketEnd, VirtualNetwork } from '../devices/net/virtual-network.ts';
import { drainEnd, type ReadableEnd } from '../devices/net/drain.ts';
import type { ConnBatch, ConnFromGuest, ConnToGuest } from './protocol.ts';

/** One end of a connection to a guest: a virtual socket end in this thread, or a RemoteEnd to another. */
export interface GuestEnd extends ReadableEnd {
  write(bytes: Uint8Array): boolean;
  shutdownWrite(): void;
  close(): void;
  /** set when the connection ended because the guest refused it or went away */
  readonly failed?: string | undefined;
}

type Post<M> = (message: M, transfer?: ArrayBuffer[]) => void;
type Send<M> = (message: M) => void;

/**
 * Connection messages on their way to the guest's thread, sent together: a message costs its receiver a task of its
 * own, so what is sent in one task goes as one message, once that task is done (the localhost bridge passes on what
 * every client sent in a round of I/O in one task).
 */
class Batcher {
  private messages: ConnToGuest[] = [];
  private transfer: ArrayBuffer[] = [];
  private readonly send: Post<ConnBatch<ConnToGuest>>;

  constructor(send: Post<ConnBatch<ConnToGuest>>) {
    this.send = send;
  }

  /** `m.bytes`, if any, is handed over (transferred), not copied. */
  push(m: ConnToGuest): void {
    if (this.messages.length === 0) queueMicrotask(this.flush);
    this.messages.push(m);
    if (m.bytes !== undefined) this.transfer.push(m.bytes.buffer as ArrayBuffer);
  }

  readonly flush = (): void => {
    if (this.messages.length === 0) return;
    const messages = this.messages;
    const transfer = this.transfer;
    this.messages = [];
    this.transfer = [];
    this.send({ type: 'conns', messages }, transfer);
  };
}

/**
 * Guest side: carries the host's connections to the guest's port on its virtual network. What the guest sends goes
 * to the host at once, as it does to a client in its own thread: a guest that answers and then computes for long
 * must not hold its answer back.
 */
export function carryConnections(send: Post<ConnBatch<ConnFromGuest>>, network: VirtualNetwork, guestPort: number): (m: ConnToGuest) => void {
  const ends = new Map<number, SocketEnd>();
  const post = (m: ConnFromGuest): void => send({ type: 'conns', messages: [m] }, m.bytes === undefined ? [] : [m.bytes.buffer as ArrayBuffer]);
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
          // A copy of its own to hand over: the chunk may be a view of a buffer whose rest is still queued.
          post({ type: 'conn', op: 'data', conn: m.conn, bytes: new Uint8Array(chunk) });
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
  private readonly send: Send<ConnToGuest>;

  constructor(id: number, send: Send<ConnToGuest>) {
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
    this.send({ type: 'conn', op: 'data', conn: this.id, bytes: new Uint8Array(bytes) });
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
  private readonly out: Batcher;

  constructor(send: Post<ConnBatch<ConnToGuest>>) {
    this.out = new Batcher(send);
  }

  open(): RemoteEnd {
    const id = this.nextId++;
    const end = new RemoteEnd(id, (m) => {
      if (m.op === 'close') this.ends.delete(id);
      this.out.push(m);
    });
    this.ends.set(id, end);
    this.out.push({ type: 'conn', op: 'open', conn: id });
    return end;
  }

  /** What the guest sent, in order. */
  receive(batch: ConnBatch<ConnFromGuest>): void {
    for (const m of batch.messages) {
      const end = this.ends.get(m.conn);
      if (end === undefined) continue;
      if (m.op !== 'data') this.ends.delete(m.conn);
      end.receive(m);
    }
  }

  /** Ends every connection: the guest stopped or is being restarted. */
  fail(reason: string): void {
    const ends = [...this.ends.values()];
    this.ends.clear();
    for (const end of ends) end.fail(reason);
  }
}
