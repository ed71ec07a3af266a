#!/usr/bin/env node
// Site budgets: every figure beside its target and a baseline measured in the same run. Prints, never asserts.
//   first word    navigation to the first word in a live demo (headless Chromium, localhost, cold cache)
//   initial JS    gzip size of the scripts each page type loads before any interaction (from the built pages)
//   modules       the WebAssembly modules, raw and gzip
//   Lighthouse    performance, accessibility, best practices for the home page, a lesson and the deck
// Needs a built site (`npm run build`). LIGHTHOUSE=0 skips Lighthouse; RUNS=n sets the first-word repetitions.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { preview } from 'astro';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist');
const RUNS = Number(process.env.RUNS ?? 5);
const chromePath = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromeFlags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const TARGETS = {
  firstWordMs: 150,
  initialJsKb: { lesson: 120, deck: 200 },
  lighthouse: { performance: 98, accessibility: 100, 'best-practices': null },
};

if (!existsSync(join(dist, 'index.html'))) {
  console.error('site.bench: the site is not built; run `npm run build` first.');
  process.exit(1);
}

const kb = (bytes) => (bytes / 1024).toFixed(1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mark = (ok) => (ok === null ? '' : ok ? 'ok' : 'OVER');
const row = (cells, widths) => cells.map((c, i) => String(c).padEnd(widths[i] ?? 10)).join(' ');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
const pages = walk(dist).filter((f) => f.endsWith('.html')).map((f) => '/' + relative(dist, f).split(sep).join('/').replace(/index\.html$/, ''));
const pageType = (p) =>
  p === '/' ? 'home' : /^\/learn\/[^/]+\/$/.test(p) ? 'lesson' : /^\/talk\/[^/]+\/$/.test(p) ? 'deck' : p === '/workshop/' ? 'workshop' : 'other';
const lessons = pages.filter((p) => pageType(p) === 'lesson').sort();
const decks = pages.filter((p) => pageType(p) === 'deck').sort();

// ---- initial JS: the page's module scripts, inline scripts, and everything they import statically ----
const staticImport = /(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["'](\.{1,2}\/[^"']+|\/[^"']+)["']/g;
function jsClosure(file, seen) {
  if (seen.has(file) || !existsSync(file)) return;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(staticImport)) {
    const target = m[1].startsWith('/') ? join(dist, m[1]) : join(file, '..', m[1]);
    jsClosure(target, seen);
  }
}
function initialJs(pagePath) {
  const file = join(dist, pagePath.endsWith('/') ? pagePath + 'index.html' : pagePath);
  const html = readFileSync(file, 'utf8');
  const seen = new Set();
  let inline = '';
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const src = /\bsrc="([^"]+)"/.exec(m[1])?.[1];
    if (/type="application\/(ld\+)?json"/.test(m[1])) continue;
    if (src) jsClosure(join(dist, src.split('?')[0]), seen);
    else inline += m[2];
  }
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) jsClosure(join(dist, m[1]), seen);
  const bytes = [...seen].map((f) => readFileSync(f));
  const all = Buffer.concat([Buffer.from(inline), ...bytes]);
  return { files: seen.size, raw: all.length, gzip: gzipSync(all, { level: 9 }).length };
}

console.log('## Initial JS per page type (scripts loaded before interaction, gzip -9, largest page of each type)');
const widths = [12, 34, 8, 12, 12, 10, 6];
console.log(row(['type', 'page', 'files', 'raw KB', 'gzip KB', 'target', ''], widths));
const byType = new Map();
for (const p of pages) {
  const type = pageType(p);
  const js = initialJs(p);
  if (!byType.has(type) || byType.get(type).js.gzip < js.gzip) byType.set(type, { page: p, js });
}
for (const [type, { page, js }] of [...byType.entries()].sort()) {
  const target = TARGETS.initialJsKb[type];
  console.log(row([type, page, js.files, kb(js.raw), kb(js.gzip), target ? `<= ${target}` : '-', target ? mark(js.gzip / 1024 <= target) : ''], widths));
}

// ---- module sizes ----
console.log('\n## WebAssembly modules (public/wasm)');
const wasmDir = join(root, 'public', 'wasm');
for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm')).sort()) {
  const bytes = readFileSync(join(wasmDir, f));
  console.log(row([f, `${kb(bytes.length)} KB raw`, `${kb(gzipSync(bytes, { level: 9 }).length)} KB gzip`], [28, 16, 16]));
}
const precache = readFileSync(join(dist, 'sw.js'), 'utf8').match(/"pages":\[[^\]]*\],"assets":\[[^\]]*\]/)?.[0];
if (precache) {
  const list = JSON.parse(`{${precache}}`);
  const files = [...list.pages.map((p) => (p.endsWith('/') ? p + 'index.html' : p)), ...list.assets];
  const total = files.reduce((n, p) => n + statSync(join(dist, p)).size, 0);
  console.log(`offline copy (sw.js precache): ${files.length} files, ${kb(total)} KB`);
}

// ---- first word ----
const site = await preview({ root, logLevel: 'error', server: { host: '127.0.0.1', port: 0 } });
const base = `http://127.0.0.1:${site.port}`;
const blank = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>blank</title><p>blank</p>'));
await new Promise((r) => blank.listen(0, '127.0.0.1', r));
const blankUrl = `http://127.0.0.1:${blank.address().port}/`;

const browser = await chromium.launch({ executablePath: chromePath, args: chromeFlags.filter((f) => !f.startsWith('--headless')) });

