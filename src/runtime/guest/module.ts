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
  /** the download, for a module compiled from a URL (most of its compile overlaps the download, so compileMs is the rest) */
  readonly fetchMs?: number;
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

function bytesOf(source: Uint8Array | ArrayBuffer): Uint8Array {
  return source instanceof Uint8Array ? source : new Uint8Array(source);
}

/** The file name in a module's address, without its query (`/wasm/a.wasm?v=12` -> `a.wasm`). */
const fileOf = (url: string): string => url.split(/[?#]/)[0]!.split('/').pop() || url;

const startsLikeWasm = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0 && b[1] === 0x61 && b[2] === 0x73 && b[3] === 0x6d;

/** Downloads and compiles a module from its address (compileResponse). */
async function compileFromUrl(url: string, display: string): Promise<GuestModule> {
  const t0 = performance.now();
  return compileResponse(await fetch(url), display, t0);
}

/**
 * Compiles a module from a response as its bytes arrive (WebAssembly.compileStreaming) when it is served as
 * application/wasm. The download counts from `t0` (when the fetch began, on this thread's clock) until its last
 * byte; compiling from there to the compiled module. An error status, or a page or an error text served under the
 * module's name, gets a clear message.
 */
export async function compileResponse(res: Response, display: string, t0: number = performance.now()): Promise<GuestModule> {
  if (!res.ok) throw new Error(`could not download ${display}: HTTP ${res.status}`);
  const wasmType = res.headers.get('content-type')?.split(';')[0]?.trim() === 'application/wasm';
  if (!res.body || !wasmType || typeof WebAssembly.compileStreaming !== 'function') {
    // A host that does not label .wasm as application/wasm: compileStreaming would refuse it, so bytes first.
    const bytes = new Uint8Array(await res.arrayBuffer());
    const fetchMs = performance.now() - t0;
    return { ...(await compileBytes(bytes, display)), fetchMs };
  }
  let byteLength = 0;
  let downloadedAt = t0;
  const counted = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (byteLength === 0 && chunk.length >= 4 && !startsLikeWasm(chunk)) {
          controller.error(new NotWasmError(display));
          return;
        }
        byteLength += chunk.length;
        controller.enqueue(chunk);
      },
      flush() {
        downloadedAt = performance.now();
      },
    }),
  );
  const module = await WebAssembly.compileStreaming(new Response(counted, { headers: { 'content-type': 'application/wasm' } }));
  if (byteLength < 8) throw new NotWasmError(display);
  const compileMs = performance.now() - downloadedAt;
  return { ...describeModule(module, display, byteLength, compileMs), fetchMs: downloadedAt - t0 };
}

async function compileBytes(bytes: Uint8Array, display: string): Promise<GuestModule> {
  if (bytes.length < 8 || !startsLikeWasm(bytes)) throw new NotWasmError(display);
  const t0 = performance.now();
  const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  return describeModule(module, display, bytes.length, performance.now() - t0);
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

/** Compiles a module from bytes or a URL (downloaded and compiled as it arrives). Compile once; every run instantiates from the result. */
export async function compileModule(source: ModuleSource, name?: string): Promise<GuestModule> {
  if (typeof source === 'string' || source instanceof URL) return compileFromUrl(String(source), name ?? fileOf(String(source)));
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return compileBytes(bytesOf(source), name ?? 'module');
  return compileResponse(source, name ?? (source.url ? fileOf(source.url) : 'module'));
}
