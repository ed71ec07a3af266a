// The runtime's figures, each printed beside its target and a baseline from this same run:
// compile (on bytes V8 has not seen), instantiate, in-process latency with JSPI and with a fresh instance per request
// (sequential and back to back; against a bare WebAssembly.Instance and a bare instantiate of fresh bytes), memory
// per instance (linear memory and JS heap), the localhost bridge's requests/s with the keep-alive
// guest beside plain node:http servers (keep-alive and closing), the bridge mapping each request to its own guest
// connection (the other way to bridge), and on WasmEdge, 20 requests beside a client that stalls.
// `--json` prints the figures as one JSON object at the end, so runs can be compared.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import autocannon from 'autocannon';
import { compileModule, startServer } from '../../src/runtime/index.ts';
import { serveOnLocalhost } from '../../src/runtime/node/bridge.ts';
import { workerHost } from '../../src/runtime/host/index.ts';
import { exposeOnLocalhost } from '../../src/runtime/node/expose.ts';
import { nodeWorker } from '../../src/runtime/node/node-worker.ts';
import { createInstance } from '../../src/runtime/guest/instance.ts';
import { MemoryFileSystem } from '../../src/runtime/devices/fs/memory-fs.ts';
import { findWasmEdge, startWasmEdge } from '../unit/wasm/hosts.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONNECTIONS = 50;
const json = process.argv.includes('--json');
const figures = { machine: { cores: os.cpus().length, loadAverage: os.loadavg() } };
const bytes = readFileSync(new URL('../../public/wasm/word_generator.wasm', import.meta.url));
const words = readFileSync(new URL('../../wasm/src/words.txt', import.meta.url), 'utf8').split('\n').filter((w) => /^[a-z]+$/.test(w));

const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const verdict = (ok) => (ok ? 'meets target' : 'MISSES target');
const median = (values) => pct([...values].sort((a, b) => a - b), 0.5);

/** The module's bytes plus a custom section holding a nonce: new bytes each time, so no compile cache can answer. */
function unseenCopy(nonce) {
  const name = Buffer.from('bench-nonce');
  const payload = Buffer.from(`${nonce}-${process.pid}-${Math.random()}`);
  const body = Buffer.concat([Buffer.from([name.length]), name, payload]);
  return Buffer.concat([bytes, Buffer.from([0, body.length]), body]);
}

console.log(`machine: ${figures.machine.cores} cores, load average ${figures.machine.loadAverage.map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) at start`);
console.log(`module: word_generator.wasm, ${(bytes.length / 1024).toFixed(0)} KiB`);

// 1. Compile (fresh bytes each time) and instantiate: the baselines for the per-request mode.
const compileTimes = [];
for (let i = 0; i < 10; i++) {
  const copy = unseenCopy(i);
  const t0 = performance.now();
  new WebAssembly.Module(copy);
  compileTimes.push(performance.now() - t0);
}
const guest = await compileModule(bytes, 'word_generator.wasm');
const bareImports = { wasi_snapshot_preview1: Object.fromEntries(guest.imports.map((i) => [i.name, () => 0])) };
const bareTimes = [];
const runtimeInstTimes = [];
const freshInstantiateTimes = [];
for (let i = 0; i < 300; i++) {
  let t0 = performance.now();
  new WebAssembly.Instance(guest.module, bareImports);
  bareTimes.push(performance.now() - t0);
  t0 = performance.now();
  createInstance(guest, {
    args: [], env: {}, fs: new MemoryFileSystem(), preopens: ['/'], stdin: undefined,
    stdout: () => {}, stderr: () => {}, network: undefined, canSuspend: false,
  });
  runtimeInstTimes.push(performance.now() - t0);
}
for (let i = 0; i < 30; i++) {
  const copy = unseenCopy(`instantiate-${i}`);
  const t0 = performance.now();
  await WebAssembly.instantiate(copy, bareImports);
  freshInstantiateTimes.push(performance.now() - t0);
}
const spread = (times) => ({ p50: median(times), p99: pct([...times].sort((a, b) => a - b), 0.99) });
const bare = spread(bareTimes);
const freshInstantiate = spread(freshInstantiateTimes);
figures.compileMs = median(compileTimes);
figures.bareInstantiate = bare;
figures.bareInstantiateFreshBytes = freshInstantiate;
figures.runtimeInstantiateMs = median(runtimeInstTimes);
console.log(`compile, fresh bytes each (median of 10):  ${fmt(figures.compileMs)}`);
console.log(`bare WebAssembly.Instance (300):           p50 ${fmt(bare.p50)}  p99 ${fmt(bare.p99)}  (from the compiled module)`);
console.log(`bare WebAssembly.instantiate (30):         p50 ${fmt(freshInstantiate.p50)}  p99 ${fmt(freshInstantiate.p99)}  (fresh bytes each: compile + instantiate)`);
console.log(`runtime instance, imports included:        ${fmt(figures.runtimeInstantiateMs)}`);

