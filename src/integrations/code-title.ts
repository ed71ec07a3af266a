import type { ShikiTransformer } from 'shiki';

/**
 * ```rust title="src/server.rs"``` -> the code block inside a <figure> with the title as its <figcaption>,
 * so the file a block quotes is shown to every reader and announced to screen readers.
 */
export function codeTitle(): ShikiTransformer {
  return {
    name: 'containerless:code-title',
    root(root) {
      const raw = this.options.meta?.__raw ?? '';
      const title = /(?:^|\s)title=(?:"([^"]*)"|'([^']*)')/.exec(raw);
      const text = title?.[1] ?? title?.[2];
      if (!text) return;
      root.children = [
        {
          type: 'element',
          tagName: 'figure',
          properties: { className: ['code-figure'] },
          children: [
            // The hidden full stop keeps the caption apart from the code in search excerpts.
            { type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: text }, { type: 'element', tagName: 'span', properties: { className: ['visually-hidden'] }, children: [{ type: 'text', value: '. ' }] }] },
            ...(root.children as typeof root.children),
          ],
        } as (typeof root.children)[number],
      ];
    },
  };
}
