// The guard every call passes through: raw wasm arguments are normalised as the call table says (i32
// pointers, sizes and fds read as unsigned, u64 as unsigned bigints), and a guest pointer outside memory
// (a `Fault` from GuestMemory) becomes EFAULT instead of a trap. Anything else a call throws is either
// deliberate (proc_exit, a stopped or unwinding guest) or a runtime bug, and is left to propagate.
import { E } from '../abi/errno.ts';
import { Fault } from '../abi/memory.ts';
import { PARAM_KINDS, type AnyCall } from './table.ts';

const KEEP = 0;
const U32 = 1;
const U64 = 2;

/** Per call, what to do with each raw argument; worked out once, not per instance. */
const CONVERSIONS: ReadonlyMap<string, Uint8Array> = new Map(
  Object.entries(PARAM_KINDS).map(([name, kinds]) => [name, Uint8Array.from(kinds, (k) => (k === 'i64' ? KEEP : k === 'u64' ? U64 : U32))]),
);

function faultToErrno(e: unknown): number {
  if (e instanceof Fault) return E.FAULT;
  throw e;
}

export function guard(name: string, fn: AnyCall): AnyCall {
  const conv = CONVERSIONS.get(name) ?? new Uint8Array(0);
  const n = conv.length;
  const call = fn as (...a: unknown[]) => number | Promise<number>;
  // Not renamed after its call: a stack trace through an import already reads `fd_write` (the call's own method, in
  // its family) just below this frame, and naming each wrapper of each instance (defineProperty, or a computed key)
  // cost more than the rest of making an instance's imports.
  const guarded = (...raw: unknown[]): number | Promise<number> => {
    for (let i = 0; i < n; i++) {
      const c = conv[i];
      const v = raw[i];
      if (c === U32) raw[i] = (v as number) >>> 0;
      else if (c === U64 && typeof v === 'bigint') raw[i] = BigInt.asUintN(64, v);
    }
    let r: number | Promise<number>;
    try {
      r = call(...raw);
    } catch (e) {
      return faultToErrno(e);
    }
    return r instanceof Promise ? r.catch(faultToErrno) : r;
  };
  return guarded as AnyCall;
}
