import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { demoScripts, earlyWorkerScript, withDemoPreloads } from '../../../src/build-time/module-preloads.ts';
import { deckMode } from '../../../src/deck/mode.ts';
import { demoServerOptions } from '../../../src/client/early-worker.ts';
import { pageRuntimeMode } from '../../../src/client/runtime-mode.ts';

// A built site in miniature, as the bundler writes it: a widget's entry script, a chunk it imports, the demo's client
// module behind a dynamic import, its runtime chunk and the Worker it starts, and a search chunk loaded on input.
const files: Record<string, string> = {
  '/_astro/Demo.astro_astro_type_script_index_0_lang.A1.js':
    'import{a as e}from"./facts.B2.js";import"./dom.C3.js";e(()=>import(`./word-generator.D4.js`));',
  '/_astro/Search.astro_astro_type_script_index_0_lang.E5.js': 'addEventListener(`focus`,()=>import("./search-index.F6.js"));',
  '/_astro/facts.B2.js': 'export const a=1;',
  '/_astro/dom.C3.js': 'export{};',
  '/_astro/word-generator.D4.js': 'import{b}from"./host.G7.js";export const w=1;',
  '/_astro/host.G7.js': 'function E(){return new Worker(new URL(`/_astro/guest.worker-H8.js`,``+import.meta.url),{type:`module`})}export{E as b};',
  '/_astro/guest.worker-H8.js': 'self.onmessage=()=>{};',
  '/_astro/search-index.F6.js': 'export{};',
};
const read = (address: string) => files[address];
const policy = `<meta http-equiv="content-security-policy" content="script-src 'self'">`;
const page = (body: string) =>
  `<!doctype html><html><head><meta charset="utf-8">${policy}<link rel="stylesheet" href="/_astro/Base.css"></head><body>${body}` +
  `<script type="module" src="/_astro/Search.astro_astro_type_script_index_0_lang.E5.js"></script></body></html>`;
const withDemo = page(
  '<word-generator-demo data-live></word-generator-demo><script type="module" src="/_astro/Demo.astro_astro_type_script_index_0_lang.A1.js"></script>',
);
const wasm = '/wasm/word_generator.wasm?v=0123456789abcdef';

