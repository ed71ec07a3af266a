// Hostile guests written in WAT and assembled in the test (the `wabt` package), so a test says exactly what its
// guest does: write a lot, write forever, write one endless line, log forever from a listening server, report what
// each WASI call answered, spin in the middle of a request.
import wabtInit from 'wabt';
import { CALLS, PARAM_KINDS, WASI_MODULE, type CallName } from '../../src/runtime/calls/table.ts';

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
 * A server that listens on `port`, then writes `fill` to stdout for ever without accepting, sleeping 1 ms between
 * writes (so its thread turns and the page hears it started): its log lines are all the page hears of it.
 */
export function loggingServerWat(port: number, shape: WriterShape = {}): string {
  const { fill = 'y\n', writeBytes = 65536 } = shape;
  return `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
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
    ;; a clock subscription at 65664: relative, 1 ms (tag 0 = clock, clock id 1 = monotonic)
    (i32.store8 (i32.const 65672) (i32.const 0))
    (i32.store (i32.const 65680) (i32.const 1))
    (i64.store (i32.const 65688) (i64.const 1000000))
    ${fillBuffer(fill, writeBytes)}
    (loop $w
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (drop (call $poll_oneoff (i32.const 65664) (i32.const 65728) (i32.const 1) (i32.const 65760)))
      (br $w))))`;
}

/** The import lines for every WASI call `body` names (`$fd_write` etc.), typed from the runtime's call table. */
export function wasiImports(body: string, always: readonly CallName[] = ['fd_write']): string {
  const used = (Object.keys(CALLS) as CallName[]).filter((c) => body.includes(`$${c} `) || body.includes(`$${c})`) || always.includes(c));
  return used.map((name) => {
    const params = PARAM_KINDS[name]!.map((k) => (k === 'u64' || k === 'i64' ? 'i64' : 'i32')).join(' ');
    const result = name === 'proc_exit' ? '' : ' (result i32)';
    return `(import "${WASI_MODULE}" "${name}" (func $${name} (param ${params})${result}))`;
  }).join('\n  ');
}

/**
 * A guest that says what happened, as a program would print it: `say(label, expr)` gives WAT that prints
 * "label: <expr as an unsigned number>" on its own line. `_start` runs what `build` returns; memory 0..4096 is free
 * scratch for the body, 8192.. the printer's, labels from 16384, and `data` may add segments below 8192.
 */
export function reportingGuestWat(build: (say: (label: string, expr: string) => string) => string, data = ''): string {
  const labels: string[] = [];
  let at = 16384;
  const say = (label: string, expr: string): string => {
    const bytes = new TextEncoder().encode(label);
    labels.push(`(data (i32.const ${at}) "${label.replace(/["\\]/g, (c) => `\\${c}`)}")`);
    const call = `(call $say (i32.const ${at}) (i32.const ${bytes.length}) ${expr})`;
    at += bytes.length;
    return call;
  };
  const body = build(say);
  return `(module
  ${wasiImports(body)}
  (memory (export "memory") 17)
  ${data}
  ${labels.join('\n  ')}
  (func $say (param $label i32) (param $len i32) (param $v i32) (local $i i32) (local $out i32)
    (block $copied (loop $copy
      (br_if $copied (i32.ge_u (local.get $i) (local.get $len)))
      (i32.store8 (i32.add (i32.const 8192) (local.get $i)) (i32.load8_u (i32.add (local.get $label) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $copy)))
    (i32.store16 (i32.add (i32.const 8192) (local.get $len)) (i32.const 0x203a))
    ;; the digits, last first, end at 8412
    (local.set $i (i32.const 8412))
    (loop $digit
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (i32.store8 (local.get $i) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $digit (local.get $v)))
    (local.set $out (i32.add (i32.const 8194) (local.get $len)))
    (block $moved (loop $move
      (br_if $moved (i32.ge_u (local.get $i) (i32.const 8412)))
      (i32.store8 (local.get $out) (i32.load8_u (local.get $i)))
      (local.set $out (i32.add (local.get $out) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $move)))
    (i32.store8 (local.get $out) (i32.const 10))
    (i32.store (i32.const 8448) (i32.const 8192))
    (i32.store (i32.const 8452) (i32.sub (i32.add (local.get $out) (i32.const 1)) (i32.const 8192)))
    (drop (call $fd_write (i32.const 1) (i32.const 8448) (i32.const 1) (i32.const 8456))))
  (func (export "_start") (local $n i32) (local $e i32) (local $fd i32) (local $k i32)
    ${body}))`;
}

/**
 * A server on `port` that answers "ok" to each request and closes, except a request for /spin..., after which it
 * computes for ever (it never answers, never accepts again).
 */
export function spinOnRequestServerWat(port: number): string {
  const body = serveOkLoop(port, true);
  return `(module
  ${wasiImports(body)}
  (memory (export "memory") 1)
  ${OK_ANSWER_DATA}
  (func (export "_start") (local $n i32) (local $fd i32)
    ${body}))`;
}

/**
 * WAT that listens on `port` and answers "ok" to each request (with `spin`, computes for ever on a request for
 * /s...). Uses locals $n and $fd, memory 8..64, 1024..2048 and the answer at 2048 (OK_ANSWER_DATA).
 */
export function serveOkLoop(port: number, spin = false): string {
  return `
    (i32.store (i32.const 16) (i32.const 32))
    (i32.store (i32.const 20) (i32.const 4))
    (drop (call $sock_open (i32.const 1) (i32.const 2) (i32.const 8)))
    (local.set $fd (i32.load (i32.const 8)))
    (drop (call $sock_bind (local.get $fd) (i32.const 16) (i32.const ${port})))
    (drop (call $sock_listen (local.get $fd) (i32.const 16)))
    ;; iovecs: receive into 1024 (1024 bytes) at 40, send the answer at 2048 at 48
    (i32.store (i32.const 40) (i32.const 1024))
    (i32.store (i32.const 44) (i32.const 1024))
    (i32.store (i32.const 48) (i32.const 2048))
    (i32.store (i32.const 52) (i32.const ${OK_ANSWER.length}))
    (loop $serve
      (drop (call $sock_accept (local.get $fd) (i32.const 0) (i32.const 12)))
      (local.set $n (i32.load (i32.const 12)))
      (drop (call $sock_recv (local.get $n) (i32.const 40) (i32.const 1) (i32.const 0) (i32.const 56) (i32.const 60)))
      ${spin ? ';; "GET /s...": spin\n      (if (i32.eq (i32.load8_u (i32.const 1029)) (i32.const 115)) (then (loop $spin (br $spin))))' : ''}
      (drop (call $sock_send (local.get $n) (i32.const 48) (i32.const 1) (i32.const 0) (i32.const 64)))
      (drop (call $fd_close (local.get $n)))
      (br $serve))`;
}

const OK_ANSWER = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n';
/** The answer serveOkLoop sends, as a data segment at 2048. */
export const OK_ANSWER_DATA = `(data (i32.const 2048) "${OK_ANSWER.replace(/\r/g, '\\0d').replace(/\n/g, '\\0a')}")`;
