import { compileModule, type GuestModule } from '../runtime/index.ts';

// The modules a page uses, fetched and compiled once per page whichever widget asks first: the terminal,
// the demo and the WASI playground share them.

export interface ManifestModule {
  file: string;
  bytes: number;
  role: string;
  sha256: string;
}

const base = `${import.meta.env.BASE_URL.replace(/\/$/, '')}/wasm/`;
const compiled = new Map<string, Promise<GuestModule>>();
const loadTimes = new Map<string, { fetchMs: number; compileMs: number }>();

/** How long the page took to download and to compile a module, once it has. */
export const loadTiming = (file: string): { fetchMs: number; compileMs: number } | undefined => loadTimes.get(file);
let manifest: Promise<ManifestModule[]> | undefined;

/** Where a module is served, e.g. `/wasm/word_generator.wasm`. */
export const moduleUrl = (file: string): string => base + file;

export function pageModule(file: string): Promise<GuestModule> {
  let guest = compiled.get(file);
  if (!guest) {
    guest = (async () => {
      const t0 = performance.now();
      const res = await fetch(moduleUrl(file));
      if (!res.ok) throw new Error(`could not download ${file}: HTTP ${res.status}`);
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

export function pageManifest(): Promise<ManifestModule[]> {
  manifest ??= fetch(base + 'manifest.json')
    .then((res) => {
      if (!res.ok) throw new Error(`could not load the module list: HTTP ${res.status}`);
      return res.json() as Promise<{ modules: ManifestModule[] }>;
    })
    .then((m) => m.modules)
    .catch((error: unknown) => {
      manifest = undefined;
      throw error;
    });
  return manifest;
}
