// Hostile guests are written in WAT and assembled here with wabt. Each gets the same frame: every WASI
// import it names, 17 pages of memory (1 MiB of scratch data at 64 KiB), and `$emit`, which records an
// i32 result; at the end the results go to stdout as little-endian i32s for the test to read.
import wabtInit from 'wabt';
import { compileModule, type GuestModule } from '../../../../src/runtime/index.ts';
import { wasiImports } from '../../../support/wat.ts';

const wabt = await wabtInit();

/** Assembles a guest whose `_start` runs `body` (WAT instructions) and then writes what it emitted. */
export async function hostileGuest(name: string, body: string, data = ''): Promise<GuestModule> {
  const text = `(module
  ${wasiImports(body)}
  (memory (export "memory") 17)
  ${data}
  (global $cur (mut i32) (i32.const 4096))
  (func $emit (param $v i32)
    (i32.store (global.get $cur) (local.get $v))
    (global.set $cur (i32.add (global.get $cur) (i32.const 4))))
  (func $flush
    (i32.store (i32.const 0) (i32.const 4096))
    (i32.store (i32.const 4) (i32.sub (global.get $cur) (i32.const 4096)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    ${body}
    (call $flush)))`;
  const parsed = wabt.parseWat(`${name}.wat`, text);
  try {
    const { buffer } = parsed.toBinary({});
    return await compileModule(new Uint8Array(buffer), `${name}.wasm`);
  } finally {
    parsed.destroy();
  }
}

/** The i32 results a hostile guest emitted. */
export function emitted(stdout: Uint8Array): number[] {
  const dv = new DataView(stdout.buffer, stdout.byteOffset, stdout.byteLength);
  return Array.from({ length: Math.floor(stdout.byteLength / 4) }, (_, i) => dv.getInt32(i * 4, true));
}
