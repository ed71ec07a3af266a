// What the page's terminal screen is handed: ordinary output whole and in order, in small pieces, the next one only
// once the screen has taken the last; never more waiting lines than the screen keeps (the oldest go, so the screen
// ends as it would have); a line past the cap cut with the same mark server logs use.
import { describe, expect, test } from 'vitest';
import { ScreenFeed, SCREEN_PIECE_CHARS, SCREEN_PIECE_LINES, type Screen } from '../../../src/terminal/screen-feed.ts';
import { lineCutMark } from '../../../src/runtime/guest/output.ts';

/** A screen that takes a piece in when told to (`take`), as xterm does between its time slices. */
function slowScreen() {
  const pieces: string[] = [];
  const waiting: (() => void)[] = [];
  const screen: Screen = {
    write(piece, parsed) {
      pieces.push(piece);
      waiting.push(parsed);
    },
  };
  const takeAll = () => {
    while (waiting.length > 0) waiting.shift()!();
  };
  return { screen, pieces, takeAll, text: () => pieces.join('') };
}

/** The last `rows` lines of what a screen shows after `text`. */
const lastLines = (text: string, rows: number) => text.split('\n').slice(-rows).join('\n');

describe('the terminal screen feed', () => {
  test('ordinary output arrives whole and in order, one piece at a time, none larger than the piece size in characters or in lines', () => {
    const s = slowScreen();
    const feed = new ScreenFeed(s.screen, { keepLines: 100_000 });
    const yes = 'y\n'.repeat(16 * 1024);
    feed.write(yes);
    feed.write('\x1b[31mred\x1b[0m\r\n$ ');
    expect(s.pieces).toHaveLength(1); // the next waits until the screen took this one
    s.takeAll();
    expect(s.text()).toBe(yes + '\x1b[31mred\x1b[0m\r\n$ ');
    expect(Math.max(...s.pieces.map((p) => p.length))).toBeLessThanOrEqual(SCREEN_PIECE_CHARS);
    const lineEnds = (p: string) => p.split('\n').length - 1;
    expect(Math.max(...s.pieces.map(lineEnds))).toBe(SCREEN_PIECE_LINES);
    // A piece cut for its lines ends just after a line end, so no line is split between writes.
    expect(s.pieces.slice(0, -2).every((p) => p.endsWith('\n'))).toBe(true);
  });

  test('long lines fill a piece up to its characters; short ones up to its lines', () => {
    const s = slowScreen();
    const feed = new ScreenFeed(s.screen, { keepLines: 100_000 });
    const wide = `${'w'.repeat(SCREEN_PIECE_CHARS / 4 - 1)}\n`.repeat(4);
    const narrow = 'n\n'.repeat(SCREEN_PIECE_LINES + 1);
    feed.write(wide + narrow);
    s.takeAll();
    expect(s.pieces).toEqual([wide, 'n\n'.repeat(SCREEN_PIECE_LINES), 'n\n']);
    expect(s.text()).toBe(wide + narrow);
  });

  test('when more lines wait than the screen keeps, the oldest are never drawn and the screen ends the same', async () => {
    const s = slowScreen();
    const feed = new ScreenFeed(s.screen, { keepLines: 50 });
    const all: string[] = [];
    for (let i = 0; i < 200; i++) {
      const text = `line ${i}\n`.repeat(100);
      all.push(text);
      feed.write(text);
    }
    feed.write('[output truncated after 1 MiB]\n$ ');
    all.push('[output truncated after 1 MiB]\n$ ');
    const drawn = feed.whenDrawn();
    s.takeAll();
    await drawn;
    expect(s.text().split('\n').length).toBeLessThan(50 + SCREEN_PIECE_CHARS);
    expect(lastLines(s.text(), 50)).toBe(lastLines(all.join(''), 50));
  });

  test('a megabyte on one line reaches the screen as the cap and the mark, and the next line is whole', () => {
    const s = slowScreen();
    const feed = new ScreenFeed(s.screen, { keepLines: 1000 });
    feed.write('y'.repeat(600 * 1024));
    feed.write('y'.repeat(600 * 1024) + 'still the same line');
    feed.write('\nnext line\n');
    s.takeAll();
    expect(s.text()).toBe('y'.repeat(16 * 1024) + lineCutMark(16 * 1024) + '\nnext line\n');
  });

  test('a carriage return starts the line over (a progress bar is never cut)', () => {
    const s = slowScreen();
    const feed = new ScreenFeed(s.screen, { keepLines: 1000, maxLineChars: 10 });
    const bar = Array.from({ length: 50 }, (_, i) => `\r${String(i).padStart(3)}%`).join('');
    feed.write(bar);
    s.takeAll();
    expect(s.text()).toBe(bar);
  });

  test('a piece never ends between the halves of one character', () => {
    const s = slowScreen();
    const feed = new ScreenFeed(s.screen, { keepLines: 1000, maxLineChars: 100_000 });
    const text = 'a' + '😀'.repeat(SCREEN_PIECE_CHARS);
    feed.write(text);
    s.takeAll();
    expect(s.text()).toBe(text);
    for (const p of s.pieces) expect(p.isWellFormed()).toBe(true);
  });

  test('discard forgets what waits (clear)', () => {
    const s = slowScreen();
    const feed = new ScreenFeed(s.screen, { keepLines: 1000 });
    feed.write('a'.repeat(SCREEN_PIECE_CHARS) + 'waiting');
    feed.discard();
    feed.write('$ ');
    s.takeAll();
    expect(s.text()).toBe('a'.repeat(SCREEN_PIECE_CHARS) + '$ ');
  });
});
