// The page's side of /vnet/<port>/...: the service worker (src/offline/sw.js) hands this page a request for a port
// of its virtual network; the page sends it to the guest listening there (starting the course's server first when
// it can), and hands back the answer. That is how a new tab or an <iframe> reaches a module running in a page.
import { pageNetwork } from './page-network.ts';

interface VnetAsk {
  type: 'vnet-request';
  port: number;
  path: string;
  method: string;
  body?: string;
}

/** Ways this page can start a server on a port when asked for one that is not running yet. */
const starters = new Map<number, () => Promise<unknown>>();
let listening = false;

/** Lets requests through /vnet/<port>/ start a server here (the demo's word generator on 8090). */
export function offerServer(port: number, start: () => Promise<unknown>): void {
  starters.set(port, start);
  answerVirtualNetwork();
}

/** Starts answering the service worker's /vnet/ requests for this page (once). */
export function answerVirtualNetwork(): void {
  if (listening || !('serviceWorker' in navigator)) return;
  listening = true;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    const ask = event.data as VnetAsk | undefined;
    const reply = event.ports[0];
    if (ask?.type !== 'vnet-request' || !reply) return;
    void answer(ask).then((message) => reply.postMessage(message));
  });
  navigator.serviceWorker.startMessages();
}

async function answer(ask: VnetAsk): Promise<unknown> {
  const net = pageNetwork();
  try {
    if (!net.isListening(ask.port)) await starters.get(ask.port)?.();
    if (!net.isListening(ask.port)) return { type: 'vnet-none' };
    const res = await net.request(`http://localhost:${ask.port}${ask.path.startsWith('/') ? ask.path : `/${ask.path}`}`, {
      method: ask.method,
      ...(ask.body !== undefined ? { body: ask.body } : {}),
    });
    // Only what a browser may be handed back: framing headers belong to the virtual connection, not this one.
    const headers = Object.fromEntries(Object.entries(res.headers).filter(([name]) => !['connection', 'content-length', 'transfer-encoding'].includes(name)));
    return { type: 'vnet-response', status: res.status, statusText: res.statusText, headers, body: res.body };
  } catch (error) {
    return { type: 'vnet-response', status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `The module on port ${ask.port} gave no answer: ${(error as Error).message}\n` };
  }
}
