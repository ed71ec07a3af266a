// What a page with the live demo fetches before its first word, written into the page's head once the site is built
// (src/integrations/demo-preloads.ts): the server module and every script file the demo runs, down to the Worker's
// own script. Without them the browser learns of each file only after the one before it ran (page script -> dynamic
// import -> its imports -> the Worker), so the word waited for several round trips after the page itself was ready.
// Only the built output knows the bundled file names, hence after the build, from the built HTML and JS.
import { createHash } from 'node:crypto';
import { demoServerOptions, EARLY_WORKER_GLOBAL } from '../client/early-worker.ts';
import { FORCED_MODES } from '../client/runtime-mode.ts';
import { SERVER_MODULE } from '../course/facts.ts';

/** The live demo's elements in built HTML: the lesson widget, the home page's one-liner, the deck's slide frame. */
const demoElement = /<(?:word-generator-demo|live-word|deck-word-demo)\b/;

/** The demo's client module, as the bundler names its file (src/client/word-generator.ts -> word-generator.<hash>.js). */
const demoChunk = /^word-generator\.[\w-]+\.js$/;

export const hasDemo = (html: string): boolean => demoElement.test(html);

/** Static imports (`import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`) of a built module. */
const staticImport = /\b(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["'`]([^"'`]+\.js)["'`]/g;
/** Dynamic imports and Worker scripts (`import("./x.js")`, `new URL("/_astro/guest.worker-x.js", import.meta.url)`). */
const laterLoad = /\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)|\bnew URL\(\s*["'`]([^"'`]+\.js)["'`]/g;

/** A built file's address (`/_astro/x.js`), from a reference in the file at `from` (also an address). */
function resolveRef(ref: string, from: string): string {
  if (ref.startsWith('/')) return ref;
  return new URL(ref, `http://site${from}`).pathname;
}

/**
 * The script files to preload on a page with the demo, in the order the page needs them: the static imports of the
 * page's own module scripts, then the demo's client module with everything it imports, and the Worker script it
 * starts. `read` gives a built file's text by its address (undefined for none). Empty when the page has no demo.
 */
export function demoScripts(html: string, read: (address: string) => string | undefined): string[] {
  if (!hasDemo(html)) return [];
  const found = new Set<string>();
  const dynamic = new Set<string>();
  const visit = (address: string, all: boolean) => {
    if (found.has(address)) return;
    const code = read(address);
    if (code === undefined) return;
    found.add(address);
    for (const m of code.matchAll(staticImport)) visit(resolveRef(m[1]!, address), all);
    for (const m of code.matchAll(laterLoad)) {
      const target = resolveRef((m[1] ?? m[2])!, address);
      // The demo's own graph loads without any input (it starts when it comes into view or its slide shows), so all
      // of it is preloaded; another dynamic import (search, the terminal) waits for the reader and is left alone.
      if (all || demoChunk.test(target.split('/').pop() ?? '')) dynamic.add(target);
    }
  };
  const pageScripts = [...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!.split('?')[0]!);
  for (const src of pageScripts) visit(src, false);
  for (const target of [...dynamic]) visit(target, true);
  // Visiting the demo's graph may reach further dynamic targets (its Worker); those are part of it too.
  for (const target of dynamic) visit(target, true);
  // The page's own script tags are found by the browser as it parses; the rest is what it could not see.
  return [...found].filter((address) => !pageScripts.includes(address));
}

/** The `<link>`s for a page: the module first (the largest download; none when the early Worker fetches it), then the scripts. */
export function demoPreloadTags(moduleUrl: string | undefined, scripts: readonly string[]): string {
  // The same mode and credentials as the page's fetch() (src/client/modules.ts), so that fetch gets this response;
  // low priority, so it never delays the page's own styles and scripts.
  const wasm = moduleUrl === undefined ? '' : `<link rel="preload" as="fetch" crossorigin="anonymous" fetchpriority="low" href="${moduleUrl}">`;
  return wasm + scripts.map((s) => `<link rel="modulepreload" href="${s}">`).join('');
}

/** The guest Worker's script among the preloads (`/_astro/guest.worker-<hash>.js`). */
const workerScript = /\/guest\.worker-[\w-]+\.js$/;


/**
 * A classic inline script that starts the guest Worker as soon as the parser reaches the head, asks it at once to
 * start the demo's server ('prepare', src/runtime/host/worker-entry.ts), then fetches the module at low priority (so
 * it never delays the page's styles and scripts) and hands the Worker the response ('fetched'), its body as it streams
 * in. The download starts from the page's first bytes, not when the Worker's thread first runs (which may be only
 * after the page's first long tasks); the Worker compiles the bytes as they arrive and starts the module on its own
 * thread while the page is still parsing and running its own scripts. The prepare is the Worker's first message, so
 * it always comes before the demo's start, which, with the same address and options (`?runtime=` included), gets that
 * server as it is. Where the body cannot be handed over (a failed fetch, a browser that cannot transfer streams) the
 * Worker fetches the module itself. Copies of a deck that run nothing live (the speaker view's previews, print, the
 * handout: src/deck/mode.ts) start none. A browser without module Workers gets nothing here: the page starts one later
 * itself, and says so if it cannot.
 */
export function earlyWorkerScript(workerUrl: string, moduleUrl: string): string {
  const runsNothingLive = 'p.has("print-pdf")||p.has("receiver")||document.documentElement.classList.contains("deck-handout")';
  const options = JSON.stringify(demoServerOptions('auto'));
  return (
    `try{var p=new URLSearchParams(location.search);if(!(${runsNothingLive})){` +
    `var w=new Worker(${JSON.stringify(workerUrl)},{type:"module"}),o=${options},m=p.get("runtime");` +
    `if(${JSON.stringify(FORCED_MODES)}.indexOf(m)>=0)o.mode=m;` +
    `var s={url:new URL(${JSON.stringify(moduleUrl)},location.href).href,name:${JSON.stringify(SERVER_MODULE)},fetchedByPage:true},t=performance.timeOrigin+performance.now(),` +
    `g=function(r,b){w.postMessage({type:"fetched",url:s.url,response:r},b?[b]:[])};` +
    `w.postMessage({type:"prepare",source:s,options:o});` +
    `fetch(s.url,{priority:"low"}).then(function(r){if(!r.body)return g();` +
    `try{g({status:r.status,contentType:r.headers.get("content-type"),body:r.body,startedAt:t},r.body)}catch(e){g()}},function(){g()});` +
    `self.${EARLY_WORKER_GLOBAL}=w}}catch(e){}`
  );
}

/** The policy's hash source for an inline script's text, as `script-src` lists it. */
export function scriptHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The page with its preloads, placed just after the policy's meta tag (the policy covers them, and they come before
 * any stylesheet or script the page lists), and the script that starts the Worker early, whose hash is added to the
 * policy's `script-src` (a page without a policy in a meta tag gets no inline script). Unchanged when the page has no
 * demo or already has them.
 */
export function withDemoPreloads(html: string, moduleUrl: string, read: (address: string) => string | undefined): string {
  if (!hasDemo(html) || html.includes(JSON.stringify(moduleUrl)) || html.includes(`href="${moduleUrl}"`)) return html;
  const scripts = demoScripts(html, read);
  const policy = /<meta http-equiv="content-security-policy"[^>]*>/i.exec(html);
  if (!policy) return html.replace('</head>', `${demoPreloadTags(moduleUrl, scripts)}</head>`);
  let meta = policy[0];
  let tags: string;
  const worker = scripts.find((s) => workerScript.test(s));
  if (worker && /script-src /.test(meta)) {
    // The head's script fetches the module for the Worker: a preload of it too would download it twice.
    const early = earlyWorkerScript(worker, moduleUrl);
    meta = meta.replace(/script-src /, `script-src ${scriptHash(early)} `);
    tags = `<script>${early}</script>` + demoPreloadTags(undefined, scripts);
  } else tags = demoPreloadTags(moduleUrl, scripts);
  return html.slice(0, policy.index) + meta + tags + html.slice(policy.index + policy[0].length);
}
