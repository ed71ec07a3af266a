// Loading a module file for the CLI, with the errors a learner can act on.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { compileModule, NotWasmError, type GuestModule } from '../guest/module.ts';

export class ModuleFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModuleFileError';
  }
}

export async function loadModuleFile(path: string): Promise<GuestModule> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ModuleFileError(`no such file: ${path}`);
    if (code === 'EISDIR') throw new ModuleFileError(`${path} is a directory, not a .wasm file`);
    if (code === 'EACCES') throw new ModuleFileError(`cannot read ${path}: permission denied`);
    throw e;
  }
  try {
    return await compileModule(bytes, basename(path));
  } catch (e) {
    if (e instanceof NotWasmError) throw new ModuleFileError(e.message);
    if (e instanceof WebAssembly.CompileError) throw new ModuleFileError(`${path} is not a valid WebAssembly module: ${e.message}`);
    throw e;
  }
}
