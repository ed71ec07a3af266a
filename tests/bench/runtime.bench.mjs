// The runtime's figures: compile and instantiate time, in-process request latency (JSPI and a fresh
// instance per request), and the localhost bridge's requests/s next to a plain node:http server that
// returns a random word, measured in this same run with autocannon (loopback, 10 connections, bounded).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import autocannon from 'autocannon';
import { compileModule, startServer } from '../../src/runtime/index.ts';
import { serveOnLocalhost } from '../../src/runtime/node/bridge.ts';
import { createInstance } from '../../src/runtime/guest/instance.ts';
import { MemoryFileSystem } from '../../src/runtime/devices/fs/memory-fs.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const bytes = readFileSync(new URL('../../public/wasm/word_generator.wasm', import.meta.url));
const words = readFileSync(new URL('../../wasm/src/words.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((w) => w !== '' && !w.startsWith('#'));

const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const verdict = (ok) => (ok ? 'meets target' : 'MISSES target');

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// 1. Compile and instantiate.
const compileTimes = [];
let guest;
for (let i = 0; i < 10; i++) {
  guest = await compileModule(bytes, 'word_generator.wasm');
  compileTimes.push(guest.compileMs);
}
const instTimes = [];
for (let i = 0; i < 200; i++) {
  const t0 = performance.now();
  createInstance(guest, {
    args: [], env: {}, fs: new MemoryFileSystem(), preopens: ['/'], stdin: undefined,
    stdout: () => {}, stderr: () => {}, network: undefined, canSuspend: false,
  });
  instTimes.push(performance.now() - t0);
}
console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) at start`);
console.log(`module: word_generator.wasm, ${(bytes.length / 1024).toFixed(0)} KiB`);
console.log(`compile (median of 10):        ${fmt(median(compileTimes))}`);
console.log(`instantiate (median of 200):   ${fmt(median(instTimes))}   (imports + WebAssembly.Instance, no _start)`);

// 2. In-process latency through the virtual network and the HTTP client.
const latency = {};
for (const mode of ['jspi', 'per-request']) {
  const server = await startServer(guest, { mode });
  for (let i = 0; i < 100; i++) await server.request('/?starts_with=d');
  const times = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const res = await server.request(`/?starts_with=${String.fromCharCode(97 + (i % 26))}`);
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`unexpected status ${res.status}`);
  }
  await server.stop();
  times.sort((a, b) => a - b);
  latency[mode] = { p50: pct(times, 0.5), p99: pct(times, 0.99) };
}
console.log(`\nin-process GET /?starts_with=X, ${REQUESTS} requests each (target p50 <= 0.5 ms):`);
for (const [mode, { p50, p99 }] of Object.entries(latency)) {
  console.log(`  ${mode.padEnd(12)} p50 ${fmt(p50).padStart(8)}  p99 ${fmt(p99).padStart(8)}  ${verdict(p50 <= 0.5)}`);
}

// 3. Bridge vs plain node:http under the same load.
// autocannon keeps each connection and, when the server closes it after a response (as the guest does),
// first writes its next request into the closing socket; so also measure with a client that opens a new
// connection per request (node:http, agent: false), 10 at a time, which is what curl-like clients do.
async function loadNewConnectionEach(port, seconds) {
  const end = performance.now() + seconds * 1000;
  let total = 0;
  let errors = 0;
  const one = () =>
    new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/?starts_with=d', agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      });
      req.on('error', () => resolve(false));
    });
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (performance.now() < end) (await one()) ? total++ : errors++;
    }),
  );
  return { errors, total };
}

function plainServer(keepAlive) {
  const s = http.createServer((req, res) => {
    const body = `${words[Math.floor(Math.random() * words.length)]}\n`;
    const headers = { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) };
    if (!keepAlive) headers.Connection = 'close';
    res.writeHead(200, headers).end(body);
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

async function bridgeServer(mode) {
  const server = await startServer(guest, { mode });
  const bridge = await serveOnLocalhost({ network: server.network, guestPort: server.port, port: 0 });
  return { port: bridge.port, close: async () => (await bridge.close(), await server.stop()) };
}

async function plain(keepAlive) {
  const s = await plainServer(keepAlive);
  return { port: s.address().port, close: () => new Promise((r) => s.close(r)) };
}

/**
 * Runs every contender for DURATION_S in total, in one-second turns taken in rotation, so a change in the
 * machine's load (it is shared) hits them all alike. Returns requests/s per contender.
 */
async function rotate(contenders, loadFor) {
  const totals = contenders.map(() => ({ total: 0, errors: 0 }));
  for (let round = 0; round < DURATION_S; round++) {
    for (const [i, c] of contenders.entries()) {
      const r = await loadFor(c.port);
      totals[i].total += r.total;
      totals[i].errors += r.errors;
    }
  }
  return totals.map((t) => ({ ...t, rps: t.total / DURATION_S }));
}

const url = (port) => `http://127.0.0.1:${port}/?starts_with=d`;
const servers = [await plain(true), await plain(false), await bridgeServer('jspi'), await bridgeServer('per-request')];
const names = ['plain node:http (keep-alive)', 'plain node:http (Connection: close)', 'bridge -> guest (jspi)', 'bridge -> guest (per-request)'];
const table = await rotate(servers, async (port) => {
  const r = await autocannon({ url: url(port), connections: 10, duration: 1 });
  return { total: r.requests.total, errors: r.errors + r.non2xx + r.timeouts };
});
const fresh = await rotate(servers.slice(1), (port) => loadNewConnectionEach(port, 1));
for (const s of servers) await s.close();

const row = (name, r, base) =>
  `  ${name.padEnd(36)} ${r.rps.toFixed(0).padStart(6)} req/s  (${r.total} requests, ${r.errors} errors)` +
  (base ? `  ${((r.rps / base) * 100).toFixed(0)}% of plain` : '');
console.log(`\nloopback HTTP, autocannon, 10 connections, ${DURATION_S} s each in 1 s turns (target: bridge >= 50% of plain):`);
table.forEach((r, i) => console.log(row(names[i], r, i >= 2 ? table[0].rps : undefined)));
console.log(`\nloopback HTTP, a new connection per request, 10 at a time, ${DURATION_S} s each in 1 s turns (the guest closes every connection):`);
fresh.forEach((r, i) => console.log(row(names[i + 1], r, i >= 1 ? fresh[0].rps : undefined)));
const jspiAuto = table[2].rps;
const jspiFresh = fresh[1].rps;
console.log(`\nbridge (jspi) vs plain keep-alive, autocannon:           ${((jspiAuto / table[0].rps) * 100).toFixed(0)}%  ${verdict(jspiAuto >= table[0].rps * 0.5)}`);
console.log(`bridge (jspi) vs plain Connection: close, autocannon:    ${((jspiAuto / table[1].rps) * 100).toFixed(0)}%  ${verdict(jspiAuto >= table[1].rps * 0.5)}`);
console.log(`bridge (jspi) vs plain, new connection per request:      ${((jspiFresh / fresh[0].rps) * 100).toFixed(0)}%  ${verdict(jspiFresh >= fresh[0].rps * 0.5)}`);
