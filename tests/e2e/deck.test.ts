import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { baseURL, open, untilStill, useBrowser } from './harness.ts';
import { currentPreview, openDeck, openSpeakerView, showSlide, showSlideWith, type RevealApi } from './deck-page.ts';
import { deckPages, lessonPages } from './routes.ts';

// The decks as a speaker uses them: keyboard, speaker notes, the live demo, the speaker view's copies, printing.

const browser = useBrowser();

const MAIN_DECK = '/talk/containerless/';
const LIGHTNING_DECK = '/talk/lightning/';

declare global {
  interface Window {
    Reveal: RevealApi;
  }
}

const indices = (page: Page) => page.evaluate(() => window.Reveal.getIndices());

/** Requests for the server module, i.e. a runtime booting in this page. */
function moduleRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('/word_generator.wasm')) seen.push(request.url());
  });
  return seen;
}

async function seriousAxe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('.reveal .slides > section.present').include('.reveal .controls').analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

describe('decks', () => {
  test('both decks are built and listed on /talk/', async () => {
    expect(deckPages()).toEqual(expect.arrayContaining([MAIN_DECK, LIGHTNING_DECK]));
    const { page, context } = await open(browser());
    await page.goto(baseURL() + '/talk/');
    const links = await page.locator('main a').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(links).toEqual(expect.arrayContaining([MAIN_DECK, LIGHTNING_DECK]));
    await context.close();
  });

  for (const path of [MAIN_DECK, LIGHTNING_DECK]) {
    test(`${path} loads with a title slide, a heading and notes on every slide, and content everywhere`, async () => {
      const { page, context, offsite, errors } = await open(browser());
      await openDeck(page, path);
      await expect.poll(() => page.locator('.reveal .slides > section.present h1').count()).toBe(1);
      const slides = await page.locator('.reveal .slides > section').evaluateAll((sections) =>
        sections.map((s) => {
          const copy = s.cloneNode(true) as HTMLElement;
          copy.querySelectorAll('aside.notes').forEach((n) => n.remove());
          return {
            heading: s.querySelector('h1, h2')?.textContent?.trim() ?? '',
            hasText: (copy.textContent ?? '').trim().length > 0,
            hasSvg: s.querySelector('svg') !== null,
            notes: s.querySelector('aside.notes')?.textContent?.trim() ?? '',
          };
        }),
      );
      expect(slides.length).toBeGreaterThan(path === MAIN_DECK ? 20 : 5);
      slides.forEach((slide, i) => {
        expect(slide.heading, `slide ${i} has a heading`).not.toBe('');
        expect(slide.hasText || slide.hasSvg, `slide ${i} "${slide.heading}" has content`).toBe(true);
        // Every content slide (all but the title) has speaker notes.
        if (i > 0) expect(slide.notes.length, `slide ${i} "${slide.heading}" has notes`).toBeGreaterThan(20);
      });
      // The screen reader still sees a landmark, not an opaque application (reveal#3772).
      expect(await page.locator('.reveal').getAttribute('role')).toBeNull();
      await context.close();
      expect(errors).toEqual([]);
      expect(offsite).toEqual([]);
    });
  }

  test('the keyboard moves forward and back, steps through fragments, and opens the overview', async () => {
    const { page, context, offsite } = await open(browser());
    await openDeck(page, MAIN_DECK);
    expect((await indices(page)).h).toBe(0);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await indices(page)).h).toBe(1);
    // Slide 1 builds its list with fragments: ArrowRight shows them one by one before leaving the slide.
    const fragments = await page.locator('.reveal .slides > section.present .fragment').count();
    expect(fragments).toBeGreaterThan(0);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('.reveal .slides > section.present .fragment.visible').count()).toBe(1);
    expect((await indices(page)).h).toBe(1);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await indices(page)).h).toBe(0);
    // reveal writes the hash a moment after the slide changes (longer on a busy machine).
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 10_000 }).toMatch(/^#\/?$|^$/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.reveal.overview').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.reveal.overview').count()).toBe(0);
    await context.close();
    expect(offsite).toEqual([]);
  });

  test('a code walk-through moves its highlighted lines with each step, forward and back', async () => {
    const { page, context } = await open(browser());
    await openDeck(page, MAIN_DECK);
    const index = await showSlideWith(page, 'section:has(.code-steps[data-code-steps="4"])');
    expect(index).toBeGreaterThan(0);
    const figure = page.locator('.reveal .slides > section.present .code-steps').first();
    const focused = () => figure.locator('.line.is-focus').evaluateAll((ls) => ls.map((l) => (l as HTMLElement).dataset['line']));
    // Highlighted by shiki at build time: several colours in the listing.
    const colours = await figure.locator('.line span').evaluateAll((spans) => new Set(spans.map((s) => getComputedStyle(s).color)).size);
    expect(colours).toBeGreaterThan(2);
    await expect.poll(focused).toEqual(['1', '2', '3', '4']);
    await page.keyboard.press('ArrowRight');
    await expect.poll(focused).toEqual(['4']);
    await page.keyboard.press('ArrowRight');
    await expect.poll(focused).toEqual(['12']);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(focused).toEqual(['4']);
    await context.close();
  });

  test('the demo starts only on its slide, and the module answers with a word for the chosen letter', async () => {
    const { page, context, offsite, errors } = await open(browser());
    const booted = moduleRequests(page);
    await openDeck(page, MAIN_DECK);
    const demo = page.locator('deck-word-demo');
    const widget = demo.locator('word-generator-demo');
    // Not at page load: the title slide is showing and nothing runs. The module's bytes are preloaded from the head
    // (so the demo's slide answers at once), fetched once for the whole page.
    expect(await widget.locator('.state-badge').getAttribute('data-state')).toBe('idle');
    expect(await demo.getAttribute('data-phase')).toBe('waiting');
    expect(booted.length).toBeLessThanOrEqual(1);
    // The widget's markup is slide-safe: the demo slide is one slide, not a vertical stack.
    expect(await page.locator('.reveal .slides section section').count()).toBe(0);

    const demoSlide = await showSlideWith(page, 'section[data-demo="word-generator"]');
    await expect.poll(() => widget.locator('.state-badge').getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    await expect.poll(() => demo.getAttribute('data-phase')).toBe('listening');
    await expect.poll(() => widget.locator('.word').textContent()).toMatch(/^d/i);
    expect(await demo.locator('[data-figure="cold"]').textContent()).toMatch(/^\d+ ms$/);
    expect(await demo.locator('[data-figure="size"]').textContent()).toMatch(/^\d+ KiB$/);

    await widget.locator('select.letter').selectOption('k');
    await widget.getByRole('button', { name: 'Get a word' }).click();
    await expect.poll(() => widget.locator('.word').textContent()).toMatch(/^k/i);
    expect((await indices(page)).h).toBe(demoSlide);
    expect(booted.length).toBe(1);
    await context.close();
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
  });

  test('the speaker view (S) opens with notes and timer; its previews mirror the demo, never run it, and drive it', async () => {
    const { page: audience, context, offsite } = await open(browser());
    await openDeck(audience, MAIN_DECK);
    await showSlideWith(audience, 'section[data-demo="word-generator"]');
    const audienceDemo = audience.locator('deck-word-demo');
    const audienceWidget = audienceDemo.locator('word-generator-demo');
    await expect.poll(() => audienceWidget.locator('.state-badge').getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    await expect.poll(() => audienceWidget.locator('.word').textContent()).toMatch(/^d/i);

    const notes = await openSpeakerView(context, audience);
    // The speaker view is reveal.js's own page, running under the deck's Content-Security-Policy.
    await expect.poll(() => notes.locator('.speaker-controls-notes .value').textContent(), { timeout: 15_000 }).toContain('word_generator.wasm');
    await expect.poll(() => notes.locator('.pacing').isVisible()).toBe(true);
    const current = await currentPreview(notes);
    const preview = current.locator('deck-word-demo');
    await expect.poll(() => preview.getAttribute('data-mode')).toBe('receiver');
    const audienceWord = await audienceWidget.locator('.word').textContent();
    await expect.poll(() => preview.locator('.word').textContent()).toBe(audienceWord);
    await expect.poll(() => preview.locator('.state-badge').getAttribute('data-state')).toBe('ready');
    await expect.poll(() => preview.getAttribute('data-phase')).toBe('listening');

    // The speaker picks a letter in the speaker view: the presenting window runs it, both show the answer.
    await preview.locator('select.letter').selectOption('z');
    await expect.poll(() => audienceWidget.locator('.word').textContent()).toMatch(/^z/i);
    const word = await audienceWidget.locator('.word').textContent();
    await expect.poll(() => preview.locator('.word').textContent()).toBe(word);
    // The button too: the letter box set without a change event, then "Get a word".
    await preview.locator('select.letter').evaluate((select) => ((select as HTMLSelectElement).value = 'm'));
    await preview.getByRole('button', { name: 'Get a word' }).click();
    await expect.poll(() => audienceWidget.locator('.word').textContent()).toMatch(/^m/i);
    // The previews only draw what the presenting window sends: no guest runs in the speaker view (no Worker there).
    // The module's bytes may be preloaded by each document's head; running it is what only the audience window does.
    expect(notes.workers()).toEqual([]);
    expect(audience.workers().length).toBeGreaterThan(0);
    await context.close();
    expect(offsite).toEqual([]);
  });

  test('?print-pdf&notes lays out every slide, with the notes on pages of their own, and runs nothing', async () => {
    const { page, context, offsite, errors } = await open(browser());
    const booted = moduleRequests(page);
    await openDeck(page, `${MAIN_DECK}?print-pdf&notes`);
    await expect.poll(() => page.locator('html.print-pdf').count()).toBe(1);
    const slideCount = await page.locator('.reveal .slides section').count();
    await expect.poll(() => page.locator('.reveal .pdf-page').count()).toBe(slideCount);
    const notesPages = await page.locator('.reveal .speaker-notes-pdf[data-layout="separate-page"]').count();
    expect(notesPages).toBe(slideCount);
    // Every page has something on it.
    const empty = await page.locator('.reveal .pdf-page').evaluateAll((pages) =>
      pages.filter((p) => (p.textContent ?? '').trim() === '' && !p.querySelector('svg')).length,
    );
    expect(empty).toBe(0);
    // Code walk-throughs print whole: no line left dimmed.
    const dimmed = await page.locator('.code-steps .line').evaluateAll((ls) => ls.filter((l) => getComputedStyle(l).opacity !== '1').length);
    expect(dimmed).toBe(0);
    // Nothing runs on paper: no guest Worker; at most the head's preload of the module's bytes.
    expect(page.workers()).toEqual([]);
    expect(booted.length).toBeLessThanOrEqual(1);
    await context.close();
    // Nothing refused by the Content-Security-Policy: reveal's injected print rules are allowed by hash.
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
  });

  test('no serious or critical axe violations: every slide with all its fragments (light), diagrams, code and demo (dark)', async () => {
    const failures: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      const { page, context } = await open(browser(), { theme });
      // No slide transitions: axe must see each slide at rest, not halfway through an animation.
      await openDeck(page, `${MAIN_DECK}?transition=none&backgroundTransition=none`);
      const total = await page.evaluate(() => window.Reveal.getTotalSlides());
      // Light: every slide. Dark: the title and every slide with a diagram, code or the demo.
      const slides =
        theme === 'light'
          ? Array.from({ length: total }, (_, i) => i)
          : await page.evaluate(() =>
              [...document.querySelectorAll('.reveal .slides > section')].flatMap((e, i) =>
                i === 0 || e.matches(':has(svg.deck-diagram), :has(.code-steps), [data-demo]') ? [i] : [],
              ),
            );
      for (const index of slides) {
        // A fragment index past the last shows every fragment of the slide.
        await showSlide(page, index, 0, 99);
        await untilStill(page);
        for (const v of await seriousAxe(page)) failures.push(`${theme} slide ${index}: ${v}`);
      }
      await context.close();
    }
    expect(failures).toEqual([]);
  }, 300_000);

  test("the deck's CSS does not reach lessons: no .reveal rule on a lesson page", async () => {
    const { page, context } = await open(browser());
    await page.goto(baseURL() + lessonPages()[0]);
    const revealRules = await page.evaluate(() => {
      const found: string[] = [];
      const walk = (rules: CSSRuleList) => {
        for (const rule of rules) {
          if (rule instanceof CSSStyleRule && rule.selectorText.includes('.reveal')) found.push(rule.selectorText);
          if ('cssRules' in rule) walk((rule as CSSGroupingRule).cssRules);
        }
      };
      for (const sheet of document.styleSheets) walk(sheet.cssRules);
      return found;
    });
    expect(revealRules).toEqual([]);
    await context.close();
  });
});
