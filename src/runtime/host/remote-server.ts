// A server module in its own Worker (or Node worker thread), with the same handle as startServer plus restart().
// Its status and logs are kept by the same ServerState the in-process handle uses.
import type { ServerHandle } from '../guest/server.ts';
import { ServerState } from '../guest/server-state.ts';
import type { StartTiming, WorkerServerOptions } from './protocol.ts';
import { Channel, defaultWorker, toSource, type WorkerLike, type WorkerSource } from './channel.ts';
import { RunawayError } from './errors.ts';
import { Connections, RemoteEnd, type GuestEnd } from './connections.ts';

export interface WorkerServerStartOptions extends WorkerServerOptions {
  /** the runaway bound for each request; default 5000 ms */
  timeoutMs?: number;
  /** the bound for loading, compiling and starting until the guest listens; default 10000 ms; false: none */
  startTimeoutMs?: number | false;
  name?: string;
  createWorker?: () => WorkerLike;
}

/** The same handle as an in-process server (its network lives in the Worker), and it can start again. */
export interface WorkerServerHandle extends Omit<ServerHandle, 'network'> {
  /** where it is also served on a real port (a host's `expose`: worker-host.ts) */
  readonly exposed: { host: string; port: number } | undefined;
  /** How long its start took in the Worker: download, compile, start. */
  readonly startTiming: StartTiming;
  /** The Worker had started it before it was asked (a page's head asks it to), so startTiming was spent then. */
  readonly startedAhead: boolean;
  /** A raw connection to its port, passed through to the Worker byte for byte (what the localhost bridge uses). */
  connect(): GuestEnd;
  /** A fresh Worker and guest with the same options (after a runaway, a crash or a stop). */
  restart(): Promise<void>;
}

export async function startServerInWorker(source: WorkerSource, options: WorkerServerStartOptions = {}): Promise<WorkerServerHandle> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const startTimeoutMs = options.startTimeoutMs === false ? undefined : (options.startTimeoutMs ?? Math.max(10_000, timeoutMs));
  const create = options.createWorker ?? defaultWorker;
  const { timeoutMs: _t, startTimeoutMs: _s, name, createWorker: _c, ...serverOptions } = options;
  const moduleSource = toSource(source, name);
  const state = new ServerState();
  let port = 0;
  let mode: 'jspi' | 'per-request' = 'per-request';
  let startTiming: StartTiming = { fetchMs: 0, compileMs: 0, startMs: 0, bytes: 0 };
  let startedAhead = false;
  let channel: Channel;
  let connections: Connections;

  const boot = async (): Promise<void> => {
    channel = new Channel(create());
    const ch = channel;
    const conns = new Connections((m, transfer) => ch.post(m, transfer));
    connections = conns;
    ch.onEvent = (m) => {
      if (m.type === 'conns') conns.receive(m);
      else if (m.type === 'log') state.addLog(m.line);
      else if (m.type === 'trace') for (const event of m.events) state.onTrace.emit(event);
      else if (m.type === 'exit') {
        conns.fail(m.info.message);
        state.finish(m.info);
        ch.kill(new Error(m.info.message));
      }
    };
    ch.onRunaway = (ms) => {
      const err = RunawayError.after(ms, state.recentStderr());
      conns.fail(err.message);
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
    startTiming = started.timing;
    startedAhead = started.ahead;
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
    get startTiming() {
      return startTiming;
    },
    get startedAhead() {
      return startedAhead;
    },
    exposed: undefined,
    logs: state.logs,
    connect() {
      // Between a restart's end and the fresh guest listening, a connection fails at once (the bridge says 503).
      if (state.status !== 'listening') return RemoteEnd.failing(state.status === 'starting' ? 'the module is being restarted' : 'the module is not running');
      return connections.open();
    },
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
      connections.fail('the module was stopped');
      if (state.status === 'listening') {
        await channel.send({ type: 'stop' }, timeoutMs).catch(() => undefined);
        state.finish({ reason: 'stopped', message: 'stopped', stderr: '' });
      }
      channel.kill(new Error('the module was stopped'));
    },
    async restart() {
      connections.fail('the module is being restarted');
      channel.kill(new Error('the module was restarted'));
      try {
        await boot();
      } catch (error) {
        // No fresh guest: it has ended, and those watching its end are told.
        state.finish({ reason: 'crashed', message: `could not restart the module: ${error instanceof Error ? error.message : String(error)}`, stderr: '' });
        throw error;
      }
    },
  };
}
