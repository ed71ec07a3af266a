import { describe, expect, test } from 'vitest';
import { initialView, isDemoView, withExchange, withState, type DemoView } from '../../../src/widgets/word-demo-state.ts';
import type { ColdStart, Exchange } from '../../../src/client/word-generator.ts';
import { GUEST_PORT } from '../../../src/course/facts.ts';

const cold: ColdStart = { fetchMs: 40, compileMs: 60, waitMs: 100.04, startMs: 33, totalMs: 133.04, bytes: 205_669, ahead: false };

function exchange(status: number, statusText: string, body: string): Exchange {
  const rawRequest = 'GET /?starts_with=d HTTP/1.1\r\nHost: localhost\r\n\r\n';
  const rawResponse = `HTTP/1.1 ${status} ${statusText}\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
  return {
    elapsedMs: 4.5,
    trace: [],
    response: {
      status, statusText, httpVersion: 'HTTP/1.1', headers: {}, headerList: [], body, bodyBytes: new TextEncoder().encode(body),
      rawRequest, rawResponse, timings: { connectMs: 0.1, firstByteMs: 1, totalMs: 1.25 },
    },
  };
}

describe("the word demo's view: what the widget and the speaker view draw", () => {
  test('a server that starts: starting, then listening with its cold start broken down into parts that add up', () => {
    const starting = withState(initialView('d'), { kind: 'starting' });
    expect(starting).toMatchObject({ phase: 'starting', badge: 'starting', canStop: false, recover: false });
    expect(starting.status.text).toMatch(/^Downloading and compiling/);
    const ready = withState(starting, { kind: 'ready', coldStart: cold, mode: 'jspi', host: 'worker' });
    expect(ready).toMatchObject({ phase: 'ready', badge: `listening on :${GUEST_PORT}`, canStop: true, host: 'worker', mode: 'jspi', coldStartMs: 133.04 });
    expect(ready.coldStart).toBe('133.0 ms = download and compile 100.0 ms (download 40.0 ms, then compile 60.0 ms) + start 33.0 ms');
    expect(ready.size).toBe('201 KiB · one long-lived instance, in a Worker');
    expect(ready.letter).toBe('d');
  });

  test("a server the head's Worker started as the page loaded: the demo's wait, the Worker's parts, and its start as the big figure", () => {
    const early: ColdStart = { fetchMs: 60.3, compileMs: 3.17, startMs: 10.9, waitMs: 2.5, totalMs: 2.5, bytes: 205_669, ahead: true, startedEarly: true };
    const ready = withState(initialView('d'), { kind: 'ready', coldStart: early, mode: 'jspi', host: 'worker' });
    expect(ready.coldStart).toBe('2.50 ms = the wait for its Worker, which started it as the page loaded (download 60.3 ms, compile 3.17 ms, start 10.9 ms).');
    expect(ready.coldStartMs).toBe(10.9);
  });

  test('a server another tool started has no cold start of its own to show big', () => {
    const adopted = withState(initialView(''), { kind: 'ready', coldStart: { ...cold, adopted: 'the terminal; pid 2' }, mode: 'per-request', host: 'worker' });
    expect(adopted.coldStartMs).toBeNull();
    expect(adopted.coldStart).toMatch(/^already running: started by the terminal\./);
  });

  test('a word, then a refusal: the word line, the wire text with plain newlines, and whether it was a word', () => {
    const word = withExchange(initialView('d'), exchange(200, 'OK', 'dolphin\n'));
    expect(word).toMatchObject({ word: 'dolphin', answered: true, latency: '4.50 ms round trip (server answered in 1.25 ms)' });
    expect(word.rawResponse).toBe('HTTP/1.1 200 OK\ncontent-length: 8\n\ndolphin\n');
    const refused = withExchange(word, exchange(400, 'Bad Request', 'starts_with must be one letter'));
    expect(refused).toMatchObject({ word: '400 Bad Request: starts_with must be one letter', answered: false });
  });

  test('a stopped or runaway server says so in the error tone and offers the restart', () => {
    const ready = withState(initialView(''), { kind: 'ready', coldStart: cold, mode: 'jspi', host: 'worker' });
    const stopped = withState(ready, { kind: 'stopped', reason: 'You stopped the server.' });
    expect(stopped).toMatchObject({ phase: 'stopped', recover: true, canStop: false, status: { tone: 'error' } });
    expect(stopped.status.text).toContain('connection refused');
    const runaway = withState(ready, { kind: 'runaway', message: 'no answer within 5 s' });
    expect(runaway.status.text).toMatch(/^No answer within 5 s: its Worker was ended/);
  });

  test('a view crosses a BroadcastChannel as it is (structured clone) and is recognised on the other side', () => {
    const view: DemoView = withExchange(withState(initialView('w'), { kind: 'ready', coldStart: cold, mode: 'jspi', host: 'worker' }), exchange(200, 'OK', 'wasm'));
    const received: unknown = structuredClone(view);
    expect(isDemoView(received)).toBe(true);
    expect(received).toEqual(view);
    expect(isDemoView({ texts: { '.word': 'wasm' } })).toBe(false);
    expect(isDemoView(null)).toBe(false);
  });
});
