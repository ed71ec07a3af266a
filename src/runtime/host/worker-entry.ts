// The guest's side of the host protocol: one guest per thread, so a guest that computes or waits never freezes the
// page or the CLI. The same code serves a browser Worker (guest.worker.ts) and a Node worker thread
// (node/thread-entry.ts); only how messages arrive differs.
import { compileModule, compileResponse, describeModule, type GuestModule } from '../guest/module.ts';
import { runCommand } from '../guest/command.ts';
import { startServer, type ServerHandle } from '../guest/server.ts';
import { encodeError } from './errors.ts';
import { carryConnections } from './connections.ts';
import { DEFAULT_MAX_OUTPUT_BYTES, LogBound, OutputBound, TraceBound } from './output-bound.ts';
import type { ConnToGuest, FetchedResponse, FromWorker, StartTiming, ToWorker, WorkerModuleSource, WorkerServerOptions } from './protocol.ts';
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
  /** the server's run: set not live when a server started ahead is let go, so nothing more of it reaches the host */
  let run: { live: boolean; exited: boolean } | undefined;
  /** A server started ahead ('prepare'), until a 'start' adopts it or lets it go. */
  let ahead: { source: WorkerModuleSource; options: WorkerServerOptions; started: Promise<StartTiming | undefined> } | undefined;
  /** a start or a run was asked for: from then on a prepare comes too late */
  let asked = false;
  /** Responses the page fetched for this Worker ('fetched'), by address, as they come. */
  const fetchedByPage = new Map<string, { promise: Promise<FetchedResponse | undefined>; resolve: (r: FetchedResponse | undefined) => void }>();
  const pageResponse = (url: string) => {
    let entry = fetchedByPage.get(url);
    if (entry === undefined) {
      let resolve: (r: FetchedResponse | undefined) => void = () => {};
      const promise = new Promise<FetchedResponse | undefined>((r) => (resolve = r));
      entry = { promise, resolve };
      fetchedByPage.set(url, entry);
    }
    return entry;
  };
  /** What a server started ahead said before it was adopted (its logs and traced calls), kept to go out then. */
  let held: FromWorker[] | undefined;

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
    if (held !== undefined) held.push(message);
    else scope.postMessage(message, transfer ?? []);
  }

  /** The listener for a traced guest's calls (`trace` asked for), which sends them on through `traces`. */
  function tracing(asked: boolean | undefined, perSecond: number | undefined, emit: (m: FromWorker) => void = post): ((event: TraceEvent) => void) | undefined {
    if (asked !== true) return undefined;
    const bound = new TraceBound((events) => emit({ type: 'trace', events }), perSecond);
    traces = bound;
    return (event) => bound.take(event);
  }

  async function load(source: WorkerModuleSource): Promise<GuestModule> {
    if ('module' in source) return describeModule(source.module, source.name, 0, 0);
    if ('bytes' in source) return compileModule(new Uint8Array(source.bytes), source.name);
    // The page's response, once it comes; without one (its fetch failed, or it could not hand the body over) the
    // Worker fetches the module itself.
    const fetched = source.fetchedByPage === true ? await pageResponse(source.url).promise : undefined;
    if (fetched !== undefined) {
      const init: ResponseInit = { status: fetched.status };
      if (fetched.contentType !== null) init.headers = { 'content-type': fetched.contentType };
      // The page's clock and this thread's differ: its start, on this thread's clock.
      const t0 = fetched.startedAt - performance.timeOrigin;
      return compileResponse(new Response(fetched.body, init), source.name, t0);
    }
    return compileModule(source.url, source.name);
  }

  function connection(msg: ConnToGuest): void {
    if (carry !== undefined) carry(msg);
    else if (msg.op === 'open') post({ type: 'conns', messages: [{ type: 'conn', op: 'refused', conn: msg.conn, message: 'no server is listening in this worker' }] });
  }

  /** Loads the module and starts its server here; what it logs and traces goes to the host while its run is live. */
  async function begin(source: WorkerModuleSource, o: WorkerServerOptions): Promise<StartTiming> {
    const mine = { live: true, exited: false };
    run = mine;
    const emit = (m: FromWorker) => {
      if (mine.live) post(m);
    };
    const guest = await load(source);
    // A server may log in a loop for as long as it runs: its lines reach the page at a bounded rate.
    const logs = new LogBound((line) => emit({ type: 'log', line }), o.logRate);
    const trace = tracing(o.trace, o.traceRate, emit);
    const t0 = performance.now();
    const started = await startServer(guest, {
      ...(o.args ? { args: o.args } : {}), ...(o.env ? { env: o.env } : {}), ...(o.files ? { files: o.files } : {}),
      ...(o.mode ? { mode: o.mode } : {}),
      trace: trace ?? false,
      onLog: (line) => logs.take(line),
    });
    const startMs = performance.now() - t0;
    started.onExit((info) => {
      mine.exited = true;
      if (!mine.live) return;
      logs.flush();
      traces?.end();
      post({ type: 'exit', info });
    });
    server = started;
    carry = carryConnections(post, started.network, started.port);
    return { fetchMs: guest.fetchMs ?? 0, compileMs: guest.compileMs, startMs, bytes: guest.byteLength };
  }

  async function handle(msg: Exclude<ToWorker, ConnToGuest>): Promise<void> {
    switch (msg.type) {
      case 'prepare': {
        // One server per Worker: a second prepare, or one after a start or a run was asked for, is ignored.
        if (asked || ahead !== undefined) return;
        held = [];
        ahead = { source: msg.source, options: msg.options, started: begin(msg.source, msg.options).catch(() => undefined) };
        return;
      }
      case 'start': {
        asked = true;
        const early = ahead;
        ahead = undefined;
        if (early !== undefined) {
          const timing = await early.started;
          const waiting = held ?? [];
          held = undefined;
          if (timing !== undefined && server !== undefined && run?.exited === false && sameServer(early, msg)) {
            for (const m of waiting) scope.postMessage(m);
            post({ type: 'started', id: msg.id, port: server.port, mode: server.mode, timing, ahead: true });
            return;
          }
          // Not the server asked for, or it could not start (or has ended): it goes unheard, and this start is a fresh one.
          if (run) run.live = false;
          const old = server;
          server = undefined;
          carry = undefined;
          traces = undefined;
          await old?.stop().catch(() => undefined);
        }
        const timing = await begin(msg.source, msg.options);
        post({ type: 'started', id: msg.id, port: server!.port, mode: server!.mode, timing, ahead: false });
        return;
      }
      case 'request': {
        if (server === undefined) throw new Error('no server is running in this worker');
        post({ type: 'response', id: msg.id, response: await server.request(msg.target, msg.init) });
        return;
      }
      case 'run': {
        asked = true;
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
    if (msg.type === 'fetched') return void pageResponse(msg.url).resolve(msg.response);
    handle(msg).catch((e: unknown) => post({ type: 'error', id: 'id' in msg ? msg.id : 0, error: encodeError(e) }));
  });
}

/** The same module and the same options, whatever order their keys came in. */
function sameServer(a: { source: WorkerModuleSource; options: WorkerServerOptions }, b: { source: WorkerModuleSource; options: WorkerServerOptions }): boolean {
  if (!('url' in a.source) || !('url' in b.source)) return false;
  return a.source.url === b.source.url && a.source.name === b.source.name && canonical(a.options) === canonical(b.options);
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
