import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { inject } from 'vitest';
import { findChromium, chromiumArgs } from '../support/chromium.ts';

export const baseURL = (): string => inject('baseURL');

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: chromiumArgs, headless: true });
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
