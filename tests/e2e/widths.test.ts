// Every width from a small phone to a wide desktop: the header stays one row, nothing scrolls sideways, and the
// lesson's live demo shows its word. Run in every browser we test.
import { expect, test } from 'vitest';
import { eachBrowser, until } from './drivers/index.ts';
import { baseURL } from './harness.ts';

const WIDTHS = [320, 375, 480, 600, 768, 800, 900, 1024, 1280, 1440, 1920];
const ONE_ROW = 64; // px: the header's height when it holds one row (57 today), with room for a font's rounding

interface Layout { header: number | null; overflow: number }
const layout = () =>
  ({
  header: document.querySelector('.site-header')?.getBoundingClientRect().height ?? null,
  overflow: document.documentElement.scrollWidth - window.innerWidth,
  }) satisfies Layout;

eachBrowser('widths', (driver) => {

  test('a lesson with the live demo: one-row header, no sideways scroll, the word visible', async () => {
    const page = await driver().open({ width: WIDTHS[0]!, height: 800 });
    await page.goto(baseURL() + '/learn/run-and-curl/');
    // The demo starts when it scrolls into view, as a reader meets it.
    await page.evaluate(() => document.querySelector('word-generator-demo')?.scrollIntoView({ block: 'center' }));
    await until(() => page.text('word-generator-demo .word'), (w) => /^d[a-z]+$/.test(w ?? ''), 'the demo word', 30_000);
    for (const width of WIDTHS) {
      await page.setViewport(width, 800);
      const seen = await page.evaluate(layout);
      expect(seen.header, `header at ${width}px`).toBeLessThanOrEqual(ONE_ROW);
      expect(seen.overflow, `sideways scroll at ${width}px`).toBeLessThanOrEqual(0);
      const word = await page.evaluate(() => {
        const el = document.querySelector('word-generator-demo .word');
        el?.scrollIntoView({ block: 'center' });
        const box = el?.getBoundingClientRect();
        return box && box.width > 0 && box.height > 0 && box.right <= window.innerWidth ? el?.textContent : null;
      });
      expect(word, `the demo word is visible at ${width}px`).toMatch(/^d[a-z]+$/);
    }
    await page.close();
  });

  for (const path of ['/workshop/', '/talk/', '/']) {
    test(`${path}: one-row header and no sideways scroll at every width`, async () => {
      const page = await driver().open({ width: WIDTHS[0]!, height: 800 });
      await page.goto(baseURL() + path);
      for (const width of WIDTHS) {
        await page.setViewport(width, 800);
        const seen = await page.evaluate(layout);
        expect(seen.header, `header at ${width}px`).toBeLessThanOrEqual(ONE_ROW);
        expect(seen.overflow, `sideways scroll at ${width}px`).toBeLessThanOrEqual(0);
      }
      await page.close();
    });
  }

  test('the deck fits every width without sideways scroll', async () => {
    const page = await driver().open({ width: WIDTHS[0]!, height: 700 });
    await page.goto(baseURL() + '/talk/containerless/');
    for (const width of WIDTHS) {
      await page.setViewport(width, 700);
      const seen = await page.evaluate(layout);
      expect(seen.overflow, `sideways scroll at ${width}px`).toBeLessThanOrEqual(0);
    }
    await page.close();
  });

  test('below 64rem the menu button opens the search and theme, and Escape closes it', async () => {
    const page = await driver().open({ width: 800, height: 700 });
    await page.goto(baseURL() + '/learn/');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.site-header .tools')!).display)).toBe('none');
    await page.click('.menu-toggle');
    await until(() => page.attribute('.menu-toggle', 'aria-expanded'), (v) => v === 'true', 'the menu opens');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-search-input');
    await page.press('Escape');
    await until(() => page.attribute('.menu-toggle', 'aria-expanded'), (v) => v === 'false', 'Escape closes it');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('menu-toggle'))).toBe(true);
    await page.close();
  });
});
