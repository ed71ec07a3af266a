// The service worker never mixes two versions of the site: a slow answer for an unversioned file is waited for
// rather than replaced by the previous version's copy, a failed install leaves the previous complete copy serving,
// and /vnet/<port>/ reaches the page's module from a new tab, offline. Served here by a small static server whose
// files can be switched to a "new deploy", delayed or removed.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { writeServiceWorker } from '../../src/integrations/service-worker.ts';
import { open, useBrowser } from './harness.ts';
import { offlineStatus } from './offline-copy.ts';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };

let work: string;
let siteA: string;
let siteB: string;
let root: string;
const delays = new Map<string, number>();
const missing = new Set<string>();
let server: Server;
let base: string;
const browser = useBrowser();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'containerless-sw-'));
  siteA = join(work, 'a');
  siteB = join(work, 'b');
  cpSync(dist, siteA, { recursive: true });
  cpSync(dist, siteB, { recursive: true });
  // The next deploy: the module list changed, so the worker's version changes too.
  const manifest = JSON.parse(readFileSync(join(siteB, 'wasm/manifest.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(siteB, 'wasm/manifest.json'), JSON.stringify({ ...manifest, deploy: 'B' }, null, 2));
  writeServiceWorker(siteB);
  root = siteA;
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const send = () => {
      let file = join(root, path);
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (missing.has(path) || !existsSync(file)) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' }).end(readFileSync(file));
    };
    const delay = delays.get(path);
    if (delay) setTimeout(send, delay);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

const versionOf = (site: string) => /"version":"([0-9a-f]+)"/.exec(readFileSync(join(site, 'sw.js'), 'utf8'))?.[1];

async function installed(page: Page, version: string | undefined) {
  // A fresh install copies the whole site (about 3 MiB): on a busy machine that takes a while.
  await expect.poll(async () => (await offlineStatus(page)).version, { timeout: 60_000, interval: 500 }).toBe(version);
  const s = await offlineStatus(page);
  expect(s.cached).toBe(s.expected);
}

describe('versions never mix', () => {
  test('a slow manifest from the new deploy is waited for, not answered with the old copy', async () => {
    root = siteA;
    const { page, context } = await open(browser());
    await page.goto(base + '/learn/');
    await installed(page, versionOf(siteA));
    // The new deploy is out; the old worker still controls the tab; the network is slow for the manifest.
    root = siteB;
    delays.set('/wasm/manifest.json', 6000);
    await page.goto(base + '/learn/');
    const text = await page.evaluate(() => fetch('/wasm/manifest.json').then((r) => r.text()));
    expect(text).toContain('"deploy": "B"');
    delays.clear();
    await context.close();
  });

  test('a failed install keeps the previous complete copy, which still serves offline', async () => {
    root = siteA;
    const { page, context } = await open(browser());
    await page.goto(base + '/');
    await installed(page, versionOf(siteA));
    root = siteB;
    missing.add('/wasm/manifest.json');
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      await registration.update().catch(() => undefined);
    });
    // The install of the new version fails on the missing file; its staging copy goes, the old copy stays.
    await expect.poll(() => page.evaluate(() => caches.keys()), { timeout: 30_000 }).toEqual([`containerless-${versionOf(siteA)}`]);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
    expect((await offlineStatus(page)).version).toBe(versionOf(siteA));
    missing.clear();
    await context.setOffline(true);
    await page.goto(base + '/learn/wasi/');
    expect(await page.locator('h1').textContent()).toBeTruthy();
    await context.close();
  });
});

describe('/vnet/: the page network as a browser address', () => {
  test("a new tab gets the module's answer from the lesson page's guest, offline", async () => {
    root = siteA;
    const { page, context } = await open(browser());
    await page.goto(base + '/learn/run-and-curl/');
    await installed(page, versionOf(siteA));
    await page.reload(); // now controlled, with the demo's script loaded
    await page.locator('word-generator-demo').first().scrollIntoViewIfNeeded();
    await context.setOffline(true);
    const tab = await context.newPage();
    const response = await tab.goto(base + '/vnet/8090/?starts_with=d');
    expect(response?.status()).toBe(200);
    expect((await tab.locator('body').innerText()).trim()).toMatch(/^d[a-z]+$/);
    const bad = await tab.goto(base + '/vnet/8090/?starts_with=dd');
    expect(bad?.status()).toBe(400);
    const none = await tab.goto(base + '/vnet/9999/');
    expect(none?.status()).toBe(503);
    expect(await tab.locator('body').innerText()).toContain('Nothing answers on port 9999');
    await context.close();
  });
});
