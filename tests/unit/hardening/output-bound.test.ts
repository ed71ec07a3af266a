// Guests that write without end: the CLI streams their output with nothing kept and stops quietly when the reader
// goes away; in a guest thread (the page's Worker, a Node thread here) output is cut at the bound with a note and
// the runaway bound stops a guest that keeps writing; a traced guest's calls cross at a bounded rate, in batches.
// The browser side runs in tests/e2e/runaway.test.ts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunawayError } from '../../../src/runtime/host/index.ts';
import { runCommandInWorker } from '../../../src/runtime/host/remote-command.ts';
import { nodeWorker } from '../../../src/runtime/node/node-worker.ts';
import { formatTrace } from '../../../src/runtime/host/format.ts';
import type { WorkerLike } from '../../../src/runtime/host/channel.ts';
import type { FromWorker } from '../../../src/runtime/host/protocol.ts';
import type { TraceEvent } from '../../../src/runtime/calls/trace.ts';
import { assemble, writerWat } from '../../support/wat.ts';

const root = new URL('../../../', import.meta.url).pathname;
const bin = join(root, 'bin/containerless.mjs');
let dir: string;
let forever: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'output-bound-'));
  forever = await assemble(writerWat(-1));
  writeFileSync(join(dir, 'forever.wasm'), forever);
  writeFileSync(join(dir, 'sixty-four-mib.wasm'), await assemble(writerWat(1024)));
});
afterAll(() => undefined);

describe('containerless run with a guest that writes a lot', () => {
  it('streams 64 MiB to a pipe, all of it, and exits 0', async () => {
    const child = spawn(process.execPath, [bin, 'run', join(dir, 'sixty-four-mib.wasm')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (bytes += b.length));
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(bytes).toBe(64 * 1024 * 1024);
  }, 120_000);

  it('ends quietly when its reader goes away (| head), even writing for ever', async () => {
    const child = spawn(process.execPath, [bin, 'run', join(dir, 'forever.wasm')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    // What `head -c 1000` does: read a little, then close the pipe.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(141);
  }, 60_000);

  it('refuses to read a module file that is not a regular file', () => {
    const r = spawnSync(process.execPath, [bin, 'run', '/dev/zero'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('/dev/zero is not a regular file');
  });
});

describe('a guest thread with a guest that writes for ever', () => {
  it('cuts the output at the bound with a note, and stops the guest at the runaway bound', async () => {
    let stdout = 0;
    let stderr = '';
    const error = await runCommandInWorker(forever, {
      timeoutMs: 1000, createWorker: nodeWorker, onStdout: (t) => (stdout += t.length), onStderr: (t) => (stderr += t),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunawayError);
    expect(stdout).toBe(1024 * 1024);
    expect(stderr).toContain('[output truncated after 1 MiB]');
  }, 30_000);

  it('under --trace, sends a guest calling in a loop on in a few messages, at the trace rate, with a note for the calls left out', async () => {
    const calls = 20_000;
    const rate = 100;
    let messages = 0;
    // The guest's thread, with the trace messages it posts counted as the host receives them.
    const counted = (): WorkerLike => {
      const w = nodeWorker();
      const listen = w.addEventListener.bind(w) as (type: string, fn: (e: { data: FromWorker }) => void) => void;
      w.addEventListener = ((type: string, fn: (e: { data: FromWorker }) => void) =>
        listen(type, type === 'message' ? (e) => ((messages += e.data.type === 'trace' ? 1 : 0), fn(e)) : fn)) as WorkerLike['addEventListener'];
      return w;
    };
    const events: TraceEvent[] = [];
    const t0 = performance.now();
    const r = await runCommandInWorker(await assemble(writerWat(calls, { writeBytes: 2 })), {
      createWorker: counted, traceRate: rate, onTrace: (e) => events.push(e),
    });
    const windows = Math.ceil((performance.now() - t0) / 1000) + 1;
    expect(r.exitCode).toBe(0);
    const notes = events.filter((e) => e.dropped !== undefined);
    const traced = events.filter((e) => e.dropped === undefined);
    // Every call is either shown or counted in a note, in order.
    expect(traced.length + notes.reduce((n, e) => n + e.dropped!, 0)).toBe(calls);
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
    expect(traced.length).toBeLessThanOrEqual(rate * windows);
    expect(notes.length).toBeGreaterThan(0);
    expect(formatTrace(notes.at(-1)!)).toMatch(/^\[\d+ trace lines dropped: the module made calls faster than the page can show\]$/);
    // A batch per 64 calls at most, not one message per call.
    expect(messages).toBeLessThanOrEqual(3 * windows);
  }, 60_000);
});
