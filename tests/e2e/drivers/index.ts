// The browsers the cross-browser journeys run in: Chromium always; Firefox where installed, and required in CI.
import { afterAll, beforeAll, describe } from 'vitest';
import { chromiumDriver } from './chromium.ts';
import { findFirefox, firefoxDriver } from './firefox.ts';
import type { Driver } from './types.ts';

export type { Driver, DriverPage } from './types.ts';

export interface DriverEntry {
  name: Driver['name'];
  /** Why it does not run here, when it does not. */
  missing?: string;
  start(): Promise<Driver>;
}

export function driverEntries(): DriverEntry[] {
  const firefox = findFirefox();
  if (!firefox && process.env['CI']) {
    throw new Error('Firefox is required in CI: install firefox-esr (Debian) or set FIREFOX_PATH.');
  }
  return [
    { name: 'chromium', start: chromiumDriver },
    {
      name: 'firefox',
      ...(firefox ? {} : { missing: 'no Firefox found (install firefox-esr or set FIREFOX_PATH); its journeys are skipped' }),
      start: () => firefoxDriver(firefox!),
    },
  ];
}

/** Polls `read` until `ok` holds for its value; the last value is in the error when it never does. */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let failure: unknown;
  for (;;) {
    try {
      last = await read();
      failure = undefined;
      if (ok(last)) return last;
    } catch (error) {
      failure = error; // a read during a navigation: try again on the new document
    }
    if (Date.now() > deadline) {
      const seen = failure instanceof Error ? failure.message : JSON.stringify(last);
      throw new Error(`${what}: still ${seen} after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * One `describe` per browser, skipped (and saying why) where the browser is missing; `body` gets the running
 * driver through a getter, since it starts in `beforeAll`.
 */
export function eachBrowser(title: string, body: (driver: () => Driver, name: Driver['name']) => void): void {
  for (const entry of driverEntries()) {
    describe.skipIf(entry.missing !== undefined)(`${title} in ${entry.name}${entry.missing ? ` (${entry.missing})` : ''}`, () => {
      let driver: Driver | undefined;
      beforeAll(async () => {
        driver = await entry.start();
      }, 90_000);
      afterAll(async () => {
        await driver?.quit();
      });
      body(() => {
        if (!driver) throw new Error(`${entry.name} did not start`);
        return driver;
      }, entry.name);
    });
  }
}
