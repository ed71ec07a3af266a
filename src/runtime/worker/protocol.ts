// Messages between the page and the guest Worker. Everything here survives structured cloning
// (a compiled WebAssembly.Module does too, so the page compiles once and every Worker reuses it).
import type { CommandResult } from '../guest/command.ts';
import type { FileMap } from '../devices/fs/memory-fs.ts';
import type { HttpRequestInit, HttpResponse } from '../http/client.ts';
import type { ExitInfo, LogLine, ServerMode } from '../guest/server.ts';
import type { TraceEvent } from '../calls/trace.ts';

/** A module as the page hands it over: compiled, as bytes, or as a URL the Worker fetches. */
export type WorkerModuleSource = { module: WebAssembly.Module; name: string } | { bytes: ArrayBuffer; name: string } | { url: string; name: string };

export interface WorkerServerOptions {
  args?: string[];
  env?: Record<string, string>;
  files?: FileMap;
  mode?: ServerMode;
  trace?: boolean;
}

export interface WorkerCommandOptions {
  args?: string[];
  env?: Record<string, string>;
  files?: FileMap;
  /** bytes up front, or 'on-demand': the Worker asks the page for each chunk (needs JSPI in the Worker) */
  stdin?: string | Uint8Array | 'on-demand';
  trace?: boolean;
  mode?: 'auto' | 'jspi' | 'sync';
}

export type ToWorker =
  | { type: 'start'; id: number; source: WorkerModuleSource; options: WorkerServerOptions }
  | { type: 'request'; id: number; target: string; init: HttpRequestInit }
  | { type: 'run'; id: number; source: WorkerModuleSource; options: WorkerCommandOptions }
  | { type: 'stop'; id: number }
  | { type: 'stdin'; chunk: Uint8Array | null };

export interface ErrorReport {
  name: string;
  message: string;
  /** e.g. 'ECONNREFUSED' from the HTTP client, so a page-side curl can word its error */
  code?: string;
  stderr?: string;
}

export type FromWorker =
  | { type: 'started'; id: number; port: number; mode: 'jspi' | 'per-request' }
  | { type: 'response'; id: number; response: HttpResponse }
  | { type: 'ran'; id: number; result: Omit<CommandResult, 'fs'> }
  | { type: 'stopped'; id: number }
  | { type: 'error'; id: number; error: ErrorReport }
  | { type: 'log'; line: LogLine }
  | { type: 'output'; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'stdin-wanted' }
  | { type: 'trace'; event: TraceEvent }
  | { type: 'exit'; info: ExitInfo };
