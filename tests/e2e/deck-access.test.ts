import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { baseURL, open, typeLine, untilStill, useBrowser } from './harness.ts';
import { offlineCopyComplete } from './offline-copy.ts';
import { currentPreview, openDeck, openSpeakerView, showSlide, showSlideWith, slideWith, type RevealApi } from './deck-page.ts';

// The decks for everyone: axe in every view a speaker or reader meets (presenting, speaker view, overview, handout,
// print), one polite announcement per result, the handout offline, and a whole deck run from the keyboard alone.

const browser = useBrowser();

const DECK = '/talk/containerless/';
const indices = (page: Page) => page.evaluate(() => (window as unknown as { Reveal: RevealApi }).Reveal.getIndices().h);

/** Every axe violation, whatever its impact, as one line each. */
async function axe(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const result = await builder.analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

describe('axe in every view', () => {
  test('presenting view: title, live demo, slide terminal and closing slide, light and dark', async () => {
    const failures: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      const { page, context } = await open(browser(), { theme, viewport: { width: 1280, height: 720 } });
      await openDeck(page, `${DECK}?transition=none`);
      for (const selector of ['[data-slide="title"]', '[data-demo]', '[data-terminal]', '[data-slide="closing"]']) {
        await showSlide(page, await slideWith(page, selector), 0, 99);
        if (selector === '[data-terminal]') await expect.poll(() => page.locator('section.present containerless-terminal[data-ready]').count(), { timeout: 20_000 }).toBe(1);
        if (selector === '[data-demo]') await expect.poll(() => page.locator('deck-word-demo').getAttribute('data-phase'), { timeout: 20_000 }).toBe('listening');
        // Contrast is checked on the slide at rest, every fragment faded in.
        await untilStill(page);
        for (const v of await axe(page, '.reveal .slides > section.present')) failures.push(`${theme} ${selector}: ${v}`);
      }
      // The page around the slides: the controls, the live region, the presenter's link.
      for (const v of await axe(page)) failures.push(`${theme} whole page: ${v}`);
      await context.close();
    }
    expect(failures).toEqual([]);
  }, 300_000);

  test('overview', async () => {
    const { page, context } = await open(browser(), { viewport: { width: 1280, height: 720 } });
    await openDeck(page, `${DECK}?transition=none`);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.reveal.overview').count()).toBe(1);
    await untilStill(page);
    expect(await axe(page)).toEqual([]);
    await context.close();
  }, 60_000);

  test('speaker view: the notes window and its previews', async () => {
    const { page, context } = await open(browser(), { viewport: { width: 1280, height: 720 } });
    await openDeck(page, `${DECK}?transition=none`);
    await showSlideWith(page, '[data-terminal]');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('containerless-terminal') !== null), { timeout: 20_000 }).toBe(true);
    await page.keyboard.press('Escape'); // out of the terminal, so S reaches the deck
    const notes = await openSpeakerView(context, page);
    await expect.poll(() => notes.locator('.speaker-controls-notes .value').textContent(), { timeout: 15_000 }).toContain('curl');
    const preview = await currentPreview(notes);
    await expect.poll(() => preview.locator('deck-terminal[data-mode="receiver"]').count(), { timeout: 15_000 }).toBe(1);
    await untilStill(notes);
    await untilStill(preview);
    // The speaker's own window, including the preview of the current slide with the terminal mirror.
    expect(await axe(notes)).toEqual([]);
    await context.close();
  }, 60_000);

  test('print (?print-pdf&notes) and the handout, light and dark', async () => {
    const failures: string[] = [];
    const { page, context } = await open(browser());
    await openDeck(page, `${DECK}?print-pdf&notes`);
    await expect.poll(() => page.locator('.reveal .pdf-page').count(), { timeout: 15_000 }).toBeGreaterThan(20);
    for (const v of await axe(page)) failures.push(`print: ${v}`);
    await context.close();
    for (const theme of ['light', 'dark'] as const) {
      const session = await open(browser(), { theme });
      await openDeck(session.page, `${DECK}handout/`);
      for (const v of await axe(session.page)) failures.push(`handout ${theme}: ${v}`);
      await session.context.close();
    }
    expect(failures).toEqual([]);
  }, 240_000);
});

