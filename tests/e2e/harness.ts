import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, inject } from 'vitest';
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

/** The text on the (first) in-page terminal's screen, one line per row. */
export const terminalRows = (page: Page): Promise<string> => page.locator('containerless-terminal').first().locator('.xterm-rows').innerText();
/** The same with wrapped rows joined, for phrases longer than a row. */
export const terminalText = async (page: Page): Promise<string> => (await terminalRows(page)).replace(/\n/g, '');
/** Whether some row holds just a word starting with `letter`. */
export const hasWord = async (page: Page, letter: string): Promise<boolean> =>
  (await terminalRows(page)).split('\n').some((l) => new RegExp(`^${letter}[a-z]+$`).test(l.trim()));

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
