// A guest's output on its way from its thread to the page: bounded and batched. Past the bound the rest is
// dropped with one line that says so, and small writes travel together, so a guest writing 100 MiB (or `yes`)
// never floods the page's main thread; the runaway bound then stops a guest that keeps writing. A server's log lines
// and a traced guest's calls cross at a bounded rate (RateBound: LogBound, TraceBound).
import type { LogLine } from '../guest/server-types.ts';
import type { TraceEvent } from '../calls/trace.ts';

export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/** a batch goes out at this size, or as soon as the guest's thread is free */
const BATCH_BYTES = 64 * 1024;

export function truncationNote(limit: number): string {
  const mib = limit / (1024 * 1024);
  return `\n[output truncated after ${Number.isInteger(mib) ? mib : mib.toFixed(2)} MiB]\n`;
}

/** Both streams of one run share the bound; `send` gets decoded text. */
/** Runs `flush` in a task of its own, once however often it is asked before then: what waits is sent together. */
class FlushSoon {
  #scheduled = false;
  readonly #flush: () => void;

  constructor(flush: () => void) {
    this.#flush = flush;
  }

  ask(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setTimeout(() => {
      this.#scheduled = false;
      this.#flush();
    }, 0);
  }
}

export class OutputBound {
  #sent = 0;
  #truncated = false;
  readonly #limit: number;
  readonly #send: (stream: 'stdout' | 'stderr', text: string) => void;
  readonly #pending: { stream: 'stdout' | 'stderr'; text: string }[] = [];
  #pendingBytes = 0;
  readonly #soon = new FlushSoon(() => this.flush());
  readonly #decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };

  constructor(limit: number, send: (stream: 'stdout' | 'stderr', text: string) => void) {
    this.#limit = limit;
    this.#send = send;
  }

  get truncated(): boolean {
    return this.#truncated;
  }

  sink(stream: 'stdout' | 'stderr'): (bytes: Uint8Array) => void {
    return (bytes) => {
      if (this.#truncated) return;
      const room = this.#limit - this.#sent;
      const part = bytes.length > room ? bytes.subarray(0, room) : bytes;
      this.#sent += part.length;
      this.#queue(stream, this.#decoders[stream].decode(part, { stream: part === bytes }));
      if (part !== bytes) {
        this.#truncated = true;
        this.#queue('stderr', truncationNote(this.#limit));
        this.flush();
      }
    };
  }

  flush(): void {
    const batch = this.#pending.splice(0);
    this.#pendingBytes = 0;
    for (const { stream, text } of batch) this.#send(stream, text);
  }

  #queue(stream: 'stdout' | 'stderr', text: string): void {
    if (text === '') return;
    const last = this.#pending.at(-1);
    if (last !== undefined && last.stream === stream) last.text += text;
    else this.#pending.push({ stream, text });
    this.#pendingBytes += text.length;
    if (this.#pendingBytes >= BATCH_BYTES) this.flush();
    else this.#soon.ask();
  }
}

/** How many of a server's log lines cross to the page each second, and how many characters. */
export interface LogRate {
  lines: number;
  chars: number;
}
export const DEFAULT_LOG_RATE: Readonly<LogRate> = Object.freeze({ lines: 500, chars: 64 * 1024 });

export function droppedLogNote(dropped: number): string {
  return `[${dropped} log line${dropped === 1 ? '' : 's'} dropped: the server wrote faster than the page can show]`;
}

/**
 * Items on their way from a guest's thread to the page at a bounded rate (a server's log lines, traced calls). A
 * guest may produce them for as long as it runs, so they get a rate, not a total: past the rate in one second the
 * items are counted and dropped, and the next second starts with one note that says how many. A guest producing
 * them in a loop never yields its thread, so the clock is read on each item rather than left to a timer (the timer
 * only reports a last count once it stops).
 */
export class RateBound<T> {
  readonly #send: (item: T) => void;
  readonly #rate: LogRate;
  readonly #size: (item: T) => number;
  readonly #note: (dropped: number, last: T) => T;
  readonly #now: () => number;
  #windowStart = -Infinity;
  #items = 0;
  #chars = 0;
  #dropped = 0;
  #lastDropped: T | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `rate.lines` items and `rate.chars` of their `size` a second; `note` stands for the dropped ones. */
  constructor(send: (item: T) => void, rate: LogRate, size: (item: T) => number, note: (dropped: number, last: T) => T, now: () => number = () => performance.now()) {
    this.#send = send;
    this.#rate = rate;
    this.#size = size;
    this.#note = note;
    this.#now = now;
  }

