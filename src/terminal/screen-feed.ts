// What reaches the terminal's screen, fed so that no guest can hold up the page's main thread. xterm.js parses
// each write whole before it looks at the clock, and its screen-reader support gathers every character of the
// current line (up to 20 lines) into an aria-live region that it lays out again on each render: one 64 KiB write
// was a task of almost a second, and one 1 MiB line of several seconds. So writes go to the screen in small pieces
// (xterm then yields between them, every 12 ms) and a line longer than the cap is cut with a mark, the rest of it
// dropped until its newline, as server log lines are (src/runtime/guest/output.ts).
import { lineCutMark } from '../runtime/guest/output.ts';
import { DEFAULT_LIMITS } from '../runtime/abi/limits.ts';

/** characters handed to the screen in one write */
export const SCREEN_PIECE_CHARS = 4096;

export class ScreenFeed {
  readonly #write: (piece: string) => void;
  readonly #maxLineChars: number;
  /** characters since the last line end ('\n' or '\r', which starts the line over) */
  #column = 0;
  /** the current line was cut: drop its text until the next line end */
  #cut = false;

  constructor(write: (piece: string) => void, maxLineChars: number = DEFAULT_LIMITS.maxLogLineChars) {
    this.#write = write;
    this.#maxLineChars = maxLineChars;
  }

  write(text: string): void {
    const kept = this.#cutLongLines(text);
    for (let at = 0; at < kept.length; ) {
      let end = Math.min(at + SCREEN_PIECE_CHARS, kept.length);
      // Never between the two halves of a character outside the BMP.
      if (end < kept.length && isHighSurrogate(kept.charCodeAt(end - 1))) end--;
      this.#write(kept.slice(at, end));
      at = end;
    }
  }

  /** The text with long lines cut; slices only where a cut happens, so ordinary output passes through as it is. */
  #cutLongLines(text: string): string {
    const out: string[] = [];
    let kept = 0; // text[kept..] is not yet in out
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === NL || c === CR) {
        if (this.#cut) kept = i; // the line end itself is kept
        this.#cut = false;
        this.#column = 0;
      } else if (!this.#cut && ++this.#column > this.#maxLineChars) {
        out.push(text.slice(kept, i), lineCutMark(this.#maxLineChars));
        this.#cut = true;
      }
    }
    if (!this.#cut) out.push(text.slice(kept));
    return out.length === 1 ? out[0]! : out.join('');
  }
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const NL = 10;
const CR = 13;
