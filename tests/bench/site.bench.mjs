#!/usr/bin/env node
// Site budgets, measured in a browser: every figure beside its target and a baseline from the same run. Prints, never
// asserts. The built site is served as `npm start` serves it (src/serve/static-files.ts: brotli, content-hash caching).
//   initial JS    per page type, every script fetched before the first user input: the page's scripts, their
//                 dynamic imports, and Workers with their imports (counted from the browser's own network log, after
//                 the page settled with nobody touching it), bytes on the wire and decoded
//   load, word    navigation to the page's `load` event and to the first word of its live demo, medians of cold loads
//   throttled     the same first word under Slow 4G and 4x CPU (DevTools' presets, via CDP)
//   Lighthouse    performance, accessibility, best practices: home, a lesson with the demo, the deck
//   modules       the WebAssembly modules, raw and gzip
// Needs a built site (`npm run build`). DIST=path measures another build (an earlier commit's, for a before/after);
// RUNS=n sets the cold loads per page (default 5); LIGHTHOUSE=0 skips Lighthouse; --json prints the figures as JSON.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { createStaticHandler } from '../../src/serve/static-files.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = resolve(process.env.DIST ?? join(root, 'dist'));
const RUNS = Number(process.env.RUNS ?? 5);
const JSON_OUT = process.argv.includes('--json');
const chromePath = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromeFlags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const TARGETS = {
  /** first word no later than the page's own load event plus this */
  wordAfterLoadMs: 30,
  /** the lesson with the demo loads within this factor of the home page */
  lessonLoadVsHome: 1.3,
  throttledWordMs: 1200,
  initialJsKb: { 'lesson (demo)': 120, deck: 200 },
  lighthouse: { performance: 98, accessibility: 100, 'best-practices': null },
};
// DevTools' "Slow 4G" preset (bytes per second, ms), and its 4x CPU slowdown.
const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 };
const CPU_SLOWDOWN = 4;

if (!existsSync(join(dist, 'index.html'))) {
  console.error(`site.bench: no built site in ${dist}; run \`npm run build\` first.`);
  process.exit(1);
}

const results = { dist: relative(root, dist) || dist, runs: RUNS, targets: TARGETS, pages: {}, modules: {}, lighthouse: {} };
const say = (line = '') => console.log(line);
const kb = (bytes) => (bytes / 1024).toFixed(1);
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
};
const mark = (ok) => (ok === null ? '' : ok ? 'ok' : 'OVER');
const row = (cells, widths) => cells.map((c, i) => String(c).padEnd(widths[i] ?? 10)).join(' ');

// ---- the pages: one of each type, from the built HTML ----
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
const pagePaths = walk(dist).filter((f) => f.endsWith('.html')).map((f) => '/' + relative(dist, f).split(sep).join('/').replace(/index\.html$/, ''));
const html = (p) => readFileSync(join(dist, p, 'index.html'), 'utf8');
const lessons = pagePaths.filter((p) => /^\/learn\/[^/]+\/$/.test(p)).sort();
const decks = pagePaths.filter((p) => /^\/talk\/[^/]+\/$/.test(p)).sort();
const hasDemo = (p) => /<(word-generator-demo|live-word)\b/.test(html(p));
const lessonDemo = lessons.find((p) => html(p).includes('<word-generator-demo'));
const lessonPlain = lessons.find((p) => !hasDemo(p));
const deck = decks.find((p) => html(p).includes('<deck-word-demo')) ?? decks[0];

