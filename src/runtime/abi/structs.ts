// The preview1 structs the runtime writes into guest memory, laid out as the spec's witx gives them; each
// access checks its whole struct first (a struct half inside memory is EFAULT, with nothing written).
// (Written here rather than taken from the shim: its filestat writer puts the timestamps at the wrong offsets.)
import type { GuestMemory } from './memory.ts';

export interface FileStat {
  dev: bigint;
  ino: bigint;
  filetype: number;
  nlink: bigint;
  size: bigint;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}

/** filestat: 64 bytes. */
export function writeFilestat(mem: GuestMemory, ptr: number, s: FileStat): void {
  const dv = mem.check(ptr, 64);
  dv.setBigUint64(ptr, s.dev, true);
  dv.setBigUint64(ptr + 8, s.ino, true);
  dv.setUint8(ptr + 16, s.filetype);
  dv.setBigUint64(ptr + 24, s.nlink, true);
  dv.setBigUint64(ptr + 32, s.size, true);
  dv.setBigUint64(ptr + 40, s.atim, true);
  dv.setBigUint64(ptr + 48, s.mtim, true);
  dv.setBigUint64(ptr + 56, s.ctim, true);
}

/** fdstat: 24 bytes. */
export function writeFdstat(mem: GuestMemory, ptr: number, filetype: number, flags: number, base: bigint, inheriting: bigint): void {
  const dv = mem.check(ptr, 24);
  dv.setUint8(ptr, filetype);
  dv.setUint16(ptr + 2, flags, true);
  dv.setBigUint64(ptr + 8, base, true);
  dv.setBigUint64(ptr + 16, inheriting, true);
}

/** event: 32 bytes. */
export function writeEvent(mem: GuestMemory, ptr: number, userdata: bigint, error: number, type: number, nbytes: bigint, flags: number): void {
  const dv = mem.check(ptr, 32);
  dv.setBigUint64(ptr, userdata, true);
  dv.setUint16(ptr + 8, error, true);
  dv.setUint8(ptr + 10, type);
  dv.setBigUint64(ptr + 16, nbytes, true);
  dv.setUint16(ptr + 24, flags, true);
}

export interface Subscription {
  userdata: bigint;
  type: number;
  /** clock id, or fd for read/write subscriptions */
  idOrFd: number;
  timeout: bigint;
  flags: number;
}

/** subscription: 48 bytes; the clock's flags sit at +40. */
export function readSubscription(mem: GuestMemory, ptr: number): Subscription {
  const dv = mem.check(ptr, 48);
  return {
    userdata: dv.getBigUint64(ptr, true),
    type: dv.getUint8(ptr + 8),
    idOrFd: dv.getUint32(ptr + 16, true),
    timeout: dv.getBigUint64(ptr + 24, true),
    flags: dv.getUint16(ptr + 40, true),
  };
}
