#!/usr/bin/env node
// Entry point of the `containerless` command. Our sources are TypeScript that Node runs directly
// (type stripping, on by default from Node 22.18 / 23.6); older Node 22 needs the flag, so re-run with it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(`containerless needs Node.js 22.13 or newer; this is ${process.version}. Install a current Node.js from https://nodejs.org/.`);
  process.exit(1);
}

if (!process.features.typescript) {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', self, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? 1);
}

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
