// A guest Worker asked to start a server before anyone needs it ('prepare': what a page's head asks of its early
// Worker, src/build-time/module-preloads.ts). The later start with the same module and options gets that server; any
// other start gets a fresh one, and nothing of the first reaches the host. The Worker downloads the module itself,
// here from a server on 127.0.0.1, as a browser Worker does from the site.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moduleBytes } from './helpers/fixtures.ts';
import { nodeWorker } from '../../../src/runtime/node/node-worker.ts';
import { startServerInWorker } from '../../../src/runtime/host/remote-server.ts';

const bytes = moduleBytes('public/wasm/word_generator.wasm');
const NAME = 'word_generator.wasm';
let site: http.Server;
let base = '';
const downloads: string[] = [];

beforeAll(async () => {
  site = http.createServer((req, res) => {
    downloads.push(req.url ?? '');
    if (req.url?.startsWith('/wasm/word_generator.wasm')) res.writeHead(200, { 'content-type': 'application/wasm', 'content-length': bytes.length }).end(bytes);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => site.close(() => resolve())));

/** A Worker that was asked to start this server ahead, as the page's head asks. */
function preparedWorker(url: string, options: object) {
  const worker = nodeWorker();
  worker.postMessage({ type: 'prepare', source: { url, name: NAME }, options });
  return worker;
}

describe('a server started ahead in its Worker', () => {
  it('is the server a start with the same module and options gets, downloaded once, with what it logged meanwhile', async () => {
    const url = `${base}/wasm/word_generator.wasm?v=same`;
    const worker = preparedWorker(url, { trace: true, mode: 'per-request', env: { PORT: '8090' } });
    // The same options in another key order, as the page writes them.
    const server = await startServerInWorker(url, { env: { PORT: '8090' }, trace: true, mode: 'per-request', name: NAME, createWorker: () => worker });
    expect([server.port, server.status, server.startedAhead]).toEqual([8090, 'listening', true]);
    expect(server.startTiming.bytes).toBe(bytes.length);
    expect(server.startTiming.startMs).toBeGreaterThan(0);
    expect(server.logs.map((l) => l.text).join('\n')).toMatch(/8090/);
    const calls: string[] = [];
    server.onTrace((e) => calls.push(e.call));
    const res = await server.request('/?starts_with=k');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^k[a-z]*\n?$/);
    expect(calls).toContain('sock_accept');
    expect(downloads.filter((d) => d.includes('v=same'))).toHaveLength(1);
    await server.stop();
  });

  it("compiles the module from the response the page's head fetched, its body handed over as it streams", async () => {
    const url = `${base}/wasm/word_generator.wasm?v=streamed`;
    const startedAt = performance.timeOrigin + performance.now();
    const res = await fetch(url);
    const worker = nodeWorker();
    // As the head does: the prepare first, the response when it comes.
    worker.postMessage({ type: 'prepare', source: { url, name: NAME, fetchedByPage: true }, options: { env: { PORT: '8090' } } });
    const response = { status: res.status, contentType: res.headers.get('content-type'), body: res.body!, startedAt };
    worker.postMessage({ type: 'fetched', url, response }, [res.body as unknown as ArrayBuffer]);
    const server = await startServerInWorker(url, { env: { PORT: '8090' }, name: NAME, createWorker: () => worker });
    expect([server.startedAhead, server.startTiming.bytes]).toEqual([true, bytes.length]);
    // The Worker fetched nothing itself: the one download is the page's.
    expect(downloads.filter((d) => d.includes('v=streamed'))).toHaveLength(1);
    expect((await server.request('/?starts_with=q')).body).toMatch(/^q/);
    await server.stop();
  });

  it('fetches the module itself when the page says its fetch gave nothing to hand over', async () => {
    const url = `${base}/wasm/word_generator.wasm?v=itself`;
    const worker = nodeWorker();
    worker.postMessage({ type: 'prepare', source: { url, name: NAME, fetchedByPage: true }, options: { env: { PORT: '8090' } } });
    worker.postMessage({ type: 'fetched', url });
    const server = await startServerInWorker(url, { env: { PORT: '8090' }, name: NAME, createWorker: () => worker });
    expect(server.startedAhead).toBe(true);
    expect(downloads.filter((d) => d.includes('v=itself'))).toHaveLength(1);
    await server.stop();
  });

  it('is let go unheard when the start asks for other options, and the asked-for server starts fresh', async () => {
    const url = `${base}/wasm/word_generator.wasm?v=other`;
    const worker = preparedWorker(url, { env: { PORT: '8090' }, trace: true, mode: 'per-request' });
    const server = await startServerInWorker(url, { env: { PORT: '9000' }, mode: 'per-request', name: NAME, createWorker: () => worker });
    expect([server.port, server.startedAhead]).toEqual([9000, false]);
    const logs = server.logs.map((l) => l.text).join('\n');
    expect(logs).toMatch(/9000/);
    expect(logs).not.toMatch(/8090/);
    expect((await server.request('http://localhost:9000/healthz')).body).toBe('ok\n');
    await server.stop();
  });

  it('is tried again when asked if it could not start ahead, and the start says why when it fails again', async () => {
    const url = `${base}/wasm/missing.wasm?v=1`;
    const worker = preparedWorker(url, { env: { PORT: '8090' } });
    const err = await startServerInWorker(url, { env: { PORT: '8090' }, name: NAME, createWorker: () => worker }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(`could not download ${NAME}: HTTP 404`);
    expect(downloads.filter((d) => d.startsWith('/wasm/missing.wasm'))).toHaveLength(2);
  });
});
