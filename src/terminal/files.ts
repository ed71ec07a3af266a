import type { ModuleFile } from './types.ts';
import { CLI_MODULE, GUEST_PORT, SERVER_MODULE } from '../course/facts.ts';

// The terminal's one folder: the two modules the course uses and a README. Read-only, like a mounted volume.

export const README = `Containerless: a terminal in your browser
=========================================

This folder holds the two WebAssembly modules of the course:

  ${SERVER_MODULE}      the HTTP server (WASI preview 1 + WasmEdge sockets)
  ${CLI_MODULE}  the command-line tool (standard WASI preview 1)

They run here on the project's own WASI runtime, on a virtual network that
exists only inside this page. Nothing leaves your browser.

Try:

  wasmedge ${CLI_MODULE} --starts-with w --count 3
  wasmedge ${SERVER_MODULE} &
  curl localhost:${GUEST_PORT}/?starts_with=d
  curl -i localhost:${GUEST_PORT}/healthz
  jobs
  kill %1

Type help for every command.
`;

export interface TextFile {
  file: string;
  text: string;
}

export const textFiles: readonly TextFile[] = [{ file: 'README.md', text: README }];

/** A path as a learner may type it (`./x`, `public/wasm/x`) reduced to a name in this folder, or undefined. */
export function resolveName(path: string): string | undefined {
  const cleaned = path.replace(/^\.\//, '').replace(/^\/?(?:public\/)?wasm\//, '');
  return cleaned.includes('/') ? undefined : cleaned;
}

export function listing(modules: readonly ModuleFile[]): { file: string; bytes: number; role: string }[] {
  return [
    ...textFiles.map((f) => ({ file: f.file, bytes: new TextEncoder().encode(f.text).length, role: 'text' })),
    ...modules,
  ].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
