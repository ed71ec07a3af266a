// A FIFO of byte chunks: what one side of a connection has sent and the other has not yet read.
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  size = 0;

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  /** Removes (or, with peek, copies) up to `max` bytes from the front. */
  take(max: number, peek = false): Uint8Array {
    const n = Math.min(max, this.size);
    const first = this.chunks[0];
    if (first === undefined || n === 0) return new Uint8Array(0);
    if (first.length >= n) {
      if (!peek) {
        if (first.length === n) this.chunks.shift();
        else this.chunks[0] = first.subarray(n);
        this.size -= n;
      }
      return first.subarray(0, n);
    }
    const out = new Uint8Array(n);
    let at = 0;
    if (peek) {
      for (const c of this.chunks) {
        if (at >= n) break;
        const k = Math.min(c.length, n - at);
        out.set(c.subarray(0, k), at);
        at += k;
      }
      return out;
    }
    while (at < n) {
      const c = this.chunks[0]!;
      const k = Math.min(c.length, n - at);
      out.set(c.subarray(0, k), at);
      at += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.size -= n;
    return out;
  }

  /** Everything queued, as one copy (without removing it). */
  snapshot(): Uint8Array {
    return this.take(this.size, true).slice();
  }
}
