// Builds the word-generator modules from wasm/ into public/wasm/ with a manifest.json.
//
//   node scripts/build-wasm.mjs          build and write public/wasm/
//   node scripts/build-wasm.mjs --check  rebuild into a temporary folder and fail if the bytes differ
//                                        from the committed ones (uses the toolchain the manifest names)
//
// Toolchain: rustup's `wasm32-wasip1` target when installed, else Debian's Rust 1.63 (`wasm32-wasi`).
// Set WASM_TOOLCHAIN=debian or WASM_TOOLCHAIN=rustup to choose. Builds run in a fresh target folder with
// source paths remapped, so the same toolchain gives the same bytes on any machine.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const crateDir = join(root, 'wasm');
export const outDir = join(root, 'public', 'wasm');
export const manifestPath = join(outDir, 'manifest.json');
export const MAX_MODULE_BYTES = 256 * 1024;

/** The modules we ship, in manifest order. */
export const modules = [
  { file: 'word_generator.wasm', bin: 'word_generator', role: 'HTTP server (WasmEdge sockets)' },
  { file: 'word_generator_cli.wasm', bin: 'word_generator_cli', role: 'command-line tool (standard WASI preview1)' },
];

function run(command, args, options = {}) {
  return spawnSync(command, args, { encoding: 'utf8', ...options });
}

function firstLine(text) {
  return (text ?? '').split('\n')[0]?.trim() ?? '';
}

/** Debian's Rust 1.63, called by path: rustup's newer cargo is usually first on PATH. */
export function debianToolchain() {
  const cargo = '/usr/bin/cargo';
  const rustc = '/usr/bin/rustc';
  if (!existsSync(cargo) || !existsSync(rustc)) return null;
  const sysroot = firstLine(run(rustc, ['--print', 'sysroot']).stdout);
  if (!sysroot || !existsSync(join(sysroot, 'lib', 'rustlib', 'wasm32-wasi'))) return null;
  const version = firstLine(run(rustc, ['-V']).stdout);
  return {
    kind: 'debian',
    cargo,
    target: 'wasm32-wasi',
    env: { RUSTC: rustc },
    label: `${version} (Debian) wasm32-wasi`,
  };
}

/** rustup's toolchain, if it has the wasm32-wasip1 target installed. */
export function rustupToolchain() {
  const targets = run('rustup', ['target', 'list', '--installed']);
  if (targets.status !== 0 || !targets.stdout.split('\n').includes('wasm32-wasip1')) return null;
  const version = firstLine(run('rustc', ['-V']).stdout);
  return { kind: 'rustup', cargo: 'cargo', target: 'wasm32-wasip1', env: {}, label: `${version} wasm32-wasip1` };
}

/** The toolchain to build with: `preferred` ('debian' | 'rustup') or the first one available. */
export function findToolchain(preferred = process.env.WASM_TOOLCHAIN) {
  if (preferred === 'debian') return debianToolchain();
  if (preferred === 'rustup') return rustupToolchain();
  return rustupToolchain() ?? debianToolchain();
}

