// `containerless run` serving the word-generator module on a real loopback port: 100 concurrent connections for
// 10,000 requests with no error, clients that stall are timed out, a 1 MB request head gets 431, and through all of
// it the server keeps answering. Loopback only.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let child: ChildProcess;
let port = 0;
let stderr = '';

beforeAll(async () => {
  child = spawn(process.execPath, ['bin/containerless.mjs', 'run', 'public/wasm/word_generator.wasm', '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`containerless run did not start serving:\n${stderr}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /serving .* on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`containerless run exited with ${code}:\n${stderr}`)));
  });
}, 30_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

/** One raw exchange: writes `bytes`, reads until the server closes; the status code, or 'closed' with no answer. */
function rawExchange(bytes: Buffer | string, timeoutMs = 15_000): Promise<{ status: number | 'closed'; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer and no close within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 'closed', text });
    };
    socket.on('data', (d) => chunks.push(d));
    socket.on('close', finish);
    // The server may close while a huge request is still being written; what it answered is what counts.
    socket.on('error', () => undefined);
    socket.write(bytes);
  });
}

/**
 * `connections` clients, each sending its requests one after another on a fresh connection (the module answers
 * with Connection: close), until `total` have been sent. An error is any failure or any answer but 200 with a word.
 */
async function load(connections: number, total: number) {
  let next = 0;
  let ok = 0;
  const errors: string[] = [];
  const latencies: number[] = [];
  const one = (letter: string) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.get({ host: '127.0.0.1', port, path: `/?starts_with=${letter}`, agent: false, timeout: 10_000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          latencies.push(performance.now() - started);
          if (res.statusCode === 200 && body.startsWith(letter)) ok++;
          else errors.push(`${res.statusCode}: ${body.slice(0, 60)}`);
          resolve();
        });
        res.on('error', (e) => (errors.push(e.message), resolve()));
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (e) => (errors.push(e.message), resolve()));
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < total) {
        const i = next++;
        await one('abcdefghijklmnopqrstuvwxyz'[i % 26]!);
      }
    }),
  );
  const ms = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { total: next, ok, errors, ms, p50: at(0.5), p99: at(0.99) };
}

const get = (letter: string) => rawExchange(`GET /?starts_with=${letter} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);

describe('containerless run under load', () => {
  test('100 concurrent connections, 10,000 requests: every one answered 200 with a word, no error', async () => {
    const result = await load(100, 10_000);
    console.log(
      `load: ${result.ok} ok of ${result.total} requests over 100 connections in ${(result.ms / 1000).toFixed(1)} s ` +
        `(${((result.total / result.ms) * 1000).toFixed(0)} req/s); errors: ${result.errors.length}; ` +
        `latency p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`,
    );
    expect(result.errors.slice(0, 5)).toEqual([]);
    expect(result.ok).toBe(10_000);
  }, 180_000);

  test('a 1 MB request head gets 431, and the next request is served', async () => {
    const big = `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: ${'a'.repeat(1024 * 1024)}\r\n\r\n`;
    const answer = await rawExchange(big);
    expect(answer.status).toBe(431);
    const next = await get('k');
    expect(next.status).toBe(200);
    expect(next.text).toMatch(/\r\n\r\nk/);
  }, 30_000);

  test('clients that connect and stall are timed out, while other clients are served meanwhile', async () => {
    const silent = rawExchange('', 20_000);
    const halfHead = rawExchange('GET /?starts_with=d HTTP/1.1\r\nHost: 127.0.0.1\r\n', 20_000);
    // While both stall, others get answers straight away.
    for (const letter of 'abc') expect((await get(letter)).status).toBe(200);
    const [a, b] = await Promise.all([silent, halfHead]);
    // A timed-out client gets 408 or, having sent nothing, may just be closed; either way it is let go.
    expect([408, 'closed']).toContain(a.status);
    expect([408, 'closed']).toContain(b.status);
    expect((await get('z')).status).toBe(200);
  }, 40_000);

  // An idle timeout alone would not catch this one: every byte resets it. The request head has a deadline too.
  test('a client that trickles its request head a byte at a time is let go too (slowloris)', async () => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    const head = `GET /?starts_with=d HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(64)}`;
    let sent = 0;
    const closed = new Promise<boolean>((resolve) => {
      socket.on('close', () => resolve(true));
      setTimeout(() => resolve(false), 14_000);
    });
    const timer = setInterval(() => sent < head.length && !socket.destroyed && socket.write(head[sent++]!), 2_000);
    const wasClosed = await closed;
    clearInterval(timer);
    socket.destroy();
    expect(wasClosed).toBe(true);
    expect(answer === '' || answer.startsWith('HTTP/1.1 408 ')).toBe(true);
  }, 20_000);

  test('the server is still up and serving after all of the above', async () => {
    expect(child.exitCode).toBe(null);
    expect((await get('d')).status).toBe(200);
  });
});
