// Loading the committed modules: the word generator (public/wasm) and the small test guests (tests/fixtures/wasm).
import { readFileSync } from 'node:fs';
import { compileModule, type GuestModule } from '../../../../src/runtime/index.ts';

const root = new URL('../../../../', import.meta.url);

export function moduleBytes(path: string): Uint8Array {
  return readFileSync(new URL(path, root));
}

export async function wordGenerator(): Promise<GuestModule> {
  return compileModule(moduleBytes('public/wasm/word_generator.wasm'), 'word_generator.wasm');
}

export async function wordGeneratorCli(): Promise<GuestModule> {
  return compileModule(moduleBytes('public/wasm/word_generator_cli.wasm'), 'word_generator_cli.wasm');
}

export async function fixture(name: 'fs_tour' | 'poll_probe' | 'counter_server' | 'spin' | 'crash'): Promise<GuestModule> {
  return compileModule(moduleBytes(`tests/fixtures/wasm/${name}.wasm`), `${name}.wasm`);
}

/**
 * A hand-assembled module that imports `wasi_snapshot_preview1::sock_foo` (which no runtime provides)
 * and exports memory and an empty _start.
 */
export function moduleWithUnknownImport(): Uint8Array {
  const name = [...new TextEncoder().encode('wasi_snapshot_preview1')];
  const field = [...new TextEncoder().encode('sock_foo')];
  const importSection = [1, name.length, ...name, field.length, ...field, 0, 0];
  const sections = [
    [1, ...vec([[0x60, 1, 0x7f, 1, 0x7f], [0x60, 0, 0]])], // types: (i32)->i32, ()->()
    [2, ...vec([importSection.slice(1)])],
    [3, ...vec([[1]])], // one function of type 1
    [5, ...vec([[0, 1]])], // memory min 1
    [7, ...vec([[6, ...new TextEncoder().encode('memory'), 2, 0], [6, ...new TextEncoder().encode('_start'), 0, 1]])],
    [10, ...vec([[2, 0, 0x0b]])], // body: no locals, end
  ];
  const out = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  for (const [id, ...body] of sections) out.push(id!, body.length, ...body);
  return new Uint8Array(out);
}

function vec(items: number[][]): number[] {
  const out = [items.length];
  for (const it of items) out.push(...it);
  return out;
}
