import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { baseURL, launch, open } from './harness.ts';
import { pdfPages } from '../support/pdf.ts';

// The decks on a real stage: the credit to the talk's author, the overview during questions, the closing slide's
// address and QR code, and presenter chrome the room never sees. Screenshots go to $DECK_SHOTS when it is set.

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const DECKS = ['/talk/containerless/', '/talk/lightning/'];
const shots = process.env['DECK_SHOTS'];

async function openDeck(page: Page, path: string): Promise<void> {
  const response = await page.goto(baseURL() + path);
  expect(response?.status(), path).toBe(200);
  await page.waitForFunction(() => document.documentElement.dataset['deckReady'] !== undefined);
}

async function shot(target: Page | Locator, name: string): Promise<Buffer> {
  const png = await target.screenshot(shots ? { path: `${shots}/${name}.png` } : {});
  return png;
}

/** Pixels that differ from the image's most common colour: 0 for a blank picture. */
function inkedPixels(png: Buffer): number {
  const image = PNG.sync.read(png);
  const counts = new Map<number, number>();
  const { data } = image;
  for (let i = 0; i < data.length; i += 4) {
    const key = ((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const background = Math.max(...counts.values());
  return data.length / 4 - background;
}

/** reveal.js's API on the page (src/deck/start.ts puts it on window, as reveal.js's tools expect). */
interface RevealApi {
  slide(h: number, v?: number, f?: number): void;
  getTotalSlides(): number;
  getIndices(): { h: number };
}
const lastSlide = (page: Page) => page.evaluate(() => (window as unknown as { Reveal: RevealApi }).Reveal.slide((window as unknown as { Reveal: RevealApi }).Reveal.getTotalSlides() - 1));

describe('credit to the original talk', () => {
  const credit = /Deepu K Sasidharan[\s\S]*deepu105\/word-generator-wasi-rust/;
  for (const path of DECKS) {
    test(`${path}: on the title slide and the closing slide, linking the repository`, async () => {
      const { page, context } = await open(browser);
      await openDeck(page, path);
      const title = page.locator('.reveal .slides > section').first();
      expect(await title.getAttribute('data-slide')).toBe('title');
      expect(await title.locator('[data-credit]').innerText()).toMatch(credit);
      expect(await title.locator('[data-credit]').innerText()).toContain('Go containerless on Kubernetes with WebAssembly and Rust');
      await lastSlide(page);
      const closing = page.locator('.reveal .slides > section.present');
      expect(await closing.getAttribute('data-slide')).toBe('closing');
      const text = await closing.locator('[data-credit]').innerText();
      expect(text).toMatch(credit);
      // What the course changed, said plainly.
      expect(text).toMatch(/std-only/);
      expect(text).toMatch(/KWasm/);
      expect(text).toMatch(/browser/);
      expect(await closing.locator('[data-credit] a').getAttribute('href')).toBe('https://github.com/deepu105/word-generator-wasi-rust');
      await context.close();
    });
  }

  for (const path of ['/', '/about/', '/learn/why-containerless/']) {
    test(`${path} names the author, the talk and the repository`, async () => {
      const { page, context } = await open(browser);
      const response = await page.goto(baseURL() + path);
      expect(response?.status()).toBe(200);
      const block = page.locator('[data-credit]').first();
      expect(await block.innerText()).toMatch(credit);
      expect(await block.locator('a[href="https://github.com/deepu105/word-generator-wasi-rust"]').count()).toBe(1);
      await context.close();
    });
  }
});

describe('on stage', () => {
  test('the overview (Esc) shows every slide as a thumbnail with something on it', async () => {
    const { page, context } = await open(browser, { viewport: { width: 1280, height: 720 } });
    await openDeck(page, `${DECKS[0]}?transition=none`);
    await shot(page, 'title');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.reveal.overview').count()).toBe(1);
    await page.waitForTimeout(600);
    await shot(page, 'overview');
    const slides = page.locator('.reveal .slides > section');
    const total = await slides.count();
    // Every thumbnail is laid out and shown, not only the current slide.
    const shown = await slides.evaluateAll((sections) =>
      sections.filter((s) => {
        const box = s.getBoundingClientRect();
        return getComputedStyle(s).display !== 'none' && box.width > 20 && box.height > 10 && (s.querySelector('h1, h2') as HTMLElement | null)?.checkVisibility();
      }).length,
    );
    expect(shown).toBe(total);
    // And a thumbnail far from the current slide has ink on it (the bug: blank boxes for every slide but one).
    for (const index of [1, Math.floor(total / 2), total - 1]) {
      const thumb = slides.nth(index);
      await thumb.scrollIntoViewIfNeeded();
      expect(inkedPixels(await thumb.screenshot()), `thumbnail ${index}`).toBeGreaterThan(200);
    }
    // Presenter chrome appears in the overview only.
    expect(await page.locator('.deck-home').boundingBox().then((b) => (b?.width ?? 0) > 20)).toBe(true);
    await context.close();
  });

  for (const path of DECKS) {
    test(`${path}: the closing slide shows the site's address and a QR code that decodes to it`, async () => {
      const { page, context } = await open(browser, { viewport: { width: 1280, height: 720 } });
      await openDeck(page, `${path}?transition=none`);
      await lastSlide(page);
      await page.waitForTimeout(300);
      const closing = page.locator('.reveal .slides > section.present');
      const url = await closing.locator('[data-site-url]').getAttribute('href');
      // The build's default: the configured site and base (astro.config.mjs), unless DECK_URL was set.
      expect(url).toBe(process.env['DECK_URL'] ?? 'http://localhost:4321/');
      expect(await closing.locator('[data-site-url]').innerText()).toBe(url!.replace(/^https?:\/\//, '').replace(/\/$/, ''));
      if (path === DECKS[0]) await shot(page, 'closing');
      const png = PNG.sync.read(await closing.locator('.qr').screenshot());
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(decoded?.data).toBe(url);
      await context.close();
    });
  }

  test('presenter chrome: the audience window shows no "All decks" link or key hints until the keyboard asks', async () => {
    const { page, context } = await open(browser, { viewport: { width: 1280, height: 720 } });
    await openDeck(page, DECKS[0]!);
    const link = page.locator('.deck-home');
    expect((await link.boundingBox())?.width ?? 0).toBeLessThanOrEqual(1);
    expect(await page.locator('.reveal .slides > section.present').innerText()).not.toMatch(/speaker view|fullscreen/i);
    // Reachable by keyboard: the first Tab shows it.
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe('deck-home');
    expect((await link.boundingBox())?.width ?? 0).toBeGreaterThan(20);
    await context.close();
  });
});

describe('on paper', () => {
  for (const notes of [false, true]) {
    test(`?print-pdf${notes ? '&notes' : ''}: one page per slide${notes ? ' and per notes page' : ''}, text on every page, no blank page`, async () => {
      const { page, context, errors } = await open(browser);
      await openDeck(page, `${DECKS[0]}?print-pdf${notes ? '&notes' : ''}`);
      await expect.poll(() => page.locator('html.print-pdf').count(), { timeout: 15_000 }).toBe(1);
      const slides = await page.locator('.reveal .slides section').count();
      await expect.poll(() => page.locator('.reveal .pdf-page').count(), { timeout: 15_000 }).toBe(slides);
      const notesPages = await page.locator('.reveal .speaker-notes-pdf').count();
      // Every slide has notes (deck.test.ts checks it), so asking for notes adds one page per slide.
      expect(notesPages).toBe(notes ? slides : 0);
      // The live demo prints a real recorded exchange, not the idle widget's placeholders.
      const demo = page.locator('.reveal .pdf-page section[data-demo]');
      expect(await demo.innerText()).toMatch(/HTTP\/1\.1 200 OK[\s\S]*Content-Type: text\/plain/);
      expect(await demo.innerText()).not.toMatch(/not started|Word: —/);
      expect(await page.locator('.reveal .pdf-page section[data-terminal]').innerText()).toMatch(/\$ curl localhost:8090\/\?starts_with=d\n[a-z]+\n/);
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const pages = pdfPages(pdf);
      expect(pages.length).toBe(slides + notesPages);
      const blank = pages.flatMap((p, i) => (p.hasText ? [] : [i + 1]));
      expect(blank, 'pages without text').toEqual([]);
      await context.close();
      expect(errors).toEqual([]);
    }, 60_000);
  }
});
