import type { IncomingMessage, ServerResponse } from 'node:http';
import { chooseEncoding } from '../serve/encoding.ts';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { MAX_BODY_BYTES } from './schemas.ts';

// Small pieces of HTTP the workshop API shares: JSON bodies with a size cap, JSON answers (compressed when the
// client accepts it and it is worth it), and errors as `{ "error": "..." }` with the right status.

export class HttpError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

const API_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Reads a JSON body of at most MAX_BODY_BYTES. Too big: 413 (without reading it all); not JSON: 415 or 400. */
export async function readJson(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'Send the body as application/json.');
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) throw new HttpError(413, `The body is too large (at most ${limit} bytes).`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `The body is too large (at most ${limit} bytes).`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The body is not valid JSON.');
  }
}

export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  sendText(req, res, status, JSON.stringify(value), 'application/json; charset=utf-8', headers);
}

export function sendText(req: IncomingMessage, res: ServerResponse, status: number, text: string, type: string, headers: Record<string, string> = {}): void {
  let body = Buffer.from(text);
  const out: Record<string, string | number> = { ...API_HEADERS, ...headers, 'Content-Type': type, Vary: 'Accept-Encoding' };
  const encoding = body.length >= 1024 ? chooseEncoding(req.headers['accept-encoding']) : undefined;
  if (encoding) {
    body = encoding === 'br' ? brotliCompressSync(body) : gzipSync(body);
    out['Content-Encoding'] = encoding;
  }
  out['Content-Length'] = body.length;
  res.writeHead(status, out);
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function sendError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  if (error instanceof HttpError) return sendJson(req, res, error.status, { error: error.message }, error.headers);
  const message = error instanceof Error ? error.message : String(error);
  sendJson(req, res, 500, { error: `The workshop server could not do that: ${message}` });
}

/** A token bucket per key: `burst` requests at once, refilled at `perSecond`. */
export class RateLimiter {
  #buckets = new Map<string, { tokens: number; at: number }>();
  readonly burst: number;
  readonly perSecond: number;
  constructor(burst: number, perSecond: number) {
    this.burst = burst;
    this.perSecond = perSecond;
  }

  /** Takes one token; returns the seconds to wait when there is none. */
  take(key: string, now = Date.now()): number | undefined {
    const b = this.#buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.#buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    return Math.ceil((1 - b.tokens) / this.perSecond);
  }

  limit(key: string): void {
    const wait = this.take(key);
    if (wait !== undefined) throw new HttpError(429, `Too many requests; try again in ${wait} s.`, { 'Retry-After': String(wait) });
  }
}
