import { compileModule, type GuestModule } from '../runtime/guest/module.ts';
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
    // Plain fetch() inside: mode cors, credentials same-origin, as a <link rel="preload" crossorigin="anonymous">, so
    // a preloaded response is the one used; compiled as it downloads.
    guest = compileModule(moduleUrl(file), file).then((module) => {
      loadTimes.set(file, { fetchMs: module.fetchMs ?? 0, compileMs: module.compileMs });
      return module;
    });
    // A failed fetch must not stick: the next attempt (a Restart button) tries again.
    guest.catch(() => compiled.delete(file));
    compiled.set(file, guest);
  }
  return guest;
}

export function pageManifest(): Promise<ManifestModule[]> {
  manifest ??= Promise.resolve(builtModules);
  return manifest;
}
