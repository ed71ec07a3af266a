// `containerless run` keeps its bridge apart from the guest: a guest that computes forever after taking a request
// gets that request a 503, is restarted in a fresh thread, and the next client is served; a real port throughout.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { serveApart, type Serving } from '../../../src/runtime/node/serve-apart.ts';
import type { ServeRequest } from '../../../src/runtime/node/serve-thread.ts';

const root = new URL('../../../', import.meta.url);
const compiled = (path: string) => new WebAssembly.Module(readFileSync(new URL(path, root)));

let serving: Serving | undefined;
afterEach(async () => {
  await serving?.stop();
  serving = undefined;
});

function request(file: string, extra: Partial<ServeRequest> = {}): ServeRequest {
  return { module: compiled(file), name: file, args: [], env: {}, mode: 'jspi', trace: false, port: 0, ...extra };
}

const quiet = { onLog: () => {}, onTrace: () => {}, onExit: () => {} };

describe('the bridge apart from the guest', () => {
  it('answers 503 when the guest never answers, restarts it, and serves the next request', async () => {
    const restarts: string[] = [];
    serving = await serveApart(request('tests/fixtures/wasm/counter_server.wasm', { answerTimeoutMs: 500 }), { ...quiet, onRestart: (m) => restarts.push(m) });
    const base = `http://127.0.0.1:${serving.port}`;
    const stuck = await fetch(`${base}/spin`);
    expect(stuck.status).toBe(503);
    expect(await stuck.text()).toContain('did not answer within 0.5 s; it is being restarted');
    expect(restarts).toHaveLength(1);
    // The bridge never stopped answering; once the fresh guest listens, requests are served again.
    let next: Response | undefined;
    for (let i = 0; i < 50 && next?.status !== 200; i++) {
      next = await fetch(`${base}/count`).catch(() => undefined);
      if (next?.status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(next?.status).toBe(200);
  }, 30_000);

  it('serves the word generator with keep-alive through the thread boundary', async () => {
    serving = await serveApart(request('public/wasm/word_generator.wasm'), { ...quiet, onRestart: () => {} });
    const answers = await Promise.all(['a', 'b', 'c'].map((l) => fetch(`http://127.0.0.1:${serving!.port}/?starts_with=${l}`).then((r) => r.text())));
    expect(answers.map((a) => a[0])).toEqual(['a', 'b', 'c']);
  });
});
