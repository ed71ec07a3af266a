// `containerless` inside a WebContainer: the same `run` as on your machine, bundled into one file by
// scripts/build-webcontainer.mjs. `verify` checks your own machine's tools and cluster, which a WebContainer has not.
import { main as run } from './run.ts';

const [command, ...rest] = process.argv.slice(2);
if (command === 'run') {
  process.exitCode = await run(rest);
} else if (command === 'verify') {
  console.error('containerless verify checks your own machine and cluster: run it there (npx containerless verify).');
  process.exitCode = 2;
} else {
  console.log('Usage: containerless run <module.wasm> [--port N] [-- args...]');
  process.exitCode = command === undefined || command === '--help' || command === '-h' ? 0 : 2;
}
