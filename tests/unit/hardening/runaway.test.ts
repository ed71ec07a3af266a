// Guests that never finish: an endless loop, and memory that grows without bound. Run in a Worker (as the page
// runs them), they are stopped at the bound and reported, the host's event loop keeps running meanwhile, and the
// runtime serves the next guest normally.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { RunawayError } from '../../../src/runtime/host/index.ts';
import { runCommandInWorker } from '../../../src/runtime/host/remote-command.ts';
import { nodeWorker } from '../../../src/runtime/node/node-worker.ts';

const bytes = (path: string) => new Uint8Array(readFileSync(new URL(`../../../${path}`, import.meta.url)));

/**
 * A hand-assembled command: `_start` grows memory 1 MiB at a time, writing into each new MiB, as a leaking guest
 * does; at the engine's limit (4 GiB) it keeps spinning.
 */
function memoryHog(): Uint8Array {
  const onLimit = [0x03, 0x40, 0x0c, 0x00, 0x0b]; // loop br 0 end: spin
  const body = [
    0x00, // no locals
    0x03, 0x40, // loop
    0x41, 0x10, 0x40, 0x00, // memory.grow(16 pages)
    0x41, 0x7f, 0x46, // == -1
    0x04, 0x40, ...onLimit, 0x0b, // if ... end
    0x3f, 0x00, 0x41, 0x10, 0x74, 0x41, 0x01, 0x6b, // memory.size << 16 - 1: the last byte
    0x41, 0x01, 0x3a, 0x00, 0x00, // store8 1 there
    0x0c, 0x00, // br loop
    0x0b, // end loop
    0x0b, // end function
  ];
  const section = (id: number, content: number[]) => [id, ...leb(content.length), ...content];
  const name = (s: string) => [s.length, ...new TextEncoder().encode(s)];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 0]), // type: () -> ()
    ...section(3, [1, 0]), // one function of that type
    ...section(5, [1, 0x00, 1]), // memory: min 1 page, no maximum
    ...section(7, [2, ...name('memory'), 0x02, 0, ...name('_start'), 0x00, 0]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Runs `work` while counting event-loop turns on this thread: proof the host was not frozen meanwhile. */
async function whileCountingTicks<T>(work: () => Promise<T>): Promise<{ result: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  try {
    return { result: await work(), ticks };
  } finally {
    clearInterval(timer);
  }
}

describe('runaway guests', () => {
  test('an endless loop is stopped at the bound and reported, and the host keeps running meanwhile', async () => {
    const { result, ticks } = await whileCountingTicks(() =>
      runCommandInWorker(bytes('tests/fixtures/wasm/spin.wasm'), { timeoutMs: 500, createWorker: nodeWorker }).catch((e: unknown) => e),
    );
    expect(result).toBeInstanceOf(RunawayError);
    expect((result as Error).message).toMatch(/no answer within 500 ms, so it was stopped/);
    expect(ticks).toBeGreaterThan(0);
  });

  test('a guest whose memory grows without bound is stopped at the bound and reported, the host running meanwhile', async () => {
    const { result, ticks } = await whileCountingTicks(() =>
      runCommandInWorker(memoryHog(), { timeoutMs: 1_000, createWorker: nodeWorker }).catch((e: unknown) => e),
    );
    expect(result).toBeInstanceOf(RunawayError);
    expect((result as Error).message).toMatch(/so it was stopped/);
    expect(ticks).toBeGreaterThan(0);
    console.log(`memory hog stopped; this process peaked at ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB resident`);
  }, 30_000);

  test('after runaways, the next guest runs normally', async () => {
    const run = await runCommandInWorker(bytes('public/wasm/word_generator_cli.wasm'), {
      args: ['--starts-with', 'k', '--count', '3'],
      createWorker: nodeWorker,
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(3);
  });
});