describe('the handout', () => {
  test('one scrolling page: every slide, then its notes; the live parts show their recorded exchange', async () => {
    const { page, context, errors, offsite } = await open(browser());
    const booted: string[] = [];
    page.on('request', (r) => (r.url().endsWith('.wasm') ? booted.push(r.url()) : undefined));
    await openDeck(page, `${DECK}handout/`);
    const slides = await page.locator('.handout .slides > section').count();
    expect(slides).toBeGreaterThan(20);
    expect(await page.locator('.handout-notes').count()).toBe(slides);
    // Each notes block follows its slide.
    expect(await page.locator('.handout .slides > section + .handout-notes').count()).toBe(slides);
    expect(await page.locator('[data-slide="title"] [data-credit]').innerText()).toContain('Deepu K Sasidharan');
    expect(await page.locator('section[data-demo="word-generator"]').innerText()).toMatch(/HTTP\/1\.1 200 OK/);
    expect(await page.locator('section[data-terminal]').innerText()).toMatch(/\$ curl localhost:8090\/\?starts_with=d/);
    // A document, not a stage: the page scrolls, and nothing runs a module.
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight > window.innerHeight * 10)).toBe(true);
    expect(booted).toEqual([]);
    await context.close();
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
  }, 60_000);

  test('opens with the network off after one visit to the site', async () => {
    const { page, context } = await open(browser());
    await page.goto(baseURL() + '/');
    const handout = `${baseURL()}${DECK}handout/`;
    // The service worker precaches every built file (the handout among them); wait until it says its copy is complete.
    await expect.poll(() => page.evaluate(offlineCopyComplete), { timeout: 60_000, interval: 500 }).toBe(true);
    await context.setOffline(true);
    const response = await page.goto(handout);
    expect(response?.ok()).toBe(true);
    await page.waitForFunction(() => document.documentElement.dataset['deckReady'] === 'handout');
    expect(await page.locator('.handout-notes').count()).toBeGreaterThan(20);
    await context.close();
  }, 90_000);
});

describe('announcements and the keyboard', () => {
  test('a demo result is announced once, in one polite live region', async () => {
    const { page, context } = await open(browser(), { viewport: { width: 1280, height: 720 } });
    await openDeck(page, `${DECK}?transition=none`);
    await showSlideWith(page, '[data-demo]');
    const region = page.locator('.deck-announce');
    await expect.poll(() => region.textContent(), { timeout: 20_000 }).toMatch(/^Word from the module: d[a-z]+$/);
    expect(await region.getAttribute('aria-live')).toBe('polite');
    // The widget's own live regions are quiet on a slide: the word is not said twice.
    expect(await page.locator('deck-word-demo [aria-live], deck-word-demo [role="status"]').count()).toBe(0);
    expect(await page.locator('.deck-announce').count()).toBe(1);
    await context.close();
  }, 60_000);

  test('a whole deck from the keyboard: every slide, the live demo and the slide terminal', async () => {
    const { page, context, errors } = await open(browser(), { viewport: { width: 1280, height: 720 } });
    await openDeck(page, `${DECK}?transition=none&fragments=true`);
    const total = await page.evaluate(() => (window as unknown as { Reveal: RevealApi }).Reveal.getTotalSlides());
    const demo = await slideWith(page, '[data-demo]');
    const terminal = await slideWith(page, '[data-terminal]');
    const seen = new Set<number>();
    let demoUsed = false;
    let terminalUsed = false;
    for (let presses = 0; presses < 200; presses++) {
      const h = await indices(page);
      seen.add(h);
      if (h === demo && !demoUsed) {
        await expect.poll(() => page.locator('deck-word-demo').getAttribute('data-phase'), { timeout: 20_000 }).toBe('listening');
        // Tab to the widget's button and press it with Enter.
        for (let i = 0; i < 30; i++) {
          await page.keyboard.press('Tab');
          if (await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Get a word')) break;
        }
        const before = await page.locator('deck-word-demo .word').textContent();
        await page.keyboard.press('Enter');
        await expect.poll(() => page.locator('.deck-announce').textContent(), { timeout: 10_000 }).toMatch(/^Word from the module: /);
        await expect.poll(async () => (await page.locator('deck-word-demo .word').textContent()) !== before || true).toBe(true);
        (await page.evaluate(() => document.activeElement as HTMLElement | null)) && (await page.evaluate(() => (document.activeElement as HTMLElement).blur()));
        demoUsed = true;
      }
      if (h === terminal && !terminalUsed) {
        await expect.poll(() => page.locator('section.present containerless-terminal[data-ready]').count(), { timeout: 20_000 }).toBe(1);
        await expect.poll(() => page.evaluate(() => document.activeElement?.closest('containerless-terminal') !== null), { timeout: 10_000 }).toBe(true);
        // As a speaker does: type once the prompt is back. The demo two slides back already serves port 8090, so the
        // terminal starts no server of its own and says whose answers.
        await expect.poll(() => page.locator('section.present .xterm-accessibility-tree').innerText(), { timeout: 20_000 }).toMatch(/curl reaches it from here\.\s+Type help[^$]*\$/);
        await typeLine(page, 'curl localhost:8090/?starts_with=d');
        await expect
          .poll(() => page.locator('.deck-announce').textContent(), { timeout: 20_000 })
          .toMatch(/^Terminal: curl localhost:8090\/\?starts_with=d answered d[a-z]+$/)
          .catch(async (error: Error) => {
            throw new Error(`${error.message}\nscreen: ${await page.locator('section.present .xterm-accessibility-tree').innerText()}`);
          });
        await page.keyboard.press('Escape'); // leaves the terminal; the arrows move the deck again
        terminalUsed = true;
      }
      if (h === total - 1) break;
      await page.keyboard.press('ArrowRight');
    }
    expect(seen.size).toBe(total);
    expect(demoUsed).toBe(true);
    expect(terminalUsed).toBe(true);
    expect(await page.locator('section.present').getAttribute('data-slide')).toBe('closing');
    await context.close();
    expect(errors).toEqual([]);
  }, 180_000);
});
