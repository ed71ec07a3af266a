// Self-checking steps: each in-page step's evidence is read from what the real shell did with the step's own
// command, and a command that failed, or did something else, proves nothing.
import { afterEach, describe, expect, test } from 'vitest';
import { evidenceIn, type Ran } from '../../../src/progress/evidence.ts';
import { steps } from '../../../src/steps/index.ts';
import { testShell } from '../terminal/harness.ts';

const shells: ReturnType<typeof testShell>[] = [];
afterEach(async () => {
  await Promise.all(shells.splice(0).map((t) => t.shell.dispose()));
});

function watched() {
  const t = testShell();
  shells.push(t);
  const seen: Ran[] = [];
  t.shell.watch((ran) => seen.push(ran));
  return { t, seen, last: () => seen.at(-1) as Ran };
}

describe('evidence from the terminal', () => {
  test('every step that runs in the page declares its evidence', () => {
    const page = steps.filter((s) => s.where === 'page');
    expect(page.length).toBeGreaterThan(0);
    expect(page.filter((s) => !s.evidence).map((s) => s.id)).toEqual([]);
  });

  test("each page step's own command, run in the shell, proves it", async () => {
    const { t, last } = watched();
    const found: Record<string, string | undefined> = {};
    for (const step of steps.filter((s) => s.where === 'page')) {
      await t.run(step.command);
      found[step.id] = step.evidence && evidenceIn(step.evidence, last());
    }
    expect(found['page-cli-words']).toMatch(/^printed 3 words: w[a-z]+, w[a-z]+, w[a-z]+$/);
    expect(found['page-start-server']).toBe('the listener came up on port 8090');
    expect(found['page-curl-word']).toMatch(/^200 with a word: "d[a-z]+"$/);
    expect(found['page-curl-health']).toBe('200 "ok" from /healthz');
    expect(found['page-curl-bad-request']).toBe('400 Bad Request for a bad letter');
  });

  test('a refused or failed command proves nothing', async () => {
    const { t, last } = watched();
    await t.run('curl localhost:8090/?starts_with=d');
    expect(last().output).toContain('Connection refused');
    expect(evidenceIn('word-200', last())).toBeUndefined();
    await t.run('wasmedge word_generator_cli.wasm --starts-with dd');
    expect(evidenceIn('cli-words', last())).toBeUndefined();
    await t.run('echo localhost:8090/?starts_with=d daisy');
    expect(evidenceIn('word-200', last())).toBeUndefined();
    await t.run('wasmedge word_generator.wasm &');
    await t.run('curl -i "localhost:8090/?starts_with=dd"');
    expect(evidenceIn('word-200', last())).toBeUndefined();
    expect(evidenceIn('bad-letter-400', last())).toBeDefined();
    // A second server on the same port is refused: no listener evidence from it.
    await t.run('wasmedge word_generator.wasm &');
    expect(evidenceIn('listener-up', last())).toBeUndefined();
  });
});
