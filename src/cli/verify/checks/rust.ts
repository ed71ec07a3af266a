import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RUST_TARGET, RUST_TARGET_LEGACY } from '../../../steps/constants.ts';
import { fail, pass, type Check } from '../types.ts';

const FIX = `rustup target add ${RUST_TARGET} (Rust 1.78 or newer; install rustup from https://rustup.rs)`;

// rustup's list answers for rustup toolchains; a distribution Rust (Debian's 1.63 with libstd-rust-dev-wasm32)
// has no rustup, only the std in its sysroot, under the old target name.
export const rustTarget: Check = {
  id: 'rust-target',
  title: 'Rust target installed',
  async run(ctx) {
    const listed = await ctx.run('rustup', ['target', 'list', '--installed']);
    const installed = listed.code === 0 ? listed.stdout.split('\n').map((l) => l.trim()) : [];
    if (installed.includes(RUST_TARGET)) return pass(`${RUST_TARGET} (rustup)`);

    for (const rustc of ['rustc', '/usr/bin/rustc']) {
      const sysroot = await ctx.run(rustc, ['--print', 'sysroot']);
      if (sysroot.code !== 0) continue;
      for (const target of [RUST_TARGET, RUST_TARGET_LEGACY]) {
        if (existsSync(join(sysroot.stdout.trim(), 'lib', 'rustlib', target, 'lib'))) {
          const version = (await ctx.run(rustc, ['--version'])).stdout.trim();
          return pass(`${target} std in ${rustc === 'rustc' ? 'the rustc on PATH' : rustc} (${version})`);
        }
      }
    }
    if (listed.missing) {
      const rustc = await ctx.run('rustc', ['--version']);
      return fail(rustc.missing ? 'no Rust found (neither rustup nor rustc on PATH)' : `rustup is not installed and ${rustc.stdout.trim()} has no ${RUST_TARGET} std`, FIX);
    }
    return fail(`rustup lists no ${RUST_TARGET}`, FIX);
  },
};
