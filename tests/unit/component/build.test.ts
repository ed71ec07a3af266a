import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The committed component output (public/wasm/*.component.wasm, public/wasm/component/, src/wasip2/generated/) is
// what jco makes from the committed module today: rebuilt into a temporary folder and compared byte for byte.

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('npm run build:component', () => {
  it('is reproducible: a fresh build matches what is committed', () => {
    const check = spawnSync(process.execPath, ['scripts/build-component.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/reproducible \(\d+ files match a fresh build\)/);
  }, 60_000);
});