  take(item: T): void {
    const t = this.#now();
    if (t - this.#windowStart >= 1000) this.#open(t);
    const size = this.#size(item);
    if (this.#items < this.#rate.lines && this.#chars + size <= this.#rate.chars) {
      this.#items++;
      this.#chars += size;
      this.#send(item);
      return;
    }
    this.#dropped++;
    this.#lastDropped = item;
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#open(this.#now());
    }, Math.max(0, 1000 - (t - this.#windowStart)));
  }

  /** Ends the thread's reporting: a count still held is sent. */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#open(this.#now());
  }

  #open(t: number): void {
    this.#windowStart = t;
    this.#items = 0;
    this.#chars = 0;
    if (this.#dropped === 0 || this.#lastDropped === undefined) return;
    const note = this.#note(this.#dropped, this.#lastDropped);
    this.#dropped = 0;
    this.#lastDropped = undefined;
    this.#items = 1;
    this.#chars = this.#size(note);
    this.#send(note);
  }
}

/** A server's log lines: at most `rate` a second; the note is a line on stderr. */
export class LogBound extends RateBound<LogLine> {
  constructor(send: (line: LogLine) => void, rate: Partial<LogRate> = {}, now: () => number = () => performance.now()) {
    super(send, { ...DEFAULT_LOG_RATE, ...rate }, (line) => line.text.length, (dropped, last) => ({ stream: 'stderr', text: droppedLogNote(dropped), time: last.time }), now);
  }
}

/** Traced calls crossing to the page each second (`--trace`: one line each on the terminal). */
export const DEFAULT_TRACE_RATE = 500;
/** traced calls in one message, at most; fewer go as soon as the guest's thread is free */
const TRACE_BATCH = 64;

export function droppedTraceNote(dropped: number): string {
  return `[${dropped} trace line${dropped === 1 ? '' : 's'} dropped: the module made calls faster than the page can show]`;
}

/**
 * A guest's traced calls on their way to the page: one event per WASI call, so a guest calling in a loop would post
 * a message per call. They cross at a bounded rate (a RateBound, as log lines do: the note is an event with
 * `dropped` set) and travel in batches. `flush` sends what waits: the thread calls it before any other message, so
 * the page hears of calls in the order they happened relative to output, logs and answers.
 */
export class TraceBound {
  readonly #send: (events: TraceEvent[]) => void;
  readonly #rate: RateBound<TraceEvent>;
  #batch: TraceEvent[] = [];
  readonly #soon = new FlushSoon(() => this.flush());

  constructor(send: (events: TraceEvent[]) => void, perSecond = DEFAULT_TRACE_RATE, now: () => number = () => performance.now()) {
    this.#send = send;
    this.#rate = new RateBound<TraceEvent>((e) => this.#add(e), { lines: perSecond, chars: Infinity }, () => 0, droppedTraceEvent, now);
  }

  take(event: TraceEvent): void {
    this.#rate.take(event);
  }

  /** Sends the events waiting, if any. */
  flush(): void {
    if (this.#batch.length === 0) return;
    const batch = this.#batch;
    this.#batch = [];
    this.#send(batch);
  }

  /** Ends the thread's reporting: a count of dropped calls still held is sent too. */
  end(): void {
    this.#rate.flush();
    this.flush();
  }

  #add(event: TraceEvent): void {
    this.#batch.push(event);
    if (this.#batch.length >= TRACE_BATCH) this.flush();
    else this.#soon.ask();
  }
}

/** The note standing for `dropped` calls left out, the last of which was `last`. */
function droppedTraceEvent(dropped: number, last: TraceEvent): TraceEvent {
  return { seq: last.seq, call: '', args: {}, result: undefined, errno: '-', time: last.time, durationMs: 0, dropped };
}
