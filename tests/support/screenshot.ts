// Screenshots of pages for a person to look at: `node tests/support/screenshot.ts URL OUT.png [light|dark] [width]`.
import { chromium } from 'playwright-core';
import { chromiumArgs, findChromium } from './chromium.ts';

const [url, out, theme = 'light', width = '1280'] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node tests/support/screenshot.ts URL OUT.png [light|dark] [width]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
const context = await browser.newContext({ colorScheme: theme === 'dark' ? 'dark' : 'light', viewport: { width: Number(width), height: Number(width) < 600 ? 800 : 900 } });
const page = await context.newPage();
await page.goto(url, { waitUntil: 'networkidle' });
await page.screenshot({ path: out, fullPage: process.env['FULL'] === '1' });
await browser.close();
