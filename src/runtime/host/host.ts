// The one way a guest reaches the world: start a server, run a command, send a request by URL, watch which ports
// listen. The terminal, the widgets, the deck and `containerless run` all use a GuestHost; where its guests run
// (a Worker or Node worker thread each, or this thread in tests and tools) is the host's business, not theirs.
import type { GuestModule } from '../guest/module.ts';
import type { HttpRequestInit, HttpResponse } from '../http/client.ts';
import type { Target } from '../http/target.ts';
import type { ExitInfo, LogLine, ServerHandle, ServerMode, ServerStatus } from '../guest/server.ts';
import type { FileMap } from '../devices/fs/memory-fs.ts';
import type { StdinSource } from '../devices/stdio.ts';
import type { TraceListener } from '../calls/trace.ts';
import type { CommandOutcome } from './outcome.ts';
import type { GuestEnd } from './connections.ts';

export type { CommandOutcome } from './outcome.ts';

/** A server a host started: the runtime's server handle (its network is the host's), and it can start again. */
export interface HostedServer extends Omit<ServerHandle, 'network'> {
  /** where it is also served on a real port (`expose`; a host given an Exposer, in Node) */
  readonly exposed: { host: string; port: number } | undefined;
  /** A raw connection to its port, byte for byte: what the localhost bridge passes a real client's connection through. */
  connect(): GuestEnd;
  /** A fresh guest with the same options (after a runaway, a crash or a stop). */
  restart(): Promise<void>;
}

/** What a job, kill and Ctrl+C need of a server: a hosted one, or anything that holds a port (kubectl port-forward). */
export interface RunningServer {
  readonly port: number;
  readonly status: ServerStatus;
  onExit(listener: (info: ExitInfo) => void): () => void;
  stop(): Promise<void>;
}

export interface HostedServerOptions {
  args?: string[];
  env?: Record<string, string>;
  files?: FileMap;
  mode?: ServerMode;
  /** allow onTrace() subscriptions */
  trace?: boolean;
  /** every log line, including those written before it listened */
  onLog?: (line: LogLine) => void;
  /** serve it on a real port on 127.0.0.1 too (`containerless run`); needs a host made with an Exposer */
  expose?: ExposeOptions;
}

export interface ExposeOptions {
  /** 0 = a free port, undefined = the port the guest listens on */
  port: number | undefined;
  /** Host names to answer besides loopback ones (others get 421) */
  allowHosts?: readonly string[];
  /** a request the guest has not started to answer after this long gets 503 and the guest is restarted */
  answerTimeoutMs?: number;
  /** told when the guest left a request unanswered and is being restarted, then when the fresh guest serves */
  onRestart?: (stage: 'restarting' | 'serving', message: string) => void;
}

/** Serves a started server on a real port (Node's localhost bridge, node/expose.ts); the page has none. */
export type Exposer = (server: HostedServer, options: ExposeOptions) => Promise<{ host: string; port: number; close(): Promise<void> }>;

export interface HostedCommandOptions {
  args?: string[];
  env?: Record<string, string>;
  files?: FileMap;
  /** bytes up front, or a source read on demand (needs JSPI where the guest runs) */
  stdin?: string | Uint8Array | StdinSource;
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  /** raw bytes, for piping on (in-process only) */
  onStdoutBytes?: (bytes: Uint8Array) => void;
  onStderrBytes?: (bytes: Uint8Array) => void;
  onTrace?: TraceListener;
  /** false: output is streamed to the callbacks only, never kept whole (a guest may write gigabytes) */
  keepOutput?: boolean;
  mode?: 'auto' | 'jspi' | 'sync';
  /** Ctrl+C: ends the guest where the host can (a Worker); an in-process guest runs to its end */
  signal?: AbortSignal;
}

/** How a command ended, and how long it ran. */
export type HostedRun = CommandOutcome & { durationMs: number };

export interface GuestHost {
  /** where guests run: a thread each, or this thread */
  readonly where: 'worker' | 'in-process';
  /** whether a running command can be ended (Ctrl+C) */
  readonly canInterrupt: boolean;
  /** Resolves once the guest listens; rejects with the reason it did not (port in use, exited early). */
  startServer(guest: GuestModule, options?: HostedServerOptions): Promise<HostedServer>;
  /** Never rejects for the guest's own failure (trap, runaway, interrupt): the outcome says how it ended. */
  runCommand(guest: GuestModule, options?: HostedCommandOptions): Promise<HostedRun>;
  /** One HTTP request to a server this host runs, by URL; throws HttpError as the runtime's `request` does. */
  request(url: string | Target, init?: HttpRequestInit): Promise<HttpResponse>;
  isListening(port: number): boolean;
  /** Called when a port starts or stops listening. Returns a function that stops watching. */
  onChange(listener: (port: number, listening: boolean) => void): () => void;
  /** Stops every server it started. */
  stopAll(): Promise<void>;
  /** Who holds a port, in words ("the word generator demo on this page"), when the host knows. */
  holderOf?(port: number): string | undefined;
  /** Names a server this host started, for the messages others get when they find its port taken. */
  label?(server: HostedServer, holder: string): void;
}
