// Build-time view of public/wasm/manifest.json, for figures that must show in print and before JavaScript runs.
// Read from the project root: the build runs there, and a path relative to this file would move when bundled.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { moduleEntry, type ModuleEntry } from '../deck/manifest.ts';

export function builtModule(file: string): ModuleEntry | undefined {
  try {
    return moduleEntry(JSON.parse(readFileSync(join(process.cwd(), 'public', 'wasm', 'manifest.json'), 'utf8')), file);
  } catch {
    return undefined;
  }
}
