// The live demo's page side holds only the host half of the runtime: the calls, devices and guest instances run in
// the Worker, whose script bundles them. An import that pulls them into the page bundles the runtime twice.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

/** Files a module loads when it runs: static imports and re-exports, not `import type` and not later `import()`s. */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\bfrom\s*)?['"](\.{1,2}\/[^'"]+\.ts)['"]/gm)) {
      if (m[1] === undefined) visit(path.resolve(path.dirname(file), m[2]!));
    }
  };
  visit(path.join(SRC, entry));
  return new Set([...seen].map((f) => path.relative(SRC, f).split(path.sep).join('/')));
}

describe("the demo's page side", () => {
  it('loads no guest instance, WASI call or device code in the page', () => {
    const graph = staticGraph('client/word-generator.ts');
    expect(graph).toContain('runtime/host/worker-network.ts');
    // Two plain data helpers are shared with the host's connection pass-through (host/connections.ts): a byte queue
    // and the loop that reads an end as bytes arrive. No sockets, files or guest code come with them.
    const shared = new Set(['runtime/devices/net/byte-queue.ts', 'runtime/devices/net/drain.ts']);
    const runtimeProper = [...graph].filter((f) => !shared.has(f) && /^runtime\/(calls\/(?!table\.ts)|devices\/|guest\/(instance|server|command)\.ts|host\/(in-process|index)\.ts|index\.ts)/.test(f));
    expect(runtimeProper).toEqual([]);
  });
});
