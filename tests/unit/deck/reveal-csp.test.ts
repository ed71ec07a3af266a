import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { hashesOf, printStyles, speakerViewHashes, speakerViewHtml } from '../../../src/build-time/reveal-csp.ts';

describe("reveal.js's inline code, allowed by the deck's CSP", () => {
  test("are read from the installed reveal.js notes plugin: one inline script, one inline style", () => {
    const { scripts, styles } = speakerViewHashes();
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    expect(scripts[0]).toMatch(/^sha256-[A-Za-z0-9+/]+=*$/);
  });

  test('hash exactly what the browser sees between the tags, after the string literal is decoded', () => {
    const source = 'w.document.write("<style>a{}</style>\\n<script>\\tgo(\'x\\xA0\')<\\/script>")';
    const html = speakerViewHtml(source);
    expect(html).toBe("<style>a{}</style>\n<script>\tgo('x\u00A0')</script>");
    const sha = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`;
    expect(hashesOf(html)).toEqual({ scripts: [sha("\tgo('x\u00A0')")], styles: [sha('a{}')] });
  });

  test('a reveal.js without the inline speaker view says so instead of building a deck whose speaker view is blocked', () => {
    expect(() => speakerViewHtml('window.open(url)')).toThrow(/speaker view HTML was not found/);
  });
});

test("the print view's page size follows the slide size and reveal's margin", () => {
  expect(printStyles({ width: 1280, height: 720, margin: 0.06 })[0]).toBe('@page{size:1356px 763px; margin: 0px;}');
});
