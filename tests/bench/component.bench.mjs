// The word generator as a core module and as a WASI 0.2 component: bytes on disk, transpiled output, and the time
// to instantiate and run each in Node. Baseline: the core module on our runtime (runCommand), measured in this run;
// the component runs through the jco-transpiled code and preview2-shim, as in the page.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { componentFacts as facts } from '../../src/wasip2/facts.ts';
import { nodeCoreLoader } from '../../src/wasip2/node.ts';
import { runComponent } from '../../src/wasip2/run.ts';
import { compileModule, runCommand } from '../../src/runtime/index.ts';

const here = (path) => new URL(`../../${path}`, import.meta.url);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const ratio = (a, b) => `${(a / b).toFixed(3)}x`;

// Sizes, read from the files themselves (component.json says the same, and the unit tests hold it to that).
const moduleBytes = statSync(here(`public/wasm/${facts.module.file}`)).size;
const componentBytes = statSync(here(`public/wasm/${facts.component.file}`)).size;
const js = readFileSync(here('src/wasip2/generated/word_generator_cli.js'));
const shimDir = here('src/wasip2/generated/preview2-shim/dist/browser/');
const shimBytes = readdirSync(shimDir).filter((f) => f.endsWith('.js')).reduce((n, f) => n + statSync(new URL(f, shimDir)).size, 0);
const cores = facts.transpiled.coreModules;
const extraCores = cores.filter((c) => c.served !== facts.module.file).reduce((n, c) => n + c.bytes, 0);

console.log(`jco ${facts.jco}, preview2-shim ${facts.preview2Shim}`);
console.log(`core module        ${String(moduleBytes).padStart(8)} bytes  ${kib(moduleBytes).padStart(10)}  (baseline)`);
console.log(`component          ${String(componentBytes).padStart(8)} bytes  ${kib(componentBytes).padStart(10)}  ${ratio(componentBytes, moduleBytes)}`);
for (const c of cores) console.log(`  ${c.file.padEnd(32)} ${String(c.bytes).padStart(8)} bytes  ${c.what}`);
console.log(`transpiled JS      ${String(js.length).padStart(8)} bytes  ${kib(js.length).padStart(10)}  (${kib(gzipSync(js, { level: 9 }).length)} gzipped, unminified)`);
console.log(`browser shim JS    ${String(shimBytes).padStart(8)} bytes  ${kib(shimBytes).padStart(10)}  (the files the page bundles)`);
console.log(`page download for the component beyond the core module: ${kib(extraCores)} of core Wasm + the JS chunk`);

/** Median milliseconds of an async `fn` over `rounds` runs, after a warm-up. */
async function median(rounds, fn) {
  for (let i = 0; i < 5; i++) await fn();
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

let t0 = performance.now();
const core = await compileModule(readFileSync(here(`public/wasm/${facts.module.file}`)));
const coreCompile = performance.now() - t0;
t0 = performance.now();
await Promise.all(cores.map((c) => nodeCoreLoader(c.served)));
const componentCompile = performance.now() - t0;

const args = ['--starts-with', 'w', '--count', '3'];
const rows = [
  ['compile: core module', coreCompile],
  ['compile: component (its core modules)', componentCompile],
  ['baseline: core module, --help (runCommand)', await median(200, () => runCommand(core, { args: ['--help'] }))],
  ['component, --help (transpiled + shim)', await median(200, () => runComponent(nodeCoreLoader, { args: ['--help'] }))],
  ['core module, 3 words', await median(200, () => runCommand(core, { args }))],
  ['component, 3 words', await median(200, () => runComponent(nodeCoreLoader, { args }))],
  ['core module, --count 1000', await median(30, () => runCommand(core, { args: ['--count', '1000'] }))],
  ['component, --count 1000', await median(30, () => runComponent(nodeCoreLoader, { args: ['--count', '1000'] }))],
];
const baseline = rows[2][1];
for (const [name, ms] of rows) console.log(`${name.padEnd(44)} ${ms.toFixed(3).padStart(9)} ms  (${(ms / baseline).toFixed(2)}x baseline)`);
const split = await runComponent(nodeCoreLoader, { args });
console.log(`one component run, split: instantiate ${split.instantiateMs.toFixed(3)} ms, run ${split.runMs.toFixed(3)} ms`);
