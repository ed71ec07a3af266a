// `containerless run` runs a server module in this worker thread: the guest and its virtual network live here,
// and the localhost bridge (in the main thread) reaches them through the messages of guest-link.ts. So a guest that
// computes forever stops neither Ctrl-C nor the bridge, which answers 503 and restarts this thread.
import { parentPort, workerData } from 'node:worker_threads';
import { describeModule } from '../guest/module.ts';
import { startServer, ServerStartError, type ExitInfo, type LogLine, type ServerHandle, type ServerMode } from '../guest/server.ts';
import type { TraceEvent } from '../calls/trace.ts';
import { carryConnections, type LinkFromGuest, type LinkToGuest } from './guest-link.ts';

export interface ServeRequest {
  module: WebAssembly.Module;
  name: string;
  args: string[];
  env: Record<string, string>;
  mode: ServerMode;
  trace: boolean;
  /** the real port; undefined = the port the guest listens on */
  port: number | undefined;
  /** Host names to answer besides loopback ones */
  allowHosts?: string[];
  /** how long the bridge waits for the guest to start answering a request before 503 and a restart */
  answerTimeoutMs?: number;
}

export type ServeMessage =
  | { type: 'listening'; guestPort: number; mode: 'jspi' | 'per-request' }
  | { type: 'log'; line: LogLine }
  | { type: 'trace'; event: TraceEvent }
  | { type: 'failed'; message: string }
  | { type: 'exit'; info: ExitInfo }
  | { type: 'stopped' }
  | LinkFromGuest;

export type ToServeThread = 'stop' | LinkToGuest;

const port = parentPort;
if (port === null) throw new Error('serve-thread.ts runs as a worker thread');
const post = (m: ServeMessage, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer);
const req = workerData as ServeRequest;

// Connections may arrive before the guest listens (right after a restart): they wait for it.
let carry: ((m: LinkToGuest) => void) | undefined;
const early: LinkToGuest[] = [];
let running: ServerHandle | undefined;
port.on('message', async (m: ToServeThread) => {
  if (m === 'stop') {
    await running?.stop();
    post({ type: 'stopped' });
  } else if (carry) carry(m);
  else early.push(m);
});

const guest = describeModule(req.module, req.name, 0, 0);
try {
  running = await startServer(guest, {
    args: req.args, env: req.env, mode: req.mode,
    trace: req.trace ? (event) => post({ type: 'trace', event }) : false,
    onLog: (line) => post({ type: 'log', line }),
  });
} catch (e) {
  const detail = e instanceof ServerStartError && e.stderr ? `\n${e.stderr.trimEnd()}` : '';
  post({ type: 'failed', message: `the module did not start serving: ${e instanceof Error ? e.message : String(e)}${detail}` });
  process.exit(0);
}
running.onExit((info) => {
  if (info.reason !== 'stopped') post({ type: 'exit', info });
});
carry = carryConnections(port, running.network, running.port);
for (const m of early.splice(0)) carry(m);
post({ type: 'listening', guestPort: running.port, mode: running.mode });
