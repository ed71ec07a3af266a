// The one static file server of the project: `npm start` and `containerless workshop` both serve `dist/` through it.
// Plain node:http + node:zlib: it must work offline from the repository's own dependencies, refuse every path trick
// (nothing outside the root, no `..`, no symlink escape, no encoded separators), and compress with brotli or gzip.
import { createHash } from 'node:crypto';
import { realpathSync, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { contentType, isCompressible } from './content-types.ts';
import { chooseEncoding, type Encoding } from './encoding.ts';
import { normaliseBase } from './base-path.ts';

export interface StaticOptions {
  /** The folder to serve (e.g. dist/). Nothing outside it is ever read. */
  root: string;
  /** Extra headers on every answer (the site's cross-origin isolation headers). */
  headers?: Record<string, string>;
  /** The path the site was built for (`/containerless/`, see src/serve/base-path.ts): served there and only there. Default `/`. */
  base?: string;
}

/** Headers the built site needs on every answer: WebContainer wants a cross-origin isolated page. */
export const siteHeaders: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

interface Entry {
  mtimeMs: number;
  size: number;
  body: Buffer;
  etag: string;
  /** First 16 hex digits of the SHA-256 of the bytes: a `?v=` with this value may be cached forever. */
  hash: string;
  compressed: Partial<Record<Encoding, Buffer>>;
}

/** Files below this size are sent as they are: compression would cost more than it saves. */
const MIN_COMPRESS = 1024;
/** Files above this size are streamed from disk on each request and never kept in memory. */
const MAX_CACHED = 8 * 1024 * 1024;

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Why a request path is refused, or the decoded segments it names. */
export function safeSegments(rawPath: string): { segments: string[] } | { refused: string } {
  if (!rawPath.startsWith('/')) return { refused: 'the path must start with /' };
  if (rawPath.includes('\\')) return { refused: 'backslashes are not allowed in paths' };
  const segments: string[] = [];
  const parts = rawPath.split('/');
  for (let i = 1; i < parts.length; i++) {
    const raw = parts[i] ?? '';
    let part: string;
    try {
      part = decodeURIComponent(raw);
    } catch {
      return { refused: 'the path is not valid percent-encoding' };
    }
    // An encoded separator or NUL would let a segment reach past its folder once decoded.
    if (/[/\\\0]/.test(part)) return { refused: 'encoded separators are not allowed in paths' };
    if (part === '..' || part === '.') return { refused: 'dot segments are not allowed in paths' };
    if (part === '' && i < parts.length - 1) continue; // `//` collapses
    segments.push(part);
  }
  return { segments };
}

export function createStaticHandler(options: StaticOptions): StaticHandler {
  const root = realpathSync(options.root);
  const headers = { ...siteHeaders, ...options.headers };
  const base = normaliseBase(options.base);
  const cache = new Map<string, Entry>();

  const inside = (path: string) => path === root || path.startsWith(root + sep);

  /** The real file for a request path, following index.html for folders; undefined when there is none or it escapes. */
  async function resolveFile(segments: string[]): Promise<string | undefined> {
    const candidate = join(root, ...segments);
    const tries = segments.at(-1) === '' ? [join(candidate, 'index.html')] : [candidate, join(candidate, 'index.html'), candidate + '.html'];
    for (const path of tries) {
      let real: string;
      try {
        real = await fs.realpath(path);
      } catch {
        continue;
      }
      // A symlink inside dist/ must not lead out of it.
      if (!inside(real)) return undefined;
      const stat = await fs.stat(real).catch(() => undefined);
      if (stat?.isFile()) return real;
    }
    return undefined;
  }

  async function load(path: string): Promise<Entry | { stream: true; size: number; mtimeMs: number }> {
    const stat = await fs.stat(path);
    const cached = cache.get(path);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    if (stat.size > MAX_CACHED) return { stream: true, size: stat.size, mtimeMs: stat.mtimeMs };
    const body = await fs.readFile(path);
    const digest = createHash('sha256').update(body).digest('hex');
    const entry: Entry = { mtimeMs: stat.mtimeMs, size: body.length, body, etag: `"${digest.slice(0, 32)}"`, hash: digest.slice(0, 16), compressed: {} };
    cache.set(path, entry);
    return entry;
  }

  function compressed(entry: Entry, encoding: Encoding): Buffer {
    let out = entry.compressed[encoding];
    if (!out) {
      // Once per file and version, then kept: quality 9 brotli is close to the best at a fraction of 11's time.
      out =
        encoding === 'br'
          ? brotliCompressSync(entry.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: entry.body.length } })
          : gzipSync(entry.body, { level: 9 });
      entry.compressed[encoding] = out;
    }
    return out;
  }

  async function send404(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const page = await resolveFile(['404.html']);
    const body = page ? await fs.readFile(page) : Buffer.from('Not found\n');
    res.writeHead(404, { ...headers, 'Content-Type': page ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function redirect(res: ServerResponse, location: string): void {
    res.writeHead(302, { ...headers, Location: location, 'Content-Length': 0, 'Cache-Control': 'no-cache' });
    res.end();
  }

  function refuse(res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
    const body = `${message}\n`;
    res.writeHead(status, { ...headers, ...extra, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Only GET and HEAD are served here.', { Allow: 'GET, HEAD' });
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const requested = q === -1 ? url : url.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
    // A sub-path build answers under its base only, as its static host would; the bare base and the host's root
    // lead to its home page, so `http://127.0.0.1:4321/` still finds the site.
    if (base !== '/' && (requested === '/' || requested === base.slice(0, -1))) return redirect(res, base);
    if (!requested.startsWith(base)) return send404(req, res);
    const rawPath = requested.slice(base.length - 1);
    const checked = safeSegments(rawPath);
    if ('refused' in checked) return refuse(res, 400, `Bad path: ${checked.refused}.`);
    // Hidden files (.git, .env) are never part of a built site.
    if (checked.segments.some((s) => s.startsWith('.'))) return send404(req, res);
    const file = await resolveFile(checked.segments);
    if (!file) return send404(req, res);

    const type = contentType(extname(file));
    const loaded = await load(file);
    if ('stream' in loaded) {
      res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': loaded.size, 'Cache-Control': 'no-cache' });
      if (req.method === 'HEAD') return void res.end();
      const handle = await fs.open(file);
      handle.createReadStream().pipe(res);
      return;
    }
    const entry = loaded;
    const compressible = isCompressible(type) && entry.body.length >= MIN_COMPRESS;
    const out: Record<string, string | number> = { ...headers, 'Content-Type': type, ETag: entry.etag, 'Cache-Control': cacheControl(rawPath, query, entry) };
    if (compressible) out['Vary'] = 'Accept-Encoding';

    const match = req.headers['if-none-match'];
    if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === entry.etag)) {
      res.writeHead(304, out);
      return void res.end();
    }
    const encoding = compressible ? chooseEncoding(req.headers['accept-encoding']) : undefined;
    const body = encoding ? compressed(entry, encoding) : entry.body;
    if (encoding) out['Content-Encoding'] = encoding;
    out['Content-Length'] = body.length;
    res.writeHead(200, out);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/**
 * Hashed build output (`/_astro/`) never changes under its name; any other file may be cached forever only when the
 * request names its content hash (`?v=<first 16 hex of its SHA-256>`). Everything else is revalidated by ETag, so a
 * rebuilt site is seen at once.
 */
function cacheControl(path: string, query: URLSearchParams, entry: Entry): string {
  if (path.startsWith('/_astro/') || query.get('v') === entry.hash) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}