// 2. In-process latency through the virtual network and the HTTP client: what a client waits for, from sending
// the request to the parsed response. Sequential: each request is sent in a task of its own, as a real client's
// next request arrives (a socket's data, a Worker's message, a click), so work a server does between answers
// happens there, not inside a timed request. Back to back: several clients each send their next request the
// moment the last answer is parsed, so the per-request mode's spare instance cannot keep up and most requests
// make their own. Every instance the runtime creates is counted if made while a sequential request waited, and
// the first few are kept to read how much linear memory each holds once it has served.
const CLIENTS = 8;
const instances = [];
let waiting = 0;
let madeWhileWaiting = 0;
const NativeInstance = WebAssembly.Instance;
WebAssembly.Instance = function Instance(module, imports) {
  const instance = new NativeInstance(module, imports);
  // A few are enough to read memory from; holding all would keep hundreds of MiB alive and slow every collection.
  if (instances.length < 50) instances.push(instance);
  if (waiting > 0) madeWhileWaiting++;
  return instance;
};
const nextTask = () => new Promise((resolve) => setImmediate(resolve));
const memoryOf = (list) => Math.max(...list.map((i) => i.exports.memory.buffer.byteLength));
/** Times one request; answers other than 200 are counted by status (and still timed: the client waited for them). */
async function timed(server, i, times, others) {
  waiting++;
  const t0 = performance.now();
  const res = await server.request(`/?starts_with=${String.fromCharCode(97 + (i % 26))}`);
  times.push(performance.now() - t0);
  waiting--;
  if (res.status !== 200) others[res.status] = (others[res.status] ?? 0) + 1;
}
const latency = {};
const memory = {};
for (const mode of ['jspi', 'per-request']) {
  instances.length = 0;
  const server = await startServer(guest, { mode });
  for (let i = 0; i < 100; i++) await server.request('/?starts_with=d');
  madeWhileWaiting = 0;
  const sequential = [];
  const sequentialOthers = {};
  for (let i = 0; i < REQUESTS; i++) {
    await nextTask();
    await timed(server, i, sequential, sequentialOthers);
  }
  memory[mode] = memoryOf(instances);
  const sequentialMade = madeWhileWaiting;
  const backToBack = [];
  const backToBackOthers = {};
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    for (let i = c; i < REQUESTS; i += CLIENTS) await timed(server, i, backToBack, backToBackOthers);
  }));
  await server.stop();
  latency[mode] = {
    sequential: { ...spread(sequential), instancesMadeWhileWaiting: sequentialMade, not200: sequentialOthers },
    backToBack: { ...spread(backToBack), not200: backToBackOthers },
  };
}
WebAssembly.Instance = NativeInstance;

// Memory per instance: its linear memory after a request, and the JS heap it adds (the context, the fd table,
// the import functions), from 100 instances held at once between two full collections.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const held = [];
gc();
const heapBefore = process.memoryUsage().heapUsed;
for (let i = 0; i < 100; i++) {
  held.push(createInstance(guest, {
    args: [], env: {}, fs: new MemoryFileSystem(), preopens: ['/'], stdin: undefined,
    stdout: () => {}, stderr: () => {}, network: undefined, canSuspend: false,
  }));
}
gc();
const heapPerInstance = (process.memoryUsage().heapUsed - heapBefore) / held.length;
held.length = 0;
figures.inProcess = latency;
figures.memoryPerInstanceBytes = { linear: memory['per-request'], jsHeap: Math.round(heapPerInstance), jspiLinear: memory.jspi };

