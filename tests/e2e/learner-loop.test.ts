// The learner's loop on the built site: one network per page (demo and terminal share localhost:8090), steps that
// check themselves from what the terminal did, a proof code from the real `containerless verify`, paste, the
// terminal beside the steps, copy buttons and search.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { baseURL, open, readyTerminal, terminalLines, terminalText, typeLine, useBrowser } from './harness.ts';

const RUN_LESSON = '/learn/run-and-curl/';
const root = fileURLToPath(new URL('../../', import.meta.url));

const browser = useBrowser();

describe('one network per page', () => {
  test("the demo's server is the terminal's localhost:8090; a second server is refused by name; a stop is seen by both", async () => {
    const { page, context, errors } = await open(browser());
    await page.goto(baseURL() + RUN_LESSON);
    const demo = page.locator('word-generator-demo').first();
    await demo.scrollIntoViewIfNeeded();
    await expect.poll(() => demo.locator('.word').textContent(), { timeout: 15_000 }).toMatch(/^d[a-z]+$/);

    await readyTerminal(page);
    await typeLine(page, 'curl localhost:8090/?starts_with=q');
    await expect.poll(async () => (await terminalLines(page)).some((l) => /^q[a-z]+$/.test(l))).toBe(true);
    await typeLine(page, 'wasmedge word_generator.wasm &');
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).toContain('Address already in use');
    expect(await terminalText(page)).toContain('word generator demo on this page');

    // Stopped in the demo: the terminal's curl is refused.
    await demo.getByRole('button', { name: 'Stop the server' }).click();
    await expect.poll(() => demo.locator('.state-badge').textContent(), { timeout: 15_000 }).toBe('stopped');
    await page.locator('containerless-terminal .xterm').click();
    await typeLine(page, 'curl localhost:8090/?starts_with=q');
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).toContain('Connection refused');

    // Started in the terminal: the demo uses it, and a kill there is seen in the demo.
    await typeLine(page, 'wasmedge word_generator.wasm &');
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).toContain('runs in the background on port 8090');
    await demo.getByRole('button', { name: 'Restart the server' }).click();
    await expect.poll(() => demo.locator('.cold').textContent(), { timeout: 15_000 }).toMatch(/already running: started by job 1 in the terminal/);
    await demo.getByRole('button', { name: 'Get a word' }).click();
    await expect.poll(() => demo.locator('.word').textContent()).toMatch(/^d[a-z]+$/);
    await page.locator('containerless-terminal .xterm').click();
    await typeLine(page, 'kill %1');
    await expect.poll(() => demo.locator('.state-badge').textContent(), { timeout: 15_000 }).toBe('stopped');
    await context.close();
    expect(errors).toEqual([]);
  });
});

