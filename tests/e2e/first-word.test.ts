// The live demo's first word comes with the page: every script the demo runs, down to its Worker, is named in the
// page's head, so the browser fetches them from the first bytes instead of one after another; the head starts the
// Worker, which downloads, compiles and starts the module itself while the page loads.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { baseURL, open, useBrowser } from './harness.ts';

const browser = useBrowser();
const DEMO_LESSON = '/learn/run-and-curl/';
const PLAIN_LESSON = '/learn/build/';

/** What the head asks for ahead: modulepreloads and the module's preload, as addresses. */
const headPreloads = (page: Page) =>
  page.evaluate(() => ({
    scripts: [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((l) => new URL(l.href).pathname),
    modules: [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="fetch"]')].map((l) => new URL(l.href).pathname),
    own: [...document.querySelectorAll<HTMLScriptElement>('script[type="module"][src]')].map((s) => new URL(s.src).pathname),
  }));

describe('first word = page ready', () => {
  test('a page with the demo names in its head every script the demo loads, the Worker script included, and the Worker downloads the module once', async () => {
    const { page, context, errors } = await open(browser());
    const scripts = new Set<string>();
    const modules: string[] = [];
    // Requests from the page and from its Workers alike.
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.endsWith('.js')) scripts.add(url.pathname);
      if (url.pathname.endsWith('.wasm')) modules.push(url.pathname);
    });
    await page.goto(baseURL() + DEMO_LESSON);
    await page.locator('word-generator-demo').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('word-generator-demo .word').textContent(), { timeout: 30_000 }).toMatch(/^[a-z]+$/);
    const head = await headPreloads(page);
    const workerScript = [...scripts].find((s) => /guest\.worker/.test(s));
    expect(workerScript, 'the demo started its guest Worker').toBeDefined();
    expect(head.scripts).toContain(workerScript);
    // Everything the demo fetched to give its word, beyond the page's own script tags, was preloaded.
    const notAhead = [...scripts].filter((s) => !head.own.includes(s) && !head.scripts.includes(s) && !s.startsWith('/pagefind/'));
    expect(notAhead).toEqual([]);
    // No preload of the module: the Worker the head starts fetches it, and nothing fetches it twice.
    expect(head.modules).toEqual([]);
    expect(modules).toEqual(['/wasm/word_generator.wasm']);
    await expect.poll(() => page.locator('word-generator-demo .cold').textContent()).toMatch(/the wait for its Worker, which started it as the page loaded/);
    await context.close();
    expect(errors).toEqual([]);
  });

  test('a lesson without the demo preloads nothing of it and never fetches the module or the Worker', async () => {
    const { page, context } = await open(browser());
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(baseURL() + PLAIN_LESSON, { waitUntil: 'load' });
    await page.locator('footer').last().scrollIntoViewIfNeeded();
    await page.waitForLoadState('networkidle');
    const head = await headPreloads(page);
    expect(head.modules).toEqual([]);
    expect(head.scripts.filter((s) => /guest\.worker|word-generator/.test(s))).toEqual([]);
    expect(fetched.filter((p) => p.endsWith('.wasm') || /guest\.worker/.test(p))).toEqual([]);
    await context.close();
  });

  test('a demo in view at load shows its word with no scroll; one below the fold asks for none until the reader scrolls to it', async () => {
    const word = (page: Page) => page.locator('word-generator-demo .word').textContent();
    const tall = await open(browser(), { viewport: { width: 1280, height: 2000 } });
    await tall.page.goto(baseURL() + DEMO_LESSON);
    await expect.poll(() => word(tall.page), { timeout: 30_000 }).toMatch(/^[a-z]+$/);
    await tall.context.close();
    expect(tall.errors).toEqual([]);

    const short = await open(browser(), { viewport: { width: 1280, height: 400 } });
    const moduleFetched = short.page.waitForEvent('response', { predicate: (r) => new URL(r.url()).pathname.endsWith('.wasm'), timeout: 30_000 });
    await short.page.goto(baseURL() + DEMO_LESSON, { waitUntil: 'load' });
    await moduleFetched;
    // Time kept on purpose: the server, started ahead, listens within this; an in-view check gone wrong would ask now.
    await short.page.waitForTimeout(1_500);
    expect(await word(short.page)).toBe('—');
    await short.page.locator('word-generator-demo').scrollIntoViewIfNeeded();
    await expect.poll(() => word(short.page), { timeout: 30_000 }).toMatch(/^[a-z]+$/);
    await short.context.close();
    expect(short.errors).toEqual([]);
  });

  test('the home page and the deck preload the demo too, and the home page shows its word', async () => {
    const { page, context, errors } = await open(browser());
    await page.goto(baseURL() + '/');
    expect((await headPreloads(page)).scripts.some((s) => /guest\.worker/.test(s))).toBe(true);
    await expect.poll(() => page.locator('live-word .answer').textContent(), { timeout: 30_000 }).toMatch(/^[a-z]+$/);
    await page.goto(baseURL() + '/talk/containerless/');
    expect((await headPreloads(page)).scripts.some((s) => /guest\.worker/.test(s))).toBe(true);
    await context.close();
    expect(errors).toEqual([]);
  });

  test("the home page's live word moves nothing when it arrives, whatever its length, on a phone and on a wide screen", async () => {
    for (const width of [320, 412, 1280]) {
      const { page, context, errors } = await open(browser(), { viewport: { width, height: 850 } });
      await page.addInitScript(() => {
        const w = window as unknown as { shifts: number[] };
        w.shifts = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) w.shifts.push((entry as PerformanceEntry & { value: number }).value);
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(baseURL() + '/');
      const answer = page.locator('live-word .answer');
      await expect.poll(() => answer.textContent(), { timeout: 30_000 }).toMatch(/^[a-z]+$/);
      // More words, of other lengths, each replacing the last: "Another" is off while a word is asked for.
      const again = page.locator('live-word .again');
      const words = [await answer.textContent()];
      for (let i = 0; i < 4; i++) {
        await expect.poll(() => again.isEnabled()).toBe(true);
        await again.click();
        await expect.poll(() => again.isEnabled()).toBe(true);
        words.push(await answer.textContent());
      }
      expect(words.every((w) => /^d[a-z]+$/.test(w ?? ''))).toBe(true);
      const shifts = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts);
      expect({ width, shifts }).toEqual({ width, shifts: [] });
      await context.close();
      expect(errors).toEqual([]);
    }
  });
});

