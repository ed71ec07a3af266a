import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler, safeSegments } from '../../../src/serve/static-files.ts';
import { chooseEncoding } from '../../../src/serve/encoding.ts';
import { siteFixture, type SiteFixture } from './fixture.ts';

// The static file server `npm start` and `containerless workshop` share, against a real server on 127.0.0.1.

let site: SiteFixture;
let server: Server;
let port: number;

/** A raw request: the path goes on the wire exactly as written (no URL normalisation by a client library). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  site = siteFixture();
  const handler = createStaticHandler({ root: site.dist });
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  site.cleanup();
});

describe('static file server', () => {
  it('serves pages with their content type, folders through index.html', async () => {
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await get('/learn/wasi/')).body.toString()).toContain('<title>WASI</title>');
    expect((await get('/learn/wasi')).body.toString()).toContain('<title>WASI</title>');
    expect((await get('/wasm/word_generator.wasm')).headers['content-type']).toBe('application/wasm');
    expect((await get('/')).headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('compresses with brotli or gzip only when asked, and the bytes decode to the file', async () => {
    const file = readFileSync(join(site.dist, 'wasm', 'word_generator.wasm'));
    const br = await get('/wasm/word_generator.wasm', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toBe('Accept-Encoding');
    expect(br.body.length).toBeLessThan(file.length);
    expect(brotliDecompressSync(br.body).equals(file)).toBe(true);

    const gz = await get('/wasm/word_generator.wasm', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(file)).toBe(true);

    const plain = await get('/wasm/word_generator.wasm');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toBe('Accept-Encoding');
    expect(plain.body.equals(file)).toBe(true);

    const refused = await get('/wasm/word_generator.wasm', { 'Accept-Encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    // Tiny files are not worth it.
    expect((await get('/tiny.txt', { 'Accept-Encoding': 'br' })).headers['content-encoding']).toBeUndefined();
  });

  it('caches hashed build output and content-hashed URLs forever, revalidates the rest by ETag', async () => {
    expect((await get('/_astro/page.abc123.js')).headers['cache-control']).toContain('immutable');
    const module = await get('/wasm/word_generator.wasm');
    expect(module.headers['cache-control']).toBe('no-cache');
    const etag = String(module.headers['etag']);
    const hash = etag.slice(1, 17);
    expect((await get(`/wasm/word_generator.wasm?v=${hash}`)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/wasm/word_generator.wasm?v=0000000000000000')).headers['cache-control']).toBe('no-cache');
    const again = await get('/wasm/word_generator.wasm', { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('refuses every way out of the folder', async () => {
    for (const path of ['/../secret.txt', '/learn/../../secret.txt', '/%2e%2e/secret.txt', '/learn/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/%00', '/%zz', '/learn\\..\\..\\secret.txt']) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.toString(), path).not.toContain('outside the site');
    }
    // A symlink pointing out of dist/ is not followed; nor are hidden files.
    for (const path of ['/escape.txt', '/up/secret.txt', '/.env', '/%2eenv']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.toString(), path).not.toMatch(/outside the site|SECRET/);
    }
  });

  it('answers 404 with the site page and 405 for writes', async () => {
    const missing = await get('/nope/');
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toContain('Not found');
    const post = await get('/', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
    const head = await get('/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });
});

describe('request paths and encodings', () => {
  it('decodes segments once and refuses dot segments and encoded separators', () => {
    expect(safeSegments('/learn/wasi/')).toEqual({ segments: ['learn', 'wasi', ''] });
    expect(safeSegments('/a%20b')).toEqual({ segments: ['a b'] });
    expect(safeSegments('/%252e%252e/x')).toEqual({ segments: ['%2e%2e', 'x'] });
    expect(safeSegments('/a/%2F/b')).toHaveProperty('refused');
    expect(safeSegments('/./a')).toHaveProperty('refused');
  });

  it('prefers brotli, honours q-values', () => {
    expect(chooseEncoding('gzip, br')).toBe('br');
    expect(chooseEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding(undefined)).toBeUndefined();
  });
});
