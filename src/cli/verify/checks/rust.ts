// The Rust toolchain on this machine, said as found, and whether it is what lesson 4 teaches: Rust 1.78 or newer
// with the wasm32-wasip1 target. A distribution Rust (Debian's 1.63 with libstd-rust-dev-wasm32) can still build
// the module under the old name wasm32-wasi, but it is not the lesson's toolchain, and the check says so.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RUST_TARGET, RUST_TARGET_LEGACY } from '../../../steps/constants.ts';
import { fail, pass, type Check, type VerifyContext } from '../types.ts';

/** The oldest Rust that knows wasm32-wasip1. */
export const MIN_RUST: readonly [number, number] = [1, 78];
const MIN_TEXT = `Rust ${MIN_RUST.join('.')} or newer with ${RUST_TARGET}`;
const FIX = `install rustup (https://rustup.rs), then: rustup target add ${RUST_TARGET}`;

/** `rustc 1.63.0 (4b91a6ea7 2022-08-08)` -> [1, 63, 0]. */
export function rustVersion(text: string): [number, number, number] | undefined {
  const m = /rustc (\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

const recentEnough = (v: readonly number[]) => (v[0] ?? 0) > MIN_RUST[0] || ((v[0] ?? 0) === MIN_RUST[0] && (v[1] ?? 0) >= MIN_RUST[1]);

async function sysrootTargets(ctx: VerifyContext, rustc: string): Promise<string[] | undefined> {
  const sysroot = await ctx.run(rustc, ['--print', 'sysroot']);
  if (sysroot.code !== 0) return undefined;
  return [RUST_TARGET, RUST_TARGET_LEGACY].filter((t) => existsSync(join(sysroot.stdout.trim(), 'lib', 'rustlib', t, 'lib')));
}

export const rustTarget: Check = {
  id: 'rust-target',
  title: 'Rust toolchain for WASI preview 1',
  async run(ctx) {
    const listed = await ctx.run('rustup', ['target', 'list', '--installed']);
    if (!listed.missing && listed.code === 0) {
      const version = (await ctx.run('rustc', ['--version'])).stdout.trim();
      const installed = listed.stdout.split('\n').map((l) => l.trim());
      const v = rustVersion(version);
      if (!installed.includes(RUST_TARGET)) return fail(`rustup with ${version || 'an unknown rustc'}, but no ${RUST_TARGET} target`, `rustup target add ${RUST_TARGET}`);
      if (v && !recentEnough(v)) return fail(`${version} is older than lesson 4 needs (${MIN_TEXT})`, 'rustup update stable');
      return pass(`${version} (rustup) with ${RUST_TARGET}: what lesson 4 teaches`);
    }
    for (const rustc of ['rustc', '/usr/bin/rustc']) {
      const versionRun = await ctx.run(rustc, ['--version']);
      if (versionRun.code !== 0) continue;
      const version = versionRun.stdout.trim();
      const v = rustVersion(version);
      const targets = (await sysrootTargets(ctx, rustc)) ?? [];
      const where = rustc === 'rustc' ? 'the rustc on PATH' : rustc;
      if (v && recentEnough(v) && targets.includes(RUST_TARGET)) return pass(`${version} (${where}, no rustup) with ${RUST_TARGET}: what lesson 4 teaches`);
      if (targets.length > 0) {
        return fail(
          `found ${version} (${where}, no rustup) with the ${targets.join(' and ')} std: it may build this module, but it is not what lesson 4 teaches (${MIN_TEXT}; ${RUST_TARGET_LEGACY} was removed in Rust 1.84)`,
          FIX,
        );
      }
      return fail(`found ${version} (${where}, no rustup) without a WASI std`, FIX);
    }
    return fail('no Rust found (neither rustup nor rustc)', FIX);
  },
};
