// After one online visit the whole site works with the network off: the service worker (dist/sw.js) has
// precached every built file, pages come from its copy, and the deck's live demo still answers curl.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { baseURL, hasWord, open, readyTerminal, terminalText, typeLine, useBrowser, type Session } from './harness.ts';
import { deckPages, lessonPages, sitePages } from './routes.ts';
import { offlineStatus, type OfflineStatus } from './offline-copy.ts';

const workerFile = new URL('../../dist/sw.js', import.meta.url);
const builtWorker = () => readFileSync(workerFile, 'utf8');
/** The first lesson whose built page holds `tag`. */
const lessonWith = (tag: string) =>
  lessonPages().find((p) => readFileSync(new URL(`../../dist${p}index.html`, import.meta.url), 'utf8').includes(`<${tag}`));
const builtVersion = () => /"version":"([0-9a-f]+)"/.exec(builtWorker())?.[1];

/** Shows the deck's slide holding the live demo (the deck keeps the slide index in the hash). */
async function showDemoSlide(page: Page): Promise<void> {
  const index = await page.evaluate(() =>
    [...document.querySelectorAll('.slides > section')].findIndex((s) => s.querySelector('deck-word-demo')),
  );
  expect(index, 'the deck has a live demo slide').toBeGreaterThanOrEqual(0);
  await page.evaluate((i) => (location.hash = `#/${i}`), index);
}

/** Waits until the page's active service worker is `version`'s (a new one activates once no page uses the old). */
async function untilVersion(page: Page, version: string | undefined, timeout = 30_000): Promise<OfflineStatus> {
  await expect.poll(async () => (await offlineStatus(page)).version, { timeout }).toBe(version);
  return offlineStatus(page);
}

const browser = useBrowser();
let session: Session;
beforeAll(async () => {
  session = await open(browser());
  await session.page.goto(baseURL() + '/');
  // A fresh context has had no other worker: the first one active (what offlineStatus waits for) is this build's.
  const { version } = await offlineStatus(session.page);
  if (version !== builtVersion()) throw new Error(`the service worker is at version ${version}, not ${builtVersion()}`);
});
afterAll(async () => {
  await session?.context.close();
});

