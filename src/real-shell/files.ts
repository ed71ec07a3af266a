// What the real shell starts with: the course's modules and a `containerless` package whose `run` is the same
// command as on your machine (bundled to one file by scripts/build-webcontainer.mjs), so
// `npx containerless run word_generator.wasm` works in it.
import type { FileSystemTree } from '@webcontainer/api';
import { CLI_MODULE, COMPONENT_MODULE, GUEST_PORT, SERVER_MODULE } from '../course/facts.ts';

/** Files fetched from this site, by their path under the site's root. */
export const MODULE_FILES = [SERVER_MODULE, CLI_MODULE, COMPONENT_MODULE] as const;
export const RUNNER_FILE = 'webcontainer/containerless.mjs';

const README = `Containerless, in a real shell (a WebContainer: Node.js running in your browser).

  npx containerless run ${SERVER_MODULE} &        serve the word generator (port ${GUEST_PORT})
  node word.mjs d                                    ask it for a word starting with d
  npx containerless run ${CLI_MODULE} -- --starts-with w --count 3
  node --version

The WebAssembly modules here are the ones the course builds; the built-in terminal runs the same files.
`;

const packageJson = JSON.stringify({ name: 'containerless-workspace', private: true, type: 'module' }, null, 2);
const runnerPackage = JSON.stringify({ name: 'containerless', version: '0.1.0', type: 'module', bin: { containerless: 'cli.mjs' } }, null, 2);

// There may be no curl here; Node's fetch calls the server the same way.
const wordScript = `const letter = process.argv[2] ?? '';
const port = process.env.PORT ?? '${GUEST_PORT}';
const res = await fetch(\`http://localhost:\${port}/?starts_with=\${encodeURIComponent(letter)}\`).catch((error) => {
  console.error(\`no server on port \${port} (\${error.cause?.code ?? error.message}): start it with npx containerless run ${SERVER_MODULE} &\`);
  process.exit(1);
});
process.stdout.write(await res.text());
process.exitCode = res.ok ? 0 : 1;
`;

export type Fetcher = (path: string) => Promise<Uint8Array>;

/** The tree to mount. Throws with the file's name when one cannot be downloaded. */
export async function workspaceTree(fetchFile: Fetcher): Promise<FileSystemTree> {
  const [modules, runner] = await Promise.all([
    Promise.all(MODULE_FILES.map(async (file) => [file, await fetchFile(`wasm/${file}`)] as const)),
    fetchFile(RUNNER_FILE),
  ]);
  const tree: FileSystemTree = {
    'README.md': { file: { contents: README } },
    'package.json': { file: { contents: packageJson } },
    'word.mjs': { file: { contents: wordScript } },
    node_modules: {
      directory: {
        containerless: { directory: { 'package.json': { file: { contents: runnerPackage } }, 'cli.mjs': { file: { contents: runner } } } },
        '.bin': { directory: { containerless: { file: { symlink: '../containerless/cli.mjs' } } } },
      },
    },
  };
  for (const [file, bytes] of modules) tree[file] = { file: { contents: bytes } };
  return tree;
}