const seq = latency['per-request'].sequential;
const b2b = latency['per-request'].backToBack;
const jseq = latency.jspi.sequential;
const jb2b = latency.jspi.backToBack;
const answers = (f) => {
  const others = Object.entries(f.not200);
  return others.length === 0 ? 'all 200' : `NOT ALL 200: ${others.map(([status, n]) => `${n} x ${status}`).join(', ')}`;
};
const row = (name, f, note) => console.log(`  ${name.padEnd(34)} p50 ${fmt(f.p50).padStart(9)}  p99 ${fmt(f.p99).padStart(9)}   ${answers(f)}${note ? `; ${note}` : ''}`);
console.log(`\nin-process GET /?starts_with=X, request sent to response parsed, ${REQUESTS} requests each:`);
row('jspi, sequential', jseq, 'one instance keeps running');
row(`jspi, back to back (${CLIENTS} clients)`, jb2b, '');
row('per-request, sequential', seq, `target p50 <= 200 µs: ${verdict(seq.p50 <= 0.2)}, p99 <= 1 ms: ${verdict(seq.p99 <= 1)}`);
row(`per-request, back to back (${CLIENTS} clients)`, b2b, `target p50 <= 200 µs: ${verdict(b2b.p50 <= 0.2)}, p99 <= 1 ms: ${verdict(b2b.p99 <= 1)}`);
console.log(`  per-request sequential = ${(seq.p50 / bare.p50).toFixed(1)}x a bare Instance, ${(seq.p50 / freshInstantiate.p50).toFixed(2)}x a bare instantiate of fresh bytes, ${(seq.p50 / jseq.p50).toFixed(1)}x JSPI (p50)`);
console.log(`  per-request back to back = ${(b2b.p50 / bare.p50).toFixed(1)}x a bare Instance, ${(b2b.p50 / jb2b.p50).toFixed(1)}x JSPI back to back (p50)`);
console.log(`  sequential: ${seq.instancesMadeWhileWaiting} of ${REQUESTS} requests waited for an instance to be made (the others found a spare, made between answers)`);
const linear = memory['per-request'];
console.log(`  memory per instance: ${(linear / 1024).toFixed(0)} KiB of linear memory after its request (${linear / 65536} pages) + ${(heapPerInstance / 1024).toFixed(1)} KiB of JS heap; a per-request server holds two at rest (the first instance and one spare); the JSPI instance after ${2 * REQUESTS + 100} requests: ${(memory.jspi / 1024).toFixed(0)} KiB`);

// 3. The bridge, with the keep-alive guest, beside plain node:http servers, all under the same load.
function plainServer(keepAlive) {
  const s = http.createServer((req, res) => {
    const body = `${words[Math.floor(Math.random() * words.length)]}\n`;
    const headers = { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) };
    if (!keepAlive) headers.Connection = 'close';
    res.writeHead(200, headers).end(body);
  });
  s.keepAliveTimeout = 5000;
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve({ port: s.address().port, close: () => new Promise((r) => s.close(r)) })));
}

/** What `containerless run` serves: client connections passed through to the guest. */
async function bridgeServer(mode) {
  const server = await startServer(guest, { mode });
  const bridge = await serveOnLocalhost({ connect: () => server.network.connect(server.port), port: 0 });
  return { port: bridge.port, close: async () => (await bridge.close(), await server.stop()) };
}

/** Exactly what `containerless run` does: the guest in a worker thread (workerHost + nodeWorker), the bridge in this one. */
async function runServer() {
  const host = workerHost({ createWorker: nodeWorker, expose: exposeOnLocalhost, traceEveryServer: false, timeoutMs: 1000 });
  const s = await host.startServer(guest, { mode: 'jspi', expose: { port: 0 } });
  return { port: s.exposed.port, close: () => s.stop() };
}

/** The other way: node:http parses each request and maps it to a guest connection of its own. */
async function mappingServer() {
  const server = await startServer(guest, { mode: 'jspi' });
  const s = http.createServer((req, res) => {
    const end = server.network.connect(server.port);
    end.write(Buffer.from(`${req.method} ${req.url} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`));
    const chunks = [];
    end.onChange = () => {
      for (;;) {
        const c = end.read(65536);
        if (c === null) return;
        if (c.length === 0) {
          end.onChange = undefined;
          end.close();
          const raw = Buffer.concat(chunks);
          const split = raw.indexOf('\r\n\r\n');
          const status = Number(raw.subarray(9, 12).toString());
          res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(raw.subarray(split + 4));
          return;
        }
        chunks.push(c);
      }
    };
  });
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  return { port: s.address().port, close: async () => (await new Promise((r) => s.close(r)), await server.stop()) };
}

