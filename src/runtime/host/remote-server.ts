// A server module in its own Worker (or Node worker thread), with the same handle as startServer plus restart().
// Its status and logs are kept by the same ServerState the in-process handle uses.
import type { ServerHandle } from '../guest/server.ts';
import { ServerState } from '../guest/server-state.ts';
import type { WorkerServerOptions } from './protocol.ts';
import { Channel, defaultWorker, toSource, type WorkerLike, type WorkerSource } from './channel.ts';
import { RunawayError } from './errors.ts';

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
  /** where it is also served on a real localhost port (`expose`, Node only) */
  readonly exposed: { host: string; port: number } | undefined;
  /** A fresh Worker and guest with the same options (after a runaway, a crash or a stop). */
  restart(): Promise<void>;
}

export async function startServerInWorker(source: WorkerSource, options: WorkerServerStartOptions = {}): Promise<WorkerServerHandle> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const startTimeoutMs = options.startTimeoutMs ?? Math.max(10_000, timeoutMs);
  const create = options.createWorker ?? defaultWorker;
  const { timeoutMs: _t, startTimeoutMs: _s, name, createWorker: _c, ...serverOptions } = options;
  const moduleSource = toSource(source, name);
  const state = new ServerState();
  let port = 0;
  let mode: 'jspi' | 'per-request' = 'per-request';
  let exposed: { host: string; port: number } | undefined;
  let channel: Channel;

  const boot = async (): Promise<void> => {
    channel = new Channel(create());
    const ch = channel;
    ch.onEvent = (m) => {
      if (m.type === 'log') state.addLog(m.line);
      else if (m.type === 'trace') state.onTrace.emit(m.event);
      else if (m.type === 'exit') {
        state.finish(m.info);
        ch.kill(new Error(m.info.message));
      }
    };
    ch.onRunaway = (ms) => {
      const err = RunawayError.after(ms, state.recentStderr());
      state.finish({ reason: 'runaway', message: err.message, stderr: err.stderr });
      ch.kill(err);
    };
    state.status = 'starting';
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
    exposed = started.exposed;
    state.status = 'listening';
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
      return state.status;
    },
    get exposed() {
      return exposed;
    },
    logs: state.logs,
    async request(target, init = {}) {
      const reply = await channel.send({ type: 'request', target, init }, timeoutMs);
      if (reply.type !== 'response') throw new Error(`unexpected reply ${reply.type}`);
      return reply.response;
    },
    onLog: (l) => state.onLog.add(l),
    onTrace(l) {
      if (serverOptions.trace !== true) throw new Error('this server was started without tracing; start it with { trace: true } to subscribe');
      return state.onTrace.add(l);
    },
    onExit: (l) => state.onExit.add(l),
    async stop() {
      if (state.status === 'listening') {
        await channel.send({ type: 'stop' }, timeoutMs).catch(() => undefined);
        state.finish({ reason: 'stopped', message: 'stopped', stderr: '' });
      }
      channel.kill(new Error('the module was stopped'));
    },
    async restart() {
      channel.kill(new Error('the module was restarted'));
      await boot();
    },
  };
}
