// Compiling a guest module once, and telling what it is (a command or a server) and what it needs.
import { isCallName, WASI_MODULE } from '../calls/table.ts';

export type ModuleSource = Uint8Array | ArrayBuffer | URL | string | Response;

export interface GuestModule {
  readonly module: WebAssembly.Module;
  /** 'server' when it imports the socket extension (sock_open/sock_listen/sock_accept), else 'command' */
  readonly kind: 'server' | 'command';
  readonly imports: readonly WebAssembly.ModuleImportDescriptor[];
  /** `module::name` for each import the runtime does not provide */
  readonly missingImports: readonly string[];
  readonly hasStart: boolean;
  readonly byteLength: number;
  readonly compileMs: number;
  /** a label for messages: the file name or URL it came from */
  readonly name: string;
}

export class NotWasmError extends Error {
  constructor(name: string) {
    super(`${name} is not a WebAssembly module (a .wasm file starts with the bytes \\0asm)`);
    this.name = 'NotWasmError';
  }
}

export class MissingImportError extends Error {
  readonly missing: readonly string[];
  constructor(missing: readonly string[], host = 'the runtime') {
    const list = missing.join(', ');
    super(`this module imports ${list}, which ${host} does not provide`);
    this.name = 'MissingImportError';
    this.missing = missing;
  }
}

const SERVER_CALLS = new Set(['sock_open', 'sock_listen', 'sock_accept', 'sock_bind']);

async function bytesOf(source: ModuleSource): Promise<[Uint8Array, string]> {
  if (source instanceof Uint8Array) return [source, 'module'];
  if (source instanceof ArrayBuffer) return [new Uint8Array(source), 'module'];
  if (typeof Response !== 'undefined' && source instanceof Response) return [new Uint8Array(await source.arrayBuffer()), source.url || 'module'];
  const url = String(source);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
  return [new Uint8Array(await res.arrayBuffer()), url.split('/').pop() ?? url];
}

/** Describes a compiled module (used by compileModule and by hosts that compiled it themselves). */
export function describeModule(module: WebAssembly.Module, name: string, byteLength: number, compileMs: number): GuestModule {
  const imports = WebAssembly.Module.imports(module);
  const missing = imports
    .filter((i) => !(i.module === WASI_MODULE && i.kind === 'function' && isCallName(i.name)))
    .map((i) => `${i.module}::${i.name}`);
  const kind = imports.some((i) => i.module === WASI_MODULE && SERVER_CALLS.has(i.name)) ? 'server' : 'command';
  const hasStart = WebAssembly.Module.exports(module).some((e) => e.name === '_start' && e.kind === 'function');
  return { module, kind, imports, missingImports: missing, hasStart, byteLength, compileMs, name };
}

/** Compiles a module from bytes or a URL. Compile once; every run instantiates from the result. */
export async function compileModule(source: ModuleSource, name?: string): Promise<GuestModule> {
  const [bytes, label] = await bytesOf(source);
  const display = name ?? label;
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new NotWasmError(display);
  const t0 = performance.now();
  const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  return describeModule(module, display, bytes.length, performance.now() - t0);
}
