// The journey driver for Chromium, through playwright-core.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, findChromium } from '../../support/chromium.ts';
import type { Driver, DriverPage, OpenOptions } from './types.ts';

function wrap(page: Page, context: BrowserContext, owner: boolean): DriverPage {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    errors,
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    click: (s) => page.locator(s).first().click(),
    typeInto: async (s, text) => {
      await page.locator(s).first().focus();
      await page.keyboard.type(text);
    },
    type: (text) => page.keyboard.type(text),
    press: (key) => page.keyboard.press(key),
    select: async (s, value) => void (await page.locator(s).first().selectOption(value)),
    text: (s) => page.locator(s).first().textContent({ timeout: 5_000 }).catch(() => null),
    attribute: (s, name) => page.locator(s).first().getAttribute(name, { timeout: 5_000 }).catch(() => null),
    count: (s) => page.locator(s).count(),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg as never),
    setViewport: (width, height) => page.setViewportSize({ width, height }),
    setOffline: (offline) => context.setOffline(offline),
    popup: async (action) => {
      const [opened] = await Promise.all([context.waitForEvent('page'), action()]);
      await opened.waitForLoadState();
      return wrap(opened, context, false);
    },
    close: async () => (owner ? context.close() : page.close()),
  };
}

export async function chromiumDriver(): Promise<Driver> {
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs, headless: true });
  return {
    name: 'chromium',
    async open(options: OpenOptions = {}) {
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
        ...(options.theme ? { colorScheme: options.theme } : {}),
      });
      return wrap(await context.newPage(), context, true);
    },
    quit: () => browser.close(),
  };
}
