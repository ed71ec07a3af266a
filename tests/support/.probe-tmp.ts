import { chromium } from 'playwright-core';
import { chromiumArgs, findChromium } from './chromium.ts';
const [url, out, script] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 300)));
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(url!, { waitUntil: 'networkidle' });
if (script) { const fn = new Function('page', `return (async () => { ${script} })()`); console.log('result', await fn(page)); }
if (out) await page.screenshot({ path: out, fullPage: false });
await browser.close();
