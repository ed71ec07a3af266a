// A descriptor is what a guest fd number refers to: a file, a directory, stdio, or a socket.
// Every operation defaults to an error, so a new kind of descriptor is safe until it opts in
// (the idea of @bjorn3/browser_wasi_shim's `Fd`, with our own signatures so sockets can block).
import { E } from './errno.ts';
import type { FileStat } from './structs.ts';

/** Returned by a read that has nothing yet and no end of stream: the caller waits (JSPI) or gives up. */
export const BLOCKED = Symbol('blocked');

/**
 * The one error convention of every descriptor operation: a failure is the negated errno (`fail(E.BADF)`),
 * so it never looks like a byte count, an offset or success (0). Calls hand the guest `-result`.
 */
export type Failure = number;
export function fail(errno: number): Failure {
  return -errno;
}

/** The errno a call hands the guest for a descriptor operation's result (0 on success). */
export function errnoOf(r: Failure): number {
  return r < 0 ? -r : 0;
}

export type ReadResult = Uint8Array | Failure | typeof BLOCKED;

export interface Readiness {
  ready: boolean;
  nbytes: bigint;
  hangup: boolean;
}

export abstract class Descriptor {
  abstract readonly filetype: number;
  rightsBase: bigint;
  rightsInheriting: bigint;
  fdflags = 0;
  /** A blocking read that waits longer than this fails with AGAIN (a socket's SO_RCVTIMEO); undefined = wait forever. */
  readTimeoutMs: number | undefined = undefined;

  constructor(rightsBase: bigint, rightsInheriting: bigint) {
    this.rightsBase = rightsBase;
    this.rightsInheriting = rightsInheriting;
  }

  /** Bytes read (empty at end of stream), BLOCKED, or a failure. */
  read(_max: number, _peek = false): ReadResult {
    return fail(E.NOTSUP);
  }
  /** Bytes written (>= 0), or a failure. */
  write(_data: Uint8Array): number | Failure {
    return fail(E.NOTSUP);
  }
  pread(_max: number, _offset: bigint): Uint8Array | Failure {
    return fail(E.SPIPE);
  }
  pwrite(_data: Uint8Array, _offset: bigint): number | Failure {
    return fail(E.SPIPE);
  }
  /** The new offset, or a failure. */
  seek(_offset: bigint, _whence: number): bigint | Failure {
    return fail(E.SPIPE);
  }
  stat(): FileStat | Failure {
    return fail(E.NOTSUP);
  }
  /** 0, or a failure (as every operation without a value). */
  setSize(_size: bigint): Failure {
    return fail(E.INVAL);
  }
  setTimes(_atim: bigint, _mtim: bigint, _flags: number): Failure {
    return fail(E.NOTSUP);
  }
  sync(): Failure {
    return fail(E.INVAL);
  }
  /** For poll_oneoff: is a read possible now, and how much. */
  readReadiness(): Readiness {
    return { ready: true, nbytes: 0n, hangup: false };
  }
  writeReadiness(): Readiness {
    return { ready: true, nbytes: 0n, hangup: false };
  }
  /** Settles when readReadiness may have changed; undefined if it never changes on its own. */
  whenReadable(): Promise<void> | undefined {
    return undefined;
  }
  /**
   * Calls `wake` once, when readReadiness may have changed, unless the returned function cancels it first (a poll
   * over many descriptors drops the rest once one wakes it); undefined if it never changes on its own.
   */
  onReadable(wake: () => void): (() => void) | undefined {
    const p = this.whenReadable();
    if (p === undefined) return undefined;
    let live = true;
    void p.then(() => live && wake());
    return () => void (live = false);
  }
  close(): void {}
}

import { DEFAULT_LIMITS } from './limits.ts';

/**
 * The fd table. Every operation is O(1): numbers freed by close go on a free list and are handed out again
 * before the table grows, so a guest that opens and closes in a loop, or closes a huge number it never
 * had, costs nothing. The table never grows past `maxFds`.
 */
export class DescriptorTable {
  private readonly slots: (Descriptor | undefined)[] = [];
  private readonly free: number[] = [];
  private open = 0;
  readonly maxFds: number;

  constructor(maxFds: number = DEFAULT_LIMITS.maxFds) {
    this.maxFds = maxFds;
  }

  /** No number is left: the caller answers EMFILE before it creates anything. */
  get full(): boolean {
    return this.open >= this.maxFds;
  }

  get(fd: number): Descriptor | undefined {
    return this.slots[fd];
  }

  /** Puts a descriptor at a number that already holds one (fd_renumber's target). */
  replace(fd: number, d: Descriptor): void {
    if (this.slots[fd] === undefined) throw new RangeError(`fd ${fd} is not open`);
    this.slots[fd] = d;
  }

  /** Adds a descriptor and returns its number; the caller has checked `full`. */
  add(d: Descriptor): number {
    if (this.full) throw new RangeError(`the fd table is full (${this.maxFds} open)`);
    this.open++;
    const fd = this.free.pop() ?? this.slots.length;
    this.slots[fd] = d;
    return fd;
  }

  remove(fd: number): Descriptor | undefined {
    const d = this.slots[fd];
    if (d === undefined) return undefined;
    this.slots[fd] = undefined;
    this.free.push(fd);
    this.open--;
    return d;
  }

  *entries(): Generator<[number, Descriptor]> {
    for (let i = 0; i < this.slots.length; i++) {
      const d = this.slots[i];
      if (d !== undefined) yield [i, d];
    }
  }
}
