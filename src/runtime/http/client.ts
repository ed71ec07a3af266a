// An HTTP/1.1 client over the virtual network: what the in-page `curl` and the demo widget use.
import { NetworkError, type SocketEnd, type VirtualNetwork } from '../devices/net/virtual-network.ts';
import { bodyLength, decodeChunked, headEnd, parseHead } from './framing.ts';
import { HttpError } from './errors.ts';
import { parseTarget, refused, type Target } from './target.ts';

export { HttpError, type HttpErrorCode } from './errors.ts';

export interface HttpRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** give up after this long without a complete response; default 5000 ms */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  /** lower-case names; repeated headers are joined with ", " */
  headers: Record<string, string>;
  /** every header in order, names as the server wrote them: what curl -i and -v print */
  headerList: [string, string][];
  body: string;
  bodyBytes: Uint8Array;
  /** the request and response as they went over the wire (latin1 text), for teaching views */
  rawRequest: string;
  rawResponse: string;
  timings: { connectMs: number; firstByteMs: number; totalMs: number };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b.slice();
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Sends one request and reads the whole response. Throws HttpError with a curl-like message on failure. */
export async function request(network: VirtualNetwork, url: string | Target, init: HttpRequestInit = {}): Promise<HttpResponse> {
  const t0 = performance.now();
  const u = parseTarget(url);
  const port = u.port;
  const method = (init.method ?? 'GET').toUpperCase();
  const body = typeof init.body === 'string' ? new TextEncoder().encode(init.body) : init.body;
  const headers: Record<string, string> = { Host: u.host, 'User-Agent': 'containerless-curl/1', Accept: '*/*' };
  for (const [k, v] of Object.entries(init.headers ?? {})) {
    for (const existing of Object.keys(headers)) if (existing.toLowerCase() === k.toLowerCase()) delete headers[existing];
    headers[k] = v;
  }
  if (body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')) headers['Content-Length'] = String(body.length);
  const head = `${method} ${u.path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  const requestBytes = concat(new TextEncoder().encode(head), body ?? new Uint8Array(0));

  let conn: SocketEnd;
  try {
    conn = network.connect(port);
  } catch (e) {
    if (e instanceof NetworkError) throw refused(u);
    throw e;
  }
  const connectMs = performance.now() - t0;
  conn.write(requestBytes);

  const timeoutMs = init.timeoutMs ?? 5000;
  const deadline = t0 + timeoutMs;
  let received: Uint8Array = new Uint8Array(0);
  let firstByteMs = -1;
  try {
    for (;;) {
      const chunk = conn.read(1 << 20);
      if (chunk !== null && chunk.length > 0) {
        if (firstByteMs < 0) firstByteMs = performance.now() - t0;
        received = concat(received, chunk);
        if (responseComplete(received, method)) break;
        continue;
      }
      if (chunk !== null) break; // end of stream
      const left = deadline - performance.now();
      if (left <= 0) throw new HttpError('ETIMEDOUT', `operation timed out after ${timeoutMs} ms with ${received.length} bytes received`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([conn.whenReadable(), new Promise<void>((r) => (timer = setTimeout(r, left)))]);
      clearTimeout(timer);
    }
  } finally {
    conn.close();
  }
  if (received.length === 0) throw new HttpError('EMPTYREPLY', 'empty reply from server');
  return parseResponse(received, requestBytes, { connectMs, firstByteMs, totalMs: performance.now() - t0 }, method);
}

function responseComplete(bytes: Uint8Array, method: string): boolean {
  const end = headEnd(bytes);
  if (end < 0) return false;
  const head = parseHead(bytes, end);
  const status = Number(head.startLine.split(' ')[1]);
  if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) return true;
  const len = bodyLength(head);
  if (len === undefined || len === 'chunked') return false; // read until close
  return bytes.length - end >= len;
}

function parseResponse(bytes: Uint8Array, requestBytes: Uint8Array, timings: HttpResponse['timings'], method: string): HttpResponse {
  const latin1 = new TextDecoder('latin1');
  const end = headEnd(bytes);
  if (end < 0) throw new HttpError('EBADRESPONSE', `the server sent ${bytes.length} bytes that are not an HTTP response head`);
  const head = parseHead(bytes, end);
  const m = /^(HTTP\/\d(?:\.\d)?) (\d{3}) ?(.*)$/.exec(head.startLine);
  if (m === null) throw new HttpError('EBADRESPONSE', `not an HTTP status line: ${JSON.stringify(head.startLine)}`);
  let bodyBytes = bytes.subarray(end);
  const len = bodyLength(head);
  if (len === 'chunked') bodyBytes = decodeChunked(bodyBytes);
  else if (typeof len === 'number') bodyBytes = bodyBytes.subarray(0, len);
  if (method === 'HEAD') bodyBytes = new Uint8Array(0);
  const headers: Record<string, string> = {};
  for (const [name, v] of head.headers) {
    const k = name.toLowerCase();
    headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
  }
  return {
    status: Number(m[2]), statusText: m[3] ?? '', httpVersion: m[1] ?? 'HTTP/1.1', headers, headerList: head.headers,
    body: new TextDecoder().decode(bodyBytes), bodyBytes, rawRequest: latin1.decode(requestBytes), rawResponse: latin1.decode(bytes), timings,
  };
}
