// Starting a server module on the virtual network, with JSPI (one long-lived instance) or with a fresh
// instance per request (engines without JSPI). Both give the same handle.
import { MemoryFileSystem, type FileMap } from './fs/memory-fs.ts';
import { createInstance, GuestTrap, resolveMode, type GuestInstance } from './instance.ts';
import { GuestBlocked, GuestStopped } from './wasi/context.ts';
import type { TraceListener } from './wasi/trace.ts';
import { Listener, VirtualNetwork, type SocketEnd } from './net/virtual-network.ts';
import { request, type HttpRequestInit, type HttpResponse } from './http/client.ts';
import { requestComplete } from './http/framing.ts';
import type { GuestModule } from './module.ts';
import { LineSplitter } from './output.ts';

export type ServerMode = 'auto' | 'jspi' | 'per-request';

export interface ServerOptions {
  args?: readonly string[];
  env?: Record<string, string>;
  files?: FileMap;
  fs?: MemoryFileSystem;
  preopens?: readonly string[];
  network?: VirtualNetwork;
  mode?: ServerMode;
  /** true to allow onTrace() subscriptions, or a first listener */
  trace?: boolean | TraceListener;
  onLog?: (line: LogLine) => void;
  /** how many log lines `logs` keeps; default 500 */
  maxLogLines?: number;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  /** ms since the server started */
  time: number;
}

export interface ExitInfo {
  reason: 'exited' | 'crashed' | 'stopped' | 'runaway';
  exitCode?: number;
  message: string;
  /** the last few KiB the guest wrote to stderr */
  stderr: string;
}

export type ServerStatus = 'starting' | 'listening' | 'stopped' | 'crashed' | 'exited' | 'runaway';

export interface ServerHandle {
  readonly port: number;
  readonly mode: 'jspi' | 'per-request';
  readonly network: VirtualNetwork;
  readonly status: ServerStatus;
  readonly logs: readonly LogLine[];
  /** `target` is a path ('/?starts_with=d') or a full http://localhost URL */
  request(target: string, init?: HttpRequestInit): Promise<HttpResponse>;
  onLog(listener: (line: LogLine) => void): () => void;
  onTrace(listener: TraceListener): () => void;
  onExit(listener: (info: ExitInfo) => void): () => void;
  stop(): Promise<void>;
}

/** The guest ended or trapped before it listened. */
export class ServerStartError extends Error {
  readonly stderr: string;
  constructor(message: string, stderr: string) {
    super(message);
    this.name = 'ServerStartError';
    this.stderr = stderr;
  }
}

class Events<T> {
  private readonly set = new Set<(v: T) => void>();
  add(l: (v: T) => void): () => void {
    this.set.add(l);
    return () => this.set.delete(l);
  }
  emit(v: T): void {
    for (const l of this.set) l(v);
  }
  get size(): number {
    return this.set.size;
  }
}

