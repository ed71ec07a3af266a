import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { mdxToJs } from 'satteri';
import { mdxUses, mdxUsesPlugin, recordedUses } from '../../../src/build-time/mdx-uses.ts';
import { getStep } from '../../../src/steps/index.ts';

const root = join(import.meta.dirname, '../../..');
const mdxIn = (dir: string) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.mdx')).map((f) => ({ f, text: readFileSync(join(root, dir, f), 'utf8') }));

describe('which steps and widgets an MDX file uses, from its syntax tree', () => {
  test('steps in the order shown, once each, in any way a prop can be written as text', () => {
    const mdx = `Intro\n\n<GuidedStep id="rust-target" />\n\ntext <GuidedStep  id='build-module'/> more\n\n<GuidedStep id={"deploy-apply"} />\n\n<GuidedStep id="rust-target" />\n`;
    expect(mdxUses(mdx)).toEqual({ steps: ['rust-target', 'build-module', 'deploy-apply'], widgets: ['GuidedStep'] });
  });

  test('what a comment or a code block holds is not used; HTML elements are not widgets', () => {
    const mdx = '{/* <GuidedStep id="teardown" /> */}\n\n```mdx\n<GuidedStep id="rust-target" />\n```\n\n<div><Terminal /></div>\n';
    expect(mdxUses(mdx)).toEqual({ steps: [], widgets: ['Terminal'] });
  });

  test('a step whose id is not text fails with a message that says how to write it', () => {
    expect(() => mdxUses('<GuidedStep id={stepId} />\n')).toThrow(/id written as text/);
  });

  test('the frontmatter is skipped; nothing used gives empty lists', () => {
    expect(mdxUses('---\ntitle: "<GuidedStep id=\\"x\\" />"\n---\n\n# Hello\n')).toEqual({ steps: [], widgets: [] });
    expect(mdxUses(undefined)).toEqual({ steps: [], widgets: [] });
  });

  test('the plugin leaves its record in the compiled frontmatter, as the site build reads it', () => {
    const data = { astro: { frontmatter: { title: 'A lesson' } as Record<string, unknown> } };
    mdxToJs('<WordGeneratorDemo />\n\n<GuidedStep id="page-curl-word" />\n', { mdastPlugins: [mdxUsesPlugin], data: data as never });
    expect(recordedUses(data.astro.frontmatter, 'a.mdx')).toEqual({ steps: ['page-curl-word'], widgets: ['WordGeneratorDemo', 'GuidedStep'] });
    expect(() => recordedUses({ title: 'no plugin ran' }, 'b.mdx')).toThrow(/b\.mdx: no `uses` record.*mdxUsesPlugin/);
  });

  test('every lesson and deck: each step it shows exists, and the widgets it names are the site\'s', () => {
    const known = new Set([...readdirSync(join(root, 'src/widgets')), ...readdirSync(join(root, 'src/deck/parts')), ...readdirSync(join(root, 'src/site'))]
      .filter((f) => f.endsWith('.astro')).map((f) => f.replace(/\.astro$/, '')));
    for (const { f, text } of [...mdxIn('content/lessons'), ...mdxIn('slides')]) {
      const uses = mdxUses(text);
      for (const id of uses.steps) expect(() => getStep(id), `${f}: ${id}`).not.toThrow();
      for (const name of uses.widgets) expect(known, `${f}: <${name}>`).toContain(name);
    }
    const runAndCurl = mdxIn('content/lessons').find((l) => l.f.startsWith('05-'));
    expect(mdxUses(runAndCurl?.text).widgets).toEqual(expect.arrayContaining(['WordGeneratorDemo', 'Terminal', 'GuidedStep']));
  });
});
