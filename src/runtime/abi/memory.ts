// Reading and writing the guest's linear memory. The views are re-made whenever memory.grow has replaced
// the underlying buffer, which happens between any two calls. Every access is bounds-checked: a pointer or
// length outside memory throws `Fault`, which the call guard turns into EFAULT for the guest (never a trap
// the guest did not cause). Pointers arrive unsigned (the guard applies `>>> 0`), so none is negative.
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A guest pointer or length that reaches outside its memory; the call returns EFAULT. */
export class Fault extends Error {
  constructor(ptr: number, len: number) {
    super(`guest memory access out of bounds: ${len} bytes at ${ptr}`);
    this.name = 'Fault';
  }
}

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

  /** Throws Fault unless [ptr, ptr + len) lies inside memory; returns the view, fresh. */
  check(ptr: number, len: number): DataView {
    const dv = this.view();
    if (!(ptr >= 0 && len >= 0 && ptr + len <= dv.byteLength)) throw new Fault(ptr, len);
    return dv;
  }

  /** The guest bytes [ptr, ptr + len), as a view (no copy). */
  range(ptr: number, len: number): Uint8Array {
    this.check(ptr, len);
    return this.u8.subarray(ptr, ptr + len);
  }

  /** Copies bytes into guest memory at ptr. */
  write(ptr: number, data: Uint8Array): void {
    this.check(ptr, data.length);
    this.u8.set(data, ptr);
  }

  string(ptr: number, len: number): string {
    return decoder.decode(this.range(ptr, len));
  }

  u32(ptr: number, value: number): void {
    this.check(ptr, 4).setUint32(ptr, value, true);
  }

  u64(ptr: number, value: bigint): void {
    this.check(ptr, 8).setBigUint64(ptr, value, true);
  }

  /** The guest buffers an iovec array points at, as views into memory (no copy); every one checked first. */
  iovecs(ptr: number, count: number): Uint8Array[] {
    const dv = this.check(ptr, count * 8);
    const out: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const buf = dv.getUint32(ptr + i * 8, true);
      const len = dv.getUint32(ptr + i * 8 + 4, true);
      out.push(this.range(buf, len));
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

  /**
   * Total capacity of an iovec array, after checking that the array and every buffer lie inside memory,
   * so a read finds a bad pointer before it takes bytes from a file or socket (nothing is lost).
   */
  capacity(ptr: number, count: number): number {
    let total = 0;
    for (const iov of this.iovecs(ptr, count)) total += iov.length;
    return total;
  }
}

export function encode(text: string): Uint8Array {
  return encoder.encode(text);
}
