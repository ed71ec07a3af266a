// Every page carries a strict Content-Security-Policy (a meta tag Astro writes with the hashes of its inline
// scripts and styles), and using the pages raises no violation: nothing the site does needs a looser policy.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { baseURL, open, useBrowser } from './harness.ts';
import { builtRoutes, deckPages, lessonPages } from './routes.ts';
import { routePolicy, webContainerOrigins } from '../../src/build-time/csp-policy.ts';

declare global {
  interface Window { cspViolations?: string[] }
}

const allPages = () => [...builtRoutes(), '/404.html'];

/** Records every violation the page reports, from before its first script runs. */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations?.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
}

const violations = (page: Page) => page.evaluate(() => window.cspViolations ?? []);
const policyOf = (page: Page) =>
  page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content').then((c) => c ?? '');

function directive(policy: string, name: string): string[] | undefined {
  const found = policy.split(';').map((d) => d.trim().split(/\s+/)).find((parts) => parts[0] === name);
  return found?.slice(1);
}

const browser = useBrowser();

describe('every page', () => {
  test('has a strict policy: no inline code without a hash, no eval, wasm only where it runs, no third-party origins but the opt-in WebContainer', async () => {
    const { page, context } = await open(browser());
    const problems: string[] = [];
    for (const path of allPages()) {
      await page.goto(baseURL() + path);
      const policy = await policyOf(page);
      const script = directive(policy, 'script-src') ?? [];
      const expected = routePolicy(path);
      const check = (ok: boolean, what: string) => ok || problems.push(`${path}: ${what}`);
      check(policy.length > 0, 'has a policy meta tag');
      check(directive(policy, 'default-src')?.join(' ') === "'self'", "default-src is 'self'");
      check(directive(policy, 'object-src')?.join(' ') === "'none'", "object-src is 'none'");
      check(script.includes("'self'"), "script-src has 'self'");
      check(!script.includes("'unsafe-inline'") && !script.includes("'unsafe-eval'"), 'script-src has no unsafe-inline or unsafe-eval');
      check(script.filter((s) => s.startsWith("'sha256-")).length > 0, 'inline scripts are allowed by hash');
      check(script.includes("'wasm-unsafe-eval'") === expected.runsWasm, `wasm-unsafe-eval only where wasm runs (${expected.runsWasm})`);
      check(directive(policy, 'style-src')?.includes("'unsafe-inline'") !== true, 'style-src has no unsafe-inline');
      const origins = policy.match(/https?:\/\/[^\s;]+/g) ?? [];
      const allowed = expected.hasTerminal ? [...webContainerOrigins] : [];
      check(origins.every((o) => allowed.includes(o as (typeof webContainerOrigins)[number])), `only opt-in origins (${origins.join(' ')})`);
    }
    await context.close();
    expect(problems).toEqual([]);
  });

  test('loads, runs its scripts and registers the offline worker with no policy violation', async () => {
    const { page, context, errors } = await open(browser());
    await recordViolations(page);
    const found: string[] = [];
    for (const path of allPages()) {
      await page.goto(baseURL() + path, { waitUntil: 'load' });
      await page.evaluate(() => navigator.serviceWorker.ready);
      for (const v of await violations(page)) found.push(`${path}: ${v}`);
    }
    await context.close();
    expect(found).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('the widgets of every lesson start and run (demo, terminal, playgrounds) with no policy violation', async () => {
    const { page, context, errors } = await open(browser());
    await recordViolations(page);
    const found: string[] = [];
    for (const path of lessonPages()) {
      await page.goto(baseURL() + path);
      for (const widget of await page.locator('word-generator-demo, containerless-terminal, wasi-playground, [data-live]').all()) {
        await widget.scrollIntoViewIfNeeded();
      }
      const demo = page.locator('word-generator-demo').first();
      if ((await demo.count()) > 0) await expect.poll(() => demo.locator('.word').textContent(), { timeout: 20_000 }).toMatch(/^[a-z]+$/);
      const terminal = page.locator('containerless-terminal').first();
      if ((await terminal.count()) > 0) await expect.poll(() => terminal.getAttribute('data-ready'), { timeout: 20_000 }).toBe('');
      await page.waitForLoadState('networkidle');
      for (const v of await violations(page)) found.push(`${path}: ${v}`);
    }
    await context.close();
    expect(found).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);

  test('search (its index runs as WebAssembly in a worker) finds lessons with no policy violation', async () => {
    const { page, context, errors } = await open(browser());
    await recordViolations(page);
    await page.goto(baseURL() + '/search/?q=WebAssembly');
    await expect.poll(() => page.locator('main .results li').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the deck runs its live demo (WebAssembly in the page) with no policy violation', async () => {
    const { page, context, errors } = await open(browser());
    await recordViolations(page);
    await page.goto(baseURL() + deckPages()[0]!);
    const index = await page.evaluate(() =>
      [...document.querySelectorAll('.slides > section')].findIndex((s) => s.querySelector('deck-word-demo')),
    );
    await page.evaluate((i) => (location.hash = `#/${i}`), index);
    const widget = page.locator('deck-word-demo word-generator-demo').first();
    await expect.poll(() => widget.locator('.word').textContent(), { timeout: 20_000 }).toMatch(/^[a-z]+$/i);
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the policy bites', () => {
  test('a script injected into a page does not run, and the page reports it', async () => {
    const { page, context } = await open(browser());
    await recordViolations(page);
    await page.goto(baseURL() + '/');
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.body.append(s);
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => violations(page)).toEqual([expect.stringMatching(/^script-src-elem blocked inline/)]);
    await context.close();
  });

  test('a page with no module cannot compile WebAssembly', async () => {
    const { page, context } = await open(browser());
    // The lesson list shows no module (the home page does: it shows the module answering).
    await page.goto(baseURL() + '/learn/');
    // The smallest valid module: magic number and version.
    const outcome = await page.evaluate(() =>
      WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => 'compiled', (e: Error) => e.name),
    );
    expect(outcome).toBe('CompileError');
    await context.close();
  });
});
