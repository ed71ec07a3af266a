import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { SERVER_MODULE } from '../../course/facts.ts';

// Is this file the word-generator server as the WasmEdge shim expects it: a core module for WASI preview 1,
// with `_start`, and the WasmEdge socket imports it needs to listen?

export interface ModuleReport {
  bytes: number;
  sha256: string;
  problem?: string;
}

const SOCKET_IMPORTS = ['sock_open', 'sock_bind', 'sock_listen', 'sock_accept'];

export async function inspectServerModule(path: string): Promise<ModuleReport> {
  const bytes = await readFile(path);
  const report: ModuleReport = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  if (bytes.length < 8 || bytes.readUInt32BE(0) !== 0x0061736d) return { ...report, problem: 'it does not start with \\0asm: not a WebAssembly file' };
  if (bytes.readUInt32LE(4) !== 1) {
    return { ...report, problem: 'it is a WebAssembly component (or another layer), not a core module; the WasmEdge shim runs core modules only' };
  }
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (error) {
    return { ...report, problem: `it does not compile: ${(error as Error).message}` };
  }
  const exports = WebAssembly.Module.exports(module);
  if (!exports.some((e) => e.name === '_start' && e.kind === 'function')) return { ...report, problem: 'it exports no _start: build the binary, not the library' };
  if (!exports.some((e) => e.kind === 'memory')) return { ...report, problem: 'it exports no memory' };
  const imports = WebAssembly.Module.imports(module);
  const foreign = imports.find((i) => i.module !== 'wasi_snapshot_preview1');
  if (foreign) return { ...report, problem: `it imports ${foreign.module}.${foreign.name}; a WASI preview 1 module imports only from wasi_snapshot_preview1` };
  const names = new Set(imports.map((i) => i.name));
  const lacking = SOCKET_IMPORTS.filter((n) => !names.has(n));
  if (lacking.length > 0) return { ...report, problem: `it lacks the WasmEdge socket imports (${lacking.join(', ')}): is it the server, ${SERVER_MODULE}?` };
  return report;
}
