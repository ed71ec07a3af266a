#!/usr/bin/env node
// Runs the WebAssembly wasi-testsuite preview1 binaries against this runtime and prints a pass count.
// The suite is not part of this repository; give the path of a checkout of its prod/testsuite-base branch
// (or any folder holding `*.wasm` tests with their `.json` specifications):
//   node scripts/wasi-testsuite.mjs /path/to/wasi-testsuite/tests
// Each test runs as a command: args and env from its specification, its `root` folder copied into the
// in-memory filesystem and preopened as `/`, then the exit code (and stdout/stderr, when given) compared.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { compileModule, runCommand } from '../src/runtime/index.ts';

const TIMEOUT_MS = 10_000;
const suite = process.argv[2];
if (suite === undefined || !existsSync(suite)) {
  console.error('usage: node scripts/wasi-testsuite.mjs <folder with the wasi-testsuite preview1 tests>');
  process.exit(2);
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name.endsWith('.dir') ? [] : walk(p);
    return e.name.endsWith('.wasm') ? [p] : [];
  });
}

/** A host folder as a FileMap under `/`. */
function filesOf(dir, prefix = '/') {
  const out = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.endsWith('.cleanup')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      out[`${prefix}${e.name}/`] = '';
      Object.assign(out, filesOf(p, `${prefix}${e.name}/`));
    } else if (statSync(p).isFile()) out[prefix + e.name] = readFileSync(p);
  }
  return out;
}

const tests = walk(suite).filter((f) => f.includes('wasm32-wasip1') || !f.includes('wasip'));
let passed = 0;
const failed = [];
for (const file of tests.sort()) {
  const specPath = file.replace(/\.wasm$/, '.json');
  const spec = { args: [], env: {}, exit_code: 0, root: null, ...(existsSync(specPath) ? JSON.parse(readFileSync(specPath, 'utf8')) : {}) };
  const name = path.relative(suite, file);
  try {
    const guest = await compileModule(readFileSync(file), path.basename(file));
    const files = spec.root ? filesOf(path.join(path.dirname(file), spec.root)) : {};
    let timer;
    const result = await Promise.race([
      // A test without a root gets no preopen at all, as a native runtime run without --dir.
      runCommand(guest, { args: spec.args, env: spec.env, files, preopens: spec.root ? ['/'] : [] }),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no result in ${TIMEOUT_MS} ms`)), TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    const problems = [];
    if (result.exitCode !== spec.exit_code) problems.push(`exit code ${result.exitCode}, expected ${spec.exit_code}`);
    if (spec.stdout !== undefined && result.stdout !== spec.stdout) problems.push(`stdout ${JSON.stringify(result.stdout)}`);
    if (spec.stderr !== undefined && result.stderr !== spec.stderr) problems.push(`stderr ${JSON.stringify(result.stderr)}`);
    if (problems.length === 0) passed++;
    else failed.push(`${name}: ${problems.join('; ')}${result.stderr ? ` (stderr: ${result.stderr.trim().slice(0, 300)})` : ''}`);
  } catch (e) {
    failed.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
for (const f of failed) console.log(`FAIL ${f}`);
console.log(`${passed} of ${tests.length} wasi-testsuite preview1 tests pass`);
process.exit(failed.length === 0 ? 0 : 1);
