// Which guided steps and widgets an MDX file uses, read from its syntax tree (JSX elements and their props), never
// from its text: a step inside a comment or a code block is not shown, so it is not used.
//
// One plugin records them. Registered in astro.config.mjs, it runs on every lesson and deck the site compiles and
// leaves its record in the file's frontmatter as `uses` (what `render(entry)` returns as `remarkPluginFrontmatter`);
// `mdxUses(source)` runs the same plugin on a file's text, for build-time code, the workshop server and tests.
import { defineMdastPlugin, mdxToJs, type MdastPluginDefinition, type MdxJsxFlowElement, type MdxJsxTextElement } from 'satteri';

export interface MdxUses {
  /** guided step ids (`<GuidedStep id="...">`), in the order shown, each once */
  steps: string[];
  /** component names (`<WordGeneratorDemo>`, `<Terminal>`), in first-use order, each once */
  widgets: string[];
}

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

/** A prop's value when it is written as text: `id="x"`, `id='x'` or `id={"x"}`. */
function textProp(node: JsxElement, name: string): string | undefined {
  for (const attribute of node.attributes) {
    if (attribute.type !== 'mdxJsxAttribute' || attribute.name !== name) continue;
    const value = attribute.value;
    if (typeof value === 'string') return value;
    const literal = value && /^\s*(["'])(.*)\1\s*$/.exec(value.value);
    return literal?.[2];
  }
  return undefined;
}

function record(uses: MdxUses, node: JsxElement): void {
  const name = node.name;
  // Components start with a capital letter; lower-case names are HTML elements.
  if (!name || !/^[A-Z]/.test(name)) return;
  if (!uses.widgets.includes(name)) uses.widgets.push(name);
  if (name !== 'GuidedStep') return;
  const id = textProp(node, 'id');
  if (id === undefined) throw new Error('<GuidedStep> needs an id written as text (id="step-id"), so the build can tell which lesson shows it.');
  if (!uses.steps.includes(id)) uses.steps.push(id);
}

interface AstroData {
  astro?: { frontmatter?: Record<string, unknown> };
}

/** The plugin: records into `ctx.data.astro.frontmatter.uses`. */
export const mdxUsesPlugin: MdastPluginDefinition = defineMdastPlugin({
  name: 'containerless-mdx-uses',
  // Every file gets a record, an empty one when it uses nothing.
  before(_root, ctx) {
    usesIn(ctx.data as AstroData);
  },
  mdxJsxFlowElement(node, ctx) {
    record(usesIn(ctx.data as AstroData), node);
  },
  mdxJsxTextElement(node, ctx) {
    record(usesIn(ctx.data as AstroData), node);
  },
});

function usesIn(data: AstroData): MdxUses {
  data.astro ??= {};
  const frontmatter = (data.astro.frontmatter ??= {});
  frontmatter['uses'] ??= { steps: [], widgets: [] } satisfies MdxUses;
  return frontmatter['uses'] as MdxUses;
}

// Pages list every lesson's steps (sidebar, progress): each source is compiled once per build.
const seen = new Map<string, MdxUses>();

/** What an MDX file's text uses (its frontmatter, if any, is skipped by the parser). */
export function mdxUses(source: string | undefined): MdxUses {
  if (!source) return { steps: [], widgets: [] };
  let uses = seen.get(source);
  if (!uses) {
    const data: AstroData = { astro: { frontmatter: {} } };
    mdxToJs(source, { mdastPlugins: [mdxUsesPlugin], data: data as never });
    uses = usesIn(data);
    seen.set(source, uses);
  }
  return { steps: [...uses.steps], widgets: [...uses.widgets] };
}

/** The record the site's MDX build left in a compiled file's frontmatter; a build without the plugin fails here. */
export function recordedUses(frontmatter: Record<string, unknown>, file: string): MdxUses {
  const uses = frontmatter['uses'] as Partial<MdxUses> | undefined;
  if (!uses || !Array.isArray(uses.steps) || !Array.isArray(uses.widgets)) {
    throw new Error(`${file}: no \`uses\` record in its compiled frontmatter; is mdxUsesPlugin registered in astro.config.mjs?`);
  }
  return { steps: uses.steps, widgets: uses.widgets };
}
