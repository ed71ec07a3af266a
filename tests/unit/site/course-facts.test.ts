// The course's facts (port, module files) have one home, src/course/facts.ts: a literal copy anywhere else in src/
// drifts the day the fact changes. Comments may name them; code, markup and strings must import them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_MODULE, COMPONENT_MODULE, GUEST_PORT, SERVER_MODULE } from '../../../src/course/facts.ts';

const root = new URL('../../../', import.meta.url).pathname;
const HOME = 'src/course/facts.ts';
const SKIP = ['src/wasip2/generated/'];

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (SKIP.some((s) => `${path}/`.startsWith(s))) return [];
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return /\.(ts|mts|mjs|js|astro)$/.test(name) ? [path] : [];
  });
}

/** The text without comments (line, block, and HTML comments), so a comment may name the file it talks about. */
function withoutComments(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const literal = new RegExp(`(?<![\\w.])(${[SERVER_MODULE, CLI_MODULE, COMPONENT_MODULE].map((m) => m.replace(/\./g, '\\.')).join('|')}|${GUEST_PORT})(?![\\w])`);

describe('course facts', () => {
  it('are written out only in src/course/facts.ts', () => {
    const strays = sources('src')
      .filter((path) => path !== HOME)
      .flatMap((path) => withoutComments(readFileSync(join(root, path), 'utf8')).split('\n').flatMap((line, i) => (literal.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])));
    expect(strays).toEqual([]);
  });

  it('catches a stray literal (the check itself can fail)', () => {
    expect(literal.test(`const port = ${GUEST_PORT};`)).toBe(true);
    expect(literal.test(`fetch('/wasm/${SERVER_MODULE}')`)).toBe(true);
    expect(literal.test(withoutComments(`// serves ${SERVER_MODULE}`))).toBe(false);
    expect(relative(root, join(root, HOME))).toBe(HOME);
  });
});
