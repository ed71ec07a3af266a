// A server's log lines and a traced guest's calls crossing to the page: at most the rate each second, the rest
// counted and dropped, and the next second opens with one line that says how many; calls travel in batches.
// The clock is a test clock, so nothing here waits.
import { describe, expect, test } from 'vitest';
import { droppedLogNote, droppedTraceNote, LogBound, TraceBound } from '../../../src/runtime/host/output-bound.ts';
import { formatTrace } from '../../../src/runtime/host/format.ts';
import type { LogLine } from '../../../src/runtime/guest/server-types.ts';
import type { TraceEvent } from '../../../src/runtime/calls/trace.ts';

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

const call = (seq: number): TraceEvent => ({ seq, call: 'fd_write', args: { fd: 1 }, result: 0, errno: 'SUCCESS', time: seq, durationMs: 0 });

describe('traced calls on their way to the page', () => {
  test('calls past the rate are dropped and counted; the next second opens with a note that formats as a line saying how many', () => {
    let now = 0;
    const sent: TraceEvent[][] = [];
    const bound = new TraceBound((events) => sent.push(events), 3, () => now);
    for (let seq = 1; seq <= 10; seq++) bound.take(call(seq));
    bound.flush();
    expect(sent.map((b) => b.map((e) => e.seq))).toEqual([[1, 2, 3]]);
    now = 1000;
    bound.take(call(11));
    bound.end();
    expect(sent).toHaveLength(2);
    const [note, after] = sent[1]!;
    expect(note).toMatchObject({ dropped: 7, seq: 10 });
    expect(formatTrace(note!)).toBe(droppedTraceNote(7));
    expect(droppedTraceNote(7)).toBe('[7 trace lines dropped: the module made calls faster than the page can show]');
    expect(after!.seq).toBe(11);
  });

  test('they travel in batches, in order, and a last count is reported when the thread ends', () => {
    let now = 0;
    const sent: TraceEvent[][] = [];
    const bound = new TraceBound((events) => sent.push(events), 200, () => now);
    for (let seq = 1; seq <= 250; seq++) {
      now += 1;
      bound.take(call(seq));
    }
    bound.end();
    expect(sent.map((b) => b.length)).toEqual([64, 64, 64, 9]);
    expect(sent.flat().slice(0, 200).map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(sent.flat()[200]).toMatchObject({ dropped: 50, seq: 250 });
  });
});
