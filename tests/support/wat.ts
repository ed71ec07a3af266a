// Hostile guests written in WAT and assembled in the test (the `wabt` package), so a test says exactly what its
// guest does: write a lot, write forever, write one endless line, log forever from a listening server.
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

export interface WriterShape {
  /** two characters repeated to fill each write: 'y\n' (as `yes`), 'yy' for one line that never ends */
  fill?: string;
  /** bytes per fd_write call, up to 65536: small writes test batching, large ones transfer sizes */
  writeBytes?: number;
}

/** Memory 16..65552 filled with `fill`, and an iovec {ptr 16, len} at 0. */
function fillBuffer(fill: string, writeBytes: number): string {
  if (fill.length !== 2 || writeBytes < 2 || writeBytes > 65536) throw new Error('fill is two characters, writeBytes 2..65536');
  const pair = fill.charCodeAt(0) | (fill.charCodeAt(1) << 8);
  return `
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const ${writeBytes}))
    (local.set $i (i32.const 0))
    (block $fill (loop $f
      (br_if $fill (i32.ge_u (local.get $i) (i32.const 65536)))
      (i32.store16 (i32.add (i32.const 16) (local.get $i)) (i32.const ${pair}))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $f)))`;
}

/**
 * A command that makes `writes` fd_write calls to stdout (-1: for ever), each of `writeBytes` (default 64 KiB) of
 * `fill` (default 'y\n'), then exits 0.
 */
export function writerWat(writes: number, shape: WriterShape = {}): string {
  const { fill = 'y\n', writeBytes = 65536 } = shape;
  return `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (func (export "_start") (local $i i32) (local $n i32)
    ${fillBuffer(fill, writeBytes)}
    (local.set $n (i32.const ${writes}))
    (block $done (loop $w
      (br_if $done (i32.eqz (local.get $n)))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $w)))))`;
}

/**
 * A server that listens on `port` (so the page treats it as started), then writes `fill` to stdout for ever without
 * accepting: its log lines are all the page hears of it.
 */
export function loggingServerWat(port: number, shape: WriterShape = {}): string {
  const { fill = 'y\n', writeBytes = 65536 } = shape;
  return `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_open" (func $sock_open (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_bind" (func $sock_bind (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_listen" (func $sock_listen (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept" (func $sock_accept (param i32 i32 i32) (result i32)))
  (memory (export "memory") 3)
  (func (export "_start") (local $i i32) (local $fd i32)
    ;; an address {ptr 65600 -> 0.0.0.0, len 4} at 65592, the socket's number at 65584
    (i32.store (i32.const 65592) (i32.const 65600))
    (i32.store (i32.const 65596) (i32.const 4))
    (drop (call $sock_open (i32.const 1) (i32.const 2) (i32.const 65584)))
    (local.set $fd (i32.load (i32.const 65584)))
    (drop (call $sock_bind (local.get $fd) (i32.const 65592) (i32.const ${port})))
    (drop (call $sock_listen (local.get $fd) (i32.const 16)))
    ${fillBuffer(fill, writeBytes)}
    (loop $w
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (br $w))))`;
}
