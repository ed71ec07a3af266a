// The Worker that hosts a guest, so a guest that computes or waits never freezes the page.
// Bundled by Vite from `new Worker(new URL('./guest.worker.ts', import.meta.url), { type: 'module' })`.
import { compileModule, describeModule, type GuestModule } from '../guest/module.ts';
import { runCommand } from '../guest/command.ts';
import { startServer, type ServerHandle } from '../guest/server.ts';
import type { ErrorReport, FromWorker, ToWorker, WorkerModuleSource } from './protocol.ts';

interface WorkerScope {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (event: { data: ToWorker }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
let server: ServerHandle | undefined;
let stdinWaiter: ((chunk: Uint8Array | null) => void) | undefined;

/** stdin for an on-demand run: each read asks the page for the next chunk. */
function stdinFromPage(): Promise<Uint8Array | null> {
  return new Promise((resolve) => {
    stdinWaiter = resolve;
    post({ type: 'stdin-wanted' });
  });
}

function post(message: FromWorker): void {
  scope.postMessage(message);
}

function report(e: unknown): ErrorReport {
  if (e instanceof Error) {
    const { stderr, code } = e as { stderr?: unknown; code?: unknown };
    return { name: e.name, message: e.message, ...(typeof stderr === 'string' ? { stderr } : {}), ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(e) };
}

async function load(source: WorkerModuleSource): Promise<GuestModule> {
  if ('module' in source) return describeModule(source.module, source.name, 0, 0);
  if ('bytes' in source) return compileModule(new Uint8Array(source.bytes), source.name);
  return compileModule(source.url, source.name);
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'start': {
      const guest = await load(msg.source);
      const o = msg.options;
      server = await startServer(guest, {
        ...(o.args ? { args: o.args } : {}), ...(o.env ? { env: o.env } : {}), ...(o.files ? { files: o.files } : {}),
        ...(o.mode ? { mode: o.mode } : {}),
        trace: o.trace === true ? (event) => post({ type: 'trace', event }) : false,
        onLog: (line) => post({ type: 'log', line }),
      });
      server.onExit((info) => post({ type: 'exit', info }));
      post({ type: 'started', id: msg.id, port: server.port, mode: server.mode });
      return;
    }
    case 'request': {
      if (server === undefined) throw new Error('no server is running in this worker');
      post({ type: 'response', id: msg.id, response: await server.request(msg.target, msg.init) });
      return;
    }
    case 'run': {
      const guest = await load(msg.source);
      const o = msg.options;
      const { fs: _fs, ...result } = await runCommand(guest, {
        ...(o.args ? { args: o.args } : {}), ...(o.env ? { env: o.env } : {}), ...(o.files ? { files: o.files } : {}),
        ...(o.stdin === 'on-demand' ? { stdin: stdinFromPage } : o.stdin !== undefined ? { stdin: o.stdin } : {}),
        ...(o.mode ? { mode: o.mode } : {}),
        ...(o.trace === true ? { trace: (event) => post({ type: 'trace', event }) } : {}),
        onStdout: (text) => post({ type: 'output', stream: 'stdout', text }),
        onStderr: (text) => post({ type: 'output', stream: 'stderr', text }),
      });
      post({ type: 'ran', id: msg.id, result });
      return;
    }
    case 'stdin': {
      const wake = stdinWaiter;
      stdinWaiter = undefined;
      wake?.(msg.chunk);
      return;
    }
    case 'stop': {
      await server?.stop();
      post({ type: 'stopped', id: msg.id });
      return;
    }
  }
}

scope.addEventListener('message', (event) => {
  const msg = event.data;
  handle(msg).catch((e: unknown) => post({ type: 'error', id: 'id' in msg ? msg.id : 0, error: report(e) }));
});
