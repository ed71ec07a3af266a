// Astro integration: after the build, writes dist/sw.js, a service worker that precaches every built file
// (src/offline/sw.js is its source; src/offline/register.ts registers it from the layouts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { buildManifest, renderServiceWorker, type PrecacheManifest } from './precache-manifest.ts';

const template = new URL('../offline/sw.js', import.meta.url);

/** Writes `<dist>/sw.js` for the files in `dist` now; returns what it lists. */
export function writeServiceWorker(dist: string): PrecacheManifest {
  const source = readFileSync(template, 'utf8');
  // A change to the worker's own logic is a new version too.
  const manifest = buildManifest(dist, source);
  writeFileSync(join(dist, 'sw.js'), renderServiceWorker(source, manifest));
  return manifest;
}

export function describeManifest(m: PrecacheManifest): string {
  const count = m.pages.length + m.assets.length;
  return `sw.js: version ${m.version}, ${count} files (${m.pages.length} pages), ${(m.bytes / 1024).toFixed(0)} KiB precached`;
}

export default function serviceWorker(): AstroIntegration {
  return {
    name: 'containerless:service-worker',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        logger.info(describeManifest(writeServiceWorker(fileURLToPath(dir))));
      },
    },
  };
}
