// The page side of the guest Worker: the same handle shape as startServer/runCommand, plus the runaway
// bound (no answer within timeoutMs: the Worker is terminated and reported) and restart().
import type { CommandResult } from '../command.ts';
import type { HttpRequestInit, HttpResponse } from '../http/client.ts';
import type { GuestModule } from '../module.ts';
import type { ExitInfo, LogLine, ServerStatus } from '../server.ts';
import type { TraceEvent, TraceListener } from '../wasi/trace.ts';
import type { ErrorReport, FromWorker, ToWorker, WorkerCommandOptions, WorkerModuleSource, WorkerServerOptions } from './protocol.ts';

/** What the client needs of a Worker (a browser Worker, or an adapter around another thread). */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: { data: FromWorker }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
}

export function defaultWorker(): WorkerLike {
  return new Worker(new URL('./guest.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
}

/** The guest gave no answer within the bound; its Worker was terminated. */
export class RunawayError extends Error {
  readonly stderr: string;
  constructor(timeoutMs: number, stderr: string) {
    super(`the module gave no answer within ${timeoutMs} ms, so it was stopped`);
    this.name = 'RunawayError';
    this.stderr = stderr;
  }
}

/** An error reported from inside the Worker (a trap keeps its stderr). */
export class WorkerGuestError extends Error {
  readonly stderr: string;
  readonly code: string | undefined;
  constructor(r: ErrorReport) {
    super(r.message);
    this.name = r.name;
    this.stderr = r.stderr ?? '';
    this.code = r.code;
  }
}

export type WorkerSource = GuestModule | WebAssembly.Module | ArrayBuffer | Uint8Array | string | URL;

function toSource(source: WorkerSource, name?: string): WorkerModuleSource {
  if (source instanceof WebAssembly.Module) return { module: source, name: name ?? 'module' };
  if (source instanceof ArrayBuffer) return { bytes: source, name: name ?? 'module' };
  if (source instanceof Uint8Array) return { bytes: source.slice().buffer, name: name ?? 'module' };
  if (typeof source === 'string' || source instanceof URL) {
    // A Worker resolves relative URLs against its own script, so resolve against the page first.
    const base = (globalThis as { location?: { href: string } }).location?.href;
    const url = base ? new URL(String(source), base).href : String(source);
    return { url, name: name ?? url.split('/').pop() ?? url };
  }
  return { module: source.module, name: name ?? source.name };
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  resolve: (v: FromWorker) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  timeoutMs: number | undefined;
}

/** One Worker with request/response bookkeeping and the runaway bound. */
class Channel {
  readonly worker: WorkerLike;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  dead = false;
  onEvent: (m: FromWorker) => void = () => {};
  onRunaway: (timeoutMs: number) => void = () => {};

  constructor(worker: WorkerLike) {
    this.worker = worker;
    worker.addEventListener('message', (event: { data: FromWorker }) => {
      const m = event.data;
      if ('id' in m) {
        const p = this.pending.get(m.id);
        if (p === undefined) return;
        this.pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.type === 'error') p.reject(new WorkerGuestError(m.error));
        else p.resolve(m);
      } else this.onEvent(m);
    });
    worker.addEventListener('error', (event: { message?: string }) => {
      this.kill(new Error(`the worker failed: ${event.message ?? 'unknown error'}`));
    });
  }

  send(message: WithoutId<ToWorker>, timeoutMs: number | undefined): Promise<FromWorker> {
    if (this.dead) return Promise.reject(new Error('the module is not running; restart it first'));
    const id = this.nextId++;
    return new Promise<FromWorker>((resolve, reject) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => this.onRunaway(timeoutMs), timeoutMs);
      this.pending.set(id, { resolve, reject, timer, timeoutMs });
      this.worker.postMessage({ ...message, id } as ToWorker);
    });
  }

  /** Stops the runaway clocks (the guest waits for the user, which is not running away). */
  pauseBounds(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.timer = undefined;
    }
  }

  /** Starts the runaway clocks afresh. */
  resumeBounds(): void {
    for (const p of this.pending.values()) {
      const ms = p.timeoutMs;
      if (ms !== undefined && p.timer === undefined) p.timer = setTimeout(() => this.onRunaway(ms), ms);
    }
  }

  post(message: ToWorker): void {
    if (!this.dead) this.worker.postMessage(message);
  }

  kill(error: Error): void {
    if (this.dead) return;
    this.dead = true;
    this.worker.terminate();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
  }
}

export interface WorkerServerStartOptions extends WorkerServerOptions {
  /** the runaway bound for each request; default 5000 ms */
  timeoutMs?: number;
  /** the bound for loading, compiling and starting until the guest listens; default 10000 ms */
  startTimeoutMs?: number;
  name?: string;
  createWorker?: () => WorkerLike;
}

export interface WorkerServerHandle {
  readonly port: number;
  readonly mode: 'jspi' | 'per-request';
  readonly status: ServerStatus;
  readonly logs: readonly LogLine[];
  request(target: string, init?: HttpRequestInit): Promise<HttpResponse>;
  onLog(listener: (line: LogLine) => void): () => void;
  onTrace(listener: TraceListener): () => void;
  onExit(listener: (info: ExitInfo) => void): () => void;
  stop(): Promise<void>;
  /** A fresh Worker and guest with the same options (after a runaway, a crash or a stop). */
  restart(): Promise<void>;
}

