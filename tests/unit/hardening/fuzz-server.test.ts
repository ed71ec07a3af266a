// The word-generator server module under 100,000 random and mutated HTTP requests, through the runtime in Node.
// Every request must get a valid HTTP response or a clean close; the guest must never trap and never hang.
// Seeded: FUZZ_SEED=n replays a run; a failure names the seed and the case index (see http-fuzz.ts).
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { compileModule, startServer, VirtualNetwork, type ExitInfo, type GuestModule, type ServerHandle } from '../../../src/runtime/index.ts';
import { fuzzCase, judge } from './http-fuzz.ts';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261123);
const JSPI_REQUESTS = Number(process.env['FUZZ_REQUESTS'] ?? 100_000);
// A fresh instance per request costs a few ms each; a smaller run covers that mode too.
const PER_REQUEST_REQUESTS = Number(process.env['FUZZ_PER_REQUEST'] ?? 2_000);
// Far above any answer (well under 1 ms in JSPI mode); only a hung guest reaches it.
const HANG_MS = 5_000;

const moduleBytes = readFileSync(new URL('../../../public/wasm/word_generator.wasm', import.meta.url));
const servers: ServerHandle[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

/** Sends the bytes, ends the request side, and reads until the server closes (or HANG_MS passes). */
async function exchange(network: VirtualNetwork, port: number, bytes: Uint8Array): Promise<Uint8Array | 'hang'> {
  const conn = network.connect(port);
  conn.write(bytes);
  conn.shutdownWrite();
  const parts: Uint8Array[] = [];
  const deadline = performance.now() + HANG_MS;
  try {
    for (;;) {
      const chunk = conn.read(1 << 20);
      if (chunk !== null && chunk.length === 0) break;
      if (chunk !== null) {
        parts.push(chunk);
        continue;
      }
      const left = deadline - performance.now();
      if (left <= 0) return 'hang';
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([conn.whenReadable(), new Promise<void>((r) => (timer = setTimeout(r, left)))]);
      clearTimeout(timer);
    }
  } finally {
    conn.close();
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function fuzz(guest: GuestModule, mode: 'jspi' | 'per-request', count: number) {
  const network = new VirtualNetwork();
  const server = await startServer(guest, { network, mode });
  servers.push(server);
  const exits: ExitInfo[] = [];
  server.onExit((info) => exits.push(info));
  const outcomes = new Map<string, number>();
  const failures: string[] = [];
  const started = performance.now();
  for (let i = 0; i < count && failures.length < 5; i++) {
    const fc = fuzzCase(SEED, i);
    const response = await exchange(network, server.port, fc.bytes);
    const where = `seed ${SEED} case ${i} (${fc.kind}, ${fc.bytes.length} bytes)`;
    if (response === 'hang') {
      failures.push(`${where}: no answer and no close within ${HANG_MS} ms`);
      break;
    }
    const verdict = judge(response, fc.bytes);
    if (!verdict.ok) failures.push(`${where}: ${verdict.problem}`);
    outcomes.set(String(verdict.outcome), (outcomes.get(String(verdict.outcome)) ?? 0) + 1);
    if (server.status !== 'listening') {
      failures.push(`${where}: the server is ${server.status}: ${exits.map((e) => e.message).join('; ')}`);
      break;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
  const summary = [...outcomes.entries()].sort().map(([k, v]) => `${k}: ${v}`).join(', ');
  console.log(`fuzz (${mode}, seed ${SEED}): ${total} requests in ${seconds.toFixed(1)} s; outcomes ${summary}`);
  return { failures, exits, total, outcomes, server };
}

describe('the server module under random and mutated requests', () => {
  let guest: GuestModule;

  test(`${JSPI_REQUESTS} requests to one long-lived instance (JSPI): every one answered or closed cleanly, no trap, no hang`, async () => {
    guest = await compileModule(moduleBytes, 'word_generator.wasm');
    const run = await fuzz(guest, 'jspi', JSPI_REQUESTS);
    expect(run.failures).toEqual([]);
    expect(run.exits).toEqual([]);
    expect(run.total).toBe(JSPI_REQUESTS);
    // Bad input gets told so: most mutated requests are refused with a 4xx, not silently dropped.
    const refused = [...run.outcomes.entries()].filter(([k]) => /^4\d\d$/.test(k)).reduce((n, [, v]) => n + v, 0);
    expect(refused).toBeGreaterThan(JSPI_REQUESTS / 4);
    // And the server still answers a plain request correctly afterwards.
    const after = await run.server.request('/?starts_with=d');
    expect(after.status).toBe(200);
    expect(after.body).toMatch(/^d/);
  }, 240_000);

  test(`${PER_REQUEST_REQUESTS} requests with a fresh instance each (engines without JSPI): the same guarantees`, async () => {
    guest ??= await compileModule(moduleBytes, 'word_generator.wasm');
    const run = await fuzz(guest, 'per-request', PER_REQUEST_REQUESTS);
    expect(run.failures).toEqual([]);
    expect(run.exits).toEqual([]);
    expect(run.total).toBe(PER_REQUEST_REQUESTS);
  }, 120_000);
});
