// What the page's terminal screen is handed: every character of ordinary output, in small pieces; a line past the
// cap cut with the same mark server logs use, the rest of that line dropped, the next line whole again.
import { describe, expect, test } from 'vitest';
import { ScreenFeed, SCREEN_PIECE_CHARS } from '../../../src/terminal/screen-feed.ts';
import { lineCutMark } from '../../../src/runtime/guest/output.ts';

function feed(maxLineChars?: number) {
  const pieces: string[] = [];
  const screen = new ScreenFeed((p) => pieces.push(p), maxLineChars);
  return { screen, pieces, text: () => pieces.join('') };
}

describe('the terminal screen feed', () => {
  test('ordinary output arrives whole, in pieces no larger than the piece size', () => {
    const f = feed();
    const yes = 'y\n'.repeat(64 * 1024);
    f.screen.write(yes);
    f.screen.write('\x1b[31mred\x1b[0m\r\n$ ');
    expect(f.text()).toBe(yes + '\x1b[31mred\x1b[0m\r\n$ ');
    expect(Math.max(...f.pieces.map((p) => p.length))).toBeLessThanOrEqual(SCREEN_PIECE_CHARS);
  });

  test('a line longer than the cap is cut with a mark, across writes, and the next line is whole', () => {
    const f = feed(100);
    f.screen.write('x'.repeat(60));
    f.screen.write('x'.repeat(60) + 'still the same line');
    f.screen.write('y'.repeat(1000));
    f.screen.write('\nnext line\n');
    expect(f.text()).toBe('x'.repeat(100) + lineCutMark(100) + '\nnext line\n');
  });

  test('a piece never ends between the halves of one character', () => {
    const f = feed();
    const text = 'a' + '😀'.repeat(SCREEN_PIECE_CHARS);
    f.screen.write(text);
    expect(f.text()).toBe(text);
    for (const p of f.pieces) expect(p.isWellFormed()).toBe(true);
  });

  test('a carriage return starts the line over (a progress bar is never cut)', () => {
    const f = feed(10);
    const bar = Array.from({ length: 50 }, (_, i) => `\r${String(i).padStart(3)}%`).join('');
    f.screen.write(bar);
    expect(f.text()).toBe(bar);
  });

  test('a megabyte on one line reaches the screen as the cap and the mark', () => {
    const f = feed();
    f.screen.write('y'.repeat(1024 * 1024));
    expect(f.text()).toBe('y'.repeat(16 * 1024) + lineCutMark(16 * 1024));
  });
});