describe('steps that check themselves', () => {
  test('each page step is marked done by what the terminal showed, says so, and stays done after a reload', async () => {
    const { page, context } = await open(browser());
    await page.goto(baseURL() + RUN_LESSON);
    // The demo above starts its server when it comes into view; stop it so the terminal can start its own.
    const demo = page.locator('word-generator-demo').first();
    await demo.scrollIntoViewIfNeeded();
    await expect.poll(() => demo.locator('.state-badge').textContent(), { timeout: 15_000 }).toBe('listening on :8090');
    await demo.getByRole('button', { name: 'Stop the server' }).click();
    await expect.poll(() => demo.locator('.state-badge').textContent(), { timeout: 15_000 }).toBe('stopped');
    const ids = ['page-start-server', 'page-curl-word', 'page-curl-health', 'page-curl-bad-request'];
    for (const id of ids) {
      const step = page.locator(`#step-${id}`);
      // Clicked in the page, as a learner does; the terminal must not need scrolling to.
      await step.getByRole('button', { name: /^Run here/ }).click();
      await expect.poll(() => step.locator('.status').textContent(), { timeout: 15_000 }).toMatch(/^(Ran in the terminal|Done:)/);
      await expect.poll(() => step.locator('button.done').getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
    }
    expect(await page.locator('#step-page-curl-word .how-done').textContent()).toMatch(/Seen in this page: 200 with a word: "d[a-z]+"/);
    expect(await page.locator('#step-page-curl-bad-request .how-done').textContent()).toContain('400 Bad Request');
    await page.reload();
    for (const id of ids) expect(await page.locator(`#step-${id} button.done`).textContent()).toContain('Done, seen here');
    await context.close();
  });

  test('a command the terminal refuses is reported as refused, and proves nothing', async () => {
    const { page, context } = await open(browser());
    await page.goto(baseURL() + RUN_LESSON);
    await readyTerminal(page);
    // On another port than the demo's, which may be starting as the page loads.
    await typeLine(page, 'wasmedge --env PORT=9000 word_generator.wasm');
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).toContain('holds this prompt');
    // Typed keys echo while the server holds the prompt.
    await page.keyboard.type('echoed');
    await expect.poll(() => terminalText(page)).toContain('echoed');
    const step = page.locator('#step-page-curl-word');
    await step.getByRole('button', { name: /^Run here/ }).click();
    await expect.poll(() => step.locator('.status').textContent()).toMatch(/^Not run: a server holds the terminal's prompt/);
    expect(await step.locator('button.done').getAttribute('aria-pressed')).toBe('false');
    await context.close();
  });
});

describe('proof from your machine', () => {
  test('a code printed by the real containerless verify marks its step "verified on your machine"; junk changes nothing', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['bin/containerless.mjs', 'verify', 'build-module', '--module', 'public/wasm/word_generator.wasm'], { cwd: root, timeout: 60_000 });
    const code = stdout.trim().split('\n').at(-1) ?? '';
    expect(code).toMatch(/^CLV1\./);

    const { page, context } = await open(browser());
    await page.goto(baseURL() + '/learn/build/');
    const form = page.locator('verify-code-form');
    const input = form.getByLabel('Proof code');
    await input.fill('CLV1.nonsense');
    await form.getByRole('button', { name: 'Mark verified steps' }).click();
    await expect.poll(() => form.locator('.verify-status').textContent()).toMatch(/damaged/);
    await input.fill('CL1.constructor:pwned');
    await form.getByRole('button', { name: 'Mark verified steps' }).click();
    await expect.poll(() => form.locator('.verify-status').textContent()).toMatch(/not a verify code/);
    expect(await page.evaluate(() => localStorage.getItem('containerless:progress:v1'))).toBeNull();

    await input.fill(code);
    await form.getByRole('button', { name: 'Mark verified steps' }).click();
    await expect.poll(() => form.locator('.verify-status').textContent()).toBe('Marked 1 step as verified on your machine.');
    const step = page.locator('#step-build-module');
    await expect.poll(() => step.locator('button.done').textContent()).toContain('Verified on your machine');
    await page.reload();
    await expect.poll(() => page.locator('#step-build-module button.done').textContent()).toContain('Verified on your machine');
    await page.locator('verify-code-form').getByLabel('Proof code').fill(code);
    await page.locator('verify-code-form').getByRole('button', { name: 'Mark verified steps' }).click();
    await expect.poll(() => page.locator('verify-code-form .verify-status').textContent()).toMatch(/^Nothing changed/);
    await context.close();
  });
});