export async function startServerInWorker(source: WorkerSource, options: WorkerServerStartOptions = {}): Promise<WorkerServerHandle> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const startTimeoutMs = options.startTimeoutMs ?? Math.max(10_000, timeoutMs);
  const create = options.createWorker ?? defaultWorker;
  const { timeoutMs: _t, startTimeoutMs: _s, name, createWorker: _c, ...serverOptions } = options;
  const moduleSource = toSource(source, name);
  const logs: LogLine[] = [];
  const logListeners = new Set<(l: LogLine) => void>();
  const traceListeners = new Set<TraceListener>();
  const exitListeners = new Set<(i: ExitInfo) => void>();
  let status: ServerStatus = 'starting';
  let port = 0;
  let mode: 'jspi' | 'per-request' = 'per-request';
  let channel: Channel;

  const exit = (info: ExitInfo): void => {
    if (status !== 'listening' && status !== 'starting') return;
    status = info.reason;
    for (const l of exitListeners) l(info);
  };
  const recentStderr = (): string => logs.filter((l) => l.stream === 'stderr').slice(-50).map((l) => l.text).join('\n');

  const boot = async (): Promise<void> => {
    channel = new Channel(create());
    const ch = channel;
    ch.onEvent = (m) => {
      if (m.type === 'log') {
        logs.push(m.line);
        if (logs.length > 500) logs.shift();
        for (const l of logListeners) l(m.line);
      } else if (m.type === 'trace') for (const l of traceListeners) l(m.event as TraceEvent);
      else if (m.type === 'exit') {
        exit(m.info);
        ch.kill(new Error(m.info.message));
      }
    };
    ch.onRunaway = (ms) => {
      const err = new RunawayError(ms, recentStderr());
      exit({ reason: 'runaway', message: err.message, stderr: err.stderr });
      ch.kill(err);
    };
    status = 'starting';
    const started = await ch.send({ type: 'start', source: moduleSource, options: serverOptions }, startTimeoutMs);
    if (started.type !== 'started') throw new Error(`unexpected reply ${started.type}`);
    port = started.port;
    mode = started.mode;
    status = 'listening';
  };
  await boot();

  return {
    get port() {
      return port;
    },
    get mode() {
      return mode;
    },
    get status() {
      return status;
    },
    logs,
    async request(target, init = {}) {
      const reply = await channel.send({ type: 'request', target, init }, timeoutMs);
      if (reply.type !== 'response') throw new Error(`unexpected reply ${reply.type}`);
      return reply.response;
    },
    onLog(l) {
      logListeners.add(l);
      return () => logListeners.delete(l);
    },
    onTrace(l) {
      if (serverOptions.trace !== true) throw new Error('this server was started without tracing; start it with { trace: true } to subscribe');
      traceListeners.add(l);
      return () => traceListeners.delete(l);
    },
    onExit(l) {
      exitListeners.add(l);
      return () => exitListeners.delete(l);
    },
    async stop() {
      if (status === 'listening') {
        await channel.send({ type: 'stop' }, timeoutMs).catch(() => undefined);
        exit({ reason: 'stopped', message: 'stopped', stderr: '' });
      }
      channel.kill(new Error('the module was stopped'));
    },
    async restart() {
      channel.kill(new Error('the module was restarted'));
      await boot();
    },
  };
}

export interface WorkerCommandRunOptions extends Omit<WorkerCommandOptions, 'stdin'> {
  /** the runaway bound (time spent waiting for stdin does not count); default 5000 ms */
  timeoutMs?: number;
  /** bytes up front, or a source the guest reads on demand (an interactive terminal; needs JSPI in the Worker) */
  stdin?: string | Uint8Array | (() => Promise<Uint8Array | null>);
  name?: string;
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  onTrace?: TraceListener;
  createWorker?: () => WorkerLike;
}

/** Runs a command in its own Worker; rejects with RunawayError past the bound, or the guest's trap. */
export async function runCommandInWorker(source: WorkerSource, options: WorkerCommandRunOptions = {}): Promise<Omit<CommandResult, 'fs'>> {
  const { timeoutMs = 5000, name, onStdout, onStderr, onTrace, createWorker, stdin, ...runOptions } = options;
  const channel = new Channel((createWorker ?? defaultWorker)());
  let stderr = '';
  channel.onEvent = (m) => {
    if (m.type === 'output') {
      if (m.stream === 'stderr') stderr = (stderr + m.text).slice(-4096);
      (m.stream === 'stdout' ? onStdout : onStderr)?.(m.text);
    } else if (m.type === 'trace') onTrace?.(m.event);
    else if (m.type === 'stdin-wanted' && typeof stdin === 'function') {
      channel.pauseBounds();
      stdin().then(
        (chunk) => {
          channel.resumeBounds();
          channel.post({ type: 'stdin', chunk });
        },
        () => channel.post({ type: 'stdin', chunk: null }),
      );
    }
  };
  channel.onRunaway = (ms) => channel.kill(new RunawayError(ms, stderr));
  const stdinOption = typeof stdin === 'function' ? 'on-demand' : stdin;
  try {
    const options2 = { ...runOptions, trace: onTrace !== undefined, ...(stdinOption !== undefined ? { stdin: stdinOption } : {}) };
    const reply = await channel.send({ type: 'run', source: toSource(source, name), options: options2 }, timeoutMs);
    if (reply.type !== 'ran') throw new Error(`unexpected reply ${reply.type}`);
    return reply.result;
  } finally {
    channel.kill(new Error('done'));
  }
}
