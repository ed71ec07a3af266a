// What the service worker precaches: every file of the built site, pages under the address a reader visits,
// and a version that changes exactly when some file's content changes.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface PrecacheManifest {
  version: string;
  /** Page addresses: `/`, `/learn/wasi/`, `/404.html`. */
  pages: string[];
  /** Every other file: `/_astro/Base.ClpK0mhK.css`, `/wasm/word_generator.wasm`. */
  assets: string[];
  /** Total bytes of everything listed. */
  bytes: number;
  /** Address -> the first 16 hex digits of its content's SHA-256: the worker checks what it downloads against it. */
  hashes: Record<string, string>;
}

/** The short content hash used in versioned addresses (`/wasm/word_generator.wasm?v=<hash>`) and by the worker. */
export const shortHash = (content: Uint8Array): string => createHash('sha256').update(content).digest('hex').slice(0, 16);

/** Files the worker must not cache: itself, and files only a developer reads. */
const skipped = (path: string) => path === '/sw.js' || path.endsWith('.map') || path.endsWith('/.DS_Store');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : entry.isFile() ? [full] : [];
  });
}

/** `learn/wasi/index.html` -> `/learn/wasi/`; other files keep their path. */
export function addressOf(file: string): string {
  const path = '/' + file.split(sep).join('/');
  return path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path;
}

/** `salt`: anything else the version must follow, e.g. the worker's own source. */
export function buildManifest(dist: string, salt = ''): PrecacheManifest {
  const files = walk(dist)
    .map((full) => ({ full, address: addressOf(relative(dist, full)) }))
    .filter((f) => !skipped(f.address))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const version = createHash('sha256').update(salt).update('\0');
  let bytes = 0;
  const pages: string[] = [];
  const assets: string[] = [];
  const hashes: Record<string, string> = {};
  for (const { full, address } of files) {
    const content = readFileSync(full);
    bytes += content.length;
    version.update(address).update('\0').update(createHash('sha256').update(content).digest()).update('\0');
    (address.endsWith('/') || address.endsWith('.html') ? pages : assets).push(address);
    hashes[address] = shortHash(content);
  }
  return { version: version.digest('hex').slice(0, 16), pages, assets, bytes, hashes };
}

/** The worker's source with the manifest written into it. */
export function renderServiceWorker(template: string, manifest: PrecacheManifest): string {
  const marker = /\/\* MANIFEST \*\/ \{[^\n]*\};/;
  if (!marker.test(template)) throw new Error('The service worker template has no /* MANIFEST */ line to fill in.');
  const { version, pages, assets, hashes } = manifest;
  return template.replace(marker, () => `/* MANIFEST */ ${JSON.stringify({ version, pages, assets, hashes })};`);
}
