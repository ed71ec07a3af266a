// The word-generator server end to end on the virtual network, with JSPI and with a fresh instance per request.
import { describe, expect, it } from 'vitest';
import { fixture, wordGenerator } from './helpers/fixtures.ts';
import { request, ServerStartError, startServer, VirtualNetwork, type HttpResponse } from '../../../src/runtime/index.ts';

const modes = ['jspi', 'per-request'] as const;

describe.each(modes)('word_generator.wasm, %s mode', (mode) => {
  it('listens on 8090 and answers GET /?starts_with=d with a d word', async () => {
    const server = await startServer(await wordGenerator(), { mode });
    expect(server.mode).toBe(mode);
    expect(server.port).toBe(8090);
    expect(server.logs[0]?.text).toBe('Listening on http://0.0.0.0:8090');
    const res = await server.request('/?starts_with=d');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^d[a-z]+\n$/);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['connection']).toBe('keep-alive');
    expect(res.rawRequest).toMatch(/^GET \/\?starts_with=d HTTP\/1\.1\r\n/);
    expect(res.rawResponse).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    await server.stop();
    expect(server.status).toBe('stopped');
    expect(server.network.isListening(8090)).toBe(false);
  });

  it('answers every letter a to z with a word starting with it', async () => {
    const server = await startServer(await wordGenerator(), { mode });
    for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
      const res = await server.request(`/?starts_with=${letter}`);
      expect(res.status).toBe(200);
      expect(res.body[0]).toBe(letter);
    }
    await server.stop();
  });

  it('answers the bad requests as the module defines them', async () => {
    const server = await startServer(await wordGenerator(), { mode });
    const cases: [string, Parameters<typeof server.request>[1], number, RegExp][] = [
      ['/?starts_with=ab', {}, 400, /single letter/],
      ['/?starts_with=', {}, 400, /single letter/],
      ['/?starts_with=1', {}, 400, /single letter/],
      ['/words', {}, 404, /\/words/],
      ['/', { method: 'POST', body: 'x' }, 405, /./],
      ['/', { method: 'DELETE' }, 405, /./],
      ['/', { headers: { 'X-Padding': 'a'.repeat(9000) } }, 431, /./],
    ];
    for (const [target, init, status, body] of cases) {
      const res = await server.request(target, init);
      expect(res.status, `${init?.method ?? 'GET'} ${target}`).toBe(status);
      expect(res.body).toMatch(body);
    }
    const post = await server.request('/', { method: 'POST' });
    expect(post.headers['allow']).toBe('GET, HEAD');
    const head = await server.request('/healthz', { method: 'HEAD' });
    expect([head.status, head.body, head.headers['content-length']]).toEqual([200, '', '3']);
    expect((await server.request('/healthz')).body).toBe('ok\n');
    await server.stop();
  });

  it('answers malformed requests sent as raw bytes with 400', async () => {
    const server = await startServer(await wordGenerator(), { mode });
    for (const raw of ['HELLO\r\n\r\n', 'GET /\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n']) {
      const conn = server.network.connect(8090);
      conn.write(new TextEncoder().encode(raw));
      let text = '';
      for (;;) {
        const chunk = conn.read(4096);
        if (chunk === null) await conn.whenReadable();
        else if (chunk.length === 0) break;
        else text += new TextDecoder().decode(chunk);
      }
      expect(text).toMatch(/^HTTP\/1\.1 400 /);
    }
    await server.stop();
  });

  it('serves 1,000 requests in a row', async () => {
    const server = await startServer(await wordGenerator(), { mode });
    let ok = 0;
    for (let i = 0; i < 1000; i++) {
      const letter = String.fromCharCode(97 + (i % 26));
      const res = await server.request(`/?starts_with=${letter}`);
      if (res.status === 200 && res.body.startsWith(letter)) ok++;
    }
    expect(ok).toBe(1000);
    expect(server.status).toBe('listening');
    await server.stop();
  });

  it('serves concurrent requests, each with its own answer', async () => {
    const server = await startServer(await wordGenerator(), { mode });
    const letters = [...'qwertyuiopasdfghjkl'];
    const answers = await Promise.all(letters.map((l) => server.request(`/?starts_with=${l}`)));
    answers.forEach((res: HttpResponse, i) => expect(res.body[0]).toBe(letters[i]));
    await server.stop();
  });

  it('takes its port from PORT, and fails to start when the port is taken', async () => {
    const network = new VirtualNetwork();
    const first = await startServer(await wordGenerator(), { mode, network, env: { PORT: '3000' } });
    expect(first.port).toBe(3000);
    expect((await request(network, 'http://localhost:3000/healthz')).status).toBe(200);
    const err = await startServer(await wordGenerator(), { mode, network, env: { PORT: '3000' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerStartError);
    await first.stop();
  });

  it('reports a guest that exits before listening, with its stderr', async () => {
    const err = await startServer(await wordGenerator(), { mode, env: { PORT: 'eighty' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerStartError);
    expect((err as ServerStartError).message).toContain('exited with code 2');
    expect((err as ServerStartError).stderr).toContain('PORT must be a number');
  });

  it('logs one line per request', async () => {
    const server = await startServer(await wordGenerator(), { mode });
    await server.request('/healthz');
    await server.request('/nope');
    expect(server.logs.map((l) => l.text)).toEqual(['Listening on http://0.0.0.0:8090', 'GET /healthz 200', 'GET /nope 404']);
    await server.stop();
  });
});

describe('guest state between requests', () => {
  it('survives with JSPI (one instance) and starts over per request', async () => {
    const guest = await fixture('counter_server');
    const jspi = await startServer(guest, { mode: 'jspi' });
    const counts = [];
    for (let i = 0; i < 3; i++) counts.push((await jspi.request('/count')).body.trim());
    expect(counts).toEqual(['1', '2', '3']);
    await jspi.stop();
    const fresh = await startServer(guest, { mode: 'per-request' });
    const again = [];
    for (let i = 0; i < 3; i++) again.push((await fresh.request('/count')).body.trim());
    expect(again).toEqual(['1', '1', '1']);
    await fresh.stop();
  });
});

describe('the call trace of a server', () => {
  it('streams the calls of the event loop (poll_oneoff, sock_accept, sock_recv, sock_send) when started with trace', async () => {
    const server = await startServer(await wordGenerator(), { trace: true });
    const calls: string[] = [];
    server.onTrace((e) => calls.push(`${e.call}:${e.errno}`));
    await server.request('/?starts_with=d');
    for (const call of ['poll_oneoff', 'sock_accept', 'sock_recv', 'sock_send']) expect(calls).toContain(`${call}:SUCCESS`);
    await server.stop();
  });

  it('refuses a trace subscription on a server started without it', async () => {
    const server = await startServer(await wordGenerator());
    expect(() => server.onTrace(() => {})).toThrow(/trace: true/);
    await server.stop();
  });
});

describe('request over the virtual network', () => {
  it('gives curl-like errors: connection refused, unknown host', async () => {
    const network = new VirtualNetwork();
    await expect(request(network, 'http://localhost:8090/')).rejects.toThrow('failed to connect to localhost port 8090: connection refused');
    await expect(request(network, 'http://example.com/')).rejects.toThrow(/could not resolve host example\.com/);
  });
});

describe.each(modes)('a server that traps (%s)', (mode) => {
  it('is reported as crashed with the message and its stderr, ends queued requests, and stops listening', async () => {
    const server = await startServer(await fixture('counter_server'), { mode });
    const exits: string[] = [];
    const ended = new Promise<void>((resolve) => server.onExit(() => resolve()));
    server.onExit((i) => exits.push(`${i.reason}: ${i.message} | ${i.stderr.trim()}`));
    const crash = server.request('/crash').catch((e: unknown) => e);
    const queued = server.request('/count').catch((e: unknown) => e);
    expect(await crash).toMatchObject({ code: 'EMPTYREPLY' });
    expect(await queued).toMatchObject({ code: 'EMPTYREPLY' }); // a request queued behind the crash ends, not hangs
    await ended;
    expect(server.status).toBe('crashed');
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatch(/^crashed: the server crashed: .*unreachable.* \| crashing on purpose: GET \/crash HTTP\/1\.1\n/);
    expect(server.network.isListening(8090)).toBe(false);
  });
});

describe('the word generator read timeout (READ_TIMEOUT_SECS, set with SO_RCVTIMEO)', () => {
  it('answers 408 to a client that stalls mid-head, and closes on one that sends nothing', async () => {
    const server = await startServer(await wordGenerator(), { mode: 'jspi', env: { READ_TIMEOUT_SECS: '1' } });
    const stalled = server.network.connect(8090);
    stalled.write(new TextEncoder().encode('GET /?starts_with=d HTTP/1.1\r\nHost: x\r\n'));
    const silent = server.network.connect(8090);
    const readAll = async (end: typeof stalled): Promise<string> => {
      let text = '';
      for (;;) {
        const chunk = end.read(4096);
        if (chunk === null) await end.whenReadable();
        else if (chunk.length === 0) return text;
        else text += new TextDecoder().decode(chunk);
      }
    };
    const t0 = performance.now();
    expect(await readAll(stalled)).toMatch(/^HTTP\/1\.1 408 /);
    expect(await readAll(silent)).toBe('');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(900); // each had its second, both at the same time
    expect((await server.request('/healthz')).status).toBe(200); // and it goes on serving
    expect(server.logs.map((l) => l.text)).toContain('- - - (client sent nothing before the read timeout)');
    await server.stop();
  });
});
