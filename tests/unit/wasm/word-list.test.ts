// The word list ships sorted and the build checks it: an unsorted list is a failed build with the line to fix,
// not a module that sorts 14,000 words every time an instance starts.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './hosts.ts';

const cargo = existsSync('/usr/bin/cargo') && existsSync('/usr/bin/rustc') ? { bin: '/usr/bin/cargo', env: { RUSTC: '/usr/bin/rustc' } } : spawnSync('cargo', ['--version']).status === 0 ? { bin: 'cargo', env: {} } : undefined;
if (cargo === undefined) console.warn('\n*** no cargo here: the build-time check of the word list was NOT run ***\n');

describe.skipIf(cargo === undefined)('the word list check at build time', () => {
  it('fails the build on an unsorted list, naming the line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'word-list-'));
    try {
      cpSync(join(root, 'wasm'), join(dir, 'wasm'), { recursive: true, filter: (p) => !p.includes(`${join('wasm', 'target')}`) });
      const words = readFileSync(join(dir, 'wasm/src/words.txt'), 'utf8').split('\n');
      const first = words.findIndex((w) => /^[a-z]+$/.test(w));
      [words[first], words[first + 1]] = [words[first + 1]!, words[first]!];
      writeFileSync(join(dir, 'wasm/src/words.txt'), words.join('\n'));
      const result = spawnSync(cargo!.bin, ['check', '--offline', '--lib'], {
        cwd: join(dir, 'wasm'),
        env: { ...process.env, ...cargo!.env, CARGO_TARGET_DIR: join(dir, 'target') },
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(`src/words.txt line ${first + 2}: "${words[first + 1]}" comes after "${words[first]}"`);
      expect(result.stderr).toContain('the list must be sorted with no repeats');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
