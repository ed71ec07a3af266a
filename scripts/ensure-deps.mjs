#!/usr/bin/env node
// Before `npm start` and `npm test`: on a fresh clone, installs the dependencies first (`npm ci`, exactly the lock
// file), so the two commands the README names work without a setup step. Does nothing when they are there.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const root = new URL('../', import.meta.url);
const installed = existsSync(new URL('node_modules/.package-lock.json', root)) && existsSync(new URL('node_modules/astro/package.json', root));
if (!installed) {
  console.log('Dependencies are not installed yet: running `npm ci` once (a minute or two).');
  const run = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', cwd: root });
  if (run.status !== 0) {
    console.error('`npm ci` failed (see above). With no network, copy a node_modules folder from a machine that has one.');
    process.exit(run.status ?? 1);
  }
}
