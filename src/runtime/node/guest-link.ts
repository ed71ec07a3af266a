// Connections between the localhost bridge (in the main thread) and the guest's virtual network (in a worker
// thread), so a guest that computes forever cannot freeze the bridge: the bridge still answers, times the guest out
// and restarts it. Each connection is a few messages: open, data, end (one side has finished sending), close.
import { ByteQueue } from '../devices/net/byte-queue.ts';
import type { SocketEnd, VirtualNetwork } from '../devices/net/virtual-network.ts';

export type LinkToGuest = { type: 'net'; op: 'open' | 'data' | 'end' | 'close'; id: number; bytes?: Uint8Array };
export type LinkFromGuest = { type: 'net'; op: 'data' | 'end' | 'refused'; id: number; bytes?: Uint8Array; message?: string };

interface Port {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
}

/** Worker side: carries the bridge's connections to the guest's port on the virtual network. */
export function carryConnections(port: Port, network: VirtualNetwork, guestPort: number): (m: LinkToGuest) => void {
  const ends = new Map<number, SocketEnd>();
  return (m) => {
    if (m.op === 'open') {
      let end;
      try {
        end = network.connect(guestPort);
      } catch (e) {
        port.postMessage({ type: 'net', op: 'refused', id: m.id, message: e instanceof Error ? e.message : String(e) } satisfies LinkFromGuest);
        return;
      }
      ends.set(m.id, end);
      end.onChange = () => {
        for (;;) {
          const chunk = end.read(1 << 16);
          if (chunk === null) return;
          if (chunk.length === 0) {
            end.onChange = undefined;
            port.postMessage({ type: 'net', op: 'end', id: m.id } satisfies LinkFromGuest);
            return;
          }
          const bytes = new Uint8Array(chunk);
          port.postMessage({ type: 'net', op: 'data', id: m.id, bytes } satisfies LinkFromGuest, [bytes.buffer]);
        }
      };
      return;
    }
    const end = ends.get(m.id);
    if (end === undefined) return;
    if (m.op === 'data' && m.bytes) end.write(m.bytes);
    else if (m.op === 'end') end.shutdownWrite();
    else if (m.op === 'close') {
      end.onChange = undefined;
      end.close();
      ends.delete(m.id);
    }
  };
}

/** Main side: one connection to the guest, with the calls the bridge makes on a virtual socket end. */
export class RemoteEnd {
  private readonly inbox = new ByteQueue();
  private ended = false;
  private closed = false;
  /** why the connection ended without the guest ending it: refused, or the guest was restarted */
  failed: string | undefined;
  onChange: (() => void) | undefined;
  private readonly id: number;
  private readonly send: (m: LinkToGuest, transfer?: ArrayBuffer[]) => void;

  constructor(id: number, send: (m: LinkToGuest, transfer?: ArrayBuffer[]) => void) {
    this.id = id;
    this.send = send;
  }

  write(bytes: Uint8Array): boolean {
    if (this.closed) return false;
    // A copy of its own to transfer (a Buffer from a socket may be a view into a shared pool).
    const copy = new Uint8Array(bytes);
    this.send({ type: 'net', op: 'data', id: this.id, bytes: copy }, [copy.buffer]);
    return true;
  }

  /** Up to `max` bytes; an empty array at the end of the stream; null when nothing is there yet. */
  read(max: number): Uint8Array | null {
    if (this.inbox.size > 0) return this.inbox.take(max);
    return this.ended ? new Uint8Array(0) : null;
  }

  shutdownWrite(): void {
    if (!this.closed) this.send({ type: 'net', op: 'end', id: this.id });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.send({ type: 'net', op: 'close', id: this.id });
  }

  /** @internal what the guest side sent */
  receive(m: LinkFromGuest): void {
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

export class GuestLink {
  private readonly ends = new Map<number, RemoteEnd>();
  private nextId = 1;
  private readonly post: (m: LinkToGuest, transfer?: ArrayBuffer[]) => void;

  constructor(post: (m: LinkToGuest, transfer?: ArrayBuffer[]) => void) {
    this.post = post;
  }

  connect(): RemoteEnd {
    const id = this.nextId++;
    const end = new RemoteEnd(id, (m, transfer) => {
      if (m.op === 'close') this.ends.delete(id);
      this.post(m, transfer);
    });
    this.ends.set(id, end);
    this.post({ type: 'net', op: 'open', id });
    return end;
  }

  receive(m: LinkFromGuest): void {
    const end = this.ends.get(m.id);
    if (end === undefined) return;
    if (m.op !== 'data') this.ends.delete(m.id);
    end.receive(m);
  }

  /** Ends every connection: the guest stopped or is being restarted. */
  fail(reason: string): void {
    const ends = [...this.ends.values()];
    this.ends.clear();
    for (const end of ends) end.fail(reason);
  }
}