describe('the terminal beside the steps', () => {
  for (const [name, viewport] of [['wide', { width: 1440, height: 900 }], ['phone', { width: 390, height: 800 }]] as const) {
    test(`${name}: "Run here" never moves the page, and the terminal is in view`, async () => {
      const { page, context } = await open(browser(), { viewport });
      await page.goto(baseURL() + RUN_LESSON + '#step-page-curl-word');
      await readyTerminal(page);
      // Scrolled, and two frames drawn: the page has settled where it was put.
      await page.evaluate(async () => {
        document.getElementById('step-page-curl-word')?.scrollIntoView({ block: 'start' });
        for (let i = 0; i < 2; i++) await new Promise(requestAnimationFrame);
      });
      const before = await page.evaluate(() => scrollY);
      // A click from the page's own script: Playwright would scroll the button into view itself.
      await page.evaluate(() => document.querySelector<HTMLButtonElement>('#step-page-curl-word button.run')?.click());
      await expect.poll(() => page.locator('#step-page-curl-word .status').textContent(), { timeout: 15_000 }).toMatch(/^(Ran|Done|Not run)/);
      expect(await page.evaluate(() => scrollY)).toBe(before);
      const box = await page.locator('containerless-terminal .frame').boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(50); // below the sticky header
      expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height + 1);
      if (name === 'wide') {
        const step = await page.locator('#step-page-curl-word').boundingBox();
        expect(box!.x).toBeGreaterThan(step!.x + step!.width - 1); // beside, not below
      }
      await context.close();
    });
  }

  test('Ctrl+V pastes, and a pasted hyperlink escape arrives as plain text', async () => {
    const { page, context } = await open(browser(), { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(baseURL() + RUN_LESSON);
    await readyTerminal(page);
    await page.evaluate(() => navigator.clipboard.writeText('echo \x1b]8;;https://attacker.example/\x07click me\x1b]8;;\x07'));
    await page.keyboard.press('Control+V');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await terminalLines(page)).includes('click me')).toBe(true);
    expect(await page.locator('containerless-terminal .xterm a, containerless-terminal .xterm [class*="underline"]').count()).toBe(0);
    expect(await terminalText(page)).not.toContain('attacker');
    await context.close();
  });
});

describe('copy buttons and search', () => {
  test('a code block copies its command only', async () => {
    const { page, context } = await open(browser(), { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(baseURL() + '/learn/deploy/');
    const blocks = page.locator('.prose .code-block');
    expect(await blocks.count()).toBeGreaterThan(3);
    expect(await page.locator('.prose .code-block > button.code-copy:not([hidden])').count()).toBe(await blocks.count());
    const bash = page.locator('.prose .code-block[data-language="bash"]').first();
    await bash.locator('button.code-copy').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe((await bash.locator('pre').innerText()).replace(/^\$ /gm, '').trim());
    expect(copied).not.toMatch(/^\$ /m);
    await context.close();
  });

  test('nonsense finds nothing and says so; a hit opens at the matching section', async () => {
    const { page, context } = await open(browser());
    await page.goto(baseURL() + '/learn/');
    const box = page.getByRole('combobox', { name: 'Search the lessons' });
    await box.focus();
    await page.keyboard.type('xyzzyq');
    await expect.poll(() => page.locator('#site-search-results .empty').textContent(), { timeout: 10_000 }).toMatch(/^No results/);
    await page.goto(baseURL() + '/search/?q=xyzzyq');
    await expect.poll(() => page.locator('.status').textContent(), { timeout: 10_000 }).toMatch(/^No results/);
    await page.goto(baseURL() + '/search/?q=healthz');
    const first = page.locator('.results a').first();
    await expect.poll(() => first.getAttribute('href'), { timeout: 10_000 }).toMatch(/#/);
    const excerpts = await page.locator('.results p').allTextContents();
    expect(excerpts.join(' ')).not.toMatch(/[a-z]Hint[A-Z]/);
    const href = (await first.getAttribute('href')) ?? '';
    await first.click();
    await page.waitForURL((u) => u.hash === new URL(href, baseURL()).hash);
    const id = decodeURIComponent(new URL(href, baseURL()).hash.slice(1));
    const target = await page.locator(`[id="${id}"]`).boundingBox();
    expect(target!.y).toBeGreaterThanOrEqual(0);
    expect(target!.y).toBeLessThan(400);
    await context.close();
  });
});
