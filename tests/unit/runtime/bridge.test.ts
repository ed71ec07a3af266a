// The localhost bridge with real HTTP clients (fetch, node:http, raw TCP) over 127.0.0.1 on an ephemeral port, by both
// routes to a guest: one in this thread (inProcessHost), and `containerless run`'s, the guest in a worker thread
// (workerHost + nodeWorker) with the bridge here, every connection passed through by `server.connect()`.
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { wordGenerator } from './helpers/fixtures.ts';
import { startServer } from '../../../src/runtime/index.ts';
import { inProcessHost, workerHost, type HostedServer } from '../../../src/runtime/host/index.ts';
import { PortInUseError, serveOnLocalhost } from '../../../src/runtime/node/bridge.ts';
import { exposeOnLocalhost } from '../../../src/runtime/node/expose.ts';
import { nodeWorker } from '../../../src/runtime/node/node-worker.ts';
import { VirtualNetwork } from '../../../src/runtime/devices/net/virtual-network.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

type Route = 'this thread' | 'a worker thread';

/** The word generator served on a free port of 127.0.0.1 by the given route; resolves to that port. */
async function serve(mode: 'jspi' | 'per-request', route: Route, allowHosts: string[] = [], port = 0): Promise<number> {
  if (route === 'a worker thread') {
    const host = workerHost({ createWorker: nodeWorker, expose: exposeOnLocalhost, traceEveryServer: false });
    const server = await host.startServer(await wordGenerator(), { mode, expose: { port, allowHosts } });
    cleanup.push(() => server.stop());
    return server.exposed!.port;
  }
  const server: HostedServer = await inProcessHost().startServer(await wordGenerator(), { mode });
  const bridge = await serveOnLocalhost({ connect: () => server.connect(), port, allowHosts });
  cleanup.push(() => server.stop(), () => bridge.close());
  return bridge.port;
}

/**
 * Sends raw bytes over TCP and returns everything the bridge answers before closing. Each chunk after the first
 * goes `pace` ms after the one before, or, given a check, once what came back so far passes it.
 */
function raw(port: number, chunks: string[], pace: number | ((answered: string) => boolean) = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
    const answered = (check: (answered: string) => boolean) =>
      new Promise<void>((ready) => {
        const look = (): void => {
          if (!check(text)) return;
          socket.off('data', look);
          ready();
        };
        socket.on('data', look);
        look();
      });
    socket.on('connect', async () => {
      for (const [i, c] of chunks.entries()) {
        // Time kept on purpose: a gap between writes is how a slow client makes TCP deliver its request in pieces.
        if (i > 0 && typeof pace === 'number' && pace > 0) await new Promise((r) => setTimeout(r, pace));
        else if (i > 0 && typeof pace === 'function') await answered(pace);
        socket.write(c);
      }
    });
  });
}

const routes = (['this thread', 'a worker thread'] as const).flatMap((route) => (['jspi', 'per-request'] as const).map((mode) => [route, mode] as const));

describe.each(routes)('the bridge to a guest in %s, %s mode', (route, mode) => {
  it('answers fetch() on 127.0.0.1 with a word', async () => {
    const port = await serve(mode, route);
    const res = await fetch(`http://127.0.0.1:${port}/?starts_with=d`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toMatch(/^d[a-z]+\n$/);
  });

  it('serves 50 concurrent node:http clients', async () => {
    const port = await serve(mode, route);
    const get = (letter: string) =>
      new Promise<string>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: port, path: `/?starts_with=${letter}`, agent: false }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve(body));
        }).on('error', reject);
      });
    const letters = Array.from({ length: 50 }, (_, i) => String.fromCharCode(97 + (i % 26)));
    const bodies = await Promise.all(letters.map(get));
    bodies.forEach((b, i) => expect(b[0]).toBe(letters[i]));
  });

  it('delivers a request split over many TCP packets', async () => {
    const port = await serve(mode, route);
    const text = await raw(port, ['GET /?star', 'ts_with=k HT', 'TP/1.1\r\nHost: localhost\r\nConnection: cl', 'ose\r\n', '\r\n'], 5);
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nk[a-z]+\n$/);
  });
});

