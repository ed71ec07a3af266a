#!/usr/bin/env node
// Turns the command-line module into a WASI 0.2 component and makes it loadable in a page and in Node:
//   1. `jco new` adapts public/wasm/word_generator_cli.wasm (WASI 0.1) into a command component;
//   2. `jco wit` reads the component's world from the component itself;
//   3. `jco transpile --instantiation` splits it into core modules plus an ES module that takes its WASI imports as an
//      argument, so it imports nothing by bare name: src/wasip2/ passes the browser build of
//      @bytecodealliance/preview2-shim, copied here so Node and the page run the very same shim code;
//   4. writes the sizes and the world as JSON for the lesson and the benchmark.
// The output is committed (the site build and the tests need no jco); `--check` rebuilds into a temporary folder and
// fails if anything committed differs, which is how we know it is reproducible.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const NAME = 'word_generator_cli';
const MODULE = `public/wasm/${NAME}.wasm`;
const COMPONENT = `public/wasm/${NAME}.component.wasm`;
/** Core modules the page fetches (when they are not the input module itself). */
const CORE_DIR = 'public/wasm/component';
const GENERATED = 'src/wasip2/generated';
/** The browser build of the shim: only the interfaces a command component imports, plus what they import. */
const SHIM_FILES = ['cli', 'clocks', 'common', 'config', 'environment', 'filesystem', 'in-memory-filesystem', 'io', 'opfs-filesystem', 'random'];

const check = process.argv.includes('--check');
if (process.argv.slice(2).some((a) => a !== '--check')) {
  console.error('usage: node scripts/build-component.mjs [--check]');
  process.exit(2);
}

/** An installed package's folder (these packages do not export their package.json, so no require.resolve). */
function packageDir(name) {
  const dir = join(root, 'node_modules', name);
  if (!existsSync(dir)) {
    console.error(`${name} is not installed: run npm install.`);
    process.exit(1);
  }
  return dir;
}

function jco(args) {
  const bin = join(packageDir('@bytecodealliance/jco'), JSON.parse(readFileSync(join(packageDir('@bytecodealliance/jco'), 'package.json'), 'utf8')).bin.jco);
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(`jco ${args.join(' ')} failed:\n${run.stderr || run.stdout}`);
    process.exit(1);
  }
  return run.stdout;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** `import wasi:cli/stdout@0.2.12;` lines of a world, as names. */
function worldItems(wit, kind) {
  return [...wit.matchAll(new RegExp(`^\\s*${kind}\\s+([^;]+);`, 'gm'))].map((m) => m[1].trim());
}

/** What each core module inside the component is, for people reading the lesson. */
function describeCore(index) {
  if (index === 0) return 'the module you built, unchanged';
  if (index === 1) return 'the preview1 adapter: WASI 0.1 calls implemented on WASI 0.2';
  return 'glue the component tooling adds (a shared function table)';
}

