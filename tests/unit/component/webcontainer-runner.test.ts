import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The `containerless` runner the real shell installs is one plain-JavaScript file (the Node.js in a WebContainer
// does not run TypeScript). Bundled here into a temporary folder and run with plain Node, as `npx containerless` runs it.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const wasm = (file: string) => join(root, 'public/wasm', file);
let dir: string;
let cli: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runner-'));
  cli = join(dir, 'containerless.mjs');
  const built = spawnSync(process.execPath, [join(root, 'scripts/build-webcontainer.mjs'), '--out', cli], { encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runner = (...args: string[]) => spawnSync(process.execPath, ['--no-experimental-strip-types', cli, ...args], { cwd: dir, encoding: 'utf8' });

describe('the containerless runner for the real shell', () => {
  it('runs a command module with its arguments', () => {
    const result = runner('run', wasm('word_generator_cli.wasm'), '--', '--starts-with', 'z', '--count', '2');
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(2);
    expect(result.stdout.trim().split('\n').every((w) => w.startsWith('z'))).toBe(true);
  });

  it('says that verify belongs on your machine', () => {
    const result = runner('verify');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('run it there');
  });
});
