// A deck in the browser as the deck tests drive it: open it, find and show a slide, open the speaker view and find
// its preview of the current slide. Shared by the deck, deck-access, deck-stage and kube tests.
import { expect } from 'vitest';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { baseURL } from './harness.ts';

/** reveal.js's API on the page (src/deck/start.ts puts it on window, as reveal.js's tools expect). */
export interface RevealApi {
  slide(h: number, v?: number, f?: number): void;
  getTotalSlides(): number;
  getIndices(): { h: number; v: number; f?: number };
  isOverview(): boolean;
}

/** Opens a deck and waits until reveal.js is ready (src/deck/start.ts marks the document). */
export async function openDeck(page: Page, path: string): Promise<void> {
  const response = await page.goto(baseURL() + path);
  expect(response?.status(), path).toBe(200);
  await page.waitForFunction(() => document.documentElement.dataset['deckReady'] !== undefined);
}

/** Index of the first top-level slide matching `selector` (-1 if none). */
export const slideWith = (page: Page, selector: string): Promise<number> =>
  page.evaluate((s) => [...document.querySelectorAll('.reveal .slides > section')].findIndex((e) => e.matches(s)), selector);

/** Shows slide `h`, as reveal.js's slide(h, v, f) does (a fragment index past the last shows every fragment). */
export const showSlide = (page: Page, h: number, v?: number, f?: number): Promise<void> =>
  page.evaluate((i) => (window as unknown as { Reveal: RevealApi }).Reveal.slide(i.h, i.v, i.f), { h, v, f });

/** Shows the first top-level slide matching `selector` and returns its index. */
export async function showSlideWith(page: Page, selector: string): Promise<number> {
  const index = await slideWith(page, selector);
  expect(index, `the deck has a slide matching ${selector}`).toBeGreaterThanOrEqual(0);
  await showSlide(page, index);
  return index;
}

/** Presses S on the presenting window (focus must be on the deck) and returns the speaker view's window. */
export async function openSpeakerView(context: BrowserContext, page: Page): Promise<Page> {
  const [notes] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('s')]);
  return notes;
}

/** The speaker view's preview of the current slide, once it has loaded (reveal.js's receiver frame). */
export async function currentPreview(notes: Page): Promise<Frame> {
  const find = () => notes.frames().find((f) => f.url().includes('receiver') && f.url().includes('postMessageEvents'));
  await expect.poll(() => find() !== undefined, { timeout: 15_000 }).toBe(true);
  return find()!;
}
