import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Flags for a headless Chromium on a machine with no route to Google's services and no GPU. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

function fromPlaywrightCache(): string | undefined {
  const cache = process.env['PLAYWRIGHT_BROWSERS_PATH'] ?? join(homedir(), '.cache', 'ms-playwright');
  if (!existsSync(cache)) return undefined;
  const dirs = readdirSync(cache).filter((d) => d.startsWith('chromium')).sort().reverse();
  for (const dir of dirs) {
    for (const rel of ['chrome-linux64/chrome', 'chrome-linux/chrome', 'chrome-mac/Chromium.app/Contents/MacOS/Chromium', 'chrome-win/chrome.exe']) {
      const candidate = join(cache, dir, rel);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * The Chromium the browser tests drive: $CHROMIUM_PATH (or $CHROME_PATH), then the system's, then Playwright's cache.
 * Throws with install instructions when there is none, rather than failing later with a cryptic launch error.
 */
export function findChromium(): string {
  for (const name of ['CHROMIUM_PATH', 'CHROME_PATH']) {
    const value = process.env[name];
    if (value) {
      if (existsSync(value)) return value;
      throw new Error(`${name} is set to ${value}, but there is no file there.`);
    }
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (existsSync(candidate)) return candidate;
  }
  const cached = fromPlaywrightCache();
  if (cached) return cached;
  throw new Error(
    [
      'No Chromium found for the browser tests.',
      '  Debian/Ubuntu: sudo apt-get install chromium',
      '  elsewhere:     npx playwright install chromium',
      '  or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    ].join('\n'),
  );
}
