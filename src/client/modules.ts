import { compileModule, describeModule, NotWasmError, type GuestModule } from '../runtime/guest/module.ts';
// The module list is read at build time: the page never fetches it, so it can never meet another version's list.
import built from '../../public/wasm/manifest.json';
import { sitePath } from './site-path.ts';

// The modules a page uses, fetched and compiled once per page whichever widget asks first: the terminal,
// the demo and the WASI playground share them.

export interface ManifestModule {
  file: string;
  bytes: number;
  role: string;
  sha256: string;
}


const base = sitePath('/wasm/');
const builtModules = (built as { modules: ManifestModule[] }).modules;
const compiled = new Map<string, Promise<GuestModule>>();
const loadTimes = new Map<string, { fetchMs: number; compileMs: number }>();

/** How long the page took to download and to compile a module, once it has. */
export const loadTiming = (file: string): { fetchMs: number; compileMs: number } | undefined => loadTimes.get(file);
let manifest: Promise<ManifestModule[]> | undefined;

/**
 * Where a module is served, with its content hash: `/wasm/word_generator.wasm?v=4480f0ff792db101`. The service
 * worker answers a versioned address only with that content (src/offline/sw.js), so a page never runs a module
 * from another version of the site.
 */
export const moduleUrl = (file: string): string => {
  const sha = builtModules.find((m) => m.file === file)?.sha256;
  return sha ? `${base}${file}?v=${sha.slice(0, 16)}` : base + file;
};

export function pageModule(file: string): Promise<GuestModule> {
  let guest = compiled.get(file);
  if (!guest) {
    guest = (async () => {
      const t0 = performance.now();
      // Plain fetch(): mode cors, credentials same-origin, as the lesson's <link rel="preload" crossorigin="anonymous">,
      // so a preloaded response is the one used.
      const res = await fetch(moduleUrl(file));
      if (!res.ok) throw new Error(`could not download ${file}: HTTP ${res.status}`);
      if (res.body && res.headers.get('content-type')?.split(';')[0]?.trim() === 'application/wasm') return compileWhileDownloading(file, res, t0);
      // A host that does not label .wasm as application/wasm: compileStreaming would refuse it, so bytes first.
      const bytes = new Uint8Array(await res.arrayBuffer());
      const fetchMs = performance.now() - t0;
      const module = await compileModule(bytes, file);
      loadTimes.set(file, { fetchMs, compileMs: module.compileMs });
      return module;
    })();
    // A failed fetch must not stick: the next attempt (a Restart button) tries again.
    guest.catch(() => compiled.delete(file));
    compiled.set(file, guest);
  }
  return guest;
}

/**
 * Compiles as the bytes arrive (WebAssembly.compileStreaming). The download counts until its last byte; compiling
 * counts from there to the compiled module (most of the compile overlaps the download, so it is short).
 */
async function compileWhileDownloading(file: string, res: Response, t0: number): Promise<GuestModule> {
  const body = res.body;
  if (!body) throw new Error(`could not download ${file}: empty response`);
  let byteLength = 0;
  let downloadedAt = t0;
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        // Same check as compileModule: a page or an error text served under the module's name gets a clear message.
        if (byteLength === 0 && chunk.length >= 4 && !(chunk[0] === 0 && chunk[1] === 0x61 && chunk[2] === 0x73 && chunk[3] === 0x6d)) {
          controller.error(new NotWasmError(file));
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
  if (byteLength < 8) throw new NotWasmError(file);
  const fetchMs = downloadedAt - t0;
  const compileMs = performance.now() - downloadedAt;
  loadTimes.set(file, { fetchMs, compileMs });
  return describeModule(module, file, byteLength, compileMs);
}

export function pageManifest(): Promise<ManifestModule[]> {
  manifest ??= Promise.resolve(builtModules);
  return manifest;
}
