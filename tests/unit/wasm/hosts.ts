// The three hosts the word server runs on, started for tests: real WasmEdge 0.14.1 (the runtime a pod's shim
// embeds), `containerless run` (a child process, as a learner runs it), and the runtime in this process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileModule, startServer } from '../../../src/runtime/index.ts';
import { tcp, virtual, type Connect } from './raw-http.ts';
import { collect, waitForOutput } from '../../support/process.ts';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const serverWasm = join(root, 'public/wasm/word_generator.wasm');
export const cliWasm = join(root, 'public/wasm/word_generator_cli.wasm');

export interface RunningHost {
  connect: Connect;
  /** what the module printed so far */
  output(): string;
  stop(): Promise<void>;
}

/** WasmEdge from $WASMEDGE, the shared tools folder beside the repository, /work/shared/tools, or PATH. */
export function findWasmEdge(): string | undefined {
  const candidates = [
    process.env.WASMEDGE,
    join(root, '../shared/tools/wasmedge-0.14.1/bin/wasmedge'),
    '/work/shared/tools/wasmedge-0.14.1/bin/wasmedge',
  ];
  for (const c of candidates) if (c && existsSync(c)) return c;
  const onPath = spawnSync('wasmedge', ['--version'], { encoding: 'utf8' });
  return onPath.status === 0 ? 'wasmedge' : undefined;
}

export const WASMEDGE_MISSING =
  'WasmEdge not found (set WASMEDGE, or put wasmedge 0.14.1 in ../shared/tools/wasmedge-0.14.1/bin or on PATH): the module was NOT run under WasmEdge';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
}

export async function startWasmEdge(binary: string, env: Record<string, string>, module = serverWasm): Promise<RunningHost> {
  const port = await freePort();
  const args = [...Object.entries({ ...env, PORT: String(port) }).flatMap(([k, v]) => ['--env', `${k}=${v}`]), module];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(child);
  const stop = stopper(child);
  try {
    await waitForOutput(child, output, /Listening on http:\/\/0\.0\.0\.0:\d+/, 'wasmedge');
  } catch (e) {
    await stop();
    throw e;
  }
  return { connect: tcp(port), output, stop };
}

export async function startContainerlessRun(env: Record<string, string>, extra: string[] = []): Promise<RunningHost> {
  const args = [join(root, 'bin/containerless.mjs'), 'run', serverWasm, '--port', '0', ...extra, ...Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`])];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(child);
  const stop = stopper(child);
  let port: number;
  try {
    const m = await waitForOutput(child, output, /serving \S+ on http:\/\/127\.0\.0\.1:(\d+)/, 'containerless run');
    port = Number(m[1]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { connect: tcp(port), output, stop };
}

export async function startInProcess(env: Record<string, string>, mode: 'jspi' | 'per-request' = 'jspi'): Promise<RunningHost> {
  const guest = await compileModule(readFileSync(serverWasm), 'word_generator.wasm');
  const server = await startServer(guest, { env, mode });
  return {
    connect: virtual(server.network, server.port),
    output: () => server.logs.map((l) => `${l.text}\n`).join(''),
    stop: () => server.stop(),
  };
}
