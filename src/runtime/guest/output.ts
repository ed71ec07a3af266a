// Collecting a guest's output: all of it as bytes, streamed as text, and split into log lines.
import { DEFAULT_LIMITS } from '../abi/limits.ts';

const TAIL_BYTES = 4096;

export class OutputCollector {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private readonly decoder = new TextDecoder();
  private readonly onText: ((text: string) => void) | undefined;
  private readonly onBytes: ((bytes: Uint8Array) => void) | undefined;

  private readonly keep: boolean;
  /** the last 4 KiB as bytes, kept even when the whole is not (for trap reports): a ring, decoded only when asked
   * for, so a guest making a million small writes pays a copy of each, not a decode and a string of 4 KiB each */
  private readonly tail = new Uint8Array(TAIL_BYTES);
  private tailEnd = 0;
  private tailSize = 0;

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
    } else this.keepTail(copy);
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
    if (!this.keep) {
      // The ring from its oldest byte; a character cut at the start is dropped rather than shown broken.
      const start = (this.tailEnd - this.tailSize + TAIL_BYTES) % TAIL_BYTES;
      const ordered = start + this.tailSize <= TAIL_BYTES
        ? this.tail.subarray(start, start + this.tailSize)
        : new Uint8Array([...this.tail.subarray(start), ...this.tail.subarray(0, this.tailEnd)]);
      return new TextDecoder().decode(ordered).replace(/^\uFFFD+/, '');
    }
    return new TextDecoder().decode(this.bytes());
  }

  private keepTail(bytes: Uint8Array): void {
    const last = bytes.length > TAIL_BYTES ? bytes.subarray(-TAIL_BYTES) : bytes;
    const first = Math.min(last.length, TAIL_BYTES - this.tailEnd);
    this.tail.set(last.subarray(0, first), this.tailEnd);
    this.tail.set(last.subarray(first), 0);
    this.tailEnd = (this.tailEnd + last.length) % TAIL_BYTES;
    this.tailSize = Math.min(TAIL_BYTES, this.tailSize + last.length);
  }
}

/** What marks a line cut at the limit: in server logs here, and on the page's terminal screen (src/terminal/screen-feed.ts). */
export function lineCutMark(maxLineChars: number): string {
  return ` [line cut at ${maxLineChars} characters]`;
}

/**
 * Splits a byte stream into lines (for server logs); keeps only the last 4 KiB of text for reports. Only the
 * new text is searched for line ends (the unfinished line is kept as parts, never re-split), and a line longer
 * than `maxLineChars` is cut there and marked, the rest of it dropped until its newline.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder();
  private partial: string[] = [];
  private partialLength = 0;
  /** the current line was cut: drop its text until the next newline */
  private cut = false;
  private readonly onLine: (line: string) => void;
  private readonly maxLineChars: number;
  recent = '';

  constructor(onLine: (line: string) => void, maxLineChars: number = DEFAULT_LIMITS.maxLogLineChars) {
    this.onLine = onLine;
    this.maxLineChars = maxLineChars;
  }

  readonly sink = (bytes: Uint8Array): void => {
    const text = this.decoder.decode(bytes, { stream: true });
    this.recent = text.length >= 4096 ? text.slice(-4096) : (this.recent + text).slice(-4096);
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) {
        this.append(text.slice(start));
        return;
      }
      this.append(text.slice(start, nl));
      this.end();
      start = nl + 1;
    }
  };

  private append(piece: string): void {
    if (this.cut || piece === '') return;
    const room = this.maxLineChars - this.partialLength;
    if (piece.length > room) {
      this.partial.push(piece.slice(0, room), lineCutMark(this.maxLineChars));
      this.partialLength = this.maxLineChars;
      this.cut = true;
      return;
    }
    this.partial.push(piece);
    this.partialLength += piece.length;
  }

  private end(): void {
    const line = this.partial.join('');
    this.partial = [];
    this.partialLength = 0;
    this.cut = false;
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  flush(): void {
    if (this.partialLength > 0 || this.cut) this.end();
  }
}
