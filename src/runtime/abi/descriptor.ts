// A descriptor is what a guest fd number refers to: a file, a directory, stdio, or a socket.
// Every operation defaults to an error, so a new kind of descriptor is safe until it opts in
// (the idea of @bjorn3/browser_wasi_shim's `Fd`, with our own signatures so sockets can block).
import { E } from './errno.ts';
import type { FileStat } from './structs.ts';

/** Returned by a read that has nothing yet and no end of stream: the caller waits (JSPI) or gives up. */
export const BLOCKED = Symbol('blocked');
export type ReadResult = Uint8Array | number | typeof BLOCKED;

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

  read(_max: number, _peek = false): ReadResult {
    return E.NOTSUP;
  }
  /** Bytes written (>= 0), or -errno. */
  write(_data: Uint8Array): number {
    return -E.NOTSUP;
  }
  pread(_max: number, _offset: bigint): Uint8Array | number {
    return E.SPIPE;
  }
  pwrite(_data: Uint8Array, _offset: bigint): number {
    return -E.SPIPE;
  }
  /** New offset, or an errno as a number. */
  seek(_offset: bigint, _whence: number): bigint | number {
    return E.SPIPE;
  }
  stat(): FileStat | number {
    return E.NOTSUP;
  }
  setSize(_size: bigint): number {
    return E.INVAL;
  }
  setTimes(_atim: bigint, _mtim: bigint, _flags: number): number {
    return E.NOTSUP;
  }
  sync(): number {
    return E.INVAL;
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
  close(): void {}
}

/** The fd table: lowest free number first, as POSIX hands them out. */
export class DescriptorTable {
  private slots: (Descriptor | undefined)[] = [];

  get(fd: number): Descriptor | undefined {
    return this.slots[fd];
  }

  set(fd: number, d: Descriptor | undefined): void {
    this.slots[fd] = d;
  }

  add(d: Descriptor): number {
    let fd = this.slots.indexOf(undefined);
    if (fd === -1) fd = this.slots.length;
    this.slots[fd] = d;
    return fd;
  }

  remove(fd: number): Descriptor | undefined {
    const d = this.slots[fd];
    this.slots[fd] = undefined;
    while (this.slots.length > 0 && this.slots[this.slots.length - 1] === undefined) this.slots.pop();
    return d;
  }

  *entries(): Generator<[number, Descriptor]> {
    for (let i = 0; i < this.slots.length; i++) {
      const d = this.slots[i];
      if (d !== undefined) yield [i, d];
    }
  }
}
