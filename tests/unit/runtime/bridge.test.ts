// The localhost bridge with real HTTP clients (fetch, node:http, raw TCP) over 127.0.0.1 on an ephemeral port.
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { wordGenerator } from './helpers/fixtures.ts';
import { startServer, type ServerHandle } from '../../../src/runtime/index.ts';
import { PortInUseError, serveOnLocalhost, type Bridge } from '../../../src/runtime/node/bridge.ts';
import { VirtualNetwork } from '../../../src/runtime/devices/net/virtual-network.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function serve(mode: 'jspi' | 'per-request', options: Partial<Parameters<typeof serveOnLocalhost>[0]> = {}): Promise<[ServerHandle, Bridge]> {
  const server = await startServer(await wordGenerator(), { mode });
  const bridge = await serveOnLocalhost({ network: server.network, guestPort: server.port, port: 0, ...options });
  cleanup.push(() => server.stop(), () => bridge.close());
  return [server, bridge];
}

/** Sends raw bytes over TCP and returns everything the bridge answers before closing. */
function raw(port: number, chunks: string[], gapMs = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
    socket.on('connect', async () => {
      for (const c of chunks) {
        socket.write(c);
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

describe.each(['jspi', 'per-request'] as const)('the bridge, %s mode', (mode) => {
  it('answers fetch() on 127.0.0.1 with a word', async () => {
    const [, bridge] = await serve(mode);
    const res = await fetch(`http://127.0.0.1:${bridge.port}/?starts_with=d`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toMatch(/^d[a-z]+\n$/);
  });

  it('serves 50 concurrent node:http clients', async () => {
    const [, bridge] = await serve(mode);
    const get = (letter: string) =>
      new Promise<string>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: bridge.port, path: `/?starts_with=${letter}`, agent: false }, (res) => {
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
    const [, bridge] = await serve(mode);
    const text = await raw(bridge.port, ['GET /?star', 'ts_with=k HT', 'TP/1.1\r\nHost: localhost\r\nConnection: cl', 'ose\r\n', '\r\n'], 5);
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nk[a-z]+\n$/);
  });
});

describe('the bridge keeps connections alive', () => {
  it('answers several requests on one connection, pipelined or one after another, in order', async () => {
    const [, bridge] = await serve('jspi');
    const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: localhost:${bridge.port}\r\n${extra}\r\n`;
    const text = await raw(bridge.port, [get('/?starts_with=a') + get('/healthz') + get('/?starts_with=b'), get('/?starts_with=c', 'Connection: close\r\n')], 30);
    const bodies = text.split(/HTTP\/1\.1 200 OK\r\n/).slice(1).map((r) => r.slice(r.indexOf('\r\n\r\n') + 4));
    expect(bodies.map((b) => b[0])).toEqual(['a', 'o', 'b', 'c']);
    expect(text.match(/Connection: keep-alive/g)).toHaveLength(3);
  });

  it('lets a client that sends its head slowly not delay another', async () => {
    const [, bridge] = await serve('jspi');
    const slow = net.connect(bridge.port, '127.0.0.1');
    slow.on('error', () => {});
    slow.write('GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: y');
    cleanup.push(async () => void slow.destroy());
    await new Promise((r) => setTimeout(r, 50));
    const text = await raw(bridge.port, ['GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n']);
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nok\n$/);
  });
});

describe('the bridge protects the guest', () => {
  it('answers 421 to a request for a name that is not this machine (DNS rebinding), unless the name is allowed', async () => {
    const [, bridge] = await serve('jspi');
    const ask = (host: string, port = bridge.port) => raw(port, [`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`]);
    const refused = await ask('attacker.example:8090');
    expect(refused).toMatch(/^HTTP\/1\.1 421 Misdirected Request\r\n/);
    expect(refused).toContain('--allow-host "attacker.example"');
    for (const ok of ['localhost', `127.0.0.1:${bridge.port}`, 'app.localhost', '[::1]:80']) expect(await ask(ok), ok).toMatch(/^HTTP\/1\.1 200 /);
    // A second request on a kept-alive connection is checked too.
    const second = await raw(bridge.port, [`GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\nGET /healthz HTTP/1.1\r\nHost: evil.example\r\n\r\n`]);
    expect(second).toMatch(/^HTTP\/1\.1 200 [\s\S]*HTTP\/1\.1 421 /);
    const [server] = await serve('jspi');
    const allowing = await serveOnLocalhost({ network: server.network, guestPort: server.port, port: 0, allowHosts: ['demo.test'] });
    cleanup.push(() => allowing.close());
    expect(await ask('demo.test', allowing.port)).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('serves on when a guest has bound every ephemeral port of the virtual network', async () => {
    const [server, bridge] = await serve('jspi');
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
    const bridge = await serveOnLocalhost({ network, guestPort: 8090, port: 0 });
    cleanup.push(() => bridge.close());
    const res = await fetch(`http://127.0.0.1:${bridge.port}/`);
    expect(res.status).toBe(502);
  });

  it('says which port is in use', async () => {
    const [, bridge] = await serve('jspi');
    const err = await serveOnLocalhost({ network: new VirtualNetwork(), guestPort: 1, port: bridge.port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortInUseError);
    expect((err as Error).message).toContain(`port ${bridge.port} on 127.0.0.1 is already in use`);
  });
});
