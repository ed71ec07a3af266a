// Reads just enough of a PDF written by Chromium to test a printed deck: its pages, and whether each page draws
// text. No PDF library: Chromium writes page objects plainly and deflates content streams, which Node can inflate.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | undefined;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const found = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\s*/g;
  let match: RegExpExecArray | null;
  while ((match = header.exec(text))) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const streamAt = body.indexOf('stream');
    let stream: Buffer | undefined;
    let dict = body;
    if (streamAt >= 0 && /^stream\r?\n/.test(body.slice(streamAt))) {
      dict = body.slice(0, streamAt);
      const dataStart = start + streamAt + (body.slice(streamAt).startsWith('stream\r\n') ? 8 : 7);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? '-1');
      const raw = length >= 0 ? pdf.subarray(dataStart, dataStart + length) : pdf.subarray(dataStart, start + body.lastIndexOf('endstream'));
      try {
        stream = /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
      } catch {
        stream = raw;
      }
    }
    found.set(Number(match[1]), { dict, stream });
    header.lastIndex = end;
  }
  return found;
}

export interface PdfPage {
  /** Whether the page's content draws any text (a Tj/TJ operator). */
  hasText: boolean;
  /** How many bytes of drawing the page has: near zero for a blank page. */
  contentBytes: number;
}

/** The pages of `pdf` in object order (Chromium writes them in page order). */
export function pdfPages(pdf: Buffer): PdfPage[] {
  const all = objects(pdf);
  const pages: PdfPage[] = [];
  for (const { dict } of all.values()) {
    if (!/\/Type\s*\/Page(?!s)\b/.test(dict)) continue;
    const refs = /\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(dict)?.[1] ?? '';
    const contents = [...refs.matchAll(/(\d+) 0 R/g)].map((m) => all.get(Number(m[1]))?.stream ?? Buffer.alloc(0));
    const drawn = Buffer.concat(contents).toString('latin1');
    pages.push({ hasText: /\bT[jJ]\b/.test(drawn), contentBytes: drawn.length });
  }
  return pages;
}
