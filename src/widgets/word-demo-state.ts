// The word-generator demo's state as data: what the widget shows, built from the runtime's state and each exchange.
// DOM-free and plain JSON, so the deck can send it to the speaker view (src/deck/mirror.ts) as it is.
import { GUEST_PORT, SERVER_MODULE } from '../course/facts.ts';
import type { DemoState, Exchange } from '../client/word-generator.ts';
import type { Tone } from './widget.ts';

export interface DemoView {
  /** the runtime's state kind: idle, starting, ready, stopped, runaway, error */
  phase: DemoState['kind'];
  badge: string;
  status: { text: string; tone: Tone };
  /** the letter chosen ('' = any) */
  letter: string;
  /** the last answer: the word, or the status and body of a refusal */
  word: string;
  /** whether `word` is a word (a 200 answer) */
  answered: boolean;
  coldStart: string;
  /** the cold start's total in ms, when this demo started the server (the deck shows it big) */
  coldStartMs: number | null;
  latency: string;
  size: string;
  rawRequest: string;
  rawResponse: string;
  /** the restart control is offered */
  recover: boolean;
  /** the stop control works */
  canStop: boolean;
  /** where and how the guest runs, once it runs */
  host?: string;
  mode?: string;
}

/** `1.23 ms` under 10 ms, `133.0 ms` above. */
export const formatMs = (n: number): string => (n < 10 ? n.toFixed(2) : n.toFixed(1)) + ' ms';
// Sizes in binary units, as everywhere on the site: 205,669 bytes is 201 KiB.
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const DASH = '—';

export function initialView(letter: string): DemoView {
  return {
    phase: 'idle', badge: 'not started', letter, word: DASH, answered: false,
    status: { text: 'The server starts when this demo comes into view, or when you press “Get a word”.', tone: 'info' },
    coldStart: DASH, coldStartMs: null, latency: DASH, size: DASH, rawRequest: DASH, rawResponse: DASH, recover: false, canStop: false,
  };
}

/** The view after the runtime's state changed. */
export function withState(view: DemoView, state: DemoState): DemoView {
  const next: DemoView = {
    ...view,
    phase: state.kind,
    recover: state.kind === 'stopped' || state.kind === 'error' || state.kind === 'runaway',
    canStop: state.kind === 'ready',
  };
  const error = (text: string) => ({ text, tone: 'error' as const });
  switch (state.kind) {
    case 'idle':
      return { ...next, badge: 'not started' };
    case 'starting':
      return { ...next, badge: 'starting', status: { text: `Downloading and compiling ${SERVER_MODULE}, then starting it…`, tone: 'info' } };
    case 'ready': {
      const c = state.coldStart;
      // The parts shown always add up to the total: what was done earlier is said apart, not summed in.
      const earlier = `downloaded (${formatMs(c.fetchMs)}) and compiled (${formatMs(c.compileMs)}) earlier, while the page loaded`;
      const coldStart = c.adopted
        ? `already running: started by ${c.adopted.split(';')[0]}. The module was ${earlier}.`
        : c.startedEarly
          ? `${formatMs(c.totalMs)} = the wait for its Worker, which started it as the page loaded (download ${formatMs(c.fetchMs)}, compile ${formatMs(c.compileMs)}, start ${formatMs(c.startMs)}).`
          : c.ahead
          ? `${formatMs(c.totalMs)} = start ${formatMs(c.startMs)} + ${formatMs(c.waitMs)} other. The module was ${earlier}.`
          : c.fetchMs + c.compileMs > c.waitMs + 0.05
            ? `${formatMs(c.totalMs)} = waiting for the module ${formatMs(c.waitMs)} + start ${formatMs(c.startMs)}. Its download (${formatMs(c.fetchMs)}) and compile (${formatMs(c.compileMs)}) began while the page loaded.`
            : `${formatMs(c.totalMs)} = download and compile ${formatMs(c.waitMs)} (download ${formatMs(c.fetchMs)}, then compile ${formatMs(c.compileMs)}) + start ${formatMs(c.startMs)}`;
      return {
        ...next,
        badge: `listening on :${GUEST_PORT}`,
        host: state.host,
        mode: state.mode,
        coldStart,
        // The big figure on a slide: the module's own start (instantiate to listening) when that happened ahead.
        coldStartMs: c.adopted ? null : c.startedEarly ? c.startMs : c.totalMs,
        size: `${kb(c.bytes)} · ${state.mode === 'jspi' ? 'one long-lived instance' : 'a fresh instance per request'}, in a Worker`,
        status: { text: `The server is listening on port ${GUEST_PORT} of this page’s virtual network.`, tone: 'info' },
      };
    }
    case 'stopped':
      return { ...next, badge: 'stopped', status: error(`${state.reason} Requests now get “connection refused”. Restart it to carry on.`) };
    case 'runaway':
      return { ...next, badge: 'runaway', status: error(`${state.message.charAt(0).toUpperCase()}${state.message.slice(1)}: its Worker was ended and the page kept working. Restart it to carry on.`) };
    case 'error':
      return { ...next, badge: 'error', status: error(`The server could not start: ${state.message}`) };
  }
}

/** The view after an answer came back. */
export function withExchange(view: DemoView, { response, elapsedMs }: Exchange): DemoView {
  const answered = response.status === 200;
  return {
    ...view,
    answered,
    word: answered ? response.body.trim() : `${response.status} ${response.statusText}: ${response.body.trim()}`,
    latency: `${formatMs(elapsedMs)} round trip (server answered in ${formatMs(response.timings.totalMs)})`,
    rawRequest: response.rawRequest.replace(/\r\n/g, '\n'),
    rawResponse: response.rawResponse.replace(/\r\n/g, '\n'),
  };
}

/** A plain object shaped like a view (what a receiver accepts from the channel). */
export function isDemoView(value: unknown): value is DemoView {
  const v = value as Partial<DemoView> | null;
  return typeof v === 'object' && v !== null && typeof v.phase === 'string' && typeof v.word === 'string'
    && typeof v.status === 'object' && v.status !== null && typeof v.letter === 'string';
}
