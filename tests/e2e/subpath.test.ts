// Hosting under a sub-path: the site built with CONTAINERLESS_BASE=/containerless/ (into dist-subpath/, once per
// `npm test`: rebuilt only when missing or older than dist/) and served by our own static server under
// /containerless/ only, as a project site of a static host would be. In Chromium: styles, every internal link,
// search, the live demo, the service worker and the site offline, and the /vnet/ route, all under the sub-path.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createStaticHandler } from '../../src/serve/static-files.ts';
import { open, useBrowser } from './harness.ts';
import { offlineCopyComplete } from './offline-copy.ts';
import { builtRoutes } from './routes.ts';

const BASE = '/containerless/';
const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, 'dist-subpath');
const browser = useBrowser();
let server: Server;
let origin: string;

/** Builds the sub-path copy unless it is already there and newer than dist/ (the build `npm test` just made). */
function ensureSubpathBuild(): void {
  const stamp = (dir: string) => (existsSync(join(dir, 'sw.js')) ? statSync(join(dir, 'sw.js')).mtimeMs : 0);
  const forBase = () => readFileSync(join(out, 'index.html'), 'utf8').includes(`href="${BASE}favicon.svg"`);
  if (stamp(out) > 0 && stamp(out) >= stamp(join(root, 'dist')) && forBase()) return;
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(root, 'scripts/build-site.mjs'), '--out', out], {
    cwd: root,
    env: { ...process.env, CONTAINERLESS_BASE: BASE },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the sub-path build failed:\n${run.stdout}\n${run.stderr}`);
  console.log(`sub-path build (${BASE} into dist-subpath/): ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

beforeAll(async () => {
  ensureSubpathBuild();
  const handler = createStaticHandler({ root: out, base: BASE });
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 15 * 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

const at = (path: string) => origin + BASE + path.replace(/^\//, '');

describe('a build for /containerless/', () => {
  test('styles load: the stylesheet comes from under the base and shapes the page', async () => {
    const { page, context, errors } = await open(browser());
    const response = await page.goto(at('/learn/why-containerless/'));
    expect(response?.status()).toBe(200);
    const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => ({ href: s.href ?? '', rules: s.cssRules.length })));
    expect(sheets.some((s) => new URL(s.href || 'x:').pathname.startsWith('/containerless/_astro/') && s.rules > 0)).toBe(true);
    // Unstyled, the header's links would be an inline list in the browser's serif font with 8px body margins.
    const look = await page.evaluate(() => ({
      margin: getComputedStyle(document.body).margin,
      font: getComputedStyle(document.body).fontFamily,
      header: getComputedStyle(document.querySelector('.site-header')!).position,
    }));
    expect(look.margin).toBe('0px');
    expect(look.font).not.toMatch(/^"?Times/);
    expect(look.header).toBe('sticky');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('every internal link and asset on every page resolves under the base', async () => {
    const pages = builtRoutes(out);
    expect(pages.length).toBeGreaterThan(15);
    const checked = new Map<string, number>();
    const outside: string[] = [];
    const broken: string[] = [];
    for (const path of pages) {
      const html = await (await fetch(at(path))).text();
      for (const [, , value] of html.matchAll(/\s(href|src|action)="([^"]+)"/g)) {
        if (!value || /^(https?:|mailto:|data:|blob:|#|javascript:)/.test(value) && !value.startsWith(origin)) continue;
        const url = new URL(value.replace(/&amp;/g, '&'), at(path));
        if (url.origin !== origin) continue;
        if (!url.pathname.startsWith(BASE)) {
          outside.push(`${path}: ${value}`);
          continue;
        }
        const key = url.pathname + url.search;
        // vnet/ is answered by the service worker (tested below), api/workshop/ only by `containerless workshop`.
        if (url.pathname.startsWith(BASE + 'vnet/') || url.pathname.startsWith(BASE + 'api/workshop/')) continue;
        if (!checked.has(key)) checked.set(key, (await fetch(origin + key, { method: 'HEAD' })).status);
        if (checked.get(key) !== 200) broken.push(`${path}: ${value} -> ${checked.get(key)}`);
      }
    }
    expect(outside, 'links that leave the base path').toEqual([]);
    expect(broken, 'links that do not resolve').toEqual([]);
    expect(checked.size).toBeGreaterThan(50);
  });

  test('search finds a lesson and lands on it', async () => {
    const { page, context } = await open(browser());
    await page.goto(at('/learn/'));
    const box = page.getByRole('combobox', { name: 'Search the lessons' });
    await box.focus();
    await page.keyboard.type('healthz');
    const first = page.locator('#site-search-results [role="option"]').first();
    await expect.poll(() => first.count(), { timeout: 15_000 }).toBe(1);
    await first.click();
    await page.waitForURL((u) => u.pathname !== '/containerless/learn/');
    const landed = new URL(page.url());
    expect(landed.pathname).toMatch(/^\/containerless\/learn\/[a-z0-9-]+\/$/);
    expect(await page.locator('h1').textContent()).toBeTruthy();
    await context.close();
  });

  test('the live demo answers, and the service worker then keeps the site working offline under the base', async () => {
    const { page, context } = await open(browser());
    await page.goto(at('/learn/run-and-curl/'));
    const demo = page.locator('word-generator-demo').first();
    await demo.scrollIntoViewIfNeeded();
    await expect.poll(() => demo.locator('.word').textContent(), { timeout: 20_000 }).toMatch(/^[a-z]+$/);

    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(at('/'));
    await expect.poll(() => page.evaluate(offlineCopyComplete), { timeout: 60_000 }).toBe(true);
    await page.reload(); // now controlled by the worker
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(at('/sw.js'));

    await context.setOffline(true);
    for (const path of ['/', '/learn/', '/learn/wasi/', '/talk/']) {
      const response = await page.goto(at(path));
      expect(response?.status(), path).toBe(200);
      expect(await page.locator('h1').first().textContent(), path).toBeTruthy();
    }
    await page.goto(at('/learn/run-and-curl/'));
    const offlineDemo = page.locator('word-generator-demo').first();
    await offlineDemo.scrollIntoViewIfNeeded();
    await expect.poll(() => offlineDemo.locator('.word').textContent(), { timeout: 20_000 }).toMatch(/^[a-z]+$/);

    // /containerless/vnet/8090/: the page's module, as a browser address in a new tab, still offline.
    const tab = await context.newPage();
    const answer = await tab.goto(at('/vnet/8090/?starts_with=d'));
    expect(answer?.status()).toBe(200);
    expect((await tab.locator('body').innerText()).trim()).toMatch(/^d[a-z]+$/);
    const missing = await tab.goto(at('/no-such-page/'));
    expect(missing?.status()).toBe(404);
    expect(await tab.locator('a[href="/containerless/learn/"]').count()).toBeGreaterThan(0);
    await context.setOffline(false);
    await context.close();
  });
});
