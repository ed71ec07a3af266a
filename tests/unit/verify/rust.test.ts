// The toolchain line: which Rust verify found, and whether it is what lesson 4 teaches (Rust 1.78+ with wasm32-wasip1).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rustTarget, rustVersion } from '../../../src/cli/verify/checks/rust.ts';
import { context, missing, ok, tableRunner } from './fixtures.ts';

const sysroots: string[] = [];
afterAll(() => sysroots.forEach((d) => rmSync(d, { recursive: true, force: true })));
function sysroot(...targets: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'containerless-sysroot-'));
  sysroots.push(dir);
  for (const t of targets) mkdirSync(join(dir, 'lib/rustlib', t, 'lib'), { recursive: true });
  return dir;
}

describe('Rust toolchain for WASI preview 1', () => {
  it('reads rustc versions', () => {
    expect(rustVersion('rustc 1.95.0 (59807616e 2026-04-14)')).toEqual([1, 95, 0]);
    expect(rustVersion('rustc 1.63.0')).toEqual([1, 63, 0]);
    expect(rustVersion('nonsense')).toBeUndefined();
  });

  it('rustup with wasm32-wasip1: passes and says it is what lesson 4 teaches', async () => {
    const out = await rustTarget.run(context(tableRunner({ 'rustup target list --installed': ok('wasm32-wasip1\n'), 'rustc --version': ok('rustc 1.95.0 (59807616e 2026-04-14)\n') })));
    expect(out).toEqual({ ok: true, detail: 'rustc 1.95.0 (59807616e 2026-04-14) (rustup) with wasm32-wasip1: what lesson 4 teaches' });
  });

  it("Debian's 1.63 with wasm32-wasi is named, and not blessed", async () => {
    const root = sysroot('wasm32-wasi');
    const out = await rustTarget.run(context(tableRunner({ 'rustup target list --installed': missing, 'rustc --version': ok('rustc 1.63.0\n'), 'rustc --print sysroot': ok(`${root}\n`) })));
    expect(out.ok).toBe(false);
    expect(out.detail).toBe(
      'found rustc 1.63.0 (the rustc on PATH, no rustup) with the wasm32-wasi std: it may build this module, but it is not what lesson 4 teaches (Rust 1.78 or newer with wasm32-wasip1; wasm32-wasi was removed in Rust 1.84)',
    );
    expect(out.fix).toBe('install rustup (https://rustup.rs), then: rustup target add wasm32-wasip1');
  });

  it('a distribution Rust new enough, with wasm32-wasip1, passes', async () => {
    const root = sysroot('wasm32-wasip1');
    const out = await rustTarget.run(context(tableRunner({ 'rustup target list --installed': missing, 'rustc --version': ok('rustc 1.85.0\n'), 'rustc --print sysroot': ok(`${root}\n`) })));
    expect(out).toMatchObject({ ok: true });
    expect(out.detail).toContain('no rustup) with wasm32-wasip1: what lesson 4 teaches');
  });

  it('rustup without the target, and no Rust at all', async () => {
    const without = await rustTarget.run(context(tableRunner({ 'rustup target list --installed': ok('x86_64-unknown-linux-gnu\n'), 'rustc --version': ok('rustc 1.95.0\n') })));
    expect(without).toMatchObject({ ok: false, fix: 'rustup target add wasm32-wasip1' });
    const none = await rustTarget.run(context(tableRunner({})));
    expect(none).toMatchObject({ ok: false, detail: 'no Rust found (neither rustup nor rustc)' });
  });
});
