// The same module, the same answers: the HTTP conformance script against the in-process runtime,
// `containerless run` and real WasmEdge 0.14.1, whose transcripts must be identical (the random word aside).
import { afterAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_ENV, runConformance, type ConformanceResult } from './conformance.ts';
import { findWasmEdge, startContainerlessRun, startInProcess, startWasmEdge, WASMEDGE_MISSING, type RunningHost } from './hosts.ts';

const wasmedge = findWasmEdge();
if (wasmedge === undefined) console.warn(`\n*** ${WASMEDGE_MISSING} ***\n`);

const results = new Map<string, ConformanceResult>();
const running: RunningHost[] = [];
afterAll(async () => {
  await Promise.all(running.map((h) => h.stop()));
});

async function conformance(name: string, start: () => Promise<RunningHost>): Promise<ConformanceResult> {
  const host = await start();
  running.push(host);
  try {
    const result = await runConformance(host.connect);
    results.set(name, result);
    const sorted = [...result.besideStalled].sort((a, b) => a - b);
    console.log(`${name}: 20 requests beside a stalled client, slowest ${sorted.at(-1)!.toFixed(1)} ms, median ${sorted[10]!.toFixed(1)} ms`);
    return result;
  } finally {
    await host.stop();
  }
}

const row = (result: ConformanceResult, name: string): string => result.transcript.find(([n]) => n === name)?.[1] ?? '(missing)';

describe('the word server on every host', () => {
  it('in the runtime in this process: every case answered as lesson 3 says', async () => {
    const result = await conformance('in-process', () => startInProcess(CONFORMANCE_ENV));
    expect(row(result, 'GET /?starts_with=d')).toMatch(/^HTTP\/1\.1 200 OK\nContent-Type: text\/plain; charset=utf-8\nContent-Length: <length>\nConnection: keep-alive\n/);
    expect(row(result, 'GET /healthz')).toMatch(/\n\nok\n$/);
    expect(row(result, 'GET /?starts_with=dd')).toMatch(/^HTTP\/1\.1 400 /);
    expect(row(result, 'POST /')).toMatch(/^HTTP\/1\.1 405 [\s\S]*\nAllow: GET, HEAD\n/);
    expect(row(result, 'GET /words')).toMatch(/^HTTP\/1\.1 404 /);
    expect(row(result, 'HEAD /healthz')).toMatch(/Content-Length: 3\n[\s\S]*\n\n$/);
    expect(row(result, 'bad: HTTP/1.1 without Host')).toMatch(/^HTTP\/1\.1 400 [\s\S]*must have a Host header\n\n\[closed: true\]$/);
    expect(row(result, 'bad: head over 8 KiB')).toMatch(/^HTTP\/1\.1 431 /);
    expect(row(result, 'keep-alive then Connection: close').split('---')).toHaveLength(4);
    expect(row(result, 'keep-alive then Connection: close')).toMatch(/Connection: close\n[\s\S]*\[closed: true\]$/);
    expect(row(result, 'pipelined').split('---').map((r) => r.trim().split(' ')[1])).toEqual(['200', '200', '405', '200', '200']);
    expect(row(result, '100 requests on one connection')).toBe('100 x 200, closed early: false');
    expect(row(result, 'slow client beside 20 others')).toMatch(/^20 x 200 while one stalled\nHTTP\/1\.1 408 Request Timeout\n[\s\S]*\[closed: true\]$/);
    for (const [name, text] of result.transcript) if (name.startsWith('bad: ')) expect(text, name).toMatch(/^HTTP\/1\.1 4\d\d [\s\S]*\[closed: true\]$/);
  }, 120_000);

  it('behind `containerless run`: the same transcript', async () => {
    const result = await conformance('containerless run', () => startContainerlessRun(CONFORMANCE_ENV));
    expect(result.transcript).toEqual(results.get('in-process')?.transcript);
  }, 120_000);

  it.skipIf(wasmedge === undefined)('under WasmEdge 0.14.1: the same transcript', async () => {
    const result = await conformance('WasmEdge', () => startWasmEdge(wasmedge!, CONFORMANCE_ENV));
    expect(result.transcript).toEqual(results.get('in-process')?.transcript);
  }, 120_000);
});
