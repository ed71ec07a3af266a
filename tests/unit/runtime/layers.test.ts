// The runtime's folders import only downward: abi/ below devices/ below calls/ (and http/) below guest/
// below the hosts (host/, worker/, node/) below the public index. Checked over every import statement.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../src/runtime/', import.meta.url));

/** The rank of each top folder of src/runtime (a file at the top, such as index.ts, ranks above all). */
const RANK: Record<string, number> = { abi: 0, devices: 1, calls: 2, http: 2, guest: 3, host: 4, worker: 4, node: 4 };
const TOP = 5;

function rankOf(file: string): number | undefined {
  const rel = path.relative(ROOT, file).split(path.sep);
  if (rel.length === 1) return TOP;
  return RANK[rel[0]!];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : /\.(ts|mts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

/** Relative specifiers of static imports/exports, dynamic imports and `new URL(...)` (worker entries). */
export function specifiers(source: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  for (const m of source.matchAll(re)) out.push(m[1]!);
  return out;
}

/** Every import that goes upward, as `from -> to` lines. */
export function upwardImports(files: Map<string, string>): string[] {
  const bad: string[] = [];
  for (const [file, source] of files) {
    const from = rankOf(file);
    for (const spec of specifiers(source)) {
      const target = path.resolve(path.dirname(file), spec);
      if (!target.startsWith(ROOT)) continue;
      const to = rankOf(target);
      if (from === undefined || to === undefined || to > from) bad.push(`${path.relative(ROOT, file)} -> ${path.relative(ROOT, target)}`);
    }
  }
  return bad;
}

describe('runtime layers', () => {
  const files = new Map(filesUnder(ROOT).map((f) => [f, readFileSync(f, 'utf8')]));

  it('places every file in a known layer', () => {
    const unplaced = [...files.keys()].filter((f) => rankOf(f) === undefined).map((f) => path.relative(ROOT, f));
    expect(unplaced, 'a new folder under src/runtime needs a rank in this test').toEqual([]);
  });

  it('has no upward import anywhere under src/runtime', () => {
    expect(files.size).toBeGreaterThan(30);
    expect(upwardImports(files)).toEqual([]);
  });

  it('catches an upward import (the check itself works)', () => {
    const fake = new Map([
      [path.join(ROOT, 'abi/errno.ts'), "import { E } from '../calls/table.ts';"],
      [path.join(ROOT, 'devices/stdio.ts'), "export type { X } from '../guest/server.ts';\nconst w = import('../calls/context.ts');"],
      [path.join(ROOT, 'calls/fd.ts'), "import { x } from '../abi/errno.ts';\nimport { y } from '../devices/fs/nodes.ts';"],
    ]);
    expect(upwardImports(fake)).toEqual(['abi/errno.ts -> calls/table.ts', 'devices/stdio.ts -> guest/server.ts', 'devices/stdio.ts -> calls/context.ts']);
  });
});
