// The fuzz test's own parts: the same seed gives the same requests, and the judge rejects what is not HTTP.
import { describe, expect, test } from 'vitest';
import { fuzzCase, judge } from './http-fuzz.ts';

const enc = new TextEncoder();
const get = enc.encode('GET / HTTP/1.1\r\n\r\n');

describe('the fuzz cases', () => {
  test('are reproducible from seed and index, and differ between seeds', () => {
    const a = Array.from({ length: 50 }, (_, i) => fuzzCase(7, i).bytes);
    const b = Array.from({ length: 50 }, (_, i) => fuzzCase(7, i).bytes);
    const c = Array.from({ length: 50 }, (_, i) => fuzzCase(8, i).bytes);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  test('mix well-formed, mutated and noise requests', () => {
    const kinds = new Set(Array.from({ length: 200 }, (_, i) => fuzzCase(1, i).kind));
    expect([...kinds].sort()).toEqual(['mutated', 'noise', 'valid']);
  });
});

describe('the judge', () => {
  test('accepts a whole response, a HEAD answer without body, and a clean close', () => {
    expect(judge(enc.encode('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc'), get)).toEqual({ ok: true, outcome: 200 });
    expect(judge(enc.encode('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n'), enc.encode('HEAD / HTTP/1.1\r\n\r\n')).ok).toBe(true);
    expect(judge(new Uint8Array(0), get)).toEqual({ ok: true, outcome: 'closed' });
  });

  test('rejects noise, a head that never ends, a bad status and a body shorter than announced', () => {
    expect(judge(enc.encode('hello'), get).ok).toBe(false);
    expect(judge(enc.encode('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n'), get).ok).toBe(false);
    expect(judge(enc.encode('HTTP/1.1 999 Odd\r\n\r\n'), get).ok).toBe(false);
    expect(judge(enc.encode('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc'), get).ok).toBe(false);
  });
});
