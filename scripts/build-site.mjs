#!/usr/bin/env node
// `npm run build`: the static site, its search index, then the service worker (written last, so it precaches the
// index too). `--out DIR` builds elsewhere than dist/; CONTAINERLESS_BASE=/containerless/ builds for a sub-path
// (astro.config.mjs reads it). The e2e setup uses both for its sub-path copy of the site.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseFromEnv } from '../src/serve/base-path.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--out');
if (at > 0 && !process.argv[at + 1]) {
  console.error('build: --out needs a folder, e.g. --out dist-sub');
  process.exit(2);
}
const out = resolve(root, at > 0 ? process.argv[at + 1] : 'dist');
let base;
try {
  // Checked here first, so a bad value is one clear line rather than a failure deep inside the build.
  base = baseFromEnv();
} catch (error) {
  console.error(`build: ${error.message}`);
  process.exit(2);
}

// Vite takes BASE_URL, MODE and friends from the environment when they are set: a parent that set them (a test runner
// starting this build) would otherwise override the base path and the production mode.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV'].includes(key) && !key.startsWith('VITEST')),
);

const bin = (name) => join(root, 'node_modules', '.bin', name);
const steps = [
  [bin('astro'), ['build', '--outDir', out]],
  [bin('pagefind'), ['--site', out, '--output-subdir', 'pagefind']],
  [process.execPath, [join(root, 'src/integrations/write-service-worker.ts'), out]],
];
if (base !== '/') console.log(`Building for the base path ${base} into ${out}`);
for (const [command, args] of steps) {
  const run = spawnSync(command, args, { stdio: 'inherit', cwd: root, env });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