/** Builds everything into `out` (the repository, or a scratch folder for --check); returns the files written. */
function build(out) {
  const written = [];
  const write = (path, data) => {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), data);
    written.push(path);
  };
  const modulePath = join(root, MODULE);
  if (!existsSync(modulePath)) {
    console.error(`${MODULE} is missing: run npm run build:wasm first (it writes the modules into public/wasm/).`);
    process.exit(1);
  }
  const moduleBytes = readFileSync(modulePath);
  const scratch = mkdtempSync(join(tmpdir(), 'component-'));
  try {
    const componentPath = join(scratch, `${NAME}.component.wasm`);
    jco(['new', modulePath, '--wasi-command', '-o', componentPath]);
    const component = readFileSync(componentPath);
    write(COMPONENT, component);

    const wit = jco(['wit', componentPath]);
    write(`${GENERATED}/world.wit`, wit);

    const transpiled = join(scratch, 'transpiled');
    jco(['transpile', componentPath, '-o', transpiled, '--name', NAME, '--instantiation', 'async', '--no-nodejs-compat', '--quiet']);
    const js = readFileSync(join(transpiled, `${NAME}.js`));
    write(`${GENERATED}/${NAME}.js`, js);
    write(`${GENERATED}/${NAME}.d.ts`, readFileSync(join(transpiled, `${NAME}.d.ts`)));
    for (const file of readdirSync(join(transpiled, 'interfaces')).sort()) {
      write(`${GENERATED}/interfaces/${file}`, readFileSync(join(transpiled, 'interfaces', file)));
    }

    // jco names the core modules <name>.core.wasm, <name>.core2.wasm, ... in the order the component holds them.
    const cores = readdirSync(transpiled)
      .filter((f) => /\.core\d*\.wasm$/.test(f))
      .sort((a, b) => Number(a.match(/core(\d*)/)[1] || 1) - Number(b.match(/core(\d*)/)[1] || 1));
    const coreModules = cores.map((file, index) => {
      const bytes = readFileSync(join(transpiled, file));
      // The first is the input module, byte for byte: the page fetches that file, so a reader downloads it once.
      const same = Buffer.compare(bytes, moduleBytes) === 0;
      const served = same ? `${NAME}.wasm` : `component/${file}`;
      if (!same) write(`${CORE_DIR}/${file}`, bytes);
      return { file, bytes: bytes.length, served, what: describeCore(index) };
    });

    const shimDir = packageDir('@bytecodealliance/preview2-shim');
    const shimVersion = JSON.parse(readFileSync(join(shimDir, 'package.json'), 'utf8')).version;
    const shimOut = `${GENERATED}/preview2-shim`;
    for (const name of SHIM_FILES) {
      for (const ext of ['.js', '.d.ts']) write(`${shimOut}/dist/browser/${name}${ext}`, readFileSync(join(shimDir, 'dist/browser', name + ext)));
    }
    for (const file of readdirSync(join(shimDir, 'types'), { recursive: true }).map(String).sort()) {
      if (statSync(join(shimDir, 'types', file)).isFile()) write(`${shimOut}/types/${file}`, readFileSync(join(shimDir, 'types', file)));
    }
    write(`${shimOut}/LICENSE`, readFileSync(join(shimDir, 'LICENSE')));
    write(`${shimOut}/README.md`, `Files copied from @bytecodealliance/preview2-shim ${shimVersion} (its browser build and types) by\n` +
      'scripts/build-component.mjs, so Node and the page run the same shim. Licence: Apache-2.0 WITH LLVM-exception (LICENSE).\n');

    const jcoVersion = JSON.parse(readFileSync(join(packageDir('@bytecodealliance/jco'), 'package.json'), 'utf8')).version;
    const facts = {
      jco: jcoVersion,
      preview2Shim: shimVersion,
      module: { file: `${NAME}.wasm`, bytes: moduleBytes.length, sha256: sha256(moduleBytes) },
      component: { file: `${NAME}.component.wasm`, bytes: component.length, sha256: sha256(component) },
      transpiled: { jsBytes: js.length, jsGzipBytes: gzipSync(js, { level: 9 }).length, coreModules },
      world: { imports: worldItems(wit, 'import'), exports: worldItems(wit, 'export') },
    };
    write(`${GENERATED}/component.json`, JSON.stringify(facts, null, 2) + '\n');
    return { written, facts };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Every file under a folder, relative to the repository. */
function filesUnder(dir) {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => statSync(join(root, f)).isFile());
}

if (check) {
  const scratch = mkdtempSync(join(tmpdir(), 'component-check-'));
  try {
    const { written } = build(scratch);
    const differs = written.filter((f) => !existsSync(join(root, f)) || Buffer.compare(readFileSync(join(root, f)), readFileSync(join(scratch, f))) !== 0);
    const stale = [...filesUnder(GENERATED), ...filesUnder(CORE_DIR)].filter((f) => !written.includes(f));
    if (differs.length || stale.length) {
      for (const f of differs) console.error(`differs from a fresh build: ${f}`);
      for (const f of stale) console.error(`not produced by a fresh build: ${f}`);
      console.error('Run npm run build:component and commit the result.');
      process.exit(1);
    }
    console.log(`component output is reproducible (${written.length} files match a fresh build)`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
} else {
  // Start clean, so a file jco stops producing does not linger.
  rmSync(join(root, GENERATED), { recursive: true, force: true });
  rmSync(join(root, CORE_DIR), { recursive: true, force: true });
  const { written, facts } = build(root);
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`module     ${MODULE}  ${kb(facts.module.bytes)}`);
  console.log(`component  ${COMPONENT}  ${kb(facts.component.bytes)}  (+${kb(facts.component.bytes - facts.module.bytes)}, ${(facts.component.bytes / facts.module.bytes).toFixed(3)}x)`);
  console.log(`transpiled ${GENERATED}/${NAME}.js  ${kb(facts.transpiled.jsBytes)} (${kb(facts.transpiled.jsGzipBytes)} gzipped)`);
  for (const core of facts.transpiled.coreModules) console.log(`  core     ${core.file}  ${kb(core.bytes)}  served as /wasm/${core.served}: ${core.what}`);
  console.log(`world      ${facts.world.imports.length} imports, exports ${facts.world.exports.join(', ')}`);
  console.log(`${written.length} files written (jco ${facts.jco}, preview2-shim ${facts.preview2Shim})`);
}
