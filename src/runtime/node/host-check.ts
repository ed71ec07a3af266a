// Which requests the localhost bridge lets through: only those naming this machine in `Host`. A web page can make a
// browser send requests to 127.0.0.1 under a name it controls (DNS rebinding); refusing other names keeps such a
// page from reading the guest's answers. The check follows the client's byte stream request by request (bodies
// skipped by Content-Length). A head is held back only until its Host line has been checked (browsers and curl send
// Host first); after that its bytes go on as they come, so the guest sees a slow head as it arrives.

/** Names that always mean this machine. */
export function isLoopbackName(name: string): boolean {
  const host = name.toLowerCase();
  return (
    host === 'localhost' || host.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '[::1]' || host === '0.0.0.0'
  );
}

/** The name part of a Host value: `localhost:8090` -> `localhost`, `[::1]:80` -> `[::1]`. */
export function hostName(value: string): string {
  const v = value.trim();
  if (v.startsWith('[')) return v.slice(0, v.indexOf(']') + 1 || v.length);
  const colon = v.indexOf(':');
  return colon < 0 ? v : v.slice(0, colon);
}

/** Bytes as latin1 text, read in place (no copy of the bytes first). */
function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** A line longer than this is passed on unchecked: the guest refuses such a head itself. */
const MAX_HELD_LINE = 16 * 1024;

export type CheckResult = { forward: Uint8Array[]; refused?: string };

export class HostCheck {
  private readonly allowed: ReadonlySet<string>;
  /** bytes of the current head not passed on yet (until its Host line is checked) */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** the unfinished line being received, for reading headers */
  private partial = '';
  private lineInHead = 0;
  private hostChecked = false;
  private bodyLength = 0;
  private encoded = false;
  /** body bytes still to pass through unexamined */
  private skip = 0;
  /** after a body of unknown length, nothing more can be framed: pass everything through */
  private opaque = false;
  /** request heads seen whole so far */
  heads = 0;

  constructor(allowHosts: readonly string[] = []) {
    this.allowed = new Set(allowHosts.map((h) => h.toLowerCase()));
  }

  allows(value: string): boolean {
    const name = hostName(value).toLowerCase();
    return isLoopbackName(name) || this.allowed.has(name);
  }

  /** Bytes from the client: what may go to the guest now, and the refused Host if one came. */
  push(chunk: Uint8Array): CheckResult {
    const forward: Uint8Array[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (this.opaque) {
        forward.push(chunk.subarray(at));
        break;
      }
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - at);
        forward.push(chunk.subarray(at, at + n));
        this.skip -= n;
        at += n;
        continue;
      }
      const newline = chunk.indexOf(10, at);
      const stop = newline < 0 ? chunk.length : newline + 1;
      const piece = chunk.subarray(at, stop);
      this.passOrHold(piece, forward);
      at = stop;
      if (newline < 0) {
        this.partial += latin1(piece);
        if (this.partial.length > MAX_HELD_LINE) this.giveUp(forward);
        break;
      }
      // The line without its \n, and without the \r before it (which may have come in the chunk before).
      const line = this.partial + latin1(piece.subarray(0, piece.length - 1));
      this.partial = '';
      const refused = this.examine(line.endsWith('\r') ? line.slice(0, -1) : line, forward);
      if (refused !== undefined) return { forward, refused };
    }
    return { forward };
  }

  /** The client finished sending: what was held back goes on as it is (the guest answers an unfinished head). */
  flush(): Uint8Array[] {
    const held = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    return held;
  }

  private passOrHold(piece: Uint8Array, forward: Uint8Array[]): void {
    if (this.hostChecked) forward.push(piece);
    else {
      this.pending.push(piece.slice());
      this.pendingBytes += piece.length;
      if (this.pendingBytes > MAX_HELD_LINE) this.giveUp(forward);
    }
  }

  /** A head too big to hold: pass everything on unchecked (the guest refuses such a head itself). */
  private giveUp(forward: Uint8Array[]): void {
    forward.push(...this.flush());
    this.partial = '';
    this.opaque = true;
  }

  /** Looks at one whole line of a head; returns the Host value when it is refused. */
  private examine(text: string, forward: Uint8Array[]): string | undefined {
    if (text === '') {
      // The blank line ends the head: a head without Host goes on as it is (the guest answers 400 for HTTP/1.1).
      forward.push(...this.flush());
      if (this.lineInHead > 0) this.heads++;
      if (this.encoded) this.opaque = true;
      else this.skip = this.bodyLength;
      this.lineInHead = 0;
      this.hostChecked = false;
      this.bodyLength = 0;
      this.encoded = false;
      return undefined;
    }
    this.lineInHead++;
    if (this.lineInHead === 1) return undefined; // the request line
    const colon = text.indexOf(':');
    if (colon <= 0) return undefined;
    const name = text.slice(0, colon).toLowerCase();
    const value = text.slice(colon + 1).trim();
    if (name === 'host' && !this.hostChecked) {
      if (value !== '' && !this.allows(value)) return value;
      this.hostChecked = true;
      forward.push(...this.flush());
    }
    if (name === 'content-length' && /^\d+$/.test(value)) this.bodyLength = Number(value);
    if (name === 'transfer-encoding') this.encoded = true;
    return undefined;
  }
}
