// The word-generator modules: sizes, word count, and the cost of the fresh-instance-per-request model.
// Baseline: compiling + running the CLI's `--help` (the least a WASI command can do), measured in this run.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadModule, run } from '../unit/wasm/test-host.ts';

const manifest = JSON.parse(readFileSync(new URL('../../public/wasm/manifest.json', import.meta.url), 'utf8'));

console.log(`toolchain: ${manifest.toolchain}`);
console.log(`words in the embedded list: ${manifest.words}`);
for (const { file, bytes, imports } of manifest.modules) {
  console.log(`${file.padEnd(24)} ${String(bytes).padStart(7)} bytes (${(bytes / 1024).toFixed(1)} KiB, ${imports.length} imports)`);
}

/** Median milliseconds of `fn` over `rounds` runs, after a warm-up. */
function median(rounds, fn) {
  for (let i = 0; i < 5; i++) fn();
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const server = loadModule('word_generator.wasm');
const cli = loadModule('word_generator_cli.wasm');
const request = { request: 'GET /?starts_with=d HTTP/1.1\r\nHost: localhost\r\n\r\n' };

const rows = [
  ['compile server module', median(20, () => loadModule('word_generator.wasm'))],
  ['baseline: CLI --help (instance + run)', median(200, () => run(cli, { args: ['--help'] }))],
  ['CLI one word', median(200, () => run(cli))],
  ['CLI --count 1000', median(50, () => run(cli, { args: ['--count', '1000'] }))],
  ['server: fresh instance + 1 request', median(200, () => run(server, { connections: [request] }))],
  ['server: 1 instance, 100 requests (per request)', median(20, () => run(server, { connections: Array(100).fill(request) })) / 100],
];
const baseline = rows[1][1];
for (const [name, ms] of rows) {
  console.log(`${name.padEnd(48)} ${ms.toFixed(3).padStart(8)} ms  (${(ms / baseline).toFixed(2)}x baseline)`);
}
