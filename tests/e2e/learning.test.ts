import { describe, expect, test } from 'vitest';
import { axeViolations, baseURL, hasWord, open, terminalText, typeLine, useBrowser } from './harness.ts';

// The learning path's interactive parts, on the real lessons: the live demo, the terminal, guided steps with
// saved progress, the WASI playground and search.

const RUN_LESSON = '/learn/run-and-curl/';
const WASI_LESSON = '/learn/wasi/';

const browser = useBrowser();

describe('the live demo', () => {
  test('returns a word starting with the chosen letter, with the raw exchange and measured times', async () => {
    const { page, context, offsite, errors } = await open(browser());
    await page.goto(baseURL() + RUN_LESSON);
    const demo = page.locator('word-generator-demo').first();
    await demo.scrollIntoViewIfNeeded();
    await expect.poll(() => demo.locator('.word').textContent(), { timeout: 15_000 }).toMatch(/^d[a-z]+$/);
    await demo.getByLabel('Starting letter').selectOption('m');
    await expect.poll(() => demo.locator('.word').textContent()).toMatch(/^m[a-z]+$/);
    expect(await demo.locator('.raw-request').textContent()).toContain('GET /?starts_with=m HTTP/1.1');
    expect(await demo.locator('.raw-response').textContent()).toContain('HTTP/1.1 200 OK');
    // The cold start's parts add up to its total (src/widgets/WordGeneratorDemo.astro).
    expect(await demo.locator('.cold').textContent()).toMatch(/^\d+(\.\d+)? ms = .*start \d+(\.\d+)? ms/);
    expect(await demo.locator('.size').textContent()).toMatch(/^\d+ KiB/);
    expect(await demo.locator('.latency').textContent()).toMatch(/\d+(\.\d+)? ms round trip/);

    await demo.getByLabel(/Show the WASI calls/).check();
    await demo.getByRole('button', { name: 'Get a word' }).click();
    await expect.poll(() => demo.locator('.trace li').count()).toBeGreaterThan(2);
    expect(await demo.locator('.trace').textContent()).toContain('sock_accept');

    // A stopped guest says so and comes back with Restart.
    await demo.getByRole('button', { name: 'Stop the server' }).click();
    await expect.poll(() => demo.locator('.state').textContent()).toContain('stopped');
    await demo.getByRole('button', { name: 'Restart the server' }).click();
    await expect.poll(() => demo.locator('.state-badge').textContent()).toBe('listening on :8090');
    await expect.poll(() => demo.locator('.word').textContent()).toMatch(/^m[a-z]+$/);
    await context.close();
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
  });
});

describe('page weight', () => {
  test('a lesson without widgets loads no terminal, no runtime and no module', async () => {
    const { page, context } = await open(browser());
    const loaded: string[] = [];
    page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
    await page.goto(baseURL() + '/learn/inside-the-word-generator/');
    await page.waitForLoadState('networkidle');
    expect(loaded.filter((p) => /xterm.*\.js$|\/runtime.*\.js$|\.wasm$/.test(p))).toEqual([]);
    await context.close();
  });
});

describe('the live demo when the module cannot load', () => {
  test('says so and recovers with Restart once the module is reachable again', async () => {
    const { page, context } = await open(browser());
    await page.route('**/wasm/word_generator.wasm?*', (route) => route.abort('failed'));
    await page.goto(baseURL() + RUN_LESSON);
    const demo = page.locator('word-generator-demo').first();
    await demo.scrollIntoViewIfNeeded();
    await expect.poll(() => demo.locator('.state').textContent(), { timeout: 15_000 }).toContain('could not start');
    const restart = demo.getByRole('button', { name: 'Restart the server' });
    expect(await restart.isVisible()).toBe(true);
    await page.unroute('**/wasm/word_generator.wasm?*');
    await restart.click();
    await expect.poll(() => demo.locator('.word').textContent(), { timeout: 15_000 }).toMatch(/^d[a-z]+$/);
    expect(await restart.isVisible()).toBe(false);
    await context.close();
  });
});