describe('the live demo preloads', () => {
  it("lists the demo's whole graph, its Worker script included, and no script that waits for input", () => {
    const scripts = demoScripts(withDemo, read);
    expect(scripts).toEqual(
      expect.arrayContaining(['/_astro/facts.B2.js', '/_astro/dom.C3.js', '/_astro/word-generator.D4.js', '/_astro/host.G7.js', '/_astro/guest.worker-H8.js']),
    );
    expect(scripts).not.toContain('/_astro/search-index.F6.js');
    // The page's own script tags are already in its HTML.
    expect(scripts).not.toContain('/_astro/Demo.astro_astro_type_script_index_0_lang.A1.js');
  });

  it('writes the scripts right after the policy, before the stylesheets; the early Worker fetches the module, so no preload does', () => {
    const out = withDemoPreloads(withDemo, wasm, read);
    const head = out.slice(0, out.indexOf('</head>'));
    expect(head).not.toContain(`<link rel="preload" as="fetch"`);
    expect(head).toContain(JSON.stringify(wasm));
    expect(head).toContain('<link rel="modulepreload" href="/_astro/guest.worker-H8.js">');
    expect(head.indexOf('modulepreload')).toBeGreaterThan(head.indexOf('content-security-policy'));
    expect(head.indexOf('modulepreload')).toBeLessThan(head.indexOf('stylesheet'));
  });

  it('preloads the module where no early Worker can start (no policy to allow the inline script)', () => {
    const out = withDemoPreloads(withDemo.replace(policy, ''), wasm, read);
    expect(out).toContain(`<link rel="preload" as="fetch" crossorigin="anonymous" fetchpriority="low" href="${wasm}">`);
    expect(withDemoPreloads(out, wasm, read)).toBe(out);
  });

  it('leaves a page without the demo as it is, and does not add the preloads twice', () => {
    const plain = page('<p>no demo here</p>');
    expect(withDemoPreloads(plain, wasm, read)).toBe(plain);
    const once = withDemoPreloads(withDemo, wasm, read);
    expect(withDemoPreloads(once, wasm, read)).toBe(once);
  });

  it('finds the home page one-liner and the deck frame as demos too', () => {
    for (const tag of ['live-word', 'deck-word-demo']) {
      const html = page(`<${tag}></${tag}><script type="module" src="/_astro/Demo.astro_astro_type_script_index_0_lang.A1.js"></script>`);
      expect(demoScripts(html, read)).toContain('/_astro/guest.worker-H8.js');
    }
  });

  it('starts the Worker from the head with an inline script that the page policy allows by its hash', () => {
    const out = withDemoPreloads(withDemo, wasm, read);
    const script = /<script>([^<]*)<\/script>/.exec(out.slice(0, out.indexOf('</head>')));
    expect(script?.[1]).toBe(earlyWorkerScript('/_astro/guest.worker-H8.js', wasm));
    const hash = createHash('sha256').update(script![1]!).digest('base64');
    expect(out).toContain(`script-src 'sha256-${hash}' 'self'`);
    // Before the stylesheets and the page's own scripts, so the Worker loads while they do.
    expect(out.indexOf(script![0])).toBeLessThan(out.indexOf('stylesheet'));
  });

  it('adds no inline script where no policy lists script-src, or no Worker is in the graph', () => {
    const noPolicy = withDemo.replace(policy, '');
    expect(withDemoPreloads(noPolicy, wasm, read)).not.toContain('<script>');
    const noWorker = withDemoPreloads(withDemo, wasm, (a) => (a.includes('guest.worker') ? undefined : read(a)));
    expect(noWorker).not.toContain('<script>');
    expect(noWorker).toContain(policy);
  });

  it('starts a Worker exactly where the deck runs live: not in the speaker view, in print or on the handout', () => {
    const text = earlyWorkerScript('/_astro/guest.worker-H8.js', wasm);
    for (const [search, handout] of [['', false], ['?receiver', false], ['?print-pdf', false], ['?print-pdf&notes', false], ['?x=1', false], ['', true]] as const) {
      const started: string[] = [];
      const scope: Record<string, unknown> = {};
      const document = { documentElement: { classList: { contains: (c: string) => handout && c === 'deck-handout' } } };
      class Worker {
        constructor(url: string) {
          started.push(url);
        }
        postMessage() {}
      }
      const fetch = () => new Promise(() => {});
      new Function('self', 'location', 'document', 'Worker', 'fetch', text)(scope, { search, href: `https://talk.example/talk/x/${search}` }, document, Worker, fetch);
      const live = (handout ? 'print' : deckMode(search)) === 'audience';
      expect({ search, handout, started: started.length }).toEqual({ search, handout, started: live ? 1 : 0 });
      expect('containerlessEarlyWorker' in scope).toBe(live);
    }
  });

  /** Runs the head's script with a stand-in Worker and fetch; what it posted, once the fetch settled. */
  async function runHead(search: string, fetched: () => Promise<unknown>, transferable = true) {
    const text = earlyWorkerScript('/_astro/guest.worker-H8.js', wasm);
    const sent: { message: Record<string, unknown>; transfer: unknown[] }[] = [];
    const asked: { url: string; init: unknown }[] = [];
    class Worker {
      postMessage(message: Record<string, unknown>, transfer: unknown[] = []) {
        if (!transferable && transfer.length > 0) throw new Error('DataCloneError');
        sent.push({ message: structuredClone(message.type === 'fetched' ? { ...message, response: message.response && { ...(message.response as object), body: undefined } } : message), transfer });
      }
    }
    const fetch = (url: string, init: unknown) => (asked.push({ url, init }), fetched());
    const href = `https://talk.example/learn/run-and-curl/${search}`;
    new Function('self', 'location', 'document', 'Worker', 'fetch', text)({}, { search, href }, { documentElement: { classList: { contains: () => false } } }, Worker, fetch);
    await new Promise((resolve) => setTimeout(resolve, 0));
    return { sent, asked };
  }
  const body = { locked: false };
  const response = { status: 200, body, headers: { get: (h: string) => (h === 'content-type' ? 'application/wasm' : null) } };

  it("asks the Worker to start the demo's server with exactly the options the demo starts it with, ?runtime= included, then hands it the module's response", async () => {
    for (const search of ['', '?runtime=per-request', '?runtime=jspi', '?runtime=bogus']) {
      const { sent, asked } = await runHead(search, () => Promise.resolve(response));
      const url = `https://talk.example${wasm}`;
      // The prepare goes first, before any start the page may send; the module is fetched from the head, at low
      // priority, and its body handed to the Worker as it streams in.
      expect(asked).toEqual([{ url, init: { priority: 'low' } }]);
      expect(sent.map((s) => s.message.type)).toEqual(['prepare', 'fetched']);
      expect(sent[0]!.message).toEqual({ type: 'prepare', source: { url, name: 'word_generator.wasm', fetchedByPage: true }, options: demoServerOptions(pageRuntimeMode(search)) });
      expect(sent[1]!.message).toMatchObject({ type: 'fetched', url, response: { status: 200, contentType: 'application/wasm' } });
      expect(sent[1]!.transfer).toEqual([body]);
    }
  });

  it('says so when the fetch fails or the body cannot be handed over: the Worker then fetches the module itself', async () => {
    for (const [fetched, transferable] of [[() => Promise.reject(new TypeError('offline')), true], [() => Promise.resolve(response), false]] as const) {
      const { sent } = await runHead('', fetched, transferable);
      expect(sent.map((s) => s.message.type)).toEqual(['prepare', 'fetched']);
      expect(sent[1]!.transfer).toEqual([]);
      expect(sent[1]!.message.response).toBeUndefined();
    }
  });
});
