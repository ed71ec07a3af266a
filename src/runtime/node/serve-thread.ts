// `containerless run` serves a module from this worker thread: the guest, its virtual network and the localhost
// bridge live here, so the main thread stays free to handle Ctrl-C even when a guest computes forever.
import { parentPort, workerData } from 'node:worker_threads';
import { describeModule } from '../guest/module.ts';
import { startServer, ServerStartError, type ExitInfo, type LogLine, type ServerMode } from '../guest/server.ts';
import type { TraceEvent } from '../calls/trace.ts';
import { PortInUseError, serveOnLocalhost } from './bridge.ts';

export interface ServeRequest {
  module: WebAssembly.Module;
  name: string;
  args: string[];
  env: Record<string, string>;
  mode: ServerMode;
  trace: boolean;
  /** the real port; undefined = the port the guest listens on */
  port: number | undefined;
}

export type ServeMessage =
  | { type: 'serving'; host: string; port: number; guestPort: number; mode: 'jspi' | 'per-request' }
  | { type: 'log'; line: LogLine }
  | { type: 'trace'; event: TraceEvent }
  | { type: 'failed'; message: string }
  | { type: 'exit'; info: ExitInfo }
  | { type: 'stopped' };

const port = parentPort;
if (port === null) throw new Error('serve-thread.ts runs as a worker thread');
const post = (m: ServeMessage): void => port.postMessage(m);
const req = workerData as ServeRequest;

const guest = describeModule(req.module, req.name, 0, 0);
let server;
try {
  server = await startServer(guest, {
    args: req.args, env: req.env, mode: req.mode,
    trace: req.trace ? (event) => post({ type: 'trace', event }) : false,
    onLog: (line) => post({ type: 'log', line }),
  });
} catch (e) {
  const detail = e instanceof ServerStartError && e.stderr ? `\n${e.stderr.trimEnd()}` : '';
  post({ type: 'failed', message: `the module did not start serving: ${e instanceof Error ? e.message : String(e)}${detail}` });
  process.exit(0);
}
const running = server;
try {
  const bridge = await serveOnLocalhost({ network: running.network, guestPort: running.port, port: req.port ?? running.port });
  running.onExit((info) => {
    if (info.reason !== 'stopped') post({ type: 'exit', info });
  });
  port.on('message', async (m: unknown) => {
    if (m !== 'stop') return;
    await bridge.close();
    await running.stop();
    post({ type: 'stopped' });
  });
  post({ type: 'serving', host: bridge.host, port: bridge.port, guestPort: running.port, mode: running.mode });
} catch (e) {
  await running.stop();
  post({ type: 'failed', message: e instanceof PortInUseError ? e.message : e instanceof Error ? e.message : String(e) });
}
