// Markdown plugin (Sätteri's hast visitors, the processor Astro uses): in lessons and decks, a link or image
// written from the site's root (`[about](/about/)`, `<a href="/learn/">`) gets the site's base path, so authors
// write addresses as the site sees them and a build for a sub-path (CONTAINERLESS_BASE) still links inside
// itself. Full URLs, `//host` and `#...` are left as written.
import type { satteri } from '@astrojs/markdown-satteri';

type HastPlugin = NonNullable<NonNullable<Parameters<typeof satteri>[0]>['hastPlugins']>[number];

const LINKING: Record<string, string> = { a: 'href', img: 'src', link: 'href', source: 'src' };
const TAGS = Object.keys(LINKING);

/** `/learn/` -> `/containerless/learn/` for base `/containerless/`; anything not root-absolute is returned as is. */
export function prefixBase(value: string, base: string): string {
  if (base === '/' || !value.startsWith('/') || value.startsWith('//')) return value;
  return base.replace(/\/$/, '') + value;
}

interface JsxAttribute { type: string; name?: string; value?: unknown }
interface JsxElement { name?: string | null; attributes: JsxAttribute[] }

/** A JSX element (`<a href="/learn/">` in MDX) with its linking attribute prefixed, or undefined when none needs it. */
export function jsxWithBase<N extends JsxElement>(node: N, base: string): N | undefined {
  const attr = node.name ? LINKING[node.name] : undefined;
  let changed = false;
  const attributes = node.attributes.map((a) => {
    if (a.type !== 'mdxJsxAttribute' || a.name !== attr || typeof a.value !== 'string') return a;
    const value = prefixBase(a.value, base);
    changed ||= value !== a.value;
    return { ...a, value };
  });
  return changed ? { ...node, attributes } : undefined;
}

export function baseLinks(base: string): HastPlugin {
  const jsx = {
    filter: TAGS,
    visit: (node: Readonly<JsxElement>) => jsxWithBase(node, base) as never,
  };
  return {
    name: 'containerless:base-links',
    element: {
      filter: TAGS,
      visit(node, ctx) {
        const attr = LINKING[node.tagName];
        const value = attr ? node.properties?.[attr] : undefined;
        if (attr && typeof value === 'string' && prefixBase(value, base) !== value) ctx.setProperty(node, attr, prefixBase(value, base));
      },
    },
    mdxJsxFlowElement: jsx,
    mdxJsxTextElement: jsx,
  };
}
