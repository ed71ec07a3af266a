// The shell on the page's host: every guest in its own Worker (a Node worker thread here, the bundled Worker in
// Chromium's end-to-end tests). curl reaches servers in other Workers by port; jobs, kill and the runaway bound work.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { compileModule } from '../../../src/runtime/index.ts';
import { workerHost } from '../../../src/runtime/host/index.ts';
import type { ShellEnvironment } from '../../../src/terminal/types.ts';
import { nodeWorker } from '../../../src/runtime/node/node-worker.ts';
import { nodeEnvironment, testShell } from './harness.ts';

const inWorkers = (extra: Partial<ShellEnvironment> = {}, timeoutMs = 5000): ShellEnvironment => ({
  ...nodeEnvironment,
  createHost: () => workerHost({ createWorker: nodeWorker, timeoutMs }),
  ...extra,
});

const shells: ReturnType<typeof testShell>[] = [];
const fresh = (environment: ShellEnvironment) => {
  const t = testShell(environment);
  shells.push(t);
  return t;
};
afterEach(async () => {
  await Promise.all(shells.splice(0).map((t) => t.shell.dispose()));
});

describe.each(['auto', 'per-request'] as const)('the shell with guests in Workers (%s)', (mode) => {
  const env = (): ShellEnvironment => ({ ...nodeEnvironment, createHost: () => workerHost({ createWorker: nodeWorker, mode }) });

  test('a background server answers curl by port; kill stops it and curl is refused again', async () => {
    const t = fresh(env());
    expect(t.shell.host.where).toBe('worker');
    const start = await t.run('wasmedge word_generator.wasm &');
    expect(start.status).toBe(0);
    expect(start.out).toContain('Listening on http://0.0.0.0:8090');
    const r = await t.run('curl localhost:8090/?starts_with=d');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^d[a-z]+\n/);
    expect((await t.run('curl -i "localhost:8090/?starts_with=dd"')).out).toContain('400 Bad Request');
    expect((await t.run('jobs')).out).toMatch(/\[1\]\+ {2}Running +wasmedge word_generator\.wasm &/);
    expect((await t.run('kill %1')).out).toContain('Terminated');
    const refused = await t.run('curl localhost:8090/');
    expect(refused.status).toBe(7);
    expect(refused.out).toContain('Connection refused');
  });

  test('a second server on the same port says the address is in use', async () => {
    const t = fresh(env());
    await t.run('wasmedge word_generator.wasm &');
    const second = await t.run('wasmedge word_generator.wasm &');
    expect(second.status).not.toBe(0);
    expect(second.out).toMatch(/in use/i);
    expect((await t.run('curl localhost:8090/?starts_with=q')).out).toMatch(/^q[a-z]+\n/);
  });

  test('the command-line module runs in a Worker with its arguments and exit code', async () => {
    const t = fresh(env());
    const r = await t.run('wasmedge word_generator_cli.wasm --starts-with w --count 2');
    expect(r.status).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(2);
    expect((await t.run('wasmedge word_generator_cli.wasm --starts-with 7')).status).toBe(2);
  });
});

describe('a guest that never finishes', () => {
  test('is stopped after the bound and reported; the shell carries on', async () => {
    const spin = compileModule(new Uint8Array(readFileSync(new URL('../../fixtures/wasm/spin.wasm', import.meta.url))), 'word_generator_cli.wasm');
    const t = fresh(inWorkers({ loadModule: (file) => (file === 'word_generator_cli.wasm' ? spin : nodeEnvironment.loadModule(file)) }, 1000));
    const started = performance.now();
    const r = await t.run('wasmedge word_generator_cli.wasm');
    expect(r.status).toBe(137);
    expect(r.out).toContain('the module gave no answer within 1000 ms, so it was stopped');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect((await t.run('echo $?')).out).toBe('137\n');
  });

  test('Ctrl+C ends it at once', async () => {
    const spin = compileModule(new Uint8Array(readFileSync(new URL('../../fixtures/wasm/spin.wasm', import.meta.url))), 'word_generator_cli.wasm');
    const t = fresh(inWorkers({ loadModule: (file) => (file === 'word_generator_cli.wasm' ? spin : nodeEnvironment.loadModule(file)) }, 60_000));
    const running = t.shell.run('wasmedge word_generator_cli.wasm');
    await expect.poll(() => t.shell.holding).toBe(true);
    const interrupted = performance.now();
    expect(t.shell.interrupt()).toBe(true);
    expect(await running).toBe(130);
    expect(performance.now() - interrupted).toBeLessThan(5_000);
    expect(t.shell.holding).toBe(false);
    expect((await t.run('echo $?')).out).toBe('130\n');
  });
});
