// The Worker client: the same handle as startServer, the runaway bound, restart, and trap reports.
// The guest runs in a Node worker thread here (src/runtime/node/node-worker.ts, the thread `containerless run` uses);
// the browser end-to-end tests run the bundled Worker in Chromium.
import { describe, expect, it } from 'vitest';
import { moduleBytes, wordGenerator } from './helpers/fixtures.ts';
import { nodeWorker } from '../../../src/runtime/node/node-worker.ts';
import { RunawayError } from '../../../src/runtime/host/index.ts';
import { runCommandInWorker } from '../../../src/runtime/host/remote-command.ts';
import { startServerInWorker } from '../../../src/runtime/host/remote-server.ts';
import { GuestTrap } from '../../../src/runtime/index.ts';
import type { ExitInfo } from '../../../src/runtime/index.ts';

describe.each(['jspi', 'per-request'] as const)('a server in a Worker (%s)', (mode) => {
  it('answers requests and streams its logs', async () => {
    const guest = await wordGenerator();
    const server = await startServerInWorker(guest, { mode, createWorker: nodeWorker, trace: true });
    expect([server.port, server.mode, server.status]).toEqual([8090, mode, 'listening']);
    const calls: string[] = [];
    server.onTrace((e) => calls.push(e.call));
    const res = await server.request('/?starts_with=d');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^d/);
    expect(server.logs.map((l) => l.text)).toContain('GET /?starts_with=d 200');
    expect(calls).toContain('sock_accept');
    await server.stop();
    expect(server.status).toBe('stopped');
    await expect(server.request('/')).rejects.toThrow(/not running/);
    await server.restart();
    expect((await server.request('/healthz')).body).toBe('ok\n');
    const refused = await server.request('http://localhost:9999/').catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'HttpError', code: 'ECONNREFUSED', message: 'failed to connect to localhost port 9999: connection refused' });
    expect(server.status).toBe('listening'); // a client error is not the guest's fault
    await server.stop();
  });
});

describe('runaway and crashing guests', () => {
  it('stops a command that runs past the bound and says so', async () => {
    const err = await runCommandInWorker(moduleBytes('tests/fixtures/wasm/spin.wasm'), { timeoutMs: 300, createWorker: nodeWorker }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunawayError);
    expect((err as Error).message).toBe('the module gave no answer within 300 ms, so it was stopped');
  });

  it('reports a trap with its message and the stderr before it', async () => {
    const err = await runCommandInWorker(moduleBytes('tests/fixtures/wasm/crash.wasm'), { createWorker: nodeWorker }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GuestTrap); // its class survives the trip across postMessage
    expect((err as GuestTrap).message).toMatch(/unreachable/);
    expect((err as GuestTrap).stderr).toContain('about to fail');
  });

  it('reads stdin from the page on demand, and time waiting for input does not count as running away', async () => {
    const chunks = ['typed ', 'by hand\n'];
    const stdin = async (): Promise<Uint8Array | null> => {
      // Time kept on purpose: it is what is under test. Three waits, 4.5 s in all, past the 3 s bound.
      await new Promise((r) => setTimeout(r, 1500));
      const next = chunks.shift();
      return next === undefined ? null : new TextEncoder().encode(next);
    };
    const r = await runCommandInWorker(moduleBytes('tests/fixtures/wasm/fs_tour.wasm'), { stdin, timeoutMs: 3000, createWorker: nodeWorker });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('stdin typed by hand\n');
  });

  it('runs a command and returns its output', async () => {
    const out: string[] = [];
    const r = await runCommandInWorker(moduleBytes('public/wasm/word_generator_cli.wasm'), {
      args: ['--starts-with', 'w', '--count', '2'], createWorker: nodeWorker, onStdout: (t) => out.push(t),
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split('\n').every((w) => w.startsWith('w'))).toBe(true);
    expect(out.join('')).toBe(r.stdout);
  });

  it.each(['jspi', 'per-request'] as const)('marks a server that stops answering as runaway, and restarts it (%s)', async (mode) => {
    const server = await startServerInWorker(moduleBytes('tests/fixtures/wasm/counter_server.wasm'), { mode, createWorker: nodeWorker, timeoutMs: 1500 });
    const exits: ExitInfo[] = [];
    server.onExit((i) => exits.push(i));
    expect((await server.request('/count')).body).toBe('1\n');
    const err = await server.request('/spin').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunawayError);
    expect(server.status).toBe('runaway');
    expect(exits.map((e) => e.reason)).toEqual(['runaway']);
    await expect(server.request('/count')).rejects.toThrow(/not running/);
    await server.restart();
    expect(server.status).toBe('listening');
    expect((await server.request('/count')).body).toBe('1\n'); // a fresh guest
    await server.stop();
  });

  it('reports a server that traps, with its stderr', async () => {
    const server = await startServerInWorker(moduleBytes('tests/fixtures/wasm/counter_server.wasm'), { createWorker: nodeWorker });
    const exit = new Promise<ExitInfo>((resolve) => server.onExit(resolve));
    await server.request('/crash').catch(() => undefined);
    const info = await exit;
    expect(info.reason).toBe('crashed');
    expect(info.message).toMatch(/unreachable/);
    expect(info.stderr).toContain('crashing on purpose: GET /crash HTTP/1.1');
    expect(server.status).toBe('crashed');
  });
});

describe('WorkerNetwork: several servers in Workers, addressed by URL', () => {
  it('routes by port, refuses a port nobody listens on, and refuses a second server on a taken port', async () => {
    const { WorkerNetwork } = await import('../../../src/runtime/host/worker-network.ts');
    const net = new WorkerNetwork();
    const changes: string[] = [];
    net.onChange((port, listening) => changes.push(`${port}:${listening}`));
    const words = await net.startServer(moduleBytes('public/wasm/word_generator.wasm'), { createWorker: nodeWorker });
    await net.startServer(moduleBytes('tests/fixtures/wasm/counter_server.wasm'), { createWorker: nodeWorker, env: { PORT: '3000' } });
    expect((await net.request('http://localhost:8090/?starts_with=k')).body).toMatch(/^k/);
    expect((await net.request('http://127.0.0.1:3000/count')).body).toBe('1\n');
    await expect(net.request('http://localhost:9/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(net.startServer(moduleBytes('public/wasm/word_generator.wasm'), { createWorker: nodeWorker })).rejects.toThrow(/port 8090 is already in use/);
    await words.stop();
    expect(net.isListening(8090)).toBe(false);
    await expect(net.request('http://localhost:8090/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await net.stopAll();
    expect(changes).toEqual(['8090:true', '3000:true', '8090:false', '3000:false']);
  });
});