/** Builds both binaries in a fresh target folder; returns { file: Buffer }. */
export function buildModules(toolchain) {
  const targetDir = mkdtempSync(join(tmpdir(), 'word-generator-'));
  try {
    const env = { ...process.env, ...toolchain.env };
    // A stray RUSTC (say, Debian's) must not leak into a rustup build, nor outside flags into either.
    if (!toolchain.env.RUSTC) delete env.RUSTC;
    delete env.RUSTFLAGS;
    delete env.CARGO_BUILD_RUSTFLAGS;
    env.CARGO_TARGET_DIR = targetDir;
    env.CARGO_INCREMENTAL = '0';
    // Absolute paths (panic locations) would differ per machine; map them to fixed names.
    // The encoded form (0x1f between flags) keeps paths with spaces in one piece.
    env.CARGO_ENCODED_RUSTFLAGS = [
      `--remap-path-prefix=${crateDir}=/word-generator`,
      `--remap-path-prefix=${targetDir}=/target`,
    ].join('\x1f');
    const args = ['build', '--release', '--locked', '--target', toolchain.target, '--bins'];
    const result = run(toolchain.cargo, args, { cwd: crateDir, env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) {
      throw new Error(`${toolchain.cargo} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    }
    const built = {};
    for (const { file, bin } of modules) {
      built[file] = readFileSync(join(targetDir, toolchain.target, 'release', `${bin}.wasm`));
    }
    return built;
  } finally {
    rmSync(targetDir, { recursive: true, force: true });
  }
}

/** Words in the embedded list (lines that are not blank or `#` comments). */
export function wordCount() {
  const text = readFileSync(join(crateDir, 'src', 'words.txt'), 'utf8');
  return text.split('\n').filter((line) => /^[a-z]+$/.test(line.trim())).length;
}

/** Import names of a module, e.g. `wasi_snapshot_preview1.fd_write`. */
export function importNames(bytes) {
  return WebAssembly.Module.imports(new WebAssembly.Module(bytes)).map((entry) => `${entry.module}.${entry.name}`);
}

/** The manifest text for these module bytes: no timestamps, so it is as reproducible as the modules. */
export function manifestFor(toolchain, built) {
  const manifest = {
    toolchain: toolchain.label,
    toolchainKind: toolchain.kind,
    words: wordCount(),
    modules: modules.map(({ file, role }) => {
      const bytes = built[file];
      return {
        file,
        role,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        imports: importNames(bytes),
      };
    }),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function describe(built) {
  for (const { file } of modules) {
    const size = built[file].length;
    console.log(`  ${file.padEnd(24)} ${String(size).padStart(7)} bytes (${(size / 1024).toFixed(1)} KiB)`);
  }
  console.log(`  words in list            ${String(wordCount()).padStart(7)}`);
}

function checkSizes(built) {
  const tooBig = modules.filter(({ file }) => built[file].length > MAX_MODULE_BYTES);
  for (const { file } of tooBig) {
    console.error(`${file} is ${built[file].length} bytes, over the ${MAX_MODULE_BYTES}-byte limit`);
  }
  return tooBig.length === 0;
}

export function build() {
  const toolchain = findToolchain();
  if (!toolchain) {
    console.error(
      'No Rust toolchain for WebAssembly found. Install one of:\n' +
        '  rustup target add wasm32-wasip1\n' +
        '  apt-get install rustc cargo libstd-rust-dev-wasm32 lld   (Debian)',
    );
    return 1;
  }
  console.log(`Building with ${toolchain.label}`);
  const built = buildModules(toolchain);
  if (!checkSizes(built)) return 1;
  mkdirSync(outDir, { recursive: true });
  for (const { file } of modules) writeFileSync(join(outDir, file), built[file]);
  writeFileSync(manifestPath, manifestFor(toolchain, built));
  console.log(`Wrote ${outDir}:`);
  describe(built);
  return 0;
}

/**
 * Rebuilds with the toolchain the committed manifest names and compares bytes.
 * Returns 0 (same), 1 (different or failed) or 2 (that toolchain is not installed here).
 */
export function check() {
  if (!existsSync(manifestPath)) {
    console.error(`${manifestPath} is missing: run npm run build:wasm`);
    return 1;
  }
  const committed = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const toolchain = findToolchain(committed.toolchainKind);
  if (!toolchain) {
    console.error(`The committed modules were built with ${committed.toolchain}, which is not installed here.`);
    return 2;
  }
  if (toolchain.label !== committed.toolchain) {
    console.error(`Toolchain differs: committed ${committed.toolchain}, here ${toolchain.label}.`);
    return 1;
  }
  console.log(`Rebuilding with ${toolchain.label} to compare with public/wasm/`);
  const built = buildModules(toolchain);
  let same = true;
  for (const { file } of modules) {
    const path = join(outDir, file);
    const old = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
    if (!old.equals(built[file])) {
      same = false;
      const sha = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
      console.error(
        `${file}: rebuilt ${built[file].length} bytes (sha256 ${sha(built[file])}…) ` +
          `but committed ${old.length} bytes (sha256 ${sha(old)}…)`,
      );
    }
  }
  if (manifestFor(toolchain, built) !== readFileSync(manifestPath, 'utf8')) {
    same = false;
    console.error('manifest.json differs from the one the rebuilt modules give');
  }
  if (!same) {
    console.error('The committed modules are not what the source builds to: run npm run build:wasm and commit.');
    return 1;
  }
  console.log('Rebuilt modules match the committed ones byte for byte:');
  describe(built);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const status = process.argv.includes('--check') ? check() : build();
    if (status === 2 && !process.env.CI) console.log('Skipping the reproducibility check (CI runs it).');
    process.exitCode = status === 2 && !process.env.CI ? 0 : status;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
