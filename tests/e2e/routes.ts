import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    return e.isDirectory() ? walk(full) : e.name.endsWith('.html') ? [full] : [];
  });
}

/** Every page the build produced, as the path a reader visits (`/learn/why-containerless/`); `from`: another build. */
export function builtRoutes(from = dist): string[] {
  return walk(from)
    .map((file) => '/' + relative(from, file).split(sep).join('/'))
    .filter((p) => p !== '/404.html')
    .map((p) => p.replace(/index\.html$/, ''))
    .sort();
}

/** Pages of the site frame (decks are full-screen documents with their own tests). */
export const sitePages = (): string[] => builtRoutes().filter((p) => !/^\/talk\/[^/]+\/$/.test(p));
export const deckPages = (): string[] => builtRoutes().filter((p) => /^\/talk\/[^/]+\/$/.test(p));
export const lessonPages = (): string[] => builtRoutes().filter((p) => /^\/learn\/[^/]+\/$/.test(p));
