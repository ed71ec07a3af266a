import { setTimeout as delay } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Frame, type Locator, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { findChromium, chromiumArgs } from '../support/chromium.ts';

export const baseURL = (): string => inject('baseURL');

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: chromiumArgs, headless: true });
}

/** One browser for a test file: launched before its tests, closed after them. Call at the top of the file. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === undefined) throw new Error('the browser is launched in beforeAll; use it inside a test');
    return browser;
  };
}

const TERMINAL = 'containerless-terminal';

/** The text on an in-page terminal's screen (the first on the page, or the first `selector` matches), one line per row. */
export const terminalRows = (page: Page, selector = TERMINAL): Promise<string> => page.locator(selector).first().locator('.xterm-rows').innerText();
/** The same with wrapped rows joined, for phrases longer than a row. */
export const terminalText = async (page: Page, selector = TERMINAL): Promise<string> => (await terminalRows(page, selector)).replace(/\n/g, '');
/** The screen's rows, each trimmed. */
export const terminalLines = async (page: Page, selector = TERMINAL): Promise<string[]> => (await terminalRows(page, selector)).split('\n').map((l) => l.trim());
/** Whether some row holds just a word starting with `letter`. */
export const hasWord = async (page: Page, letter: string, selector = TERMINAL): Promise<boolean> =>
  (await terminalLines(page, selector)).some((l) => new RegExp(`^${letter}[a-z]+$`).test(l));

/** Brings an in-page terminal into view (which starts it), waits until it is mounted, and focuses it. */
export async function readyTerminal(page: Page, selector = TERMINAL, timeout = 20_000): Promise<Locator> {
  const terminal = page.locator(selector).first();
  await terminal.scrollIntoViewIfNeeded();
  await expect.poll(() => terminal.getAttribute('data-ready'), { timeout }).toBe('');
  await terminal.locator('.xterm').click();
  return terminal;
}

/** Types a line where the keyboard focus is (a terminal, as a learner would) and presses Enter. */
export async function typeLine(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/**
 * Waits until nothing on the page is moving: no CSS transition or one-off animation running for a few frames in a
 * row (a slide's fragments fading in, the overview sliding into place). Axe's contrast check and screenshots
 * need the page at rest. Repeating animations (reveal.js's bouncing arrow hint, a blinking cursor) do not count:
 * they never end, and they are not what is looked at.
 */
export async function untilStill(target: Page | Frame, timeout = 10_000): Promise<void> {
  await target.evaluate(() => delete (window as { stillFrames?: number }).stillFrames);
  await target.waitForFunction(
    () => {
      const moving = document.getAnimations().some((a) => a.playState === 'running' && (a.effect?.getComputedTiming().iterations ?? 1) <= 1);
      const w = window as { stillFrames?: number };
      w.stillFrames = moving ? 0 : (w.stillFrames ?? 0) + 1;
      return w.stillFrames >= 3;
    },
    undefined,
    { polling: 'raf', timeout },
  );
}

/** Whether the page answers a round trip within `ms`: a page whose main thread is stuck (a frozen page) never does. */
export async function answersWithin(page: Page, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stuck = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([page.evaluate(() => true).catch(() => false), stuck]);
  clearTimeout(timer);
  return result;
}

/**
 * Lets time pass, for the few checks that are about time itself: that something does NOT happen during an interval
 * (a paused replay stays paused). Never a way to wait for something to happen: wait for that condition instead.
 * `reason` is required so that every hold says what it proves.
 */
export async function holdFor(ms: number, reason: string): Promise<void> {
  await delay(ms, reason);
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Every request that tried to leave localhost (blocked). */
  offsite: string[];
  /** Console errors and uncaught exceptions on the page. */
  errors: string[];
}

const local = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A fresh context whose requests are kept on localhost: anything else is recorded and blocked. */
export async function open(browser: Browser, options: BrowserContextOptions & { theme?: 'light' | 'dark' } = {}): Promise<Session> {
  const { theme, ...contextOptions } = options;
  const context = await browser.newContext({ ...contextOptions, ...(theme ? { colorScheme: theme } : {}) });
  const offsite: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || local.has(url.hostname)) return route.continue();
    offsite.push(url.href);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return { context, page, offsite, errors };
}

/** axe-core violations, summarised so a failing assertion says what and where. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`,
  );
}
