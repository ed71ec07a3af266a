// The runtime in Chromium, on the real lesson page with the live demo and a terminal: the committed server module
// answers GET /?starts_with=d through the virtual network with JSPI and with the per-request fallback forced
// (`?runtime=per-request`), each guest runs in a Worker, and a guest that never listens is stopped as a runaway
// while the page keeps answering.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { answersWithin, baseURL, hasWord, open, readyTerminal, terminalText, typeLine, useBrowser } from './harness.ts';

const RUN_LESSON = '/learn/run-and-curl/';
const spin = readFileSync(new URL('../fixtures/wasm/spin.wasm', import.meta.url));

const browser = useBrowser();

const guestWorkers = (page: Page) => page.workers().filter((w) => /guest\.worker/.test(w.url()));

describe.each([
  { mode: 'jspi', query: '' },
  { mode: 'per-request', query: '?runtime=per-request' },
] as const)('the server module in a Worker ($mode)', ({ mode, query }) => {
  test('the demo and the terminal get a d-word from it over the virtual network', async () => {
    const { page, context, errors, offsite } = await open(browser());
    try {
      await page.goto(baseURL() + RUN_LESSON + query);
      const hasJspi = await page.evaluate(() => typeof (WebAssembly as { Suspending?: unknown }).Suspending === 'function');
      // Without the parameter the page picks JSPI where the engine has it; this Chromium has it.
      expect(hasJspi, 'this Chromium has JSPI').toBe(true);

      const demo = page.locator('word-generator-demo').first();
      await demo.scrollIntoViewIfNeeded();
      await expect.poll(() => demo.locator('.word').textContent(), { timeout: 20_000 }).toMatch(/^d[a-z]+$/);
      expect(await demo.getAttribute('data-host')).toBe('worker');
      expect(await demo.getAttribute('data-mode')).toBe(mode);
      expect(await demo.locator('.size').textContent()).toContain(mode === 'jspi' ? 'one long-lived instance' : 'a fresh instance per request');
      expect(await demo.locator('.raw-request').textContent()).toContain('GET /?starts_with=d HTTP/1.1');
      expect(await demo.locator('.raw-response').textContent()).toMatch(/^HTTP\/1\.1 200 OK/);
      // The page's head asked its Worker to start this server, in this mode, while the page loaded: the demo got that
      // server (one Worker, below), and the breakdown says where its time went.
      expect(await demo.locator('.cold').textContent()).toMatch(/^[\d.]+ ms = the wait for its Worker, which started it as the page loaded \(download [\d.]+ ms, compile [\d.]+ ms, start [\d.]+ ms\)/);
      // The guest is in a Worker of the page, not on its main thread.
      expect(guestWorkers(page)).toHaveLength(1);

      // The call trace on demand, from the Worker.
      await demo.getByLabel(/Show the WASI calls/).check();
      await demo.getByRole('button', { name: 'Get a word' }).click();
      await expect.poll(() => demo.locator('.trace li').count()).toBeGreaterThan(2);
      expect(await demo.locator('.trace').textContent()).toContain('sock_accept');
      // The server keeps the connection alive: the trace shows it receiving and sending on the accepted socket.
      expect(await demo.locator('.trace').textContent()).toMatch(/sock_recv|fd_read/);

      // One network per page: the terminal's curl reaches the demo's server by port, and a second server on the same
      // port is refused with who holds it, in no new Worker.
      await readyTerminal(page);
      await typeLine(page, 'curl localhost:8090/?starts_with=d');
      await expect.poll(() => hasWord(page, 'd')).toBe(true);
      await typeLine(page, 'wasmedge word_generator.wasm &');
      await expect.poll(() => terminalText(page), { timeout: 15_000 }).toMatch(/[Aa]ddress already in use/);
      expect(guestWorkers(page)).toHaveLength(1);

      expect(offsite).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});

describe('a runaway server module in the demo', () => {
  test('is stopped and shown as runaway with Restart, while the page keeps answering', async () => {
    const { page, context } = await open(browser(), { serviceWorkers: 'block' });
    try {
      // A module that loops before it ever listens, in place of the server module.
      await context.route((url) => url.pathname.endsWith('/wasm/word_generator.wasm'), (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: spin }));
      await page.goto(baseURL() + RUN_LESSON);
      const demo = page.locator('word-generator-demo').first();
      await demo.scrollIntoViewIfNeeded();
      await expect.poll(() => demo.locator('.state-badge').textContent(), { timeout: 10_000 }).toBe('starting');
      // The page answers every time it is asked while the guest never listens, until the demo reports its end.
      const badge = () => demo.locator('.state-badge').textContent();
      for (let check = 1; (await badge()) === 'starting'; check++) expect(await answersWithin(page, 3_000), `the page answers (check ${check})`).toBe(true);
      expect(await badge()).toBe('runaway');
      expect(await demo.locator('.state').textContent()).toMatch(/gave no answer within \d+ ms/);
      expect(await demo.getByRole('button', { name: 'Restart the server' }).isVisible()).toBe(true);
      await expect.poll(() => guestWorkers(page).length, { timeout: 5_000 }).toBe(0);
      await demo.getByRole('button', { name: 'Restart the server' }).click();
      await expect.poll(() => demo.locator('.state-badge').textContent()).toBe('starting');
    } finally {
      await Promise.race([context.close(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    }
  }, 90_000);
});
