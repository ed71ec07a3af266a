#!/usr/bin/env node
// `npm run bench`: runs every benchmark file in tests/bench/ in its own Node process, one after another
// (they measure, so they must not share the two cores with each other).
//   npm run bench                 every benchmark
//   npm run bench -- runtime      only files starting with "runtime"
//   npm run bench -- --json       also print each benchmark's figures as JSON (where it supports it)
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./', import.meta.url));
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = readdirSync(dir)
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

if (files.length === 0) {
  console.log('no benchmarks yet');
  process.exit(0);
}
let failed = 0;
for (const file of files) {
  console.log(`\n### ${file}`);
  const run = spawnSync(process.execPath, [dir + file, ...flags], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
