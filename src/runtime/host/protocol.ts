// Messages between a host and its guest thread (a browser Worker, or a Node worker thread). Everything here survives
// structured cloning (a compiled WebAssembly.Module does too, so the page compiles once and every Worker reuses it).
import type { CommandResult } from '../guest/command.ts';
import type { FileMap } from '../devices/fs/memory-fs.ts';
import type { HttpRequestInit, HttpResponse } from '../http/client.ts';
import type { Target } from '../http/target.ts';
import type { ErrorReport } from './errors.ts';
import type { LogRate } from './output-bound.ts';

export type { ErrorReport } from './errors.ts';
import type { ExitInfo, LogLine, ServerMode } from '../guest/server.ts';
import type { TraceEvent } from '../calls/trace.ts';

/** A module as the page hands it over: compiled, as bytes, or as a URL the Worker fetches. */
export type WorkerModuleSource =
  | { module: WebAssembly.Module; name: string }
  | { bytes: ArrayBuffer; name: string }
  /** `fetchedByPage`: the page fetches it and sends the response in a 'fetched' message; else the Worker fetches it */
  | { url: string; name: string; fetchedByPage?: boolean };

/**
 * The URL's response as the page's head fetched it, its body handed over as it streams in (a transferred
 * ReadableStream): the page's fetch can start from its first bytes, before the Worker's thread runs.
 */
export interface FetchedResponse {
  status: number;
  contentType: string | null;
  body: ReadableStream<Uint8Array>;
  /** when the fetch began, in ms since the epoch (performance.timeOrigin + performance.now() on the page) */
  startedAt: number;
}

export interface WorkerServerOptions {
  args?: string[];
  env?: Record<string, string>;
  files?: FileMap;
  mode?: ServerMode;
  trace?: boolean;
  /** log lines past this rate are dropped and counted; default 500 lines and 64 Ki characters a second (output-bound.ts) */
  logRate?: Partial<LogRate>;
  /** traced calls past this many a second are dropped and counted; default 500 (output-bound.ts) */
  traceRate?: number;
}

/** A connection passed through to the server's port byte for byte (connections.ts): the localhost bridge's. */
export type ConnToGuest = { type: 'conn'; op: 'open' | 'data' | 'end' | 'close'; conn: number; bytes?: Uint8Array };
export type ConnFromGuest = { type: 'conn'; op: 'data' | 'end' | 'refused'; conn: number; bytes?: Uint8Array; message?: string };
/** Connection messages that go together, in order: what clients sent in one round of I/O, or a guest answered in one turn. */
export type ConnBatch<M> = { type: 'conns'; messages: M[] };

export interface WorkerCommandOptions {
  args?: string[];
  env?: Record<string, string>;
  files?: FileMap;
  /** bytes up front, or 'on-demand': the Worker asks the page for each chunk (needs JSPI in the Worker) */
  stdin?: string | Uint8Array | 'on-demand';
  trace?: boolean;
  /** output past this many bytes is dropped with a note; default 1 MiB (output-bound.ts) */
  maxOutputBytes?: number;
  /** traced calls past this many a second are dropped and counted; default 500 (output-bound.ts) */
  traceRate?: number;
  mode?: 'auto' | 'jspi' | 'sync';
}

/** How long a server's start took, measured in its Worker. */
export interface StartTiming {
  /** download of the module (0 when it came compiled) */
  fetchMs: number;
  /** compiling, past the download */
  compileMs: number;
  /** from instantiating the module to its socket listening */
  startMs: number;
  bytes: number;
}

export type ToWorker =
  | { type: 'start'; id: number; source: WorkerModuleSource; options: WorkerServerOptions }
  /**
   * Start this server now, before anyone asks: a later 'start' with the same source and options gets it as it is
   * (with what it logged meanwhile), any other 'start' stops it first. A page sends it from its first bytes.
   */
  | { type: 'prepare'; source: WorkerModuleSource; options: WorkerServerOptions }
  /** the response to a source `fetchedByPage`; none when the page's fetch failed or could not be handed over */
  | { type: 'fetched'; url: string; response?: FetchedResponse }
  | { type: 'request'; id: number; target: string | Target; init: HttpRequestInit }
  | { type: 'run'; id: number; source: WorkerModuleSource; options: WorkerCommandOptions }
  | { type: 'stop'; id: number }
  | { type: 'stdin'; chunk: Uint8Array | null }
  | ConnBatch<ConnToGuest>;

export type FromWorker =
  /** `ahead`: the Worker had started it before it was asked (a 'prepare'), so `timing` was spent then */
  | { type: 'started'; id: number; port: number; mode: 'jspi' | 'per-request'; timing: StartTiming; ahead: boolean }
  | { type: 'response'; id: number; response: HttpResponse }
  | { type: 'ran'; id: number; result: Omit<CommandResult, 'fs'> }
  | { type: 'stopped'; id: number }
  | { type: 'error'; id: number; error: ErrorReport }
  | { type: 'log'; line: LogLine }
  | { type: 'output'; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'stdin-wanted' }
  /** the command's module is loaded and its guest starts now */
  | { type: 'running' }
  /** traced calls in order, batched; an event with `dropped` set stands for calls left out (output-bound.ts) */
  | { type: 'trace'; events: TraceEvent[] }
  | { type: 'exit'; info: ExitInfo }
  | ConnBatch<ConnFromGuest>;
