// Starting a server module on the virtual network, with JSPI (one long-lived instance) or with a fresh
// instance per request (engines without JSPI). Both give the same handle.
import { MemoryFileSystem, type FileMap } from '../devices/fs/memory-fs.ts';
import { createInstance, resolveMode } from './instance.ts';
import { GuestStopped } from '../calls/context.ts';
import type { TraceListener } from '../calls/trace.ts';
import { VirtualNetwork } from '../devices/net/virtual-network.ts';
import { request, type HttpRequestInit, type HttpResponse } from '../http/client.ts';
import type { Target } from '../http/target.ts';
import type { GuestModule } from './module.ts';
import { LineSplitter } from './output.ts';
import { limitsWith, type RuntimeLimits } from '../abi/limits.ts';
import { hostPerRequest } from './server-per-request.ts';
import { ServerStartError, type ExitInfo, type LogLine, type ServerMode, type ServerStatus } from './server-types.ts';
import { ServerState } from './server-state.ts';

export { ServerStartError, type ExitInfo, type LogLine, type ServerMode, type ServerStatus };

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
  /** bounds on descriptors, the filesystem it makes and log line length (see DEFAULT_LIMITS) */
  limits?: Partial<RuntimeLimits>;
}

export interface ServerHandle {
  readonly port: number;
  readonly mode: 'jspi' | 'per-request';
  readonly network: VirtualNetwork;
  readonly status: ServerStatus;
  readonly logs: readonly LogLine[];
  /** `target` is a path ('/?starts_with=d') or a full http://localhost URL */
  request(target: string | Target, init?: HttpRequestInit): Promise<HttpResponse>;
  onLog(listener: (line: LogLine) => void): () => void;
  onTrace(listener: TraceListener): () => void;
  onExit(listener: (info: ExitInfo) => void): () => void;
  stop(): Promise<void>;
}

export async function startServer(guest: GuestModule, options: ServerOptions = {}): Promise<ServerHandle> {
  const mode = resolveMode(options.mode);
  const network = options.network ?? new VirtualNetwork();
  const limits = limitsWith(options.limits);
  const fs = options.fs ?? new MemoryFileSystem({}, undefined, limits);
  for (const [path, content] of Object.entries(options.files ?? {})) fs.writeFile(path, content);
  const t0 = performance.now();
  const state = new ServerState(options.maxLogLines);
  if (typeof options.trace === 'function') state.onTrace.add(options.trace);
  if (options.onLog) state.onLog.add(options.onLog);
  const tracing = options.trace !== undefined && options.trace !== false;
  const trace: TraceListener | undefined = tracing ? (e) => state.onTrace.emit(e) : undefined;
  let port = 0;

  const log = (stream: LogLine['stream']) => (text: string) => state.addLog({ stream, text, time: performance.now() - t0 });
  const stdout = new LineSplitter(log('stdout'), limits.maxLogLineChars);
  const stderr = new LineSplitter(log('stderr'), limits.maxLogLineChars);
  let cleanUp = (): void => {};
  const finish = (info: ExitInfo): void => {
    if (!state.running) return;
    stdout.flush();
    stderr.flush();
    cleanUp();
    state.finish(info);
  };
  const base = {
    args: options.args ?? [], env: options.env, fs, preopens: options.preopens ?? ['/'], stdin: undefined, network, trace, limits,
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
      const info = state.lastExit ?? { message: 'the server ended before it listened', stderr: stderr.recent };
      throw new ServerStartError(`${info.message} before it listened on a port`, info.stderr);
    }
    port = first;
    stopGuest = async () => {
      inst.ctx.stop();
      await run;
    };
  } else {
    const host = hostPerRequest(guest, base, network, stdout, stderr, finish, () => state.status);
    port = host.port;
    cleanUp = host.close;
    stopGuest = async () => finish({ reason: 'stopped', message: 'stopped', stderr: stderr.recent });
  }

  if (state.status === 'starting') state.status = 'listening';

  return {
    port,
    mode,
    network,
    get status() {
      return state.status;
    },
    logs: state.logs,
    request(target, init) {
      const url = typeof target === 'string' && target.startsWith('/') ? `http://localhost:${port}${target}` : target;
      return request(network, url, init);
    },
    onLog: (l) => state.onLog.add(l),
    onTrace(l) {
      if (!tracing) throw new Error('this server was started without tracing; start it with { trace: true } to subscribe');
      return state.onTrace.add(l);
    },
    onExit: (l) => state.onExit.add(l),
    async stop() {
      if (state.running) await stopGuest();
      if (state.status === 'listening') state.status = 'stopped';
    },
  };
}
