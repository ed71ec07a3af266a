import type { ShikiTransformer } from 'shiki';

/**
 * Every highlighted block in a lesson gets a copy button, written at build time so nothing moves when the page's
 * script wires it up (src/client/code-copy.ts; the button stays hidden until then). Steps have their own.
 */
export function codeCopy(): ShikiTransformer {
  return {
    name: 'containerless:code-copy',
    root(root) {
      const language = this.options.lang ?? 'text';
      root.children = [
        {
          type: 'element',
          tagName: 'div',
          properties: { className: ['code-block'], dataLanguage: language },
          children: [
            ...(root.children as typeof root.children),
            {
              type: 'element',
              tagName: 'button',
              properties: { type: 'button', className: ['code-copy'], hidden: true, dataPagefindIgnore: '' },
              children: [{ type: 'text', value: 'Copy' }],
            },
          ],
        } as (typeof root.children)[number],
      ];
    },
  };
}
