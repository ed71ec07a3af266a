// Hostile guests in the page's terminal, in headless Chromium: how long the page's main thread is held up while
// each one runs, and how soon the prompt is back; then `containerless run` with a command writing 513 MiB, its
// exit and peak memory. Needs `npm run build` first. CLI_ONLY=1 runs only the CLI part (no build needed).
//
// The page watches itself (an init script): a PerformanceObserver for 'longtask' entries (any task over 50 ms) and
// a requestAnimationFrame loop that notes the longest gap between frames and the frame the prompt came back in.
// The terminal is given each hostile module in place of the course's module (a browser route, as the e2e tests do);
// the baseline is the course's own command module run the same way, in the same run.
// The page is traced as well (Chromium's timeline): the longest task in main-thread CPU time, which a loaded machine
// does not inflate as it does the wall-clock figures.
// Targets (issue 19): no task over 100 ms because of a guest; the prompt back within the runaway bound (5 s) + 1 s.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview } from 'astro';
import { chromium } from 'playwright-core';
import { findChromium, chromiumArgs } from '../support/chromium.ts';
import { assemble, loggingServerWat, writerWat } from '../support/wat.ts';
import { CLI_MODULE, SERVER_MODULE } from '../../src/course/facts.ts';
import { lessonPages } from '../e2e/routes.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const STALL_TARGET_MS = 100;
const RUNAWAY_MS = 5000;
const PROMPT_TARGET_MS = RUNAWAY_MS + 1000;
/** how long a server that logs for ever is left running before Ctrl+C */
const LOG_FLOOD_MS = 6000;

const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');
console.log(`machine: ${os.cpus().length} cores, load average ${load()} (1/5/15 min) at start`);


const cases = [
  { name: 'baseline: the course module', module: CLI_MODULE, bytes: readFileSync(`${root}public/wasm/${CLI_MODULE}`), line: `wasmedge ${CLI_MODULE}` },
  { name: '`yes`: y\\n for ever, 64 KiB writes', module: CLI_MODULE, bytes: await assemble(writerWat(-1)), line: `wasmedge ${CLI_MODULE}` },
  { name: '`yes` in 2-byte writes', module: CLI_MODULE, bytes: await assemble(writerWat(-1, { writeBytes: 2 })), line: `wasmedge ${CLI_MODULE}` },
  { name: '100 MiB to stdout, then exit 0', module: CLI_MODULE, bytes: await assemble(writerWat(1600)), line: `wasmedge ${CLI_MODULE}` },
  { name: 'one line that never ends', module: CLI_MODULE, bytes: await assemble(writerWat(-1, { fill: 'yy' })), line: `wasmedge ${CLI_MODULE}` },
  { name: 'a guest that spins', module: CLI_MODULE, bytes: readFileSync(`${root}tests/fixtures/wasm/spin.wasm`), line: `wasmedge ${CLI_MODULE}` },
  {
    name: `a server logging y\\n for ever (Ctrl+C after ${LOG_FLOOD_MS / 1000} s)`, module: SERVER_MODULE,
    bytes: await assemble(loggingServerWat(9000)), line: `wasmedge --env PORT=9000 ${SERVER_MODULE}`, interruptAfterMs: LOG_FLOOD_MS,
  },
];

// The page's own watch: long tasks, the longest frame gap, and the frame in which the prompt is back.
function watch() {
  const s = { armedAt: Infinity, longtasks: [], maxGap: 0, last: 0, promptAt: undefined };
  window.__stall = s;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) s.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const promptBack = () => {
    const rows = document.querySelector('containerless-terminal .xterm-rows');
    if (!rows) return false;
    const lines = [...rows.children].map((r) => (r.textContent ?? '').trim()).filter((t) => t !== '');
    return lines.at(-1) === '$';
  };
  const frame = (t) => {
    if (t >= s.armedAt) {
      if (s.last >= s.armedAt) s.maxGap = Math.max(s.maxGap, t - s.last);
      if (s.promptAt === undefined && s.waitPrompt && promptBack()) s.promptAt = t;
    }
    s.last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  s.arm = () => {
    s.armedAt = performance.now();
    s.promptAt = undefined;
    s.waitPrompt = false;
    s.maxGap = 0;
    return s.armedAt;
  };
}

