// The guest's side of the host protocol: one guest per thread, so a guest that computes or waits never freezes the
// page or the CLI. The same code serves a browser Worker (guest.worker.ts) and a Node worker thread
// (node/thread-entry.ts); only how messages arrive differs.
import { compileModule, describeModule, type GuestModule } from '../guest/module.ts';
import { runCommand } from '../guest/command.ts';
import { startServer, type ServerHandle } from '../guest/server.ts';
import { encodeError } from './errors.ts';
import { carryConnections } from './connections.ts';
import { DEFAULT_MAX_OUTPUT_BYTES, LogBound, OutputBound, TraceBound } from './output-bound.ts';
import type { ConnToGuest, FromWorker, ToWorker, WorkerModuleSource } from './protocol.ts';
import type { TraceEvent } from '../calls/trace.ts';

/** How the thread talks to its host: a Worker's global scope, or an adapter around Node's parentPort. */
export interface GuestScope {
  postMessage(message: FromWorker, transfer?: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { data: ToWorker }) => void): void;
}

export function serveGuests(scope: GuestScope): void {
  let server: ServerHandle | undefined;
  /** the host's connections to the server's port; none until it listens */
  let carry: ((m: ConnToGuest) => void) | undefined;
  let stdinWaiter: ((chunk: Uint8Array | null) => void) | undefined;
  /** the guest's traced calls, batched and at a bounded rate; none unless it runs traced */
  let traces: TraceBound | undefined;

  /** stdin for an on-demand run: each read asks the page for the next chunk. */
  function stdinFromPage(): Promise<Uint8Array | null> {
    return new Promise((resolve) => {
      stdinWaiter = resolve;
      post({ type: 'stdin-wanted' });
    });
  }

  function post(message: FromWorker, transfer?: ArrayBuffer[]): void {
    // Calls still waiting in a batch go first: the page hears them in the order they happened.
    if (message.type !== 'trace') traces?.flush();
    scope.postMessage(message, transfer ?? []);
  }

  /** The listener for a traced guest's calls (`trace` asked for), which sends them on through `traces`. */
  function tracing(asked: boolean | undefined, perSecond: number | undefined): ((event: TraceEvent) => void) | undefined {
    if (asked !== true) return undefined;
    const bound = new TraceBound((events) => post({ type: 'trace', events }), perSecond);
    traces = bound;
    return (event) => bound.take(event);
  }

  async function load(source: WorkerModuleSource): Promise<GuestModule> {
    if ('module' in source) return describeModule(source.module, source.name, 0, 0);
    if ('bytes' in source) return compileModule(new Uint8Array(source.bytes), source.name);
    return compileModule(source.url, source.name);
  }

  function connection(msg: ConnToGuest): void {
    if (carry !== undefined) carry(msg);
    else if (msg.op === 'open') post({ type: 'conns', messages: [{ type: 'conn', op: 'refused', conn: msg.conn, message: 'no server is listening in this worker' }] });
  }

  async function handle(msg: Exclude<ToWorker, ConnToGuest>): Promise<void> {
    switch (msg.type) {
      case 'start': {
        const guest = await load(msg.source);
        const o = msg.options;
        // A server may log in a loop for as long as it runs: its lines reach the page at a bounded rate.
        const logs = new LogBound((line) => post({ type: 'log', line }), o.logRate);
        const trace = tracing(o.trace, o.traceRate);
        server = await startServer(guest, {
          ...(o.args ? { args: o.args } : {}), ...(o.env ? { env: o.env } : {}), ...(o.files ? { files: o.files } : {}),
          ...(o.mode ? { mode: o.mode } : {}),
          trace: trace ?? false,
          onLog: (line) => logs.take(line),
        });
        server.onExit((info) => {
          logs.flush();
          traces?.end();
          post({ type: 'exit', info });
        });
        carry = carryConnections(post, server.network, server.port);
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
        post({ type: 'running' });
        const trace = tracing(o.trace, o.traceRate);
        const output = new OutputBound(o.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES, (stream, text) => post({ type: 'output', stream, text }));
        const { fs: _fs, ...result } = await runCommand(guest, {
          ...(o.args ? { args: o.args } : {}), ...(o.env ? { env: o.env } : {}), ...(o.files ? { files: o.files } : {}),
          ...(o.stdin === 'on-demand' ? { stdin: stdinFromPage } : o.stdin !== undefined ? { stdin: o.stdin } : {}),
          ...(o.mode ? { mode: o.mode } : {}),
          ...(trace !== undefined ? { trace } : {}),
          // Only streamed, never kept whole here: the page keeps what it shows (bounded by OutputBound).
          keepOutput: false,
          onStdoutBytes: output.sink('stdout'),
          onStderrBytes: output.sink('stderr'),
        }).finally(() => {
          traces?.end();
          output.flush();
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
    // A connection's bytes go straight through: no promise per chunk on the path every request takes.
    if (msg.type === 'conns') {
      for (const m of msg.messages) connection(m);
      return;
    }
    handle(msg).catch((e: unknown) => post({ type: 'error', id: 'id' in msg ? msg.id : 0, error: encodeError(e) }));
  });
}
