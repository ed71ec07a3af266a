#!/usr/bin/env node
// Bundles the `containerless` runner that the opt-in real shell (a WebContainer) installs: `containerless run` from
// src/cli/run.ts and the runtime it uses, as one plain JavaScript file, because the Node.js inside a WebContainer
// does not run TypeScript. Writes public/webcontainer/containerless.mjs (generated at build time, not committed).
import { build } from 'esbuild';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--out FILE` writes elsewhere (the tests bundle into a temporary folder).
const at = process.argv.indexOf('--out');
const out = at > 0 && process.argv[at + 1] ? process.argv[at + 1] : join(root, 'public/webcontainer/containerless.mjs');
mkdirSync(dirname(out), { recursive: true });
const result = await build({
  entryPoints: [join(root, 'src/cli/webcontainer-entry.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node18',
  minify: true,
  legalComments: 'eof',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
if (result.errors.length > 0) process.exit(1);
console.log(`${out}  ${(statSync(out).size / 1024).toFixed(1)} KiB`);
