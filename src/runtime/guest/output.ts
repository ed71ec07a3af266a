// Collecting a guest's output: all of it as bytes, streamed as text, and split into log lines.
export class OutputCollector {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private readonly decoder = new TextDecoder();
  private readonly onText: ((text: string) => void) | undefined;
  private readonly onBytes: ((bytes: Uint8Array) => void) | undefined;

  constructor(onText?: (text: string) => void, onBytes?: (bytes: Uint8Array) => void) {
    this.onText = onText;
    this.onBytes = onBytes;
  }

  readonly sink = (bytes: Uint8Array): void => {
    const copy = bytes.slice();
    this.chunks.push(copy);
    this.size += copy.length;
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
