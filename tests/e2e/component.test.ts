import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { baseURL, open, terminalRows, typeLine, useBrowser } from './harness.ts';
import { offlineCopyComplete } from './offline-copy.ts';

// WASI 0.2 in the page: the jco-transpiled component in the components lesson; and the opt-in real shell
// (WebContainer), tested up to its boot, which needs stackblitz.com and so cannot happen here.

const COMPONENT_LESSON = '/learn/components/';
const TERMINAL_LESSON = '/learn/run-and-curl/';

const browser = useBrowser();

/** axe violations inside one widget (the rest of the page is other tests' business). */
async function widgetViolations(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(selector).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

describe('the component in the page', () => {
  test('runs from the transpiled build with the arguments typed, and shows its world and sizes', async () => {
    const { page, context, errors, offsite } = await open(browser());
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    expect((await page.goto(baseURL() + COMPONENT_LESSON))?.status()).toBe(200);
    const runner = page.locator('component-runner');
    await runner.scrollIntoViewIfNeeded();
    // Its world and sizes are in the page before anything runs.
    expect(await runner.locator('.imports').innerText()).toMatch(/wasi:cli\/stdout@0\.2\.\d+/);
    expect(await runner.locator('.exports').innerText()).toMatch(/wasi:cli\/run@0\.2\.\d+/);
    const [moduleBytes, componentBytes] = await runner.locator('.sizes td.num').evaluateAll((cells) => cells.map((c) => Number((c as HTMLElement).dataset['bytes'])));
    expect(componentBytes).toBeGreaterThan(moduleBytes!);

    await runner.getByLabel('Arguments').fill('--starts-with q --count 4');
    await runner.getByRole('button', { name: 'Run the component' }).click();
    await expect.poll(() => runner.locator('.exit').textContent(), { timeout: 20_000 }).toBe('0 (success)');
    const words = (await runner.locator('.stdout').innerText()).trim().split('\n');
    expect(words).toHaveLength(4);
    for (const word of words) expect(word).toMatch(/^q[a-z]+$/);

    // Bad arguments: the component's own message on stderr, and a failure.
    await runner.getByLabel('Arguments').fill('--count lots');
    await runner.getByRole('button', { name: 'Run the component' }).click();
    await expect.poll(() => runner.locator('.exit').textContent()).toBe('1 (failure)');
    expect(await runner.locator('.stderr').innerText()).toContain('--count must be a whole number');
    await runner.locator('details summary').click();
    expect(await runner.locator('.wit').innerText()).toMatch(/world root \{[\s\S]*export wasi:cli\/run@/);
    expect(await widgetViolations(page, 'component-runner')).toEqual([]);

    // Everything came from this site, bundled: no bare "@bytecodealliance/..." module paths were requested.
    expect(scripts.filter((s) => s.includes('@bytecodealliance'))).toEqual([]);
    await context.close();
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
  });
});

describe('the real shell (WebContainer), up to its boot', () => {
  test('offline, it is not offered, a line says why, and the built-in terminal still serves and curls', async () => {
    const { page, context, errors } = await open(browser());
    expect((await page.goto(baseURL() + TERMINAL_LESSON))?.status()).toBe(200);
    const terminal = page.locator('containerless-terminal').first();
    await terminal.scrollIntoViewIfNeeded();
    await expect.poll(() => terminal.getAttribute('data-ready'), { timeout: 15_000 }).toBe('');
    const action = terminal.locator('real-shell-action');
    // Online and cross-origin isolated (the preview server sends COOP/COEP): the action is offered.
    await expect.poll(() => action.getAttribute('data-available')).toBe('true');
    expect(await action.getByRole('button', { name: 'Open a real shell' }).isVisible()).toBe(true);
    // The module must be in the offline copy before the network goes.
    await expect.poll(() => page.evaluate(offlineCopyComplete), { timeout: 60_000, interval: 500 }).toBe(true);

    await context.setOffline(true);
    await expect.poll(() => action.getAttribute('data-available')).toBe('false');
    expect(await action.getByRole('button', { name: 'Open a real shell' }).isVisible()).toBe(false);
    expect(await action.locator('.unavailable').innerText()).toContain('not available offline');
    expect(await widgetViolations(page, 'real-shell-action')).toEqual([]);

    await terminal.locator('.xterm').click();
    await typeLine(page, 'wasmedge word_generator.wasm &');
    // Either this terminal's server listens, or the page's demo already holds :8090 on the same page network.
    await expect.poll(async () => (await terminalRows(page)).replace(/\n/g, ''), { timeout: 15_000 }).toMatch(/Listening on http:\/\/0\.0\.0\.0:8090|[Aa]ddress already in use/);
    await typeLine(page, 'curl localhost:8090/?starts_with=k');
    await expect.poll(async () => (await terminalRows(page)).split('\n').some((l) => /^k[a-z]+$/.test(l.trim()))).toBe(true);

    // Back online, it is offered again.
    await context.setOffline(false);
    await expect.poll(() => action.getAttribute('data-available')).toBe('true');
    await context.close();
    expect(errors).toEqual([]);
  });

  test('online but with third-party loading blocked, "Open a real shell" fails with a clear message in time', async () => {
    const { page, context, offsite } = await open(browser());
    expect((await page.goto(baseURL() + TERMINAL_LESSON))?.status()).toBe(200);
    const terminal = page.locator('containerless-terminal').first();
    await terminal.scrollIntoViewIfNeeded();
    await expect.poll(() => terminal.getAttribute('data-ready'), { timeout: 15_000 }).toBe('');
    const action = terminal.locator('real-shell-action');
    // Nothing was loaded from StackBlitz before the reader asked.
    expect(offsite).toEqual([]);
    const started = Date.now();
    await action.getByRole('button', { name: 'Open a real shell' }).click();
    expect(await action.locator('.status').innerText()).toContain('Starting a real shell');
    await expect.poll(() => action.locator('.status[data-tone="error"]').count(), { timeout: 30_000 }).toBe(1);
    const message = await action.locator('.status').innerText();
    expect(message).toMatch(/WebContainer (did not start within 20 s|could not start)/);
    expect(message).toContain('The built-in terminal above keeps working');
    expect(await widgetViolations(page, 'real-shell-action')).toEqual([]);
    expect(Date.now() - started).toBeLessThan(27_000);
    // It did try StackBlitz (and the harness blocked it).
    expect(offsite.some((url) => new URL(url).hostname.endsWith('stackblitz.com'))).toBe(true);
    // The button is there again for another try; the built-in terminal answers.
    expect(await action.getByRole('button', { name: 'Open a real shell' }).isEnabled()).toBe(true);
    await terminal.locator('.xterm').click();
    await typeLine(page, 'wasmedge word_generator.wasm &');
    // Either this terminal's server listens, or the page's demo already holds :8090 on the same page network.
    await expect.poll(async () => (await terminalRows(page)).replace(/\n/g, ''), { timeout: 15_000 }).toMatch(/Listening on http:\/\/0\.0\.0\.0:8090|[Aa]ddress already in use/);
    await typeLine(page, 'curl localhost:8090/?starts_with=m');
    await expect.poll(async () => (await terminalRows(page)).split('\n').some((l) => /^m[a-z]+$/.test(l.trim()))).toBe(true);
    // The same terminal runs the WASI 0.2 component too.
    await typeLine(page, 'jco run word_generator_cli.component.wasm --starts-with x --count 2');
    await expect.poll(async () => (await terminalRows(page)).split('\n').filter((l) => /^x[a-z]+$/.test(l.trim())).length, { timeout: 15_000 }).toBe(2);
    await context.close();
  });
});