/** Every contender gets DURATION_S seconds in 1 s turns taken in rotation, so a change in the shared machine's load hits all alike. */
async function rotate(contenders) {
  const totals = contenders.map(() => ({ total: 0, errors: 0 }));
  for (let round = 0; round < DURATION_S; round++) {
    for (const [i, c] of contenders.entries()) {
      const r = await autocannon({ url: `http://127.0.0.1:${c.port}/?starts_with=d`, connections: CONNECTIONS, duration: 1 });
      totals[i].total += r.requests.total;
      totals[i].errors += r.errors + r.non2xx + r.timeouts;
    }
  }
  return totals.map((t) => ({ ...t, rps: t.total / DURATION_S }));
}

const contenders = [
  ['plain node:http, keep-alive', await plainServer(true)],
  ['plain node:http, Connection: close', await plainServer(false)],
  ['bridge, passing connections through (jspi)', await bridgeServer('jspi')],
  ['bridge, mapping each request (jspi)', await mappingServer()],
  ['containerless run (guest in a worker thread)', await runServer()],
  ['bridge, passing through (per-request)', await bridgeServer('per-request')],
];
const table = await rotate(contenders.map(([, c]) => c));
for (const [, c] of contenders) await c.close();
figures.bridge = Object.fromEntries(contenders.map(([name], i) => [name, table[i]]));
console.log(`\nloopback HTTP, autocannon, ${CONNECTIONS} connections, ${DURATION_S} s each in 1 s turns:`);
table.forEach((r, i) => console.log(`  ${contenders[i][0].padEnd(44)} ${r.rps.toFixed(0).padStart(6)} req/s  (${r.errors} errors)`));
const [keepAlive, closing, through, mapped, run] = table;
const share = (a, b) => `${((a.rps / b.rps) * 100).toFixed(0)}%`;
console.log(`bridge (through) vs plain keep-alive:   ${share(through, keepAlive).padStart(5)}  target >= 50%: ${verdict(through.rps >= keepAlive.rps * 0.5)}`);
console.log(`bridge (through) vs plain closing:      ${share(through, closing).padStart(5)}  target >= 90%: ${verdict(through.rps >= closing.rps * 0.9)}`);
console.log(`containerless run vs plain keep-alive:   ${share(run, keepAlive).padStart(5)}  target >= 50%: ${verdict(run.rps >= keepAlive.rps * 0.5)}`);
console.log(`containerless run vs plain closing:      ${share(run, closing).padStart(5)}  target >= 90%: ${verdict(run.rps >= closing.rps * 0.9)}`);
console.log(`mapping requests vs passing through:     ${share(mapped, through).padStart(5)}  (mapping rewrites the guest's answers through node:http, so the`);
console.log(`                                                hosts would no longer answer alike: the bridge passes connections through)`);

// 4. WasmEdge: 20 requests while one client holds its connection with half a head (target: each within 100 ms).
const wasmedge = findWasmEdge();
if (wasmedge === undefined) console.log('\nWasmEdge: not found, so its figures were NOT measured');
else {
  const host = await startWasmEdge(wasmedge, {});
  const stalled = await host.connect();
  stalled.write('GET /?starts_with=s HTTP/1.1\r\nHost: localhost\r\nX-Slow: y');
  const rounds = [];
  for (let round = 0; round < 5; round++) {
    const times = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const c = await host.connect();
        const t0 = performance.now();
        c.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
        await c.responses(1);
        c.destroy();
        return performance.now() - t0;
      }),
    );
    rounds.push(...times);
  }
  stalled.destroy();
  await host.stop();
  rounds.sort((a, b) => a - b);
  figures.wasmedgeBesideStalled = { p50: pct(rounds, 0.5), max: rounds.at(-1) };
  console.log(`\nWasmEdge 0.14.1 (interpreter), 5 x 20 concurrent requests while one client stalls mid-head:`);
  console.log(`  p50 ${fmt(pct(rounds, 0.5))}, slowest ${fmt(rounds.at(-1))}  target each <= 100 ms: ${verdict(rounds.at(-1) <= 100)}`);
}

if (json) console.log(JSON.stringify(figures));
