// Loading a module file for the CLI, with the errors a learner can act on.
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { compileModule, NotWasmError, type GuestModule } from '../guest/module.ts';

export class ModuleFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModuleFileError';
  }
}

/** Larger than any module this course meets by far; a file past it is not read (a device, a disk image, a mistake). */
export const MAX_MODULE_BYTES = 256 * 1024 * 1024;

/** Reads a module file: checked first to be a regular file of sane size, so `/dev/zero` or a FIFO is never read. */
export async function loadModuleFile(path: string, maxBytes = MAX_MODULE_BYTES): Promise<GuestModule> {
  let bytes: Uint8Array;
  try {
    const file = await open(path, 'r');
    try {
      const info = await file.stat();
      if (info.isDirectory()) throw new ModuleFileError(`${path} is a directory, not a .wasm file`);
      if (!info.isFile()) throw new ModuleFileError(`${path} is not a regular file (a device, a pipe or a socket), so it is not read as a module`);
      if (info.size > maxBytes) throw new ModuleFileError(`${path} is ${info.size} bytes, more than the ${maxBytes / 1024 / 1024} MiB a module may have here`);
      bytes = await file.readFile();
    } finally {
      await file.close();
    }
  } catch (e) {
    if (e instanceof ModuleFileError) throw e;
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