describe('after one visit', () => {
  test('the service worker is active, controls the page and holds every built file of this version', async () => {
    const status = await offlineStatus(session.page);
    expect(status.cached).toBe(status.expected);
    const worker = builtWorker();
    for (const path of [...sitePages(), ...deckPages(), '/wasm/word_generator.wasm', '/wasm/word_generator_cli.wasm']) {
      expect(worker, `${path} is precached`).toContain(`"${path}"`);
    }
    await session.page.reload();
    expect(await session.page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  });
});

describe('with the network off', () => {
  beforeAll(async () => {
    await session.context.setOffline(true);
  });
  afterAll(async () => {
    await session.context.setOffline(false);
  });

  test('the network really is off: a file the site never built cannot be fetched', async () => {
    const { page } = session;
    const outcome = await page.evaluate(() =>
      fetch('/not-precached-' + Date.now() + '.txt').then((r) => `status ${r.status}`, () => 'failed'),
    );
    expect(outcome).toBe('failed');
  });

  test('every page reloads from the offline copy', async () => {
    const { page } = session;
    for (const path of [...sitePages(), ...deckPages()]) {
      const response = await page.goto(baseURL() + path);
      expect(response?.status(), path).toBe(200);
      expect(response?.fromServiceWorker(), `${path} came from the service worker`).toBe(true);
      expect((await page.locator('h1').first().textContent())?.trim().length, `${path} has its h1`).toBeGreaterThan(0);
    }
  });

  test('a lesson reloads with its styles, and an address without the trailing slash finds the same page', async () => {
    const { page } = session;
    const lesson = lessonPages()[0]!;
    await page.goto(baseURL() + lesson);
    await page.reload();
    const title = await page.locator('h1').first().textContent();
    // The stylesheet came from the copy too: the skip link is styled off screen, not in the flow.
    expect(await page.locator('.skip-link').evaluate((a) => getComputedStyle(a).position)).not.toBe('static');
    await page.goto(baseURL() + lesson.replace(/\/$/, ''));
    expect(await page.locator('h1').first().textContent()).toBe(title);
  });

  test('search finds lessons from the offline copy of the index', async () => {
    const { page } = session;
    expect(builtWorker(), 'the search index is precached').toContain('"/pagefind/pagefind.js"');
    await page.goto(baseURL() + '/search/?q=WebAssembly');
    await expect.poll(() => page.locator('main .results li').count(), { timeout: 15_000 }).toBeGreaterThan(0);
  });

  test('an address the site does not have gets the 404 page, not a browser error', async () => {
    const response = await session.page.goto(baseURL() + '/no/such/page/');
    expect(response?.status()).toBe(404);
    expect(await session.page.locator('h1').textContent()).toBe('Page not found');
  });

  test('a lesson reloads, its live demo gets a word, and curl in its terminal reaches the module', async () => {
    const { page } = session;
    const lesson = lessonWith('word-generator-demo') ?? lessonWith('containerless-terminal');
    expect(lesson, 'a lesson has the live demo or the terminal').toBeDefined();
    await page.goto(baseURL() + lesson);
    await page.reload();
    const demo = page.locator('word-generator-demo').first();
    if ((await demo.count()) > 0) {
      await demo.scrollIntoViewIfNeeded();
      await expect.poll(() => demo.locator('.word').textContent(), { timeout: 20_000 }).toMatch(/^[a-z]+$/);
    }
    if ((await page.locator('containerless-terminal').count()) > 0) {
      await readyTerminal(page);
      // On a page with the demo, its server already holds 8090 on the page's one network: the terminal says so
      // and curl reaches that server; elsewhere the terminal starts its own.
      await typeLine(page, 'wasmedge word_generator.wasm &');
      await expect.poll(() => terminalText(page), { timeout: 20_000 }).toMatch(/Listening on|It is the word generator demo on this page/);
      await typeLine(page, 'curl localhost:8090/?starts_with=k');
      await expect.poll(() => hasWord(page, 'k'), { timeout: 20_000 }).toBe(true);
    }
  });

  test('the deck reloads and its live demo starts the module and answers curl', async () => {
    const { page } = session;
    const deck = deckPages()[0]!;
    await page.goto(baseURL() + deck);
    await page.reload();
    await showDemoSlide(page);
    const widget = page.locator('deck-word-demo word-generator-demo').first();
    await expect.poll(() => widget.locator('.word').textContent(), { timeout: 20_000 }).toMatch(/^[a-z]+$/i);
    await widget.locator('select.letter').selectOption('k');
    await widget.getByRole('button', { name: 'Get a word' }).click();
    await expect.poll(() => widget.locator('.word').textContent(), { timeout: 10_000 }).toMatch(/^k[a-z]*$/i);
  });
});

describe('back online', () => {
  test('pages come from the network again (fresh after a deploy), with the copy kept for next time', async () => {
    const { page } = session;
    const response = await page.goto(baseURL() + '/');
    expect(response?.status()).toBe(200);
    const status = await offlineStatus(page);
    expect(status.cached).toBe(status.expected);
  });

  test('a new version installs completely in the background and replaces the old copy only on the next visit', async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(baseURL() + '/');
    const first = await untilVersion(page, builtVersion());
    // A deploy: the server now holds a worker with another version (same length, so nothing else moves).
    const next = first.version.replace(/./g, (c) => (c === 'f' ? 'e' : 'f'));
    const original = builtWorker();
    writeFileSync(workerFile, original.replace(`"version":"${first.version}"`, `"version":"${next}"`));
    try {
      const installed = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        await registration.update();
        const worker = registration.installing ?? registration.waiting;
        if (worker && worker.state === 'installing') {
          await new Promise<void>((resolve) => worker.addEventListener('statechange', () => resolve()));
        }
        return { waiting: registration.waiting !== null, caches: await caches.keys() };
      });
      // The open page keeps the version it started with; both complete copies exist side by side meanwhile.
      expect(installed.waiting).toBe(true);
      expect(installed.caches.sort()).toEqual([`containerless-${first.version}`, `containerless-${next}`].sort());
      expect((await offlineStatus(page)).version).toBe(first.version);
      // The next visit (the old page closed) starts on the new version, with its full copy, and the old copy is gone.
      await page.close();
      const later = await context.newPage();
      await later.goto(baseURL() + '/');
      const status = await untilVersion(later, next);
      expect(status.cached).toBe(status.expected);
      expect(await later.evaluate(() => caches.keys())).toEqual([`containerless-${next}`]);
    } finally {
      writeFileSync(workerFile, original);
      await context.close();
    }
  });
});
