// A guest that never finishes, run from the in-page terminal: it must be stopped and reported while the page
// stays responsive. The terminal is given the spin fixture (tests/fixtures/wasm/spin.wasm) in place of the
// command-line module, since the page only runs the course's modules.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { answersWithin, terminalText, useBrowser } from './harness.ts';
import { terminalWith } from './guest-terminal.ts';
import { assemble, writerWat } from '../support/wat.ts';
import { CLI_MODULE } from '../../src/course/facts.ts';

const spin = readFileSync(new URL('../fixtures/wasm/spin.wasm', import.meta.url));

const browser = useBrowser();

describe('a runaway guest in the page', () => {
  // The terminal runs each module in its own Worker with the runtime's runaway bound (5 s).
  test('a command that loops forever is stopped and reported, and the page stays responsive', async () => {
    const { page, terminal, run, close } = await terminalWith(browser(), CLI_MODULE, spin);
    try {
      await run(`wasmedge ${CLI_MODULE}`);
      // While the guest spins, the page answers every time it is asked (a hang detector, not a speed test), until
      // the terminal says the module was stopped.
      const reported = async () => /stopped|no answer|runaway/i.test(await terminal.locator('.xterm-rows').innerText());
      for (let check = 1; !(await reported()); check++) expect(await answersWithin(page, 3_000), `the page answers (check ${check})`).toBe(true);
    } finally {
      await close();
    }
  }, 90_000);

  // A guest that writes 'y\n' for ever: the output reaching the page is cut at 1 MiB with a note, the runaway bound
  // stops the guest, and the prompt comes back.
  test('a command that writes for ever is cut at the output bound and stopped, and the prompt comes back', async () => {
    const forever = await assemble(writerWat(-1));
    const { page, terminal, run, close } = await terminalWith(browser(), CLI_MODULE, forever);
    try {
      await run(`wasmedge ${CLI_MODULE}`);
      expect(await answersWithin(page, 3_000), 'the page answers while the guest writes').toBe(true);
      await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(/output truncated after 1 MiB/);
      await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(/no answer within/);
      await run('echo $?');
      await expect.poll(() => terminal.locator('.xterm-rows').innerText(), { timeout: 10_000 }).toMatch(/^137$/m);
    } finally {
      await close();
    }
  }, 90_000);
});
