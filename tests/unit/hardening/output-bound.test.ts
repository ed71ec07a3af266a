// Guests that write without end: the CLI streams their output with nothing kept and stops quietly when the reader
// goes away; in a guest thread (the page's Worker, a Node thread here) output is cut at the bound with a note and
// the runaway bound stops a guest that keeps writing. The browser side runs in tests/e2e/runaway.test.ts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunawayError } from '../../../src/runtime/host/index.ts';
import { runCommandInWorker } from '../../../src/runtime/host/remote-command.ts';
import { nodeWorker } from '../../../src/runtime/node/node-worker.ts';
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
});
