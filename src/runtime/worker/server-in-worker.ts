// A server module in a Worker, with the same handle as startServer plus restart().
import type { ExitInfo, LogLine, ServerHandle, ServerStatus } from '../guest/server.ts';
import type { TraceEvent, TraceListener } from '../calls/trace.ts';
import type { WorkerServerOptions } from './protocol.ts';
import { Channel, defaultWorker, RunawayError, toSource, type WorkerLike, type WorkerSource } from './channel.ts';

export interface WorkerServerStartOptions extends WorkerServerOptions {
  /** the runaway bound for each request; default 5000 ms */
  timeoutMs?: number;
  /** the bound for loading, compiling and starting until the guest listens; default 10000 ms */
  startTimeoutMs?: number;
  name?: string;
  createWorker?: () => WorkerLike;
}

/** The same handle as an in-process server (its network lives in the Worker), and it can start again. */
export interface WorkerServerHandle extends Omit<ServerHandle, 'network'> {
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
    let started;
    try {
      started = await ch.send({ type: 'start', source: moduleSource, options: serverOptions }, startTimeoutMs);
      if (started.type !== 'started') throw new Error(`unexpected reply ${started.type}`);
    } catch (error) {
      // A guest that never listened (port in use, exited early) must not leave its Worker behind.
      ch.kill(error as Error);
      throw error;
    }
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
