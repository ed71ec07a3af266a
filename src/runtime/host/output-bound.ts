// A guest's output on its way from its thread to the page: bounded and batched. Past the bound the rest is
// dropped with one line that says so, and small writes travel together, so a guest writing 100 MiB (or `yes`)
// never floods the page's main thread; the runaway bound then stops a guest that keeps writing.

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