describe.each(['this thread', 'a worker thread'] as const)('the bridge to a guest in %s keeps connections alive', (route) => {
  it('answers several requests on one connection, pipelined or one after another, in order', async () => {
    const port = await serve('jspi', route);
    const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: localhost:${port}\r\n${extra}\r\n`;
    // Three pipelined, then one more once all three are answered.
    const three = (answered: string) => (answered.match(/\r\n\r\n[a-z]+\n/g) ?? []).length >= 3; // each a head, then its body
    const text = await raw(port, [get('/?starts_with=a') + get('/healthz') + get('/?starts_with=b'), get('/?starts_with=c', 'Connection: close\r\n')], three);
    const bodies = text.split(/HTTP\/1\.1 200 OK\r\n/).slice(1).map((r) => r.slice(r.indexOf('\r\n\r\n') + 4));
    expect(bodies.map((b) => b[0])).toEqual(['a', 'o', 'b', 'c']);
    expect(text.match(/Connection: keep-alive/g)).toHaveLength(3);
  });

  it('lets a client that sends its head slowly not delay another', async () => {
    const port = await serve('jspi', route);
    const slow = net.connect(port, '127.0.0.1');
    slow.on('error', () => {});
    cleanup.push(async () => void slow.destroy());
    // Its half head is on its way before the other client connects.
    await new Promise<void>((resolve) => slow.write('GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: y', () => resolve()));
    const text = await raw(port, ['GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n']);
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nok\n$/);
  });
});

describe.each(['this thread', 'a worker thread'] as const)('the bridge to a guest in %s protects it', (route) => {
  it('answers 421 to a request for a name that is not this machine (DNS rebinding), unless the name is allowed', async () => {
    const port = await serve('jspi', route);
    const ask = (host: string, at = port) => raw(at, [`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`]);
    const refused = await ask('attacker.example:8090');
    expect(refused).toMatch(/^HTTP\/1\.1 421 Misdirected Request\r\n/);
    expect(refused).toContain('--allow-host "attacker.example"');
    for (const ok of ['localhost', `127.0.0.1:${port}`, 'app.localhost', '[::1]:80']) expect(await ask(ok), ok).toMatch(/^HTTP\/1\.1 200 /);
    // A second request on a kept-alive connection is checked too.
    const second = await raw(port, [`GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\nGET /healthz HTTP/1.1\r\nHost: evil.example\r\n\r\n`]);
    expect(second).toMatch(/^HTTP\/1\.1 200 [\s\S]*HTTP\/1\.1 421 /);
    const allowing = await serve('jspi', route, ['demo.test']);
    expect(await ask('demo.test', allowing)).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('says which port is in use', async () => {
    const port = await serve('jspi', route);
    const err = await serve('jspi', route, [], port).then(() => undefined, (e: unknown) => e);
    const taken = await serveOnLocalhost({ connect: () => new VirtualNetwork().connect(1), port }).catch((e: unknown) => e);
    for (const e of [err, taken]) {
      expect(e).toBeInstanceOf(PortInUseError);
      expect((e as Error).message).toContain(`port ${port} on 127.0.0.1 is already in use`);
    }
  });
});

describe('the bridge, whatever the route', () => {
  it('serves on when a guest has bound every ephemeral port of the virtual network', async () => {
    // The guest's network is reachable from the test in this thread only; the bridge is the same for both routes.
    const server = await startServer(await wordGenerator(), { mode: 'jspi' });
    const bridge = await serveOnLocalhost({ connect: () => server.network.connect(server.port), port: 0 });
    cleanup.push(() => server.stop(), () => bridge.close());
    const hog = {};
    const taken: number[] = [];
    for (;;) {
      const port = server.network.bind(0, hog);
      if (port === 'EADDRINUSE') break;
      taken.push(port);
    }
    expect(taken.length).toBe(16_384);
    expect((await fetch(`http://127.0.0.1:${bridge.port}/healthz`)).status).toBe(200);
  });

  it('answers 502 when the guest no longer listens', async () => {
    const network = new VirtualNetwork();
    const bridge = await serveOnLocalhost({ connect: () => network.connect(8090), port: 0 });
    cleanup.push(() => bridge.close());
    const res = await fetch(`http://127.0.0.1:${bridge.port}/`);
    expect(res.status).toBe(502);
  });
});
