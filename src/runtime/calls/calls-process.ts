// args, environment, clocks, randomness and process calls.
import { E } from '../abi/errno.ts';
import { CLOCKID_MONOTONIC, CLOCKID_PROCESS_CPUTIME_ID, CLOCKID_REALTIME, CLOCKID_THREAD_CPUTIME_ID } from '../abi/constants.ts';
import { ProcExit, type WasiContext } from './context.ts';
import { encode } from '../abi/memory.ts';
import type { FamilyCalls } from './table.ts';

/**
 * Small random draws (a guest picking a word per request asks for a few bytes each time) come from a pool filled 4 KiB
 * at a time by the same generator: one getRandomValues call per few hundred draws. No byte is handed out twice.
 */
const POOL_BYTES = 4096;
const SMALL_DRAW = 256;
const pool = new Uint8Array(POOL_BYTES);
let poolAt = POOL_BYTES;

function drawSmall(target: Uint8Array): void {
  if (poolAt + target.length > POOL_BYTES) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  target.set(pool.subarray(poolAt, poolAt + target.length));
  // What was handed out is wiped, so the pool never holds bytes a guest has seen.
  pool.fill(0, poolAt, poolAt + target.length);
  poolAt += target.length;
}

/** Nanoseconds on a clock, or undefined for an unknown clock id. */
export function clockNow(ctx: WasiContext, id: number): bigint | undefined {
  switch (id) {
    case CLOCKID_REALTIME:
      return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
    case CLOCKID_MONOTONIC:
      return BigInt(Math.round(performance.now() * 1e6));
    // No CPU clock exists in a page; time since the instance started is the closest a single-threaded guest gets.
    case CLOCKID_PROCESS_CPUTIME_ID:
    case CLOCKID_THREAD_CPUTIME_ID:
      return BigInt(Math.round((performance.now() - ctx.startedAt) * 1e6));
    default:
      return undefined;
  }
}

function writeStrings(ctx: WasiContext, list: readonly string[], ptrs: number, buf: number): number {
  const mem = ctx.mem;
  const encoded = list.map(encode);
  let size = 0;
  for (const b of encoded) size += b.length + 1;
  // Both arrays are checked whole first, so a bad pointer writes nothing.
  mem.check(ptrs, list.length * 4);
  mem.check(buf, size);
  const nul = new Uint8Array(1);
  for (const bytes of encoded) {
    mem.u32(ptrs, buf);
    mem.write(buf, bytes);
    mem.write(buf + bytes.length, nul);
    ptrs += 4;
    buf += bytes.length + 1;
  }
  return E.SUCCESS;
}

function sizes(ctx: WasiContext, list: readonly string[], countOut: number, sizeOut: number): number {
  let size = 0;
  // Byte lengths in UTF-8, not string lengths: a non-ASCII argument needs more bytes than characters.
  for (const s of list) size += encode(s).length + 1;
  ctx.mem.check(countOut, 4);
  ctx.mem.check(sizeOut, 4);
  ctx.mem.u32(countOut, list.length);
  ctx.mem.u32(sizeOut, size);
  return E.SUCCESS;
}

export function processCalls(ctx: WasiContext): FamilyCalls<'process'> {
  return {
    args_sizes_get: (c: number, s: number) => sizes(ctx, ctx.args, c, s),
    args_get: (p: number, b: number) => writeStrings(ctx, ctx.args, p, b),
    environ_sizes_get: (c: number, s: number) => sizes(ctx, ctx.env, c, s),
    environ_get: (p: number, b: number) => writeStrings(ctx, ctx.env, p, b),

    clock_res_get(id: number, out: number): number {
      if (clockNow(ctx, id) === undefined) return E.INVAL;
      // performance.now() is coarsened to 5 microseconds or more in browsers; realtime is at least as coarse.
      ctx.mem.u64(out, id === CLOCKID_REALTIME ? 1000n : 5000n);
      return E.SUCCESS;
    },
    clock_time_get(id: number, _precision: bigint, out: number): number {
      const t = clockNow(ctx, id);
      if (t === undefined) return E.INVAL;
      ctx.mem.u64(out, t);
      return E.SUCCESS;
    },

    random_get(buf: number, len: number): number {
      const target = ctx.mem.range(buf, len);
      if (len <= SMALL_DRAW) {
        drawSmall(target);
        return E.SUCCESS;
      }
      // getRandomValues refuses views on shared memory and more than 64 KiB at once.
      const shared = typeof SharedArrayBuffer !== 'undefined' && target.buffer instanceof SharedArrayBuffer;
      for (let at = 0; at < len; at += 65536) {
        const part = target.subarray(at, Math.min(len, at + 65536));
        if (shared) {
          const tmp = new Uint8Array(part.length);
          crypto.getRandomValues(tmp);
          part.set(tmp);
        } else crypto.getRandomValues(part as Uint8Array<ArrayBuffer>);
      }
      return E.SUCCESS;
    },

    proc_exit(code: number): never {
      throw new ProcExit(code >>> 0);
    },
    proc_raise(): number {
      // Removed from later WASI versions; native runtimes report it unsupported.
      return E.NOTSUP;
    },
    sched_yield(): number {
      return E.SUCCESS;
    },
  };
}
