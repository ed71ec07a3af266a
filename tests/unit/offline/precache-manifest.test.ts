import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { addressOf, buildManifest, renderServiceWorker } from '../../../src/integrations/precache-manifest.ts';

let dist: string;
const put = (path: string, content: string) => {
  const full = join(dist, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
};

beforeEach(() => {
  dist = mkdtempSync(join(tmpdir(), 'precache-'));
  put('index.html', '<h1>home</h1>');
  put('404.html', '<h1>missing</h1>');
  put('learn/wasi/index.html', '<h1>wasi</h1>');
  put('_astro/Base.abc123.css', 'body{}');
  put('_astro/start.abc123.js.map', '{}');
  put('wasm/word_generator.wasm', '\0asm');
  put('sw.js', 'old worker');
});
afterEach(() => rmSync(dist, { recursive: true, force: true }));

describe('the precache list', () => {
  test('lists pages under the address a reader visits and every other file as is', () => {
    const manifest = buildManifest(dist);
    expect(manifest.pages).toEqual(['/', '/404.html', '/learn/wasi/']);
    expect(manifest.assets).toEqual(['/_astro/Base.abc123.css', '/wasm/word_generator.wasm']);
    expect(manifest.bytes).toBe(['<h1>home</h1>', '<h1>missing</h1>', '<h1>wasi</h1>', 'body{}', '\0asm'].join('').length);
  });

  test('leaves out the worker itself and source maps', () => {
    const { pages, assets } = buildManifest(dist);
    expect([...pages, ...assets].some((p) => p === '/sw.js' || p.endsWith('.map'))).toBe(false);
  });

  test('keeps its version while nothing changes, and changes it when any file or the worker changes', () => {
    const before = buildManifest(dist, 'worker v1').version;
    expect(buildManifest(dist, 'worker v1').version).toBe(before);
    expect(buildManifest(dist, 'worker v2').version).not.toBe(before);
    put('wasm/word_generator.wasm', '\0asm\x01');
    expect(buildManifest(dist, 'worker v1').version).not.toBe(before);
  });

  test('a renamed file is a new version even with the same bytes', () => {
    const before = buildManifest(dist).version;
    rmSync(join(dist, '_astro/Base.abc123.css'));
    put('_astro/Base.def456.css', 'body{}');
    expect(buildManifest(dist).version).not.toBe(before);
  });

  test('maps index.html files to their folder address', () => {
    expect(addressOf('index.html')).toBe('/');
    expect(addressOf(join('talk', 'containerless', 'index.html'))).toBe('/talk/containerless/');
    expect(addressOf('404.html')).toBe('/404.html');
  });
});

describe('the generated worker', () => {
  const template = readFileSync(new URL('../../../src/offline/sw.js', import.meta.url), 'utf8');

  test('carries the version and the full list, and is valid JavaScript', () => {
    const manifest = buildManifest(dist, template);
    const source = renderServiceWorker(template, manifest);
    expect(source).toContain(`"version":"${manifest.version}"`);
    expect(source).toContain('"/learn/wasi/"');
    expect(source).toContain('"/wasm/word_generator.wasm"');
    expect(() => new Function(source)).not.toThrow();
  });

  test('refuses a template without the manifest line rather than writing a worker that caches nothing', () => {
    expect(() => renderServiceWorker('self.addEventListener("fetch", () => {});', buildManifest(dist))).toThrow(/MANIFEST/);
  });
});
