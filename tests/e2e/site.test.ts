import { describe, expect, test } from 'vitest';
import { axeViolations, baseURL, open, useBrowser } from './harness.ts';
import { lessonPages, sitePages } from './routes.ts';

const browser = useBrowser();

describe('every page', () => {
  test('the build has the home page, the lesson list, at least one lesson and the workshop page', () => {
    const pages = sitePages();
    expect(pages).toEqual(expect.arrayContaining(['/', '/learn/', '/workshop/', '/talk/']));
    expect(lessonPages().length).toBeGreaterThan(0);
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`renders with a heading, no errors, nothing off localhost and no axe violations (${theme})`, { timeout: 300_000 }, async () => {
      const { page, context, offsite, errors } = await open(browser(), { theme });
      const failures: string[] = [];
      for (const path of sitePages()) {
        const response = await page.goto(baseURL() + path);
        expect(response?.status(), path).toBe(200);
        await expect.poll(() => page.evaluate(() => document.documentElement.dataset['theme'])).toBe(theme);
        const h1 = await page.locator('h1').first().textContent();
        expect(h1?.trim().length, `${path} has an h1`).toBeGreaterThan(0);
        for (const v of await axeViolations(page)) failures.push(`${path}: ${v}`);
      }
      await context.close();
      expect(failures).toEqual([]);
      expect(errors).toEqual([]);
      expect(offsite).toEqual([]);
    });
  }

  test('an unknown address gets the 404 page with a way back', async () => {
    const { page, context } = await open(browser());
    const response = await page.goto(baseURL() + '/no/such/page/');
    expect(response?.status()).toBe(404);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Page not found');
    await page.getByRole('link', { name: 'All lessons' }).click();
    await page.waitForURL(/\/learn\/$/);
    await context.close();
  });
});

describe('lessons', () => {
  test('code blocks are highlighted with a light and a dark palette', async () => {
    const { page, context } = await open(browser(), { theme: 'light' });
    await page.goto(baseURL() + lessonPages()[0]);
    const block = page.locator('pre.astro-code').first();
    await expect.poll(() => block.count()).toBe(1);
    const colours = async () =>
      block.evaluate((pre) => new Set([...pre.querySelectorAll('span')].map((s) => getComputedStyle(s).color)).size);
    expect(await colours()).toBeGreaterThan(2);
    const bgLight = await block.evaluate((pre) => getComputedStyle(pre).backgroundColor);
    await page.getByRole('button', { name: 'Dark theme' }).click();
    const bgDark = await block.evaluate((pre) => getComputedStyle(pre).backgroundColor);
    expect(bgDark).not.toBe(bgLight);
    expect(await colours()).toBeGreaterThan(2);
    await context.close();
  });

  test('the theme toggle is remembered across pages', async () => {
    const { page, context } = await open(browser(), { theme: 'light' });
    await page.goto(baseURL() + '/');
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await page.goto(baseURL() + '/learn/');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    await context.close();
  });

  test('sidebar, table of contents and previous/next link the lessons in order', async () => {
    const { page, context } = await open(browser());
    const lessons = lessonPages();
    await page.goto(baseURL() + '/learn/');
    const listed = await page.locator('.lesson-list a').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(new Set(listed)).toEqual(new Set(lessons));
    await page.goto(baseURL() + listed[0]);
    await expect.poll(() => page.locator('.lesson-nav a[aria-current="page"]').getAttribute('href')).toBe(listed[0]);
    const tocLinks = page.getByRole('navigation', { name: 'On this page' }).getByRole('link');
    expect(await tocLinks.count()).toBeGreaterThan(2);
    const target = await tocLinks.nth(1).getAttribute('href');
    expect(await page.locator(target ?? '#missing').count()).toBe(1);
    if (listed.length > 1) {
      await page.getByRole('link', { name: /^Next/ }).click();
      await page.waitForURL((u) => u.pathname === listed[1]);
      await page.getByRole('link', { name: /^Previous/ }).click();
      await page.waitForURL((u) => u.pathname === listed[0]);
    }
    await context.close();
  });

  test('a lesson reads on a phone without sideways scrolling of the page', async () => {
    const { page, context } = await open(browser(), { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    await page.goto(baseURL() + lessonPages()[0]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.locator('.lesson-nav-details').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await context.close();
  });
});

describe('keyboard', () => {
  test('skip link, main navigation and lesson links work without a mouse', async () => {
    const { page, context } = await open(browser());
    await page.goto(baseURL() + '/');
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => document.activeElement?.textContent?.trim());
    expect(skip).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#main');

    // Tab through to "Start lesson 1" and follow it.
    let reached = false;
    for (let i = 0; i < 25 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate(() => document.activeElement?.textContent?.trim())) === 'Start lesson 1';
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/learn\/[^/]+\/$/);
    const focusVisible = await page.evaluate(() => {
      const links = [...document.querySelectorAll('a')];
      return links.length > 0;
    });
    expect(focusVisible).toBe(true);
    await context.close();
  });
});