export async function startServer(guest: GuestModule, options: ServerOptions = {}): Promise<ServerHandle> {
  const mode = resolveMode(options.mode);
  const network = options.network ?? new VirtualNetwork();
  const fs = options.fs ?? new MemoryFileSystem();
  for (const [path, content] of Object.entries(options.files ?? {})) fs.writeFile(path, content);
  const t0 = performance.now();
  const logs: LogLine[] = [];
  const logEvents = new Events<LogLine>();
  const traceEvents = new Events<Parameters<TraceListener>[0]>();
  const exitEvents = new Events<ExitInfo>();
  if (typeof options.trace === 'function') traceEvents.add(options.trace);
  if (options.onLog) logEvents.add(options.onLog);
  const tracing = options.trace !== undefined && options.trace !== false;
  const trace: TraceListener | undefined = tracing ? (e) => traceEvents.emit(e) : undefined;
  const maxLines = options.maxLogLines ?? 500;
  let status: ServerStatus = 'starting';
  let port = 0;

  const log = (stream: LogLine['stream']) => (text: string) => {
    const line = { stream, text, time: performance.now() - t0 };
    logs.push(line);
    if (logs.length > maxLines) logs.splice(0, logs.length - maxLines);
    logEvents.emit(line);
  };
  const stdout = new LineSplitter(log('stdout'));
  const stderr = new LineSplitter(log('stderr'));
  let lastExit: ExitInfo | undefined;
  let cleanUp = (): void => {};
  const finish = (info: ExitInfo): void => {
    if (status !== 'listening' && status !== 'starting') return;
    stdout.flush();
    stderr.flush();
    status = info.reason;
    lastExit = info;
    cleanUp();
    exitEvents.emit(info);
  };
  const base = {
    args: options.args ?? [], env: options.env, fs, preopens: options.preopens ?? ['/'], stdin: undefined, network, trace,
  };

  let stopGuest: () => Promise<void>;

  if (mode === 'jspi') {
    let listened: (p: number) => void = () => {};
    const listening = new Promise<number>((resolve) => (listened = resolve));
    const inst = createInstance(guest, { ...base, stdout: stdout.sink, stderr: stderr.sink, canSuspend: true, onListen: (p) => listened(p) }, () => stderr.recent);
    const run = inst.run().then(
      (exitCode) => finish({ reason: 'exited', exitCode, message: `the server exited with code ${exitCode}`, stderr: stderr.recent }),
      (e: unknown) => {
        if (e instanceof GuestStopped) return finish({ reason: 'stopped', message: 'stopped', stderr: stderr.recent });
        const message = e instanceof Error ? e.message : String(e);
        finish({ reason: 'crashed', message: `the server crashed: ${message}`, stderr: stderr.recent });
      },
    ).finally(() => inst.ctx.closeAll());
    const first = await Promise.race([listening, run.then(() => -1)]);
    if (first < 0) {
      const info = lastExit ?? { message: 'the server ended before it listened', stderr: stderr.recent };
      throw new ServerStartError(`${info.message} before it listened on a port`, info.stderr);
    }
    port = first;
    stopGuest = async () => {
      inst.ctx.stop();
      await run;
    };
  } else {
    const probe = runProbe(guest, base, stdout, stderr);
    port = probe.port;
    const probeInst = probe.inst;
    const listener = network.listener(port)!;
    listener.onConnection = (end) => watchConnection(end, () => serveOne(end));
    const serveOne = (end: SocketEnd): void => {
      if (status !== 'listening') {
        end.close();
        return;
      }
      const own = new Listener(port);
      own.enqueue(end);
      // A fresh instance prints its start-up banner again; the first instance already showed it.
      const quietUntilAccepted = (sink: (b: Uint8Array) => void) => (b: Uint8Array) => {
        if (own.backlog.length === 0) sink(b);
      };
      let inst: GuestInstance | undefined;
      try {
        inst = createInstance(guest, { ...base, stdout: quietUntilAccepted(stdout.sink), stderr: quietUntilAccepted(stderr.sink), canSuspend: false, adopt: own }, () => stderr.recent);
        const exitCode = inst.runSync();
        finish({ reason: 'exited', exitCode, message: `the server exited with code ${exitCode}`, stderr: stderr.recent });
      } catch (e) {
        if (!(e instanceof GuestBlocked && e.call === 'sock_accept')) {
          const message = e instanceof GuestBlocked ? `${e.message}; it never finished this request` : e instanceof Error ? e.message : String(e);
          finish({ reason: 'crashed', message: `the server crashed: ${message}`, stderr: stderr.recent });
        }
      } finally {
        inst?.ctx.closeAll();
        end.close();
      }
    };
    cleanUp = () => probeInst.ctx.closeAll();
    stopGuest = async () => finish({ reason: 'stopped', message: 'stopped', stderr: stderr.recent });
  }

  if (status === 'starting') status = 'listening';

  return {
    port,
    mode,
    network,
    get status() {
      return status;
    },
    logs,
    request(target, init) {
      const url = target.startsWith('/') ? `http://localhost:${port}${target}` : target;
      return request(network, url, init);
    },
    onLog: (l) => logEvents.add(l),
    onTrace(l) {
      if (!tracing) throw new Error('this server was started without tracing; start it with { trace: true } to subscribe');
      return traceEvents.add(l);
    },
    onExit: (l) => exitEvents.add(l),
    async stop() {
      if (status === 'listening' || status === 'starting') await stopGuest();
      status = status === 'listening' ? 'stopped' : status;
    },
  };
}

/**
 * Bytes a connection may hold without a complete request before it goes to the guest anyway, so the guest
 * answers an oversized head itself (the word generator answers 431 beyond 8 KiB).
 */
const MAX_PENDING_REQUEST_BYTES = 16 * 1024;

/** Hands a connection on once it holds a whole request (or the client has finished sending). */
function watchConnection(end: SocketEnd, dispatch: () => void): void {
  let done = false;
  const check = (): void => {
    if (done) return;
    if (end.ended || end.closed || end.available > MAX_PENDING_REQUEST_BYTES || requestComplete(end.peekAll())) {
      done = true;
      end.onChange = undefined;
      queueMicrotask(dispatch);
    }
  };
  end.onChange = check;
  check();
}

/** Runs the first instance until it waits in sock_accept: that tells the port, and keeps the listener open. */
function runProbe(
  guest: GuestModule,
  base: Omit<Parameters<typeof createInstance>[1], 'stdout' | 'stderr' | 'canSuspend'>,
  stdout: LineSplitter,
  stderr: LineSplitter,
): { port: number; inst: GuestInstance } {
  let port = 0;
  const inst = createInstance(guest, { ...base, stdout: stdout.sink, stderr: stderr.sink, canSuspend: false, onListen: (p) => (port = p) }, () => stderr.recent);
  try {
    const code = inst.runSync();
    inst.ctx.closeAll();
    throw new ServerStartError(`the server exited with code ${code} before it listened on a port`, stderr.recent);
  } catch (e) {
    if (e instanceof GuestBlocked && e.call === 'sock_accept' && port !== 0) return { port, inst };
    inst.ctx.closeAll();
    if (e instanceof ServerStartError) throw e;
    if (e instanceof GuestBlocked) throw new ServerStartError(`${e.message} before it listened on a port`, stderr.recent);
    const message = e instanceof GuestTrap || e instanceof Error ? e.message : String(e);
    throw new ServerStartError(`the server crashed before it listened on a port: ${message}`, stderr.recent);
  }
}
