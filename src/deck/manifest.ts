import { sitePath } from '../client/site-path.ts';

/** Reads /wasm/manifest.json (written by the module build): the size of a module as the browser downloads it. */
export interface ModuleEntry {
  file: string;
  bytes: number;
  sha256?: string;
}

export function moduleEntry(manifest: unknown, file: string): ModuleEntry | undefined {
  const modules = (manifest as { modules?: unknown } | null)?.modules;
  if (!Array.isArray(modules)) return undefined;
  const entry = modules.find((m): m is ModuleEntry => typeof m === 'object' && m !== null && (m as ModuleEntry).file === file);
  return entry && typeof entry.bytes === 'number' ? entry : undefined;
}

export async function fetchModuleEntry(file: string, url = sitePath('/wasm/manifest.json')): Promise<ModuleEntry | undefined> {
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok) return undefined;
  return moduleEntry(await response.json(), file);
}
