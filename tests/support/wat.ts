// Hostile guests written in WAT and assembled in the test (the `wabt` package), so a test says exactly what its
// guest does: write a lot, write forever.
import wabtInit from 'wabt';

export async function assemble(wat: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat('guest.wat', wat);
  try {
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

/**
 * A command that writes `chunks` times 64 KiB of 'y\n' to stdout (-1: for ever), then exits 0.
 * Memory: 0..8 an iovec {ptr 16, len 65536}; 16.. the bytes.
 */
export function writerWat(chunks: number): string {
  return `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (func (export "_start") (local $i i32) (local $n i32)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 65536))
    (local.set $i (i32.const 0))
    (block $fill (loop $f
      (br_if $fill (i32.ge_u (local.get $i) (i32.const 65536)))
      (i32.store16 (i32.add (i32.const 16) (local.get $i)) (i32.const 0x0a79))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $f)))
    (local.set $n (i32.const ${chunks}))
    (block $done (loop $w
      (br_if $done (i32.eqz (local.get $n)))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $w)))))`;
}
