// Just enough HTTP/1.1 framing to know when a request or response is complete on a byte stream.
const CRLFCRLF = [13, 10, 13, 10];

/** Index just past the blank line that ends the head, or -1. */
export function headEnd(bytes: Uint8Array): number {
  outer: for (let i = 0; i + 3 < bytes.length; i++) {
    for (let k = 0; k < 4; k++) if (bytes[i + k] !== CRLFCRLF[k]) continue outer;
    return i + 4;
  }
  return -1;
}

export interface Head {
  startLine: string;
  /** names as the sender wrote them (curl -i shows them so), in order */
  headers: [string, string][];
}

export function parseHead(bytes: Uint8Array, end: number): Head {
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, end - 4));
  const [startLine = '', ...lines] = text.split('\r\n');
  const headers: [string, string][] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { startLine, headers };
}

function header(h: Head, name: string): string | undefined {
  return h.headers.find(([k]) => k.toLowerCase() === name)?.[1];
}

/** How many body bytes the head announces: a number, 'chunked', or undefined (none, or until close). */
export function bodyLength(h: Head): number | 'chunked' | undefined {
  if (/chunked/i.test(header(h, 'transfer-encoding') ?? '')) return 'chunked';
  const cl = header(h, 'content-length');
  if (cl === undefined) return undefined;
  const n = Number(cl);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** True when a chunked body (starting at `from`) has its last chunk. */
function chunkedDone(bytes: Uint8Array, from: number): boolean {
  let at = from;
  const text = new TextDecoder('latin1');
  for (;;) {
    const lineEnd = bytes.indexOf(10, at);
    if (lineEnd < 0) return false;
    const size = parseInt(text.decode(bytes.subarray(at, lineEnd)).trim(), 16);
    if (Number.isNaN(size)) return true; // malformed: let the server answer it
    at = lineEnd + 1 + size + 2;
    if (size === 0) return at <= bytes.length;
    if (at > bytes.length) return false;
  }
}

/** A request is complete once its head has ended and the body it announces has arrived. */
export function requestComplete(bytes: Uint8Array): boolean {
  const end = headEnd(bytes);
  if (end < 0) return false;
  const len = bodyLength(parseHead(bytes, end));
  if (len === 'chunked') return chunkedDone(bytes, end);
  return bytes.length - end >= (len ?? 0);
}

export function decodeChunked(body: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  const text = new TextDecoder('latin1');
  for (;;) {
    const lineEnd = body.indexOf(10, at);
    if (lineEnd < 0) break;
    const size = parseInt(text.decode(body.subarray(at, lineEnd)).trim(), 16);
    if (!(size > 0)) break;
    parts.push(body.subarray(lineEnd + 1, lineEnd + 1 + size));
    at = lineEnd + 1 + size + 2;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}
