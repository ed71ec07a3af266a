// A server's log lines crossing to the page: at most the rate each second, the rest counted and dropped, and the
// next second opens with one line that says how many. The clock is a test clock, so nothing here waits.
import { describe, expect, test } from 'vitest';
import { droppedLogNote, LogBound } from '../../../src/runtime/host/output-bound.ts';
import type { LogLine } from '../../../src/runtime/guest/server-types.ts';

const line = (text: string, time = 0): LogLine => ({ stream: 'stdout', text, time });

describe('server log lines on their way to the page', () => {
  test('lines past the rate are dropped and counted, and the next second says how many', () => {
    let now = 0;
    const sent: LogLine[] = [];
    const bound = new LogBound((l) => sent.push(l), { lines: 3, chars: 1000 }, () => now);
    for (let i = 0; i < 10; i++) bound.take(line(`y${i}`));
    expect(sent.map((l) => l.text)).toEqual(['y0', 'y1', 'y2']);
    now = 1000;
    bound.take(line('after'));
    expect(sent.slice(3).map((l) => l.text)).toEqual([droppedLogNote(7), 'after']);
    expect(sent[3]!.stream).toBe('stderr');
    bound.flush();
  });

  test('characters are bounded too, and a last count is reported when the thread ends', () => {
    const now = 0;
    const sent: LogLine[] = [];
    const bound = new LogBound((l) => sent.push(l), { lines: 1000, chars: 10 }, () => now);
    bound.take(line('12345'));
    bound.take(line('12345'));
    bound.take(line('1'));
    bound.flush();
    expect(sent.map((l) => l.text)).toEqual(['12345', '12345', droppedLogNote(1)]);
  });

  test('an ordinary server logs every line', () => {
    let now = 0;
    const sent: LogLine[] = [];
    const bound = new LogBound((l) => sent.push(l), {}, () => now);
    for (let i = 0; i < 2000; i++) {
      now += 10;
      bound.take(line(`GET /?starts_with=d 200 ${i}`));
    }
    bound.flush();
    expect(sent).toHaveLength(2000);
  });
});
