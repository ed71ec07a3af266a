import { describe, expect, test } from 'vitest';
import { formatBytes } from '../../../src/deck/figures.ts';
import { moduleEntry } from '../../../src/deck/manifest.ts';

describe('the live figures', () => {
  test('sizes read the way a slide shows them', () => {
    expect(formatBytes(203232)).toBe('198 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
  });

  test("finds a module's size in the build manifest, and nothing in a malformed one", () => {
    const manifest = { modules: [{ file: 'word_generator.wasm', bytes: 203232 }, { file: 'cli.wasm', bytes: 1 }] };
    expect(moduleEntry(manifest, 'word_generator.wasm')?.bytes).toBe(203232);
    expect(moduleEntry(manifest, 'missing.wasm')).toBeUndefined();
    expect(moduleEntry({ modules: 'x' }, 'word_generator.wasm')).toBeUndefined();
    expect(moduleEntry(null, 'word_generator.wasm')).toBeUndefined();
  });
});
