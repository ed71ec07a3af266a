// The journey driver for Firefox (Debian's firefox-esr), through puppeteer-core over WebDriver BiDi: playwright-core
// can only drive its own patched Firefox build, which cannot be downloaded here.
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import type { Driver, DriverPage, OpenOptions } from './types.ts';

/** $FIREFOX_PATH, then the system's Firefox ESR or Firefox; undefined when there is none. */
export function findFirefox(): string | undefined {
  const fromEnv = process.env['FIREFOX_PATH'];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`FIREFOX_PATH is set to ${fromEnv}, but there is no file there.`);
  }
  return ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => existsSync(p));
}

async function wrap(page: Page, context: BrowserContext, browser: Browser, owner: boolean): Promise<DriverPage> {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
  const element = async (s: string) => {
    const handle = await page.waitForSelector(s, { timeout: 10_000 });
    if (!handle) throw new Error(`no element matches ${s}`);
    return handle;
  };
  return {
    errors,
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    reload: async () => void (await page.reload({ waitUntil: 'load' })),
    click: async (s) => (await element(s)).click(),
    typeInto: async (s, text) => {
      await (await element(s)).focus();
      await page.keyboard.type(text);
    },
    type: (text) => page.keyboard.type(text),
    press: async (key) => {
      // Playwright spells chords "Control+U"; puppeteer presses them key by key.
      const keys = key.split('+');
      for (const k of keys.slice(0, -1)) await page.keyboard.down(k as never);
      await page.keyboard.press(keys.at(-1) as never);
      for (const k of keys.slice(0, -1).reverse()) await page.keyboard.up(k as never);
    },
    select: async (s, value) => void (await page.select(s, value)),
    text: (s) => page.$eval(s, (el) => el.textContent).catch(() => null),
    attribute: (s, name) => page.$eval(s, (el, n) => el.getAttribute(n), name).catch(() => null),
    count: (s) => page.$$eval(s, (els) => els.length),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg as never) as never,
    setViewport: (width, height) => page.setViewport({ width, height }),
    setOffline: (offline) => page.setOfflineMode(offline),
    popup: async (action) => {
      // BiDi has no `opener`: the popup is the page target that was not there before the action.
      const before = new Set(browser.targets());
      const target = browser.waitForTarget((t) => t.type() === 'page' && !before.has(t), { timeout: 15_000 });
      await action();
      const opened = await (await target).page();
      if (!opened) throw new Error('the window that opened has no page');
      return wrap(opened, context, browser, false);
    },
    close: async () => (owner ? context.close() : page.close()),
  };
}

export async function firefoxDriver(executablePath: string): Promise<Driver> {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath, headless: true, protocol: 'webDriverBiDi' });
  return {
    name: 'firefox',
    async open(options: OpenOptions = {}) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width: options.width ?? 1280, height: options.height ?? 800 });
      if (options.theme) await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: options.theme }]);
      return wrap(page, context, browser, true);
    },
    quit: () => browser.close(),
  };
}
