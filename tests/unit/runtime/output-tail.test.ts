// A streamed guest's output keeps no copy, only its last 4 KiB (for the report when it traps): right across many
// small writes, one large one, and a character cut at the start of the window.
import { describe, expect, test } from 'vitest';
import { OutputCollector } from '../../../src/runtime/guest/output.ts';

const enc = new TextEncoder();

describe('the tail of streamed output', () => {
  test('after many small writes it is the last 4 KiB, whole characters only', () => {
    const out = new OutputCollector(undefined, () => undefined, false);
    let all = '';
    for (let i = 0; i < 3000; i++) {
      const line = `line ${i} é\n`;
      all += line;
      out.sink(enc.encode(line));
    }
    const tail = out.text();
    expect(all.endsWith(tail)).toBe(true);
    expect(enc.encode(tail).length).toBeGreaterThan(4090);
    expect(enc.encode(tail).length).toBeLessThanOrEqual(4096);
  });

  test('one write larger than the window, then a short one', () => {
    const out = new OutputCollector(undefined, () => undefined, false);
    out.sink(new Uint8Array(10_000).fill(65));
    out.sink(enc.encode('END'));
    expect(out.text()).toBe('A'.repeat(4093) + 'END');
  });

  test('less than the window is all of it', () => {
    const out = new OutputCollector(undefined, () => undefined, false);
    out.sink(enc.encode('short'));
    expect(out.text()).toBe('short');
  });
});
