// What reaches the terminal's screen, fed so that no guest can hold up the page's main thread.
// - xterm.js parses each write whole before it looks at the clock, so text goes to it in small pieces, the next one
//   only when it has parsed the last (it then yields between pieces, every 12 ms). A piece is small in line ends as
//   well as in characters: each line end that scrolls the screen makes xterm.js 6 bring its scrollbar up to date
//   there and then (its viewport listens to every scroll), so one 4096-character piece of `yes` (2048 line ends)
//   held the page's thread for 100 to 120 ms on a quiet machine, where 4096 characters on one line cost next to nothing.
// - The screen keeps its scrollback and its rows, nothing older. When more lines wait than that, the oldest waiting
//   lines are dropped before they are drawn: they would have scrolled out of the screen's memory unseen anyway,
//   so the screen ends exactly as it would have, and a guest writing `yes` costs the page a screenful, not a megabyte.
// - Its screen-reader support gathers every character of the current line (up to 20 lines) into an aria-live region
//   laid out again on each render, so a line longer than the cap is cut with a mark and the rest of it dropped until
//   its newline, as server log lines are (src/runtime/guest/output.ts).
import { lineCutMark } from '../runtime/guest/output.ts';
import { DEFAULT_LIMITS } from '../runtime/abi/limits.ts';

/** characters handed to the screen in one write */
export const SCREEN_PIECE_CHARS = 4096;
/** line ends ('\n') in one write: each scrolls the screen, which costs far more than a character */
export const SCREEN_PIECE_LINES = 128;

export interface Screen {
  /** `parsed` is called once the screen has taken the piece in */
  write(piece: string, parsed: () => void): void;
}

export interface ScreenFeedOptions {
  /** lines the screen keeps (scrollback + rows): more waiting than this, and the oldest are never drawn */
  keepLines: number;
  /** a longer line is cut with a mark; default the server log line cap */
  maxLineChars?: number;
}

export class ScreenFeed {
  readonly #screen: Screen;
  readonly #keepLines: number;
  readonly #maxLineChars: number;
  /** text waiting for the screen, oldest first, and how many line ends it holds */
  #queue: string[] = [];
  #queuedLines = 0;
  #writing = false;
  /** characters since the last line end ('\n' or '\r', which starts the line over) */
  #column = 0;
  /** the current line was cut: drop its text until the next line end */
  #cut = false;
  #idle: (() => void)[] = [];

  constructor(screen: Screen, options: ScreenFeedOptions) {
    this.#screen = screen;
    this.#keepLines = options.keepLines;
    this.#maxLineChars = options.maxLineChars ?? DEFAULT_LIMITS.maxLogLineChars;
  }

  write(text: string): void {
    const kept = this.#cutLongLines(text);
    if (kept === '') return;
    this.#queue.push(kept);
    this.#queuedLines += countLineEnds(kept);
    if (this.#queuedLines > this.#keepLines) this.#dropOldest(this.#queuedLines - this.#keepLines);
    this.#pump();
  }

  /** Forgets what waits (the screen is about to be cleared). */
  discard(): void {
    this.#queue = [];
    this.#queuedLines = 0;
  }

  /** Resolves once everything written so far is on the screen. */
  whenDrawn(): Promise<void> {
    if (!this.#writing && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    if (this.#writing) return;
    const piece = this.#nextPiece();
    if (piece === undefined) {
      for (const resolve of this.#idle.splice(0)) resolve();
      return;
    }
    this.#writing = true;
    this.#screen.write(piece, () => {
      this.#writing = false;
      this.#pump();
    });
  }

  #nextPiece(): string | undefined {
    const head = this.#queue[0];
    if (head === undefined) return undefined;
    let end = Math.min(SCREEN_PIECE_CHARS, head.length);
    let at = -1;
    for (let n = 0; n < SCREEN_PIECE_LINES; n++) {
      at = head.indexOf('\n', at + 1);
      if (at === -1 || at >= end) break;
      if (n === SCREEN_PIECE_LINES - 1) end = at + 1;
    }
    // Never between the two halves of a character outside the BMP.
    if (end < head.length && isHighSurrogate(head.charCodeAt(end - 1))) end--;
    const piece = head.slice(0, end);
    if (end === head.length) this.#queue.shift();
    else this.#queue[0] = head.slice(end);
    this.#queuedLines -= countLineEnds(piece);
    return piece;
  }

  /** Drops the oldest `lines` waiting lines (up to and including their line ends). */
  #dropOldest(lines: number): void {
    let left = lines;
    while (left > 0 && this.#queue.length > 0) {
      const head = this.#queue[0]!;
      const ends = countLineEnds(head);
      if (ends <= left) {
        this.#queue.shift();
        left -= ends;
        this.#queuedLines -= ends;
        continue;
      }
      let at = -1;
      for (let i = 0; i < left; i++) at = head.indexOf('\n', at + 1);
      this.#queue[0] = head.slice(at + 1);
      this.#queuedLines -= left;
      left = 0;
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

/** Line ends that move down a line ('\n'; a '\r' alone stays on the line). */
function countLineEnds(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const NL = 10;
const CR = 13;
