// The per-request mode (engines without JSPI) makes the next connection's instance ahead, between answers (a
// spare). What that must not change: every answer and the trace, a fresh instance for each connection (never one
// that ran before), and a trap still ending the server with nothing served after it.
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, wordGenerator } from './helpers/fixtures.ts';
import { hostileGuest } from './helpers/wat.ts';
import { startServer, VirtualNetwork, type TraceEvent } from '../../../src/runtime/index.ts';

/** One turn of the event loop: how a real client's next request arrives (a socket's data, a Worker's message). */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Counts the instances made while a request is waiting for its answer. */
function watchInstances(): { waiting: <T>(p: () => Promise<T>) => Promise<T>; madeWhileWaiting: () => number; restore: () => void } {
  const Native = WebAssembly.Instance;
  let pending = 0;
  let made = 0;
  WebAssembly.Instance = function Instance(module: WebAssembly.Module, imports?: WebAssembly.Imports) {
    if (pending > 0) made++;
    return new Native(module, imports);
  } as unknown as typeof WebAssembly.Instance;
  return {
    async waiting(p) {
      pending++;
      try {
        return await p();
      } finally {
        pending--;
      }
    },
    madeWhileWaiting: () => made,
    restore: () => void (WebAssembly.Instance = Native),
  };
}

/**
 * A server in WAT that answers how many times `_start` has run in its memory: 1 from a fresh instance, more from
 * one that was used before. It serves connections in a loop (per request, the second accept unwinds it).
 */
async function runsCounter() {
  const head = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n';
  const at = 256;
  return hostileGuest('runs-counter', `
    (local $fd i32) (local $c i32)
    (i32.store (i32.const 2048) (i32.add (i32.load (i32.const 2048)) (i32.const 1)))
    (i32.store8 (i32.const ${at + head.length}) (i32.add (i32.const 48) (i32.load (i32.const 2048))))
    (i32.store8 (i32.const ${at + head.length + 1}) (i32.const 10))
    (i32.store (i32.const 16) (i32.const 32))
    (i32.store (i32.const 20) (i32.const 4))
    (drop (call $sock_open (i32.const 1) (i32.const 2) (i32.const 8)))
    (local.set $fd (i32.load (i32.const 8)))
    (drop (call $sock_bind (local.get $fd) (i32.const 16) (i32.const 8090)))
    (drop (call $sock_listen (local.get $fd) (i32.const 16)))
    (i32.store (i32.const 40) (i32.const 1024))
    (i32.store (i32.const 44) (i32.const 1024))
    (i32.store (i32.const 56) (i32.const ${at}))
    (i32.store (i32.const 60) (i32.const ${head.length + 2}))
    (loop $serve
      (drop (call $sock_accept (local.get $fd) (i32.const 0) (i32.const 12)))
      (local.set $c (i32.load (i32.const 12)))
      (drop (call $sock_recv (local.get $c) (i32.const 40) (i32.const 1) (i32.const 0) (i32.const 48) (i32.const 52)))
      (drop (call $sock_send (local.get $c) (i32.const 56) (i32.const 1) (i32.const 0) (i32.const 64)))
      (drop (call $fd_close (local.get $c)))
      (br $serve))
  `, `(data (i32.const ${at}) "${head.replace(/\r\n/g, '\\0d\\0a')}")`);
}

let watch: ReturnType<typeof watchInstances> | undefined;
afterEach(() => {
  watch?.restore();
  watch = undefined;
});

describe('the per-request mode with an instance made ahead', () => {
  it('answers every case from instances made between answers: a word, a bad letter, an unknown path, the trace', async () => {
    const server = await startServer(await wordGenerator(), { mode: 'per-request', trace: true });
    const events: TraceEvent[] = [];
    server.onTrace((e) => events.push(e));
    watch = watchInstances();
    const cases: [string, number, RegExp][] = [
      ['/?starts_with=d', 200, /^d[a-z]+\n$/],
      ['/?starts_with=7', 400, /single letter/],
      ['/words', 404, /not found: \/words/],
      ['/healthz', 200, /^ok\n$/],
    ];
    for (const [target, status, body] of cases) {
      await turn();
      events.length = 0;
      const res = await watch.waiting(() => server.request(target));
      expect(res.status, target).toBe(status);
      expect(res.body, target).toMatch(body);
      // The answering instance's own calls, counted from its start: it accepted, read and answered this request.
      expect(events[0]?.seq, target).toBe(1);
      for (const call of ['sock_accept', 'sock_recv', 'sock_send']) expect(events.map((e) => `${e.call}:${e.errno}`), target).toContain(`${call}:SUCCESS`);
    }
    expect(watch.madeWhileWaiting()).toBe(0); // each request found its instance made
    expect(server.logs.map((l) => l.text)).toEqual(['Listening on http://0.0.0.0:8090', 'GET /?starts_with=d 200', 'GET /?starts_with=7 400', 'GET /words 404', 'GET /healthz 200']);
    await server.stop();
    expect(server.network.isListening(8090)).toBe(false);
  });

  it('gives every connection an instance that never ran before, one after another and back to back', async () => {
    const server = await startServer(await runsCounter(), { mode: 'per-request' });
    watch = watchInstances();
    const sequential: string[] = [];
    for (let i = 0; i < 5; i++) {
      await turn();
      sequential.push((await watch.waiting(() => server.request('/'))).body);
    }
    expect(sequential).toEqual(Array(5).fill('1\n'));
    expect(watch.madeWhileWaiting()).toBe(0);
    // Ten at once: the spare takes the first, the others cannot wait for one and make their own.
    await turn();
    const together = await Promise.all(Array.from({ length: 10 }, () => watch!.waiting(() => server.request('/'))));
    expect(together.map((r) => r.body)).toEqual(Array(10).fill('1\n'));
    expect(watch.madeWhileWaiting()).toBe(9);
    await server.stop();
  });

  it('ends the server on a trap, with nothing served after it, and a restart starts clean', async () => {
    const network = new VirtualNetwork();
    const guest = await fixture('counter_server');
    const server = await startServer(guest, { mode: 'per-request', network });
    const exits: string[] = [];
    server.onExit((i) => exits.push(i.reason));
    expect((await server.request('/count')).body).toBe('1\n');
    const stdoutLines = () => server.logs.filter((l) => l.stream === 'stdout').map((l) => l.text);
    const served = stdoutLines();
    await turn(); // the spare is made here
    const crash = server.request('/crash').catch((e: unknown) => e);
    const queued = server.request('/count').catch((e: unknown) => e);
    expect(await crash).toMatchObject({ code: 'EMPTYREPLY' });
    expect(await queued).toMatchObject({ code: 'EMPTYREPLY' });
    await turn();
    expect(server.status).toBe('crashed');
    expect(exits).toEqual(['crashed']);
    await expect(server.request('/count')).rejects.toThrow(/connection refused/);
    expect(stdoutLines()).toEqual(served);
    const again = await startServer(guest, { mode: 'per-request', network });
    await turn();
    expect((await again.request('/count')).body).toBe('1\n');
    await again.stop();
  });
});
