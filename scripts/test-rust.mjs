// `npm run test:rust`: the crate's native unit tests, then a rebuild that must match public/wasm/ byte for byte.
// Without any cargo this is skipped (the committed modules need no Rust), except in CI (env CI set): there it fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { check, crateDir } from './build-wasm.mjs';

const inCI = Boolean(process.env.CI);

/** Debian's cargo + rustc (what CI installs), else whatever `cargo` is on PATH (rustup). */
function findCargo() {
  if (existsSync('/usr/bin/cargo') && existsSync('/usr/bin/rustc')) {
    return { cargo: '/usr/bin/cargo', env: { RUSTC: '/usr/bin/rustc' }, label: "Debian's cargo" };
  }
  const probe = spawnSync('cargo', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0) return { cargo: 'cargo', env: {}, label: probe.stdout.trim() };
  return null;
}

function main() {
  const found = findCargo();
  if (!found) {
    if (inCI) {
      console.error('test:rust: no cargo found; CI must install rustc cargo libstd-rust-dev-wasm32 lld');
      return 1;
    }
    console.log('test:rust: skipped, no cargo found (install Rust to run the crate tests; public/wasm/ is used as committed)');
    return 0;
  }
  console.log(`test:rust: cargo test with ${found.label}`);
  const env = { ...process.env, ...found.env, CARGO_TARGET_DIR: join(crateDir, 'target', 'native') };
  if (!found.env.RUSTC) delete env.RUSTC;
  const tests = spawnSync(found.cargo, ['test', '--locked'], { cwd: crateDir, env, stdio: 'inherit' });
  if (tests.status !== 0) return 1;

  const status = check();
  if (status === 2) {
    if (inCI) return 1;
    console.log('test:rust: reproducibility check skipped here (CI runs it)');
    return 0;
  }
  return status;
}

process.exitCode = main();