/**
 * The longest task on the page's main thread in a Chromium trace, in thread time (ms). The page's main thread is the
 * renderer main thread that ran the most tasks.
 */
function longestTaskCpu(trace) {
  const { traceEvents } = JSON.parse(trace.toString());
  const threadOf = (e) => `${e.pid}:${e.tid}`;
  const mains = new Set(traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map(threadOf));
  const tasks = new Map();
  for (const e of traceEvents) {
    if (e.name !== 'RunTask' || e.tdur === undefined || !mains.has(threadOf(e))) continue;
    const list = tasks.get(threadOf(e)) ?? [];
    list.push(e.tdur / 1000);
    tasks.set(threadOf(e), list);
  }
  const main = [...tasks.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  return Math.max(0, ...main);
}

const results = [];
if (process.env.CLI_ONLY !== '1') await pagePart();

async function pagePart() {
  const lesson = lessonPages().find((p) => readFileSync(`${root}dist${p}index.html`, 'utf8').includes('<containerless-terminal'));
  if (lesson === undefined) throw new Error('no lesson with a terminal in dist/: run npm run build');
  const site = await preview({ root, logLevel: 'error', server: { host: '127.0.0.1', port: 0 } });
  const base = `http://127.0.0.1:${site.port}`;
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs, headless: true });

  async function measure(c) {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    await context.route(`**/wasm/${c.module}*`, (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from(c.bytes) }));
    const page = await context.newPage();
    await page.addInitScript(watch);
    try {
      await page.goto(base + lesson);
      const terminal = page.locator('containerless-terminal').first();
      await terminal.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('containerless-terminal')?.hasAttribute('data-ready'), null, { timeout: 30_000 });
      await terminal.locator('.xterm').click();
      await page.keyboard.type(c.line);
      // Let the page settle after loading and typing, so what is measured is the guest.
      await page.waitForTimeout(1000);
      // The page's main thread is traced too: a task's thread time (CPU), which time spent waiting for a core does not
      // inflate, so the figure can be read on a loaded machine where wall-clock task lengths cannot.
      await browser.startTracing(page, { categories: ['disabled-by-default-devtools.timeline'] });
      const armedAt = await page.evaluate(() => window.__stall.arm());
      await page.keyboard.press('Enter');
      await page.evaluate(() => (window.__stall.waitPrompt = true));
      let interruptedAt;
      if (c.interruptAfterMs !== undefined) {
        await page.waitForTimeout(c.interruptAfterMs);
        interruptedAt = await page.evaluate(() => performance.now());
        await page.keyboard.press('Control+C');
      }
      await page.waitForFunction(() => window.__stall.promptAt !== undefined, null, { timeout: 60_000, polling: 100 });
      await page.waitForTimeout(500);
      const s = await page.evaluate(() => ({ longtasks: window.__stall.longtasks, maxGap: window.__stall.maxGap, promptAt: window.__stall.promptAt }));
      const during = s.longtasks.filter((t) => t.start + t.duration >= armedAt && t.start <= s.promptAt + 500);
      const maxTaskCpu = longestTaskCpu(await browser.stopTracing());
      // The next command still answers.
      await page.keyboard.type('echo still here');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /^still here$/m.test(document.querySelector('containerless-terminal .xterm-rows')?.innerText ?? ''), null, { timeout: 20_000 });
      return {
        maxTask: Math.max(0, ...during.map((t) => t.duration)),
        maxTaskCpu,
        tasks: during.length,
        maxGap: s.maxGap,
        promptMs: s.promptAt - (interruptedAt ?? armedAt),
        from: interruptedAt === undefined ? 'Enter' : 'Ctrl+C',
      };
    } finally {
      await context.close();
    }
  }

  console.log(`\n## The page's main thread while a hostile guest runs in the terminal (${lesson}, headless Chromium)`);
  console.log(`target: no long task over ${STALL_TARGET_MS} ms; the prompt back within ${PROMPT_TARGET_MS / 1000} s (runaway bound + 1 s)\n`);
  // CASES=line,spin runs only the cases whose names contain one of the words (the baseline always runs).
  const only = (process.env.CASES ?? '').split(',').filter(Boolean);
  for (const c of cases.filter((c, i) => i === 0 || only.length === 0 || only.some((w) => c.name.includes(w)))) {
    const r = await measure(c);
    results.push({ name: c.name, ...r });
    const stall = r.maxTask <= STALL_TARGET_MS ? 'meets' : 'MISSES';
    const prompt = r.promptMs <= PROMPT_TARGET_MS ? 'meets' : 'MISSES';
    console.log(`${c.name}`);
    console.log(`  longest task ${r.maxTask.toFixed(0)} ms (${r.tasks} over 50 ms), longest frame gap ${r.maxGap.toFixed(0)} ms: ${stall} the ${STALL_TARGET_MS} ms target`);
    console.log(`  longest task in main-thread CPU time ${r.maxTaskCpu.toFixed(0)} ms (what the machine's load does not inflate): ${r.maxTaskCpu <= STALL_TARGET_MS ? 'meets' : 'MISSES'} the target`);
    console.log(`  prompt back ${(r.promptMs / 1000).toFixed(2)} s after ${r.from}: ${prompt} the ${PROMPT_TARGET_MS / 1000} s target; the next command answered`);
  }
  await browser.close();
  await site.stop();
}