describe('the terminal', () => {
  test('wasmedge ... & then curl gets a word from the server running in the page', async () => {
    const { page, context, errors, offsite } = await open(browser());
    await page.goto(baseURL() + RUN_LESSON);
    // The demo's server would be the terminal's localhost:8090 too (one network per page): stop it first.
    const demo = page.locator('word-generator-demo').first();
    await expect.poll(() => demo.locator('.state-badge').textContent(), { timeout: 15_000 }).toBe('listening on :8090');
    await demo.getByRole('button', { name: 'Stop the server' }).click();
    await expect.poll(() => demo.locator('.state-badge').textContent()).toBe('stopped');
    const terminal = page.locator('containerless-terminal');
    await terminal.scrollIntoViewIfNeeded();
    await expect.poll(() => terminal.getAttribute('data-ready'), { timeout: 15_000 }).toBe('');
    await terminal.locator('.xterm').click();
    await typeLine(page, 'curl localhost:8090/?starts_with=k');
    await expect.poll(() => terminalText(page)).toContain('Connection refused');
    await typeLine(page, 'wasmedge word_generator.wasm &');
    await expect.poll(() => terminalText(page)).toContain('Listening on http://0.0.0.0:8090');
    await typeLine(page, 'curl localhost:8090/?starts_with=k');
    await expect.poll(() => hasWord(page, 'k')).toBe(true);
    // History and completion from the keyboard.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Control+U');
    await page.keyboard.type('jo');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page)).toMatch(/\[1\]\+\s+Running/);
    await typeLine(page, 'kubectl get pods');
    await expect.poll(() => terminalText(page)).toContain('your own Kubernetes cluster');
    await context.close();
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
  });
});

describe('guided steps and saved progress', () => {
  test('"Run here" runs the step in the terminal; a step marked done stays done after a reload', async () => {
    const { page, context } = await open(browser());
    await page.goto(baseURL() + RUN_LESSON);
    // The demo's server holds port 8090 on this page's network; stop it so the step starts the terminal's own.
    const demo = page.locator('word-generator-demo').first();
    await expect.poll(() => demo.locator('.state-badge').textContent(), { timeout: 15_000 }).toBe('listening on :8090');
    await demo.getByRole('button', { name: 'Stop the server' }).click();
    const step = page.locator('#step-page-start-server');
    await step.getByRole('button', { name: /^Run here/ }).click();
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).toContain('Listening on http://0.0.0.0:8090');
    await page.locator('#step-page-curl-word').getByRole('button', { name: /^Run here/ }).click();
    await expect.poll(() => hasWord(page, 'd')).toBe(true);

    // Both steps checked themselves; a step not run yet can still be marked by hand.
    await expect.poll(() => step.locator('button.done').textContent()).toContain('Done, seen here');
    const done = page.locator('#step-page-curl-health button.done');
    expect(await done.textContent()).toContain('Mark as done');
    await done.click();
    await expect.poll(() => done.getAttribute('aria-pressed')).toBe('true');
    expect(await done.textContent()).toContain('marked by you');
    await page.reload();
    await expect.poll(() => page.locator('#step-page-curl-health button.done').getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
    await expect.poll(() => page.locator('lesson-progress .count').first().textContent(), { timeout: 10_000 }).toMatch(/^3 of \d+ steps done/);
    await expect.poll(() => page.locator('.lesson-nav li[data-lesson="run-and-curl"] .progress-mark').textContent()).toMatch(/3\/\d+/);
    // A deep link lands on the step.
    await page.goto(baseURL() + RUN_LESSON + '#step-page-curl-health');
    await expect.poll(() => page.locator('#step-page-curl-health').isVisible()).toBe(true);
    await context.close();
  });

  test('corrupted progress shows a notice, and the page still works', async () => {
    const { page, context, errors } = await open(browser());
    await page.goto(baseURL() + RUN_LESSON);
    await page.evaluate(() => localStorage.setItem('containerless:progress:v1', '{"version":1,"lessons":{'));
    await page.reload();
    const notice = page.locator('lesson-progress [role="alert"]');
    await expect.poll(() => notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain('could not be read');
    const done = page.locator('#step-page-curl-word button.done');
    await done.click();
    await expect.poll(() => done.getAttribute('aria-pressed')).toBe('true');
    await notice.getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => notice.isVisible()).toBe(false);
    await page.reload();
    await expect.poll(() => page.locator('#step-page-curl-word button.done').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('lesson-progress [role="alert"]').isVisible()).toBe(false);
    await context.close();
    expect(errors).toEqual([]);
  });
});

describe('the WASI playground', () => {
  test('runs the command-line module with the arguments and environment typed, and shows its calls', async () => {
    const { page, context, errors } = await open(browser());
    await page.goto(baseURL() + WASI_LESSON);
    const pg = page.locator('wasi-playground');
    await pg.getByLabel('Arguments').fill('--starts-with q --count 2');
    await pg.getByLabel(/Environment/).fill('GREETING=hello');
    await pg.getByRole('button', { name: 'Run it' }).click();
    await expect.poll(() => pg.locator('.stdout').textContent(), { timeout: 15_000 }).toMatch(/^q[a-z]+\nq[a-z]+\n$/);
    expect(await pg.locator('.exit').textContent()).toContain('0');
    await pg.getByText('The call trace').click();
    expect(await pg.locator('tbody tr').count()).toBeGreaterThan(3);
    expect(await pg.locator('tbody').textContent()).toContain('random_get');
    await pg.getByLabel('Arguments').fill('--starts-with 7');
    await pg.getByRole('button', { name: 'Run it' }).click();
    await expect.poll(() => pg.locator('.exit').textContent()).toContain('2 (failure)');
    expect(await pg.locator('.stderr').textContent()).toContain('single letter');
    await context.close();
    expect(errors).toEqual([]);
  });
});

