// A spare Worker, loaded before a guest needs it (the in-page cluster's pods take one each): the guest runs in the
// spare, the next spare loads behind it, and a spare whose script failed is never handed out.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { compileModule } from '../../../src/runtime/index.ts';
import { spareWorkers, workerHost, type SpareWorkers, type WorkerLike } from '../../../src/runtime/host/index.ts';
import { nodeWorker } from '../../../src/runtime/node/node-worker.ts';

const guest = compileModule(new Uint8Array(readFileSync(new URL('../../../public/wasm/word_generator.wasm', import.meta.url))), 'word_generator.wasm');
const pools: SpareWorkers[] = [];
afterEach(() => pools.splice(0).forEach((p) => p.dispose()));

describe('spare Workers', () => {
  test('a guest starts in the spare loaded ahead, answers, and the next spare is loading behind it', async () => {
    const made: WorkerLike[] = [];
    const pool = spareWorkers(() => {
      const w = nodeWorker();
      made.push(w);
      return w;
    });
    pools.push(pool);
    pool.warm();
    pool.warm(); // one spare at a time
    expect(made.length).toBe(1);
    const host = workerHost({ createWorker: pool.take });
    const server = await host.startServer(await guest);
    const res = await host.request('http://localhost:8090/?starts_with=k');
    expect(res.body).toMatch(/^k[a-z]+/);
    expect(made.length).toBe(2); // the guest's (the first spare) and the next spare
    await server.stop();
  });

  test('a spare whose script failed to load is not handed out: the guest gets a fresh Worker', async () => {
    let failNext = true;
    const pool = spareWorkers(() => {
      const w = nodeWorker();
      if (failNext) {
        failNext = false;
        // As a Worker whose script could not be fetched: an error before anyone listens, then nothing.
        const listeners: ((e: { message?: string }) => void)[] = [];
        const broken: WorkerLike = { postMessage: () => undefined, terminate: () => w.terminate(), addEventListener: (type: string, l: never) => void (type === 'error' && listeners.push(l)) } as WorkerLike;
        queueMicrotask(() => listeners.forEach((l) => l({ message: 'failed to fetch the worker script' })));
        return broken;
      }
      return w;
    });
    pools.push(pool);
    pool.warm();
    await Promise.resolve();
    const host = workerHost({ createWorker: pool.take });
    const server = await host.startServer(await guest);
    expect((await host.request('http://localhost:8090/?starts_with=q')).body).toMatch(/^q[a-z]+/);
    await server.stop();
  });
});
