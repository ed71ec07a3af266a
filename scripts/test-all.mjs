#!/usr/bin/env node
// `npm test`: every suite in order, each one's output as it runs, then one line per suite and a total.
// A failed suite does not stop the others (you see everything that is wrong at once), except that
// the browser tests need a successful build.
import { spawn, spawnSync } from 'node:child_process';

/** Runs an npm script with its output shown as it comes and also kept. */
function runShown(script) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['inherit', 'pipe', 'pipe'], env: process.env });
    let out = '';
    child.stdout.on('data', (d) => ((out += d), process.stdout.write(d)));
    child.stderr.on('data', (d) => ((out += d), process.stderr.write(d)));
    child.on('close', (status) => resolve({ status, out }));
  });
}

/**
 * The unit suite's files whose test process died in Node itself (a signal, no test failed), or [] when anything else
 * went wrong. Node 24's V8 has been seen to abort now and then in a file whose guests run in worker threads
 * (`Check failed: jit_page.has_value()`, SIGTRAP or SIGSEGV): such a file is run once more, and said so.
 */
function crashedFiles(out) {
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  if (/Tests\s+\d+ failed/.test(plain)) return [];
  const files = [...plain.matchAll(/Worker exited unexpectedly with (?:exit code \d+ )?(?:signal \w+ )?during \w+ state while running test files? (.+)/g)];
  return [...new Set(files.flatMap((m) => m[1].trim().split(', ')))];
}

const suites = [
  { name: 'rust', script: 'test:rust', why: 'Rust library tests and the module rebuild check' },
  { name: 'types', script: 'check', why: 'astro check: types in .astro, .ts and content' },
  { name: 'unit', script: 'test:unit', why: 'Vitest unit tests' },
  { name: 'build', script: 'build', why: 'the production site' },
  { name: 'e2e', script: 'test:e2e', why: 'Chromium against the built site, and a /containerless/ build of it', needs: 'build' },
  { name: 'deploy', script: 'test:deploy', why: 'OCI image, local registry, manifests, scripts' },
];

/**
 * What failed in a suite's output, for the summary: each `FAIL` heading Vitest prints with the error line under it, or
 * the last lines when there is none (a script that is not Vitest). The summary is at the end of the log, where a reader
 * of a long CI run looks first.
 */
function failedTests(out, max = 24) {
  const lines = out.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const found = [];
  lines.forEach((line, i) => {
    if (/Worker exited unexpectedly/.test(line)) return void found.push(line.replace(/^.*?Error: /, '').trim());
    if (!/^\s*FAIL\s/.test(line)) return;
    const error = lines.slice(i + 1, i + 6).find((l) => /\w/.test(l) && !/^[\s⎯]*$/.test(l));
    found.push(line.trim(), ...(error ? [`    ${error.trim()}`] : []));
  });
  const picked = found.length > 0 ? found : lines.filter((l) => l.trim() !== '').slice(-8);
  return picked.length > max ? [...picked.slice(0, max), `... and ${picked.length - max} more lines above`] : picked;
}

const only = process.argv.slice(2);
const failures = [];
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
  const run = await runShown(suite.script);
  let ok = run.status === 0;
  const crashed = ok || suite.name !== 'unit' ? [] : crashedFiles(run.out);
  if (crashed.length > 0) {
    console.log(`\n=== unit: Node itself crashed in ${crashed.join(', ')} (no test failed); running ${crashed.length === 1 ? 'it' : 'them'} once more`);
    ok = spawnSync('npx', ['vitest', 'run', ...crashed], { stdio: 'inherit', env: process.env }).status === 0;
  }
  if (!ok) failures.push({ name: suite.name, lines: failedTests(run.out) });
  results.push({ ...suite, ok, seconds: (performance.now() - started) / 1000 });
}

console.log('\n=== summary');
for (const r of results) {
  const state = r.skipped ? `skipped (needs ${r.needs})` : r.ok ? 'ok' : 'FAILED';
  console.log(`${r.name.padEnd(8)} ${state.padEnd(24)} ${r.seconds.toFixed(1)} s`);
}
for (const f of failures) {
  console.log(`\n--- ${f.name}: what failed`);
  for (const line of f.lines) console.log(line);
}
const failed = results.filter((r) => !r.ok).length;
console.log(`suites: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
