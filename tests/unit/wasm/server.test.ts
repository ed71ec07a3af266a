// The server module's settings, caps and timeouts, on the project's runtime (and the write path on WasmEdge,
// where a client that does not read makes real sockets push back).
import { afterEach, describe, expect, it } from 'vitest';
import { ServerStartError, startServer, type ServerHandle } from '../../../src/runtime/index.ts';
import { findWasmEdge, startWasmEdge, type RunningHost } from './hosts.ts';
import { serverModule } from './modules.ts';
import { virtual, type RawConnection } from './raw-http.ts';

const guest = await serverModule();
let running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});

async function serve(env: Record<string, string> = {}): Promise<ServerHandle> {
  const server = await startServer(guest, { env });
  running.push(server);
  return server;
}

const get = (target: string, extra = ''): string => `GET ${target} HTTP/1.1\r\nHost: localhost\r\n${extra}\r\n`;
const lines = (server: ServerHandle): string[] => server.logs.map((l) => l.text);

describe('word_generator.wasm settings', () => {
  it('listens on 0.0.0.0:8090 by default and says so, or on PORT', async () => {
    expect(lines(await serve())[0]).toBe('Listening on http://0.0.0.0:8090');
    const other = await serve({ PORT: '3000' });
    expect(other.port).toBe(3000);
    expect(lines(other)[0]).toBe('Listening on http://0.0.0.0:3000');
  });

  it.each([
    ['PORT', 'eighty', 'PORT must be a number from 1 to 65535'],
    ['READ_TIMEOUT_SECS', '10s', 'READ_TIMEOUT_SECS must be whole seconds from 0'],
    ['IDLE_TIMEOUT_SECS', '0', 'IDLE_TIMEOUT_SECS must be whole seconds from 1'],
    ['MAX_CONNECTIONS', 'lots', 'MAX_CONNECTIONS must be a number from 1 to 4096'],
    ['MAX_REQUESTS_PER_CONNECTION', '0', 'MAX_REQUESTS_PER_CONNECTION must be a number from 1'],
  ])('refuses %s=%s with a message and exit code 2', async (name, value, message) => {
    const error = await startServer(guest, { env: { [name]: value } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerStartError);
    expect((error as ServerStartError).message).toContain('exited with code 2');
    expect((error as ServerStartError).stderr).toContain(message);
  });
});

describe('word_generator.wasm caps and timeouts', () => {
  it('answers 503 beyond MAX_CONNECTIONS and says so in its log, serving the others', async () => {
    const server = await serve({ MAX_CONNECTIONS: '2' });
    const connect = virtual(server.network, server.port);
    const held: RawConnection[] = [await connect(), await connect()];
    for (const c of held) c.write(get('/healthz'));
    await Promise.all(held.map((c) => c.responses(1)));
    const third = await connect();
    third.write(get('/healthz'));
    const [refused] = await third.responses(1);
    expect(refused!.status).toBe(503);
    expect(refused!.body).toContain('too many open connections');
    expect(await third.closed()).toBe(true);
    expect(lines(server)).toContain('- - 503 (2 connections are open, the most this server serves at once (MAX_CONNECTIONS))');
    // The two kept-alive connections are still served; once one closes, a new client is served again.
    held[0]!.write(get('/?starts_with=a'));
    expect((await held[0]!.responses(2))[1]!.status).toBe(200);
    expect(await held[1]!.hangUp()).toBe(true); // the server has seen the client go and closed its side
    const fourth = await connect();
    fourth.write(get('/healthz'));
    expect((await fourth.responses(1))[0]!.status).toBe(200);
  });

  it('serves clients that connect back to back: connections their clients closed are reaped between accepts', async () => {
    // Three clients, each opening its next connection as soon as the last answer came: a server that only accepted
    // while new connections kept arriving would never reap the closed ones and answer 503 from the fifth on.
    const server = await serve({ MAX_CONNECTIONS: '4' });
    const statuses: number[] = [];
    await Promise.all([0, 1, 2].map(async () => {
      for (let i = 0; i < 20; i++) statuses.push((await server.request('/?starts_with=d')).status);
    }));
    expect(statuses).toEqual(Array(60).fill(200));
    expect(lines(server).filter((l) => l.includes('503'))).toEqual([]);
  });

  it('closes a kept-alive connection after IDLE_TIMEOUT_SECS without a word', async () => {
    const server = await serve({ IDLE_TIMEOUT_SECS: '1' });
    const c = await virtual(server.network, server.port)();
    c.write(get('/healthz'));
    await c.responses(1);
    expect(await c.closed(300)).toBe(false);
    expect(await c.closed(3000)).toBe(true);
    expect(lines(server)).toEqual(['Listening on http://0.0.0.0:8090', 'GET /healthz 200']);
  });

  it('closes after MAX_REQUESTS_PER_CONNECTION, saying Connection: close on the last answer', async () => {
    const server = await serve({ MAX_REQUESTS_PER_CONNECTION: '3' });
    const c = await virtual(server.network, server.port)();
    c.write(get('/healthz').repeat(5));
    const answers = await c.responses(3);
    expect(answers.map((a) => a.headers.get('connection'))).toEqual(['keep-alive', 'keep-alive', 'close']);
    expect(await c.closed()).toBe(true);
  });

  it('logs one line per request', async () => {
    const server = await serve();
    const connect = virtual(server.network, server.port);
    const c = await connect();
    c.write(get('/healthz') + get('/nope') + 'GET / HTTP/1.1\r\n\r\n');
    await c.responses(3);
    const silent = await connect();
    silent.end();
    await silent.closed();
    expect(lines(server)).toEqual([
      'Listening on http://0.0.0.0:8090',
      'GET /healthz 200',
      'GET /nope 404',
      'GET / 400',
      '- - - (client closed without a request)',
    ]);
  });
});

const wasmedge = findWasmEdge();
describe.skipIf(wasmedge === undefined)('word_generator.wasm under WasmEdge 0.14.1', () => {
  it('writes every answer in full to a client that pipelines 1,000 requests and reads only later', async () => {
    const host: RunningHost = await startWasmEdge(wasmedge!, {});
    running.push(host);
    const c = await host.connect();
    c.write(get('/?starts_with=r').repeat(999) + get('/healthz'));
    // Time kept on purpose: a client that does not read for a while is the case under test, so the answers pile up.
    await new Promise((r) => setTimeout(r, 300));
    const answers = await c.responses(1000, 30_000);
    expect(answers.every((a, i) => a.status === 200 && (i === 999 ? a.body === 'ok\n' : a.body[0] === 'r'))).toBe(true);
    expect(answers[999]!.headers.get('connection')).toBe('close'); // the 1000th request is the last per connection
  }, 60_000);
});
