// Collecting a guest's output: all of it as bytes, streamed as text, and split into log lines.
export class OutputCollector {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private readonly decoder = new TextDecoder();
  private readonly onText: ((text: string) => void) | undefined;
  private readonly onBytes: ((bytes: Uint8Array) => void) | undefined;

  private readonly keep: boolean;
  /** the last 4 KiB as text, kept even when the whole is not (for trap reports) */
  private tail = '';
  private readonly tailDecoder = new TextDecoder();

  /** `keep` false: stream only, keep no copy (a guest may write gigabytes), text() is the last 4 KiB. */
  constructor(onText?: (text: string) => void, onBytes?: (bytes: Uint8Array) => void, keep = true) {
    this.onText = onText;
    this.onBytes = onBytes;
    this.keep = keep;
  }

  readonly sink = (bytes: Uint8Array): void => {
    const copy = bytes.slice();
    if (this.keep) {
      this.chunks.push(copy);
      this.size += copy.length;
    } else this.tail = (this.tail + this.tailDecoder.decode(copy.subarray(-4096), { stream: true })).slice(-4096);
    if (this.onText) this.onText(this.decoder.decode(copy, { stream: true }));
    if (this.onBytes) this.onBytes(copy);
  };

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  text(): string {
    if (!this.keep) return this.tail;
    return new TextDecoder().decode(this.bytes());
  }
}

/** Splits a byte stream into lines (for server logs); keeps only the last `max` characters of stderr for reports. */
export class LineSplitter {
  private readonly decoder = new TextDecoder();
  private partial = '';
  private readonly onLine: (line: string) => void;
  recent = '';

  constructor(onLine: (line: string) => void) {
    this.onLine = onLine;
  }

  readonly sink = (bytes: Uint8Array): void => {
    const text = this.decoder.decode(bytes, { stream: true });
    this.recent = (this.recent + text).slice(-4096);
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.onLine(line.replace(/\r$/, ''));
  };

  flush(): void {
    if (this.partial !== '') this.onLine(this.partial);
    this.partial = '';
  }
}
