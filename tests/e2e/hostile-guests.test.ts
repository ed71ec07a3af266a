// Hostile guests in the page's terminal, in Chromium: for each attack, the limit held, what the learner sees in the
// terminal, and that the page keeps working (the prompt is back and the next command answers). The page is given
// each guest in place of the course's module by a browser route (test-only: the page runs only the course's
// modules; tests/e2e/guest-terminal.ts), as tests/e2e/runaway.test.ts does. Timing figures for the same guests: tests/bench/containment.bench.mjs.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { terminalRows, terminalText, useBrowser } from './harness.ts';
import { terminalWith as lessonTerminalWith } from './guest-terminal.ts';
import { assemble, loggingServerWat, spinOnRequestServerWat, writerWat } from '../support/wat.ts';
import { hostile, HOSTILE_PORT } from './hostile-guests.ts';
import { CLI_MODULE, SERVER_MODULE } from '../../src/course/facts.ts';

const browser = useBrowser();
const terminalWith = (module: string, bytes: Uint8Array) => lessonTerminalWith(browser(), module, bytes);

/** The prompt is back (the last row is a bare prompt). */
const promptBack = async (page: Page) => (await terminalRows(page)).split('\n').map((l) => l.trim()).filter(Boolean).at(-1) === '$';

/** `echo $?` shows `status`, and then the next command answers: the terminal still works. */
async function stillWorks(page: Page, run: (line: string) => Promise<void>, status: number) {
  await expect.poll(() => promptBack(page), { timeout: 30_000 }).toBe(true);
  await run('echo $?');
  await expect.poll(() => terminalRows(page), { timeout: 10_000 }).toMatch(new RegExp(`^${status}$`, 'm'));
  await run('echo still here');
  await expect.poll(() => terminalRows(page), { timeout: 10_000 }).toMatch(/^still here$/m);
}

