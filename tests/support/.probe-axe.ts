import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { chromiumArgs, findChromium } from './chromium.ts';
const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
const page = await (await browser.newContext({ colorScheme: process.env['THEME'] === 'dark' ? 'dark' : 'light' })).newPage();
for (const p of process.argv.slice(2)) {
  const t0 = Date.now();
  await page.goto('http://127.0.0.1:4412' + p);
  const t1 = Date.now();
  const r = await new AxeBuilder({ page }).analyze();
  console.log(r.violations.map((v) => v.id + ' ' + v.nodes.slice(0,2).map((n) => n.target.join(' ')).join(' | ')).join('\n'));
  console.log(p, 'load', t1 - t0, 'axe', Date.now() - t1, 'violations', r.violations.length);
}
await browser.close();
