// Reading and writing the guest's linear memory. The views are re-made whenever memory.grow
// has replaced the underlying buffer, which happens between any two calls.
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class GuestMemory {
  memory: WebAssembly.Memory | undefined;
  private dv = new DataView(new ArrayBuffer(0));
  private u8 = new Uint8Array(0);

  attach(memory: WebAssembly.Memory): void {
    this.memory = memory;
  }

  view(): DataView {
    const buffer = this.memory?.buffer;
    if (buffer === undefined) throw new Error('the guest has no exported memory');
    if (this.dv.buffer !== buffer) {
      this.dv = new DataView(buffer);
      this.u8 = new Uint8Array(buffer);
    }
    return this.dv;
  }

  bytes(): Uint8Array {
    this.view();
    return this.u8;
  }

  string(ptr: number, len: number): string {
    return decoder.decode(this.bytes().subarray(ptr, ptr + len));
  }

  u32(ptr: number, value: number): void {
    this.view().setUint32(ptr, value, true);
  }

  u64(ptr: number, value: bigint): void {
    this.view().setBigUint64(ptr, value, true);
  }

  /** The guest buffers an iovec array points at, as views into memory (no copy). */
  iovecs(ptr: number, count: number): Uint8Array[] {
    const dv = this.view();
    const out: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const buf = dv.getUint32(ptr + i * 8, true);
      const len = dv.getUint32(ptr + i * 8 + 4, true);
      out.push(this.u8.subarray(buf, buf + len));
    }
    return out;
  }

  /** Gathers a ciovec array into one copy (what a write hands to a file or socket). */
  gather(ptr: number, count: number): Uint8Array {
    const parts = this.iovecs(ptr, count);
    if (parts.length === 1) return parts[0]!.slice();
    let total = 0;
    for (const p of parts) total += p.length;
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** Scatters bytes over an iovec array; returns how many were placed. */
  scatter(ptr: number, count: number, data: Uint8Array): number {
    let at = 0;
    for (const iov of this.iovecs(ptr, count)) {
      if (at >= data.length) break;
      const n = Math.min(iov.length, data.length - at);
      iov.set(data.subarray(at, at + n));
      at += n;
    }
    return at;
  }

  /** Total capacity of an iovec array. */
  capacity(ptr: number, count: number): number {
    const dv = this.view();
    let total = 0;
    for (let i = 0; i < count; i++) total += dv.getUint32(ptr + i * 8 + 4, true);
    return total;
  }
}

export function encode(text: string): Uint8Array {
  return encoder.encode(text);
}
