// A guest's output on its way from its thread to the page: bounded and batched. Past the bound the rest is
// dropped with one line that says so, and small writes travel together, so a guest writing 100 MiB (or `yes`)
// never floods the page's main thread; the runaway bound then stops a guest that keeps writing. A server's log lines
// cross at a bounded rate (LogBound).
import type { LogLine } from '../guest/server-types.ts';

export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/** a batch goes out at this size, or as soon as the guest's thread is free */
const BATCH_BYTES = 64 * 1024;

export function truncationNote(limit: number): string {
  const mib = limit / (1024 * 1024);
  return `\n[output truncated after ${Number.isInteger(mib) ? mib : mib.toFixed(2)} MiB]\n`;
}

/** Both streams of one run share the bound; `send` gets decoded text. */
export class OutputBound {
  #sent = 0;
  #truncated = false;
  readonly #limit: number;
  readonly #send: (stream: 'stdout' | 'stderr', text: string) => void;
  readonly #pending: { stream: 'stdout' | 'stderr'; text: string }[] = [];
  #pendingBytes = 0;
  #scheduled = false;
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
    else if (!this.#scheduled) {
      this.#scheduled = true;
      setTimeout(() => {
        this.#scheduled = false;
        this.flush();
      }, 0);
    }
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
 * A server's log lines on their way from its thread to the page. A server runs for as long as the learner keeps
 * it, so its logs get a rate, not a total: past the rate in one second the lines are counted and dropped, and
 * the next second starts with one line that says how many. A guest logging in a loop never yields its thread,
 * so the clock is read on each line rather than left to a timer (the timer only reports a last count once it stops).
 */
export class LogBound {
  readonly #send: (line: LogLine) => void;
  readonly #rate: LogRate;
  readonly #now: () => number;
  #windowStart = -Infinity;
  #lines = 0;
  #chars = 0;
  #dropped = 0;
  #lastTime = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(send: (line: LogLine) => void, rate: Partial<LogRate> = {}, now: () => number = () => performance.now()) {
    this.#send = send;
    this.#rate = { ...DEFAULT_LOG_RATE, ...rate };
    this.#now = now;
  }

  take(line: LogLine): void {
    const t = this.#now();
    if (t - this.#windowStart >= 1000) this.#open(t);
    if (this.#lines < this.#rate.lines && this.#chars + line.text.length <= this.#rate.chars) {
      this.#lines++;
      this.#chars += line.text.length;
      this.#send(line);
      return;
    }
    this.#dropped++;
    this.#lastTime = line.time;
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
    this.#lines = 0;
    this.#chars = 0;
    if (this.#dropped === 0) return;
    const note = droppedLogNote(this.#dropped);
    this.#dropped = 0;
    this.#lines = 1;
    this.#chars = note.length;
    this.#send({ stream: 'stderr', text: note, time: this.#lastTime });
  }
}