describe('hostile guests in the page terminal', () => {
  for (const [name, guest] of Object.entries(hostile)) {
    test(`${name}: each call gets its errno, shown as the guest prints it, and the terminal carries on`, async () => {
      const server = 'server' in guest;
      const t = await terminalWith(server ? SERVER_MODULE : CLI_MODULE, await assemble(guest.wat));
      try {
        await t.run(server ? `wasmedge --env PORT=${HOSTILE_PORT} ${SERVER_MODULE} &` : `wasmedge ${CLI_MODULE}`);
        const [lastLabel] = guest.expect.at(-1)!;
        await expect.poll(() => terminalRows(t.page), { timeout: 60_000 }).toContain(`${lastLabel}: `);
        const rows = await terminalRows(t.page);
        for (const [label, value] of guest.expect) expect(rows, label).toContain(`${label}: ${value}\n`);
        if (server) {
          // Past all that, the server still serves the page's curl.
          await t.run(`curl localhost:${HOSTILE_PORT}/`);
          await expect.poll(() => terminalRows(t.page), { timeout: 30_000 }).toMatch(/^ok$/m);
        }
        await stillWorks(t.page, t.run, 0);
        expect(t.errors).toEqual([]);
      } finally {
        await t.close();
      }
    }, 120_000);
  }

  test('one line that never ends: cut at 16 Ki characters on the screen, the output bound and the runaway stop hold', async () => {
    const t = await terminalWith(CLI_MODULE, await assemble(writerWat(-1, { fill: 'yy' })));
    try {
      await t.run(`wasmedge ${CLI_MODULE}`);
      await expect.poll(() => terminalText(t.page), { timeout: 30_000 }).toMatch(/no answer within/);
      const text = await terminalText(t.page);
      expect(text).toContain('[line cut at 16384 characters]');
      expect(text).toContain('[output truncated after 1 MiB]');
      await stillWorks(t.page, t.run, 137);
    } finally {
      await t.close();
    }
  }, 120_000);

  test('100 MiB to stdout: the page shows 1 MiB and says so, the guest ends normally', async () => {
    const t = await terminalWith(CLI_MODULE, await assemble(writerWat(1600)));
    try {
      await t.run(`wasmedge ${CLI_MODULE}`);
      await expect.poll(() => terminalText(t.page), { timeout: 30_000 }).toMatch(/output truncated after 1 MiB/);
      await stillWorks(t.page, t.run, 0);
    } finally {
      await t.close();
    }
  }, 120_000);

  test('a server that logs for ever: its lines arrive at a bounded rate with a count of those dropped, and Ctrl+C stops it', async () => {
    const t = await terminalWith(SERVER_MODULE, await assemble(loggingServerWat(HOSTILE_PORT)));
    try {
      await t.run(`wasmedge --env PORT=${HOSTILE_PORT} ${SERVER_MODULE}`);
      await expect.poll(() => terminalText(t.page), { timeout: 30_000 }).toMatch(/log lines dropped: the server wrote faster than the page can show/);
      await t.page.keyboard.press('Control+C');
      await stillWorks(t.page, t.run, 130);
    } finally {
      await t.close();
    }
  }, 120_000);

  test('a traced guest calling in a loop: its calls arrive at a bounded rate, with a count of those dropped', async () => {
    // 20,000 fd_close calls on a number that is not open, and nothing printed: the trace is all the terminal shows.
    const wat = `(module
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start") (local $n i32)
    (local.set $n (i32.const 20000))
    (block $done (loop $again
      (br_if $done (i32.eqz (local.get $n)))
      (drop (call $fd_close (i32.const 100)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $again)))))`;
    const t = await terminalWith(CLI_MODULE, await assemble(wat));
    try {
      await t.run(`containerless run ${CLI_MODULE} --trace`);
      await expect.poll(() => terminalText(t.page), { timeout: 30_000 }).toMatch(/\[\d+ trace lines dropped: the module made calls faster than the page can show\]/);
      const text = await terminalText(t.page);
      expect(text).toContain('[trace] fd_close(fd=100) -> BADF');
      // The last note counts most of the calls (the rest were shown, 500 a second at most).
      const [, last] = [...text.matchAll(/\[(\d+) trace lines dropped/g)].at(-1)!;
      expect(Number(last)).toBeGreaterThan(10_000);
      await stillWorks(t.page, t.run, 0);
    } finally {
      await t.close();
    }
  }, 120_000);

  test('a server that spins during a request: curl gets an error, and the server started again serves', async () => {
    const t = await terminalWith(SERVER_MODULE, await assemble(spinOnRequestServerWat(HOSTILE_PORT)));
    try {
      await t.run(`wasmedge --env PORT=${HOSTILE_PORT} ${SERVER_MODULE} &`);
      await expect.poll(() => terminalText(t.page), { timeout: 30_000 }).toMatch(new RegExp(`runs in the background on port ${HOSTILE_PORT}`));
      await t.run(`curl localhost:${HOSTILE_PORT}/`);
      await expect.poll(() => terminalRows(t.page), { timeout: 30_000 }).toMatch(/^ok$/m);
      await t.run(`curl localhost:${HOSTILE_PORT}/spin`);
      await expect.poll(() => terminalText(t.page), { timeout: 30_000 }).toMatch(/curl: .*no answer within/);
      await expect.poll(() => promptBack(t.page), { timeout: 30_000 }).toBe(true);
      await t.run('clear');
      await t.run(`wasmedge --env PORT=${HOSTILE_PORT} ${SERVER_MODULE} &`);
      await expect.poll(() => terminalText(t.page), { timeout: 30_000 }).toMatch(new RegExp(`runs in the background on port ${HOSTILE_PORT}`));
      await t.run(`curl localhost:${HOSTILE_PORT}/`);
      await expect.poll(() => terminalRows(t.page), { timeout: 30_000 }).toMatch(/^ok$/m);
      await stillWorks(t.page, t.run, 0);
    } finally {
      await t.close();
    }
  }, 120_000);
});
