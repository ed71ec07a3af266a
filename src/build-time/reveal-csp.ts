// What reveal.js writes inline, so the deck route's Content-Security-Policy can allow exactly that by hash:
// - the speaker view, a document the notes plugin writes into an about:blank popup, which inherits the deck page's
//   policy (its inline <script> and <style> are read from the installed reveal.js at build time);
// - the two <style> rules ?print-pdf injects, which follow from the slide size.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A CSP hash source, as Astro's `insertScriptHash` / `insertStyleHash` take it. */
export type Sha256Source = `sha256-${string}`;

export interface InlineHashes {
  scripts: Sha256Source[];
  styles: Sha256Source[];
}

const sha256 = (text: string): Sha256Source => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;

/** The HTML the notes plugin writes: the string literal passed to `document.write(...)`, decoded without eval. */
export function speakerViewHtml(pluginSource: string): string {
  const match = /document\.write\(("(?:[^"\\]|\\.)*")\)/s.exec(pluginSource);
  if (!match?.[1]) throw new Error('reveal.js notes plugin: the speaker view HTML was not found (did reveal.js change?)');
  // A JS string literal is JSON apart from \xHH and \' escapes and raw tabs.
  const json = match[1].replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\'/g, "'").replace(/\t/g, '\\t');
  return JSON.parse(json) as string;
}

export function hashesOf(html: string): InlineHashes {
  const contents = (tag: string) => [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1] ?? '');
  return { scripts: contents('script').map(sha256), styles: contents('style').map(sha256) };
}

let cached: InlineHashes | undefined;

export function speakerViewHashes(): InlineHashes {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('reveal.js/plugin/notes').replace(/notes\.js$/, 'notes.mjs');
    cached = hashesOf(speakerViewHtml(readFileSync(file, 'utf8')));
  }
  return cached;
}

/** The rules reveal.js's print view injects for a given slide size (reveal.js 6 `printview.js`). */
export function printStyles(size: { width: number; height: number; margin: number }): string[] {
  const pageWidth = Math.floor(size.width * (1 + size.margin));
  const pageHeight = Math.floor(size.height * (1 + size.margin));
  return [
    `@page{size:${pageWidth}px ${pageHeight}px; margin: 0px;}`,
    `.reveal section>img, .reveal section>video, .reveal section>iframe{max-width: ${size.width}px; max-height:${size.height}px}`,
  ];
}

export const printStyleHashes = (size: { width: number; height: number; margin: number }): Sha256Source[] => printStyles(size).map(sha256);
