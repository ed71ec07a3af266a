// public/wasm/manifest.json describes the committed modules exactly.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const publicWasm = new URL('../../../public/wasm/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', publicWasm), 'utf8')) as {
  toolchain: string;
  toolchainKind: string;
  words: number;
  modules: { file: string; role: string; bytes: number; sha256: string; imports: string[] }[];
};

describe('public/wasm/manifest.json', () => {
  it('lists both modules', () => {
    expect(manifest.modules.map(({ file }) => file)).toEqual(['word_generator.wasm', 'word_generator_cli.wasm']);
  });

  it.each(manifest.modules)('has the size, hash and imports of $file', ({ file, bytes, sha256, imports }) => {
    const data = readFileSync(new URL(file, publicWasm));
    expect(data.length).toBe(bytes);
    expect(createHash('sha256').update(data).digest('hex')).toBe(sha256);
    const actual = WebAssembly.Module.imports(new WebAssembly.Module(data)).map((i) => `${i.module}.${i.name}`);
    expect(actual).toEqual(imports);
    expect(bytes).toBeLessThanOrEqual(256 * 1024);
  });

  it('names the toolchain CI rebuilds with', () => {
    expect(manifest.toolchain).toMatch(/^rustc 1\.\d+\.\d+.* wasm32-wasi(p1)?$/);
    expect(['debian', 'rustup']).toContain(manifest.toolchainKind);
  });

  it('counts the embedded words', () => {
    const text = readFileSync(new URL('../../../wasm/src/words.txt', import.meta.url), 'utf8');
    const words = text.split('\n').filter((line) => /^[a-z]+$/.test(line));
    expect(manifest.words).toBe(words.length);
    expect(manifest.words).toBeGreaterThanOrEqual(5000);
  });
});
