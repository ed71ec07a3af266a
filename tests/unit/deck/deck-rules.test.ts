// What every deck must hold (the credit-carrying title and closing slides), the closing slide's address, and the
// deck's shell commands: they run as written from the repository root, and agree with the deploy scripts.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { deckStructureProblems } from '../../../src/deck/structure.ts';
import { deckSiteUrl } from '../../../src/deck/site-url.ts';
import { scriptRuns } from '../deploy/agreement.test.ts';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const decks = readdirSync(new URL('slides/', root)).filter((f) => f.endsWith('.mdx'));

describe('deck structure', () => {
  test('both decks open with a TitleSlide and end with a ClosingSlide', () => {
    for (const file of decks) expect(deckStructureProblems(file.replace(/\.mdx$/, ''), read(`slides/${file}`)), file).toEqual([]);
  });

  test('a deck that drops the credit-carrying slides, or moves them, is refused', () => {
    const ok = `<TitleSlide title="x" />\n<section><h2>a</h2></section>\n<ClosingSlide />\n`;
    expect(deckStructureProblems('d', ok)).toEqual([]);
    expect(deckStructureProblems('d', '<section><h2>a</h2></section>\n<ClosingSlide />')).toEqual([expect.stringContaining('<TitleSlide>')]);
    expect(deckStructureProblems('d', '<TitleSlide />\n<section><h2>a</h2></section>')).toEqual([expect.stringContaining('<ClosingSlide>')]);
    expect(deckStructureProblems('d', '<TitleSlide />\n<ClosingSlide />\n<section><h2>after</h2></section>')).toEqual([expect.stringContaining('last slide')]);
    expect(deckStructureProblems('d', '<section><h2>a</h2></section>\n<TitleSlide />\n<ClosingSlide />')).toEqual([expect.stringContaining('first slide')]);
    // A commented-out slide does not count.
    expect(deckStructureProblems('d', '{/* <TitleSlide /> */}\n<ClosingSlide />')).toEqual([expect.stringContaining('<TitleSlide>')]);
  });
});

describe('the closing slide address', () => {
  test('DECK_URL when set, else the configured site and base', () => {
    expect(deckSiteUrl({}, 'http://localhost:4321', '/')).toBe('http://localhost:4321/');
    expect(deckSiteUrl({}, 'https://example.org', '/containerless/')).toBe('https://example.org/containerless/');
    expect(deckSiteUrl({ DECK_URL: 'https://talk.example.org/c/' }, 'http://localhost:4321', '/')).toBe('https://talk.example.org/c/');
    expect(() => deckSiteUrl({ DECK_URL: 'talk.example.org' }, undefined, '/')).toThrow(/DECK_URL is not an absolute URL/);
  });
});

/** The shell listings on the full deck's slides (`export const x = \`...\`` shown with lang="shellscript"). */
function deckCommands(): string[] {
  const text = read('slides/containerless.mdx');
  const shown = new Set([...text.matchAll(/<CodeSteps lang="shellscript"[^>]*code=\{(\w+)\}/g)].map((m) => m[1]));
  return [...text.matchAll(/^export const (\w+) = `\n([\s\S]*?)^`;$/gm)]
    .filter((m) => shown.has(m[1]))
    .flatMap((m) => (m[2] ?? '').replace(/\\\\\n\s*/g, ' ').split('\n'))
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

describe("the deck's commands, as written, from the repository root", () => {
  const commands = deckCommands();
  const scripts = readdirSync(new URL('deploy/scripts/', root)).map((f) => read(`deploy/scripts/${f}`)).join('\n');

  test('the deck shows the build, run, image and deploy commands', () => {
    expect(commands.some((c) => c.startsWith('buildah build'))).toBe(true);
    expect(commands.some((c) => c.startsWith('kubectl apply'))).toBe(true);
    expect(commands.some((c) => c.startsWith('wasmedge'))).toBe(true);
  });

  test('every path a command names exists from the root (or is what the build on the slide before makes)', () => {
    const made = /^wasm\/target\/wasm32-wasip1\/release\//;
    for (const command of commands) {
      for (const word of command.split(/\s+/)) {
        if (!/^(deploy|public|wasm)\//.test(word)) continue;
        if (made.test(word)) {
          expect(existsSync(new URL('wasm/Cargo.toml', root)), `${command}: cargo builds in wasm/`).toBe(true);
          continue;
        }
        expect(existsSync(new URL(word.replace(/\*.*$/, ''), root)), `${command}: ${word}`).toBe(true);
      }
    }
  });

  test('the image build names the Containerfile and a context holding the module', () => {
    const build = commands.find((c) => c.startsWith('buildah build'))!;
    expect(build).toContain('-f deploy/Containerfile');
    const context = build.split(/\s+/).at(-1)!;
    expect(existsSync(new URL(`${context}/word_generator.wasm`, root)), `${context}/word_generator.wasm`).toBe(true);
  });

  test('cargo runs where the crate is', () => {
    for (const command of commands.filter((c) => c.includes('cargo build'))) expect(command).toMatch(/^cd wasm && cargo build/);
  });

  test('image, push and deploy commands are the ones the deploy scripts run', () => {
    for (const command of commands.filter((c) => /^(buildah|kubectl apply)/.test(c))) {
      // The scripts pass the context and manifest folder as variables; compare with those as placeholders.
      const generic = command.replace(/ public\/wasm$/, ' "$context"');
      expect(scriptRuns(scripts, generic), command).toBe(true);
    }
  });
});