describe('search', () => {
  test('finds a lesson by a word in it, from the keyboard', async () => {
    const { page, context, errors } = await open(browser());
    await page.goto(baseURL() + WASI_LESSON);
    const box = page.getByRole('combobox', { name: 'Search the lessons' });
    await box.focus();
    await page.keyboard.type('RuntimeClass');
    const options = page.getByRole('listbox', { name: 'Search results' }).getByRole('option');
    await expect.poll(() => options.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const titles = await options.locator('.hit-title').allTextContents();
    expect(titles.join(' | ')).toMatch(/cluster/i);
    await page.keyboard.press('ArrowDown');
    expect(await box.getAttribute('aria-activedescendant')).toBe('site-search-option-0');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname.startsWith('/learn/') && u.pathname !== WASI_LESSON);
    await context.close();
    expect(errors).toEqual([]);
  });
});

describe('keyboard, phone and accessibility', () => {
  test('the demo and a step work with the keyboard alone', async () => {
    const { page, context } = await open(browser());
    await page.goto(baseURL() + RUN_LESSON);
    const select = page.locator('word-generator-demo select');
    await select.focus();
    // Walk by Tab from the letter picker to the button, as a keyboard user does.
    await page.keyboard.press('End'); // z
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Get a word');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('word-generator-demo .word').textContent(), { timeout: 15_000 }).toMatch(/^z[a-z]+$/);

    const run = page.locator('#step-page-start-server').getByRole('button', { name: /^Run here/ });
    await run.focus();
    await page.keyboard.press('Enter');
    // The demo's server holds port 8090 on this page's one network: the terminal says so, naming it.
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).toContain('It is the word generator demo on this page');
    // Focus went to the terminal; Esc leaves it so Tab moves on again.
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('frame'))).toBe(true);
    const done = page.locator('#step-page-start-server button.done');
    await done.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => done.getAttribute('aria-pressed')).toBe('true');
    await context.close();
  });

  test('lessons with every widget fit a 375 px phone without sideways scrolling', async () => {
    const { page, context } = await open(browser(), { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    for (const path of [RUN_LESSON, WASI_LESSON, '/workshop/']) {
      await page.goto(baseURL() + path);
      for (const widget of await page.locator('word-generator-demo, containerless-terminal, wasi-playground').all()) {
        await widget.scrollIntoViewIfNeeded();
      }
      // Measured with every widget started and showing what it shows at its widest: the demo's word, the terminal
      // mounted, the playground's results (or its error).
      await page.waitForFunction(() => {
        const all = (selector: string, ok: (e: Element) => boolean) => [...document.querySelectorAll(selector)].every(ok);
        return (
          all('containerless-terminal', (t) => t.hasAttribute('data-ready')) &&
          all('word-generator-demo', (d) => /^[a-z]+$/.test(d.querySelector('.word')?.textContent ?? '')) &&
          all('wasi-playground', (w) => w.querySelector('.results:not([hidden]), [data-tone="error"]') !== null)
        );
      }, undefined, { timeout: 30_000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await context.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`axe finds nothing on the lessons with the widgets running (${theme})`, async () => {
      const { page, context, errors, offsite } = await open(browser(), { theme });
      const failures: string[] = [];
      for (const path of [RUN_LESSON, WASI_LESSON]) {
        await page.goto(baseURL() + path);
        for (const widget of await page.locator('word-generator-demo, containerless-terminal, wasi-playground').all()) {
          await widget.scrollIntoViewIfNeeded();
        }
        await expect.poll(() => page.locator('containerless-terminal[data-ready]').count(), { timeout: 15_000 }).toBe(1);
        await page.locator('guided-step details').first().evaluate((d) => ((d as HTMLDetailsElement).open = true)).catch(() => undefined);
        for (const v of await axeViolations(page)) failures.push(`${path}: ${v}`);
      }
      await context.close();
      expect(failures).toEqual([]);
      expect(errors).toEqual([]);
      expect(offsite).toEqual([]);
    }, 180_000);
  }
});