// ---- the CLI: a command writing 513 MiB through `containerless run`, to a pipe read to the end and to one that
// closes after 1000 bytes (`| head -c 1000`). Peak memory is the process's VmHWM, read from /proc while it runs.
const bin = `${root}bin/containerless.mjs`;
const dir = mkdtempSync(join(os.tmpdir(), 'containment-bench-'));
const BIG_WRITES = 8208; // 64 KiB each: 513 MiB, past the 512 MiB that once ended the CLI
writeFileSync(join(dir, 'big.wasm'), await assemble(writerWat(BIG_WRITES)));

/** Runs the CLI; `readBytes`: close the pipe after that many bytes (undefined: read everything). */
function cliRun(file, readBytes) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [bin, 'run', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let stderr = '';
    let peakKiB = 0;
    const peek = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKiB = Math.max(peakKiB, Number(m[1]));
      } catch {
        // gone already
      }
    };
    const poll = setInterval(peek, 50);
    child.stdout.on('data', (b) => {
      bytes += b.length;
      if (readBytes !== undefined && bytes >= readBytes) child.stdout.destroy();
    });
    child.stderr.on('data', (b) => (stderr += b));
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code, bytes, stderr, peakKiB, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

console.log('\n## containerless run: a command writing 513 MiB (64 KiB writes)');
console.log(`load average now: ${load()}`);
const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
const cliBaseline = await cliRun(`${root}public/wasm/${CLI_MODULE}`);
console.log(`baseline: the course's command module: exit ${cliBaseline.code}, peak RSS ${mib(cliBaseline.peakKiB)}, ${cliBaseline.seconds.toFixed(2)} s`);
const piped = await cliRun(join(dir, 'big.wasm'));
console.log(`to a pipe read to the end: exit ${piped.code}, ${(piped.bytes / 2 ** 20).toFixed(0)} MiB received, stderr ${JSON.stringify(piped.stderr)}, peak RSS ${mib(piped.peakKiB)} (${(piped.peakKiB / cliBaseline.peakKiB).toFixed(2)}x the baseline; target: far below the 513 MiB written), ${piped.seconds.toFixed(2)} s`);
const headed = await cliRun(join(dir, 'big.wasm'), 1000);
console.log(`to a pipe closed after 1000 bytes: exit ${headed.code} (141: quietly, as on SIGPIPE), stderr ${JSON.stringify(headed.stderr)}, peak RSS ${mib(headed.peakKiB)}, ${headed.seconds.toFixed(2)} s`);
rmSync(dir, { recursive: true, force: true });

console.log(`\nload average at end: ${load()}`);
if (process.argv.includes('--json')) console.log(JSON.stringify({ loadAverage: os.loadavg(), results, cli: { baseline: cliBaseline, piped, headed } }));