// ---- the server `npm start` runs, and a blank page for the baseline ----
const handler = createStaticHandler({ root: dist });
const site = createServer((req, res) => void handler(req, res));
await new Promise((r) => site.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${site.address().port}`;
const blank = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>blank</title><p>blank</p>'));
await new Promise((r) => blank.listen(0, '127.0.0.1', r));
const blankUrl = `http://127.0.0.1:${blank.address().port}/`;

const browser = await chromium.launch({ executablePath: chromePath, args: chromeFlags.filter((f) => !f.startsWith('--headless')) });

// Records performance.now() (ms since navigation start) when any live demo on the page first shows a word: the
// lesson demo's output, LiveWord's answer, the deck's demo (the same widget inside the slide). It is told on the
// console, which the bench hears without running anything in the page: asking the page (a waitForFunction) would
// put the harness's own script on its main thread just as the demo works toward its word, which no reader has.
const FIRST_WORD = 'bench:first-word ';
const watchFirstWord = () => {
  const found = () => {
    for (const el of document.querySelectorAll('word-generator-demo .word, live-word .answer')) if (/^[a-z]+$/i.test(el.textContent?.trim() ?? '')) return true;
    return false;
  };
  new MutationObserver((_, obs) => {
    if (window.__firstWordAt === undefined && found()) {
      window.__firstWordAt = performance.now();
      console.debug(`bench:first-word ${window.__firstWordAt}`);
      obs.disconnect();
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
};
// A reader who scrolls to the demo as soon as the page is parsed (a lesson's demo asks when it comes into view).
const scrollToDemo = () => document.addEventListener('DOMContentLoaded', () => document.querySelector('word-generator-demo, live-word')?.scrollIntoView());

/**
 * One cold visit (fresh context: empty cache, no service worker). Waits for load, for the first word where there is a
 * demo, then for the network to settle (nothing new for 500 ms): everything fetched by then came without any input.
 */
async function coldVisit(url, { word = false, throttled = false } = {}) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const fetched = [];
  page.on('requestfinished', (req) => fetched.push(req));
  if (throttled) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  }
  await page.addInitScript(watchFirstWord);
  await page.addInitScript(scrollToDemo);
  const wordSaid = word ? page.waitForEvent('console', { predicate: (m) => m.text().startsWith(FIRST_WORD), timeout: 60_000 }) : undefined;
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  const wordAt = wordSaid ? Number((await wordSaid).text().slice(FIRST_WORD.length)) : NaN;
  await page.waitForLoadState('networkidle');
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { load: n.loadEventEnd, domReady: n.domContentLoadedEventEnd, timeOrigin: performance.timeOrigin };
  });
  // The module's last byte, on the page's clock, whoever fetched it (the page, or its Worker, whose requests the
  // page's resource timing does not list).
  const wasm = fetched.find((req) => new URL(req.url()).pathname.endsWith('.wasm'));
  const wasmTiming = wasm?.timing();
  nav.moduleAt = wasmTiming && wasmTiming.responseEnd >= 0 ? wasmTiming.startTime + wasmTiming.responseEnd - nav.timeOrigin : undefined;
  const scripts = { files: 0, wire: 0, decoded: 0, names: [] };
  const seen = new Set();
  for (const req of fetched) {
    const res = await req.response();
    if (!res || !(req.resourceType() === 'script' || /\.m?js(\?|$)/.test(req.url()))) continue;
    // A file asked for twice (a preloaded Worker script, which the Worker asks for again from the cache) counts once.
    if (seen.has(req.url())) continue;
    seen.add(req.url());
    const sizes = await req.sizes();
    scripts.files++;
    // A Worker's own requests report no body size: its Content-Length (the compressed bytes sent) stands in.
    const body = sizes.responseBodySize > 0 ? sizes.responseBodySize : Number((await res.allHeaders())['content-length'] ?? 0);
    scripts.wire += body + sizes.responseHeadersSize;
    scripts.decoded += (await res.body().catch(() => Buffer.alloc(0))).length;
    scripts.names.push(new URL(req.url()).pathname.replace(/^\/_astro\//, ''));
  }
  await context.close();
  return { wordAt, ...nav, scripts };
}

const types = [
  ['home', '/', hasDemo('/')],
  ['lesson (demo)', lessonDemo, true],
  ['lesson (none)', lessonPlain, false],
  ['deck', deck, true],
];
// The deck's live demo starts when its slide shows: the bench opens the deck at that slide.
async function urlOf(type, path) {
  if (type !== 'deck') return base + path;
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(base + path);
  const index = await page.evaluate(() => [...document.querySelectorAll('.slides > section')].findIndex((s) => s.querySelector('deck-word-demo')));
  await context.close();
  return index >= 0 ? `${base}${path}#/${index}` : base + path;
}

say(`## Cold loads: ${results.dist} served as \`npm start\` does, headless Chromium, localhost, median of ${RUNS}`);
const blankRuns = [];
for (let i = 0; i < RUNS; i++) blankRuns.push((await coldVisit(blankUrl)).load);
const blankLoad = median(blankRuns);
results.blankLoadMs = blankLoad;
say(`baseline: a blank page's load ${blankLoad.toFixed(1)} ms`);
const w = [15, 30, 8, 10, 10, 12, 10, 22];
say(row(['type', 'page', 'scripts', 'wire KB', 'decoded KB', 'load ms', 'word ms', 'word - load (<= 30)'], w));
for (const [type, path, word] of types) {
  if (!path) continue;
  const url = await urlOf(type, path);
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await coldVisit(url, { word }));
  const last = runs.at(-1).scripts;
  const r = {
    path: new URL(url).pathname + new URL(url).hash,
    scripts: { files: last.files, wireKb: Number(kb(last.wire)), decodedKb: Number(kb(last.decoded)), names: last.names },
    loadMs: median(runs.map((x) => x.load)),
    domReadyMs: median(runs.map((x) => x.domReady)),
    moduleAtMs: median(runs.map((x) => x.moduleAt ?? NaN)),
    wordMs: median(runs.map((x) => x.wordAt)),
    wordRuns: runs.map((x) => Math.round(x.wordAt)),
  };
  results.pages[type] = r;
  const gap = r.wordMs - r.loadMs;
  say(
    row(
      [type, r.path, last.files, kb(last.wire), kb(last.decoded), r.loadMs.toFixed(1), word ? r.wordMs.toFixed(1) : '-', word ? `${gap >= 0 ? '+' : ''}${gap.toFixed(1)} ${mark(gap <= TARGETS.wordAfterLoadMs)}` : '-'],
      w,
    ),
  );
}
say(`  the same, in parts (medians): ${Object.entries(results.pages).map(([t, r]) => `${t}: DOMContentLoaded ${r.domReadyMs.toFixed(0)}, module in ${Number.isFinite(r.moduleAtMs) ? r.moduleAtMs.toFixed(0) : '-'}`).join('; ')} ms`);
const home = results.pages['home'];
const lesson = results.pages['lesson (demo)'];
if (home && lesson) {
  const ratio = lesson.loadMs / home.loadMs;
  results.lessonLoadVsHome = ratio;
  say(`lesson (demo) load / home load: ${ratio.toFixed(2)}x   target <= ${TARGETS.lessonLoadVsHome}x ${mark(ratio <= TARGETS.lessonLoadVsHome)}   (home ${(home.loadMs / blankLoad).toFixed(1)}x a blank page)`);
}
for (const [type, target] of Object.entries(TARGETS.initialJsKb)) {
  const r = results.pages[type];
  if (r) say(`initial JS, ${type}: ${r.scripts.decodedKb} KB decoded, ${r.scripts.wireKb} KB on the wire   target <= ${target} KB on the wire ${mark(r.scripts.wireKb <= target)}`);
}
if (lesson) say(`  lesson (demo) scripts: ${lesson.scripts.names.join(' ')}`);

// ---- throttled ----
const THROTTLED_RUNS = Math.max(1, Math.min(RUNS, 3));
say(`\n## First word throttled (Slow 4G: ${SLOW_4G.latency} ms, ${kb(SLOW_4G.downloadThroughput)} KB/s down; ${CPU_SLOWDOWN}x CPU), median of ${THROTTLED_RUNS}`);
// Baseline: one request (the blank page). The floor for a first word: the page, then the module (which the page names),
// each after the emulated latency, the module at the emulated throughput (compressed as served).
const throttledBlank = [];
for (let i = 0; i < THROTTLED_RUNS; i++) throttledBlank.push((await coldVisit(blankUrl, { throttled: true })).load);
const moduleGzip = gzipSync(readFileSync(join(root, 'public', 'wasm', 'word_generator.wasm')), { level: 9 }).length;
const floor = 2 * SLOW_4G.latency + (moduleGzip / SLOW_4G.downloadThroughput) * 1000;
results.throttledBlankLoadMs = median(throttledBlank);
results.throttledFloorMs = floor;
say(`baseline: a blank page's load ${median(throttledBlank).toFixed(0)} ms; floor for any first word: 2 x ${SLOW_4G.latency} ms latency + ${kb(moduleGzip)} KB module = ${floor.toFixed(0)} ms`);
const tw = [15, 30, 12, 12, 20];
say(row(['type', 'page', 'load ms', 'word ms', `target <= ${TARGETS.throttledWordMs}`], tw));
results.throttled = {};
for (const [type, path, word] of types) {
  if (!path || !word) continue;
  const url = await urlOf(type, path);
  const runs = [];
  for (let i = 0; i < THROTTLED_RUNS; i++) runs.push(await coldVisit(url, { word: true, throttled: true }));
  const r = { loadMs: median(runs.map((x) => x.load)), wordMs: median(runs.map((x) => x.wordAt)) };
  results.throttled[type] = r;
  say(row([type, new URL(url).pathname + new URL(url).hash, r.loadMs.toFixed(0), r.wordMs.toFixed(0), mark(r.wordMs <= TARGETS.throttledWordMs)], tw));
}
await browser.close();

// ---- module sizes ----
say('\n## WebAssembly modules (public/wasm)');
const wasmDir = join(root, 'public', 'wasm');
for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm')).sort()) {
  const bytes = readFileSync(join(wasmDir, f));
  results.modules[f] = { rawKb: Number(kb(bytes.length)), gzipKb: Number(kb(gzipSync(bytes, { level: 9 }).length)) };
  say(row([f, `${kb(bytes.length)} KB raw`, `${kb(gzipSync(bytes, { level: 9 }).length)} KB gzip`], [28, 16, 16]));
}
const precache = readFileSync(join(dist, 'sw.js'), 'utf8').match(/"pages":\[[^\]]*\],"assets":\[[^\]]*\]/)?.[0];
if (precache) {
  const list = JSON.parse(`{${precache}}`);
  const files = [...list.pages.map((p) => (p.endsWith('/') ? p + 'index.html' : p)), ...list.assets];
  const total = files.reduce((n, p) => n + statSync(join(dist, p)).size, 0);
  results.offlineCopy = { files: files.length, kb: Number(kb(total)) };
  say(`offline copy (sw.js precache): ${files.length} files, ${kb(total)} KB`);
}

