// The word-generator modules: sizes, word count, and what one command run costs on the project's runtime.
// Baseline: the CLI's `--help` (the least a WASI command can do), measured in this run. The server's request
// figures are in runtime.bench.mjs.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { compileModule, runCommand } from '../../src/runtime/index.ts';

const json = process.argv.includes('--json');
const manifest = JSON.parse(readFileSync(new URL('../../public/wasm/manifest.json', import.meta.url), 'utf8'));

console.log(`toolchain: ${manifest.toolchain}`);
console.log(`words in the embedded list: ${manifest.words}`);
for (const { file, bytes, imports } of manifest.modules) {
  console.log(`${file.padEnd(24)} ${String(bytes).padStart(7)} bytes (${(bytes / 1024).toFixed(1)} KiB, ${imports.length} imports)  target <= 256 KiB: ${bytes <= 256 * 1024 ? 'meets target' : 'MISSES target'}`);
}

/** Median milliseconds of `fn` over `rounds` runs, after a warm-up. */
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

const cli = await compileModule(readFileSync(new URL('../../public/wasm/word_generator_cli.wasm', import.meta.url)), 'word_generator_cli.wasm');
const sync = (args) => () => runCommand(cli, { args, mode: 'sync' });
const rows = [
  ['baseline: CLI --help (instance + run)', await median(200, sync(['--help']))],
  ['CLI one word', await median(200, sync([]))],
  ['CLI --count 1000', await median(50, sync(['--count', '1000']))],
];
const baseline = rows[0][1];
for (const [name, ms] of rows) {
  console.log(`${name.padEnd(48)} ${ms.toFixed(3).padStart(8)} ms  (${(ms / baseline).toFixed(2)}x baseline)`);
}
if (json) console.log(JSON.stringify({ modules: manifest.modules.map(({ file, bytes }) => ({ file, bytes })), runs: Object.fromEntries(rows) }));
