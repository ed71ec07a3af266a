// A lesson's terminal whose module is swapped for a test guest by a browser route (test-only: the page runs only
// the course's modules). Shared by the runaway and hostile-guest tests.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseURL, open, readyTerminal, typeLine } from './harness.ts';
import { lessonPages } from './routes.ts';

/** The first lesson whose built page has a terminal. */
export const lessonWithTerminal = (): string | undefined =>
  lessonPages().find((p) => readFileSync(new URL(`../../dist${p}index.html`, import.meta.url), 'utf8').includes('<containerless-terminal'));

/** That lesson, with `bytes` served for `module` and its terminal ready and focused; `run` types a line and presses Enter. */
export async function terminalWith(browser: Browser, module: string, bytes: Uint8Array) {
  const session = await open(browser, { serviceWorkers: 'block' });
  const { page, context } = session;
  await context.route(`**/wasm/${module}*`, (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from(bytes) }));
  const lesson = lessonWithTerminal();
  expect(lesson, 'a lesson has a terminal').toBeDefined();
  await page.goto(baseURL() + lesson);
  const terminal = await readyTerminal(page);
  const run = (line: string) => typeLine(page, line);
  // A page whose guest misbehaved may take long to close; the test is over either way.
  const close = () => Promise.race([context.close(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  return { ...session, terminal, run, close };
}
