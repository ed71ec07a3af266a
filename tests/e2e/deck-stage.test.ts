import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { baseURL, holdFor, open, typeLine, untilStill, useBrowser } from './harness.ts';
import { currentPreview, openDeck, openSpeakerView, showSlide, showSlideWith, type RevealApi } from './deck-page.ts';
import { pdfPages } from '../support/pdf.ts';

// The decks on a real stage: the credit to the talk's author, the overview during questions, the closing slide's
// address and QR code, and presenter chrome the room never sees. Screenshots go to $DECK_SHOTS when it is set.

const browser = useBrowser();

const DECKS = ['/talk/containerless/', '/talk/lightning/'];
const shots = process.env['DECK_SHOTS'];

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

const lastSlide = (page: Page) => page.evaluate(() => (window as unknown as { Reveal: RevealApi }).Reveal.slide((window as unknown as { Reveal: RevealApi }).Reveal.getTotalSlides() - 1));

describe('credit to the original talk', () => {
  const credit = /Deepu K Sasidharan[\s\S]*deepu105\/word-generator-wasi-rust/;
  for (const path of DECKS) {
    test(`${path}: on the title slide and the closing slide, linking the repository`, async () => {
      const { page, context } = await open(browser());
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
      const { page, context } = await open(browser());
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
    const { page, context } = await open(browser(), { viewport: { width: 1280, height: 720 } });
    await openDeck(page, `${DECKS[0]}?transition=none`);
    await shot(page, 'title');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.reveal.overview').count()).toBe(1);
    await untilStill(page);
    await shot(page, 'overview');
    const slides = page.locator('.reveal .slides > section');
    const total = await slides.count();
    // Walk the overview to a few slides far from the title: each thumbnail in view has ink on it
    // (the bug: blank boxes for every slide but the current one).
    for (const index of [1, 2, Math.floor(total / 2), total - 1]) {
      await showSlide(page, index);
      // The overview slides to the selected thumbnail; look once it is in place.
      await untilStill(page);
      expect(await page.locator('.reveal.overview').count(), 'still in the overview').toBe(1);
      // Its neighbours too: the thumbnails around the selected one are what the speaker sees.
      for (const near of [index - 1, index].filter((i) => i >= 0)) {
        const thumb = slides.nth(near);
        expect(await thumb.evaluate((s) => getComputedStyle(s).display), `thumbnail ${near} is laid out`).not.toBe('none');
        const heading = await thumb.locator('h1, h2').first().evaluate((h) => (h as HTMLElement).checkVisibility({ visibilityProperty: true, opacityProperty: true }));
        expect(heading, `thumbnail ${near} shows its heading`).toBe(true);
        expect(inkedPixels(await thumb.screenshot()), `thumbnail ${near} has ink`).toBeGreaterThan(300);
      }
    }
    // Presenter chrome appears in the overview only.
    expect(((await page.locator('.deck-home').boundingBox())?.width ?? 0) > 20).toBe(true);
    await context.close();
  });

  for (const path of DECKS) {
    test(`${path}: the closing slide shows the site's address and a QR code that decodes to it`, async () => {
      const { page, context } = await open(browser(), { viewport: { width: 1280, height: 720 } });
      await openDeck(page, `${path}?transition=none`);
      await lastSlide(page);
      const closing = page.locator('.reveal .slides > section.present[data-slide="closing"]');
      await closing.waitFor();
      await untilStill(page);
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
    const { page, context } = await open(browser(), { viewport: { width: 1280, height: 720 } });
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
      const { page, context, errors } = await open(browser());
      await openDeck(page, `${DECKS[0]}?print-pdf${notes ? '&notes' : ''}`);
      await expect.poll(() => page.locator('html.print-pdf').count(), { timeout: 15_000 }).toBe(1);
      const slides = await page.locator('.reveal .slides section').count();
      await expect.poll(() => page.locator('.reveal .pdf-page').count(), { timeout: 15_000 }).toBe(slides);
      const notesPages = await page.locator('.reveal .speaker-notes-pdf').count();
      // Every slide has notes (deck.test.ts checks it), so asking for notes adds one page per slide.
      expect(notesPages).toBe(notes ? slides : 0);
      // The live demo prints a real recorded exchange, not the idle widget's placeholders.
      const demo = page.locator('.reveal .pdf-page section[data-demo="word-generator"]');
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

describe('the terminal in a slide', () => {
  const goToTerminal = async (page: Page) => {
    const index = await showSlideWith(page, '[data-terminal]');
    expect(index).toBeGreaterThan(0);
    return index;
  };
  const screenText = (page: Page) => page.locator('.reveal section.present containerless-terminal .xterm-accessibility-tree').innerText();

  test('the speaker types curl on the slide and the module answers, in text large enough for the room', async () => {
    const { page, context, offsite } = await open(browser(), { viewport: { width: 1280, height: 720 } });
    await openDeck(page, `${DECKS[0]}?transition=none`);
    // Nothing starts at page load.
    expect(await page.locator('containerless-terminal').count()).toBe(0);
    await goToTerminal(page);
    const terminal = page.locator('.reveal section.present containerless-terminal');
    await expect.poll(() => terminal.getAttribute('data-ready'), { timeout: 20_000 }).toBe('');
    // The server was started for the speaker; focus is in the terminal.
    await expect.poll(() => screenText(page), { timeout: 20_000 }).toContain('runs in the background on port 8090');
    await typeLine(page, 'curl localhost:8090/?starts_with=d');
    await expect.poll(() => screenText(page), { timeout: 20_000 }).toMatch(/curl localhost:8090\/\?starts_with=d\s+d[a-z]+\s+GET \/\?starts_with=d 200/);
    // Readable from the back: a terminal row is at least a thirtieth of the slide's height (31 px rows on a 720 px
    // slide, 46 px on a 1080p projector), as tall as the deck's body text.
    const ratio = await terminal.evaluate((t) => {
      const screen = t.querySelector('.xterm-screen')!.getBoundingClientRect();
      const rows = t.querySelectorAll('.xterm-accessibility-tree > div').length;
      const slide = document.querySelector('.reveal .slides > section.present')!.closest('.slides')!.getBoundingClientRect();
      return screen.height / rows / slide.height;
    });
    expect(ratio).toBeGreaterThanOrEqual(1 / 30);
    await shot(page, 'terminal');
    // Esc leaves the terminal and does nothing else; the next Esc is the deck's again (the overview).
    const overview = () => page.evaluate(() => (window as unknown as { Reveal: RevealApi }).Reveal.isOverview());
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.closest('.xterm') === null)).toBe(true);
    expect(await overview()).toBe(false);
    await page.keyboard.press('Escape');
    expect(await overview()).toBe(true);
    await context.close();
    expect(offsite).toEqual([]);
  }, 60_000);

  test('after the live demo, the slide terminal curls the demo\'s server: one page network, no second server', async () => {
    const { page, context, offsite } = await open(browser(), { viewport: { width: 1280, height: 720 } });
    await openDeck(page, `${DECKS[0]}?transition=none`);
    await showSlideWith(page, '[data-demo="word-generator"]');
    await expect.poll(() => page.locator('.reveal section.present deck-word-demo').getAttribute('data-phase'), { timeout: 20_000 }).toBe('listening');
    await goToTerminal(page);
    const terminal = page.locator('.reveal section.present containerless-terminal');
    await expect.poll(() => terminal.getAttribute('data-ready'), { timeout: 20_000 }).toBe('');
    await expect.poll(() => screenText(page), { timeout: 20_000 }).toContain('Already listening on port 8090: the word generator demo');
    await typeLine(page, 'curl localhost:8090/?starts_with=d');
    await expect.poll(() => screenText(page), { timeout: 20_000 }).toMatch(/curl localhost:8090\/\?starts_with=d\s+d[a-z]+/);
    // The terminal started nothing of its own: no background job, and no "address in use" on stage.
    await typeLine(page, 'jobs');
    await expect.poll(() => screenText(page), { timeout: 20_000 }).toContain('No background jobs.');
    expect(await screenText(page)).not.toContain('Address already in use');
    await context.close();
    expect(offsite).toEqual([]);
  }, 60_000);

  test('the speaker view mirrors the terminal and runs the speaker\'s command in the presenting window', async () => {
    const { page: audience, context } = await open(browser(), { viewport: { width: 1280, height: 720 } });
    await openDeck(audience, `${DECKS[0]}?transition=none`);
    await goToTerminal(audience);
    await expect.poll(() => screenText(audience), { timeout: 20_000 }).toContain('port 8090');
    await typeLine(audience, 'curl localhost:8090/?starts_with=k');
    await expect.poll(() => screenText(audience), { timeout: 20_000 }).toMatch(/\bk[a-z]+\s+GET \/\?starts_with=k 200/);
    await audience.keyboard.press('Escape'); // leave the terminal, so S reaches the deck
    const notes = await openSpeakerView(context, audience);
    const preview = await currentPreview(notes);
    const mirror = preview.locator('deck-terminal');
    await expect.poll(() => mirror.getAttribute('data-mode'), { timeout: 15_000 }).toBe('receiver');
    // No runtime in the preview: it never clones the live terminal.
    expect(await preview.locator('containerless-terminal').count()).toBe(0);
    await expect.poll(() => mirror.locator('.deck-term-mirror pre').innerText(), { timeout: 15_000 }).toMatch(/\$ curl localhost:8090\/\?starts_with=k\nk[a-z]+\n/);
    // The speaker runs a command from the speaker view: the presenting window's terminal runs it, both show it.
    await mirror.locator('input[name="command"]').fill('curl localhost:8090/?starts_with=z');
    await mirror.getByRole('button', { name: 'Run there' }).click();
    await expect.poll(() => screenText(audience), { timeout: 20_000 }).toMatch(/\bz[a-z]+\s+GET \/\?starts_with=z 200/);
    await expect.poll(() => mirror.locator('.deck-term-mirror pre').innerText(), { timeout: 15_000 }).toMatch(/starts_with=z\nz[a-z]+\n/);
    await context.close();
  }, 90_000);

  test('R replays the recorded session at typing pace, marked as a replay, and pauses', async () => {
    const { page, context } = await open(browser(), { viewport: { width: 1280, height: 720 } });
    await openDeck(page, `${DECKS[0]}?transition=none`);
    await goToTerminal(page);
    await expect.poll(() => page.locator('.reveal section.present containerless-terminal').getAttribute('data-ready'), { timeout: 20_000 }).toBe('');
    await page.keyboard.press('Escape'); // out of the terminal: keys reach the deck again
    await page.keyboard.press('r');
    const frame = page.locator('.reveal section.present deck-terminal');
    await expect.poll(() => frame.getAttribute('data-replay')).toBe('playing');
    const replay = frame.locator('.deck-term-replay');
    expect(await replay.isVisible()).toBe(true);
    expect(await replay.locator('.deck-term-badge').innerText()).toMatch(/^Replay of a session recorded on \d{4}-\d{2}-\d{2}, not live/i);
    expect(await frame.locator('.deck-term-live').isVisible()).toBe(false);
    const text = () => replay.locator('pre').innerText();
    // Typed, not pasted: part of the first command shows before all of it.
    await expect.poll(async () => (await text()).length, { timeout: 5_000 }).toBeGreaterThan(4);
    expect((await text()).length).toBeLessThan('$ wasmedge word_generator.wasm &'.length + 1);
    await page.keyboard.press('r');
    expect(await frame.getAttribute('data-replay')).toBe('paused');
    const paused = await text();
    // About time itself: within a command the replay's longest wait between frames is 350 ms (Enter), so a replay
    // that had not paused would type more within this hold.
    await holdFor(800, 'a paused replay types nothing more');
    expect(await text()).toBe(paused);
    await frame.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => frame.getAttribute('data-replay'), { timeout: 30_000 }).toBe('done');
    const recording = JSON.parse((await frame.getAttribute('data-recording')) ?? '{}') as { exchanges: { command: string; output: string }[] };
    expect((await text()).trimEnd()).toBe(recording.exchanges.map((e) => `$ ${e.command}\n${e.output}`).join('').trimEnd());
    await frame.getByRole('button', { name: 'Back to the live terminal' }).click();
    expect(await frame.locator('.deck-term-live').isVisible()).toBe(true);
    await context.close();
  }, 60_000);
});
