// A server's status, its recent log lines and its listeners: the one bookkeeping shared by the in-process handle
// (server.ts) and the handle of a server in a Worker (remote-server.ts), so both end once and report alike.
import type { ExitInfo, LogLine, ServerStatus } from './server-types.ts';
import type { TraceEvent } from '../calls/trace.ts';

export class Listeners<T> {
  readonly #set = new Set<(value: T) => void>();
  add(listener: (value: T) => void): () => void {
    this.#set.add(listener);
    return () => this.#set.delete(listener);
  }
  emit(value: T): void {
    for (const l of this.#set) l(value);
  }
}

export class ServerState {
  status: ServerStatus = 'starting';
  lastExit: ExitInfo | undefined;
  /** the most recent lines, oldest first */
  readonly logs: LogLine[] = [];
  readonly onLog = new Listeners<LogLine>();
  readonly onTrace = new Listeners<TraceEvent>();
  readonly onExit = new Listeners<ExitInfo>();
  readonly #maxLines: number;

  constructor(maxLines = 500) {
    this.#maxLines = maxLines;
  }

  addLog(line: LogLine): void {
    this.logs.push(line);
    // shift() drops the oldest without moving the rest (V8 moves the array's start); splice copied all 500 per line.
    while (this.logs.length > this.#maxLines) this.logs.shift();
    this.onLog.emit(line);
  }

  /** Whether it is still up (starting or listening): an end is reported once. */
  get running(): boolean {
    return this.status === 'starting' || this.status === 'listening';
  }

  /** Records how it ended and tells the listeners; returns false when it had already ended. */
  finish(info: ExitInfo): boolean {
    if (!this.running) return false;
    this.status = info.reason;
    this.lastExit = info;
    this.onExit.emit(info);
    return true;
  }

  /** What it last wrote to stderr, for reports. */
  recentStderr(lines = 50): string {
    return this.logs.filter((l) => l.stream === 'stderr').slice(-lines).map((l) => l.text).join('\n');
  }
}