// ---- Lighthouse ----
if (process.env.LIGHTHOUSE !== '0') {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const preset = process.env.LIGHTHOUSE_PRESET === 'desktop' ? 'desktop' : 'mobile';
  say(`\n## Lighthouse ${preset} (simulated throttling), ${chromePath}`);
  const lw = [34, 14, 16, 16];
  say(row(['page', 'performance', 'accessibility', 'best-practices'], lw));
  const targetsLine = Object.entries(TARGETS.lighthouse).map(([k, v]) => (v === null ? `${k}: reported` : `${k} >= ${v}`)).join(', ');
  for (const [label, path] of [['home', '/'], ['lesson (demo)', lessonDemo], ['deck', deck]]) {
    if (!path) continue;
    const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
    try {
      const config = preset === 'desktop' ? (await import('lighthouse/core/config/desktop-config.js')).default : undefined;
      const result = await lighthouse(base + path, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] }, config);
      if (result.lhr.runtimeError) say(`    ${label}: Lighthouse could not measure: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
      const cats = result.lhr.categories;
      const score = (key) => Math.round((cats[key]?.score ?? 0) * 100);
      const cell = (key) => {
        const target = TARGETS.lighthouse[key];
        return `${score(key)}${target === null ? '' : score(key) >= target ? ' ok' : ' UNDER'}`;
      };
      results.lighthouse[label] = { path, performance: score('performance'), accessibility: score('accessibility'), 'best-practices': score('best-practices') };
      say(row([`${label} ${path}`, cell('performance'), cell('accessibility'), cell('best-practices')], lw));
      const failing = Object.values(result.lhr.audits).filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable');
      if (failing.length > 0) say(`    below 0.9: ${failing.slice(0, 6).map((a) => `${a.id} (${a.displayValue ?? a.score})`).join('; ')}`);
    } finally {
      await chrome.kill();
    }
  }
  say(`targets: ${targetsLine}`);
}

site.close();
blank.close();
if (JSON_OUT) say(`\n${JSON.stringify(results)}`);
