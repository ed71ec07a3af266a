// The core modules from public/wasm/ on disk, compiled once per process: for tests, benchmarks and Node tools.
import { readFile } from 'node:fs/promises';
import type { CoreModuleLoader } from './run.ts';

const wasmDir = new URL('../../public/wasm/', import.meta.url);
const compiled = new Map<string, Promise<WebAssembly.Module>>();

export const nodeCoreLoader: CoreModuleLoader = (served) => {
  let module = compiled.get(served);
  if (!module) {
    module = readFile(new URL(served, wasmDir)).then((bytes) => WebAssembly.compile(bytes));
    compiled.set(served, module);
  }
  return module;
};
