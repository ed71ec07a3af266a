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
    const text = await raw(bridge.port, ['GET /?star', 'ts_with=k HT', 'TP/1.1\r\nHost: x\r\n', '\r\n'], 5);
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nk[a-z]+\n$/);
  });
});

describe('the bridge protects the guest', () => {
  it('answers 431 itself to a head beyond its cap', async () => {
    const [, bridge] = await serve('jspi', { maxHeadBytes: 4096 });
    const text = await raw(bridge.port, [`GET / HTTP/1.1\r\nX-Pad: ${'a'.repeat(5000)}`]);
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('answers 413 to a request body beyond its cap', async () => {
    const [, bridge] = await serve('jspi', { maxRequestBytes: 1000 });
    const res = await fetch(`http://127.0.0.1:${bridge.port}/`, { method: 'POST', body: 'x'.repeat(5000) }).catch((e: unknown) => e);
    // The bridge answers 413 and closes; depending on timing the client sees the answer or a reset.
    if (res instanceof Response) expect(res.status).toBe(413);
    else expect(res).toBeInstanceOf(Error);
  });

  it('answers 408 to a client that stops sending mid-head', async () => {
    const [, bridge] = await serve('jspi', { idleTimeoutMs: 150 });
    const text = await raw(bridge.port, ['GET / HTTP/1.1\r\nHost: slow']);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 408 to a client that trickles its head a byte at a time (a deadline, not only an idle timeout)', async () => {
    const [, bridge] = await serve('jspi', { idleTimeoutMs: 10_000, headTimeoutMs: 300 });
    const head = 'GET / HTTP/1.1\r\nHost: slow\r\nX-Slow: aaaaaaaaaaaaaaaa';
    const started = Date.now();
    const text = await raw(bridge.port, [...head], 50);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(head.length * 50);
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