/** A cold visit: fresh context (empty cache, no service worker), navigation start to `ready` (a page function). */
async function coldVisit(url, ...initScripts) {
  const readyScript = initScripts[0];
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  for (const script of initScripts) await page.addInitScript(script);
  await page.goto(url, { waitUntil: 'load' });
  const ms = readyScript
    ? await page.waitForFunction(() => window.__firstWordAt, null, { timeout: 30_000, polling: 50 }).then((h) => h.jsonValue())
    : await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
  // Where the time went: the page's own load, and when the module had arrived.
  const parts = await page.evaluate(() => ({
    domReady: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    moduleAt: performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'))?.responseEnd,
  }));
  await context.close();
  return { ms, ...parts };
}

// Records performance.now() (ms since navigation start) when a demo first shows a word from the module.
const watchFirstWord = () => {
  const found = () => {
    for (const el of document.querySelectorAll('word-generator-demo .word')) if (/^[a-z]+$/i.test(el.textContent ?? '')) return true;
    return false;
  };
  new MutationObserver((_, obs) => {
    if (window.__firstWordAt === undefined && found()) {
      window.__firstWordAt = performance.now();
      obs.disconnect();
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
};

// Where a demo shows its first word on its own: the first lesson with the live demo (it asks for a word when it comes
// into view; the bench scrolls it there as soon as it exists), else the deck's live demo slide (it starts when shown).
const scrollDemoIntoView = () => {
  const scroll = () => document.querySelector('word-generator-demo')?.scrollIntoView();
  document.addEventListener('DOMContentLoaded', scroll);
};
async function demoUrl() {
  for (const lesson of lessons) {
    if (readFileSync(join(dist, lesson, 'index.html'), 'utf8').includes('<word-generator-demo')) return { url: base + lesson, what: `lesson ${lesson}`, lesson: true };
  }
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(base + decks[0]);
  const index = await page.evaluate(() => [...document.querySelectorAll('.slides > section')].findIndex((s) => s.querySelector('deck-word-demo')));
  await context.close();
  return { url: `${base}${decks[0]}#/${index}`, what: `deck ${decks[0]} demo slide`, lesson: false };
}

console.log('\n## Navigation to first word (headless Chromium, localhost, cold cache, median of ' + RUNS + ')');
const demo = await demoUrl();
const blankRuns = [];
const wordRuns = [];
const partRuns = [];
for (let i = 0; i < RUNS; i++) {
  blankRuns.push((await coldVisit(blankUrl)).ms);
  const run = await (demo.lesson ? coldVisit(demo.url, watchFirstWord, scrollDemoIntoView) : coldVisit(demo.url, watchFirstWord));
  wordRuns.push(run.ms);
  partRuns.push(run);
}
const firstWord = median(wordRuns);
const baseline = median(blankRuns);
const domReady = median(partRuns.map((r) => r.domReady));
const moduleAt = median(partRuns.map((r) => r.moduleAt ?? NaN));
console.log(`baseline: blank page load      ${baseline.toFixed(1)} ms`);
console.log(
  `first word (${demo.what}): ${firstWord.toFixed(1)} ms   target <= ${TARGETS.firstWordMs} ms ${mark(firstWord <= TARGETS.firstWordMs)}` +
    `   (${(firstWord / baseline).toFixed(1)}x blank page; runs ${wordRuns.map((x) => x.toFixed(0)).join(', ')})`,
);
console.log(`  of which: page DOMContentLoaded at ${domReady.toFixed(1)} ms, module downloaded at ${moduleAt.toFixed(1)} ms, word ${(firstWord - moduleAt).toFixed(1)} ms after that`);
await browser.close();

// ---- Lighthouse ----
if (process.env.LIGHTHOUSE !== '0') {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const preset = process.env.LIGHTHOUSE_PRESET === 'desktop' ? 'desktop' : 'mobile';
  console.log(`\n## Lighthouse ${preset} (simulated throttling), system Chromium`);
  const lw = [34, 14, 16, 16];
  console.log(row(['page', 'performance', 'accessibility', 'best-practices'], lw));
  const targetsLine = Object.entries(TARGETS.lighthouse).map(([k, v]) => (v === null ? `${k}: reported` : `${k} >= ${v}`)).join(', ');
  // The lesson with the live demo (the heaviest kind), else the first lesson.
  const lhLesson = demo.lesson ? new URL(demo.url).pathname : lessons[0];
  const lhPages = [['home', '/'], ['lesson', lhLesson], ['deck', decks[0]]];
  for (const [label, path] of lhPages) {
    const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
    try {
      const config = preset === 'desktop' ? (await import('lighthouse/core/config/desktop-config.js')).default : undefined;
      const result = await lighthouse(
        base + path,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] },
        config,
      );
      const cats = result.lhr.categories;
      const cell = (key) => {
        const score = Math.round((cats[key]?.score ?? 0) * 100);
        const target = TARGETS.lighthouse[key];
        return `${score}${target === null ? '' : score >= target ? ' ok' : ' UNDER'}`;
      };
      console.log(row([`${label} ${path}`, cell('performance'), cell('accessibility'), cell('best-practices')], lw));
      const failing = Object.values(result.lhr.audits).filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable');
      if (failing.length > 0) console.log(`    below 0.9: ${failing.slice(0, 6).map((a) => `${a.id} (${a.displayValue ?? a.score})`).join('; ')}`);
    } finally {
      await chrome.kill();
    }
  }
  console.log(`targets: ${targetsLine}`);
}

await site.stop();
blank.close();
