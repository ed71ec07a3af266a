// The in-page guided steps promise an output; a learner who presses "Run here" must see it. Each step's command runs
// in the page's shell, on the real modules, in the order the lessons give them.
import { afterAll, describe, expect, test } from 'vitest';
import { pageSteps } from '../../../src/steps/page.ts';
import { getStep } from '../../../src/steps/index.ts';
import { testShell } from '../terminal/harness.ts';

const shell = testShell();
afterAll(() => shell.shell.dispose());

/** The fragments of an `expected` text written as "a ... b": each must appear in the output. */
function fragments(expected: string): string[] {
  return expected
    .split(/\.\.\.|\n/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

async function run(id: string) {
  const step = getStep(id);
  expect(step.where).toBe('page');
  return { step, ...(await shell.run(step.command)) };
}

describe('in-page steps do what they say', () => {
  test('every page step is registered and parses', () => {
    for (const input of pageSteps.filter((s) => s.where === 'page')) expect(getStep(input.id).command).toBe(input.command);
  });

  test('page-cli-words prints three words starting with w', async () => {
    const { out, status } = await run('page-cli-words');
    expect(status).toBe(0);
    const words = out.trim().split('\n');
    expect(words).toHaveLength(3);
    for (const word of words) expect(word).toMatch(/^w[a-z]+$/);
  });

  test('page-start-server prints what the step expects and keeps the prompt', async () => {
    const { step, out, status } = await run('page-start-server');
    expect(status).toBe(0);
    for (const part of fragments(step.expected)) expect(out).toContain(part.replace(/\.$/, ''));
  });

  test('page-curl-word answers a word starting with d', async () => {
    const { out, status } = await run('page-curl-word');
    expect(status).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^d[a-z]+$/);
  });

  test('page-curl-health and page-curl-bad-request show the status and body the steps promise', async () => {
    for (const id of ['page-curl-health', 'page-curl-bad-request']) {
      const { step, out, status } = await run(id);
      expect(status, id).toBe(0);
      for (const part of fragments(step.expected)) expect(out, id).toContain(part);
    }
  });

  test('a second start gets the message the troubleshooting names', async () => {
    const step = getStep('page-start-server');
    const { out } = await shell.run(step.command);
    const symptom = step.troubleshooting[0]?.symptom ?? '';
    expect(out).toContain(symptom);
  });
});
