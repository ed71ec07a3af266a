import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { lessonSchema } from '../../../src/schemas/lesson.ts';
import { deckSchema } from '../../../src/schemas/deck.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

const lesson = {
  title: 'A lesson',
  description: 'What this lesson is about, in a sentence.',
  order: 3,
  duration: 20,
  objectives: ['Do a thing'],
};

describe('lesson frontmatter', () => {
  test('a complete lesson passes and gets defaults', () => {
    const parsed = lessonSchema.parse(lesson);
    expect(parsed.prerequisites).toEqual([]);
    expect(parsed.draft).toBe(false);
  });

  test.each([
    ['order must be a positive whole number', { ...lesson, order: 0 }, 'order'],
    ['duration must be a number', { ...lesson, duration: '20 min' }, 'duration'],
    ['at least one objective', { ...lesson, objectives: [] }, 'objectives'],
    ['a misspelt field is refused, not ignored', { ...lesson, objective: ['x'] }, 'objective'],
  ])('%s', (_why, data, field) => {
    const result = lessonSchema.safeParse(data);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(field);
  });
});

describe('deck frontmatter', () => {
  const deck = { title: 'A talk', description: 'A talk about things, in a sentence.', event: 'Conf', date: '2026-11-23', speaker: 'Ada', duration: 30 };
  test('dates are parsed', () => {
    expect(deckSchema.parse(deck).date.toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });
  test('a deck without a speaker is refused', () => {
    const { speaker: _speaker, ...rest } = deck;
    expect(deckSchema.safeParse(rest).success).toBe(false);
  });
});

// The real thing a writer meets: Astro's content sync on a copy of the site with one broken lesson.
test('a wrong field fails the site build with a message that names the file', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'containerless-schema-'));
  try {
    for (const entry of ['astro.config.mjs', 'tsconfig.json', 'package.json', 'src', 'slides', 'content']) {
      cpSync(join(root, entry), join(dir, entry), { recursive: true });
    }
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(
      join(dir, 'content/lessons/42-broken.mdx'),
      ['---', 'title: Broken', 'description: A lesson with a wrong field in it.', 'order: 42', "duration: 'long'", 'objectives: [one]', '---', 'Body.'].join('\n'),
    );
    const run = spawnSync(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'sync'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' },
    });
    const output = run.stdout + run.stderr;
    expect(run.status).not.toBe(0);
    expect(output).toContain('42-broken');
    expect(output).toContain('duration');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
