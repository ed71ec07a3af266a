#!/usr/bin/env node
// `npm test`: every suite in order, each one's output as it runs, then one line per suite and a total.
// A failed suite does not stop the others (you see everything that is wrong at once), except that
// the browser tests need a successful build.
import { spawnSync } from 'node:child_process';

const suites = [
  { name: 'rust', script: 'test:rust', why: 'Rust library tests and the module rebuild check' },
  { name: 'types', script: 'check', why: 'astro check: types in .astro, .ts and content' },
  { name: 'unit', script: 'test:unit', why: 'Vitest unit tests' },
  { name: 'build', script: 'build', why: 'the production site' },
  { name: 'e2e', script: 'test:e2e', why: 'Chromium against the built site, and a /containerless/ build of it', needs: 'build' },
  { name: 'deploy', script: 'test:deploy', why: 'OCI image, local registry, manifests, scripts' },
];

const only = process.argv.slice(2);
const results = [];
for (const suite of suites) {
  if (only.length > 0 && !only.includes(suite.name)) continue;
  const needed = suite.needs && results.find((r) => r.name === suite.needs);
  if (needed && !needed.ok) {
    results.push({ ...suite, ok: false, skipped: true, seconds: 0 });
    continue;
  }
  console.log(`\n=== ${suite.name}: ${suite.why} (npm run ${suite.script})`);
  const started = performance.now();
  const run = spawnSync('npm', ['run', '--silent', suite.script], { stdio: 'inherit', env: process.env });
  results.push({ ...suite, ok: run.status === 0, seconds: (performance.now() - started) / 1000 });
}

console.log('\n=== summary');
for (const r of results) {
  const state = r.skipped ? `skipped (needs ${r.needs})` : r.ok ? 'ok' : 'FAILED';
  console.log(`${r.name.padEnd(8)} ${state.padEnd(24)} ${r.seconds.toFixed(1)} s`);
}
const failed = results.filter((r) => !r.ok).length;
console.log(`suites: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
