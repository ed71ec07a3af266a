// Astro integration: after the build, gives every page with the live demo the preloads of the demo's module and
// scripts (src/build-time/module-preloads.ts decides which). Runs before the service worker lists the pages.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { SERVER_MODULE } from '../course/facts.ts';
import { builtModule } from '../build-time/module-info.ts';
import { hasDemo, withDemoPreloads } from '../build-time/module-preloads.ts';

function pagesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    return e.isDirectory() ? pagesIn(full) : e.name.endsWith('.html') ? [full] : [];
  });
}

/** Adds the preloads to the built pages in `dist`; returns how many pages got them. */
export function writeDemoPreloads(dist: string, base = '/'): number {
  const root = base.replace(/\/$/, '');
  // The same versioned address the page's fetch uses (src/client/modules.ts moduleUrl), or the preload goes unused.
  const sha = builtModule(SERVER_MODULE)?.sha256;
  const moduleUrl = `${root}/wasm/${SERVER_MODULE}${sha ? `?v=${sha.slice(0, 16)}` : ''}`;
  const read = (address: string): string | undefined => {
    if (!address.startsWith(`${root}/`)) return undefined;
    try {
      return readFileSync(join(dist, address.slice(root.length + 1)), 'utf8');
    } catch {
      return undefined;
    }
  };
  let count = 0;
  for (const file of pagesIn(dist)) {
    const html = readFileSync(file, 'utf8');
    if (!hasDemo(html)) continue;
    const out = withDemoPreloads(html, moduleUrl, (address) => read(address));
    if (out !== html) {
      writeFileSync(file, out);
      count++;
    }
  }
  return count;
}

export default function demoPreloads(): AstroIntegration {
  let base = '/';
  return {
    name: 'containerless:demo-preloads',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:done': ({ dir, logger }) => {
        logger.info(`live demo preloads written into ${writeDemoPreloads(fileURLToPath(dir), base)} pages`);
      },
    },
  };
}
