// Descriptors for open files and directories of the in-memory filesystem.
import { E } from '../../abi/errno.ts';
import { BLOCKED, Descriptor, type ReadResult } from '../../abi/descriptor.ts';
import {
  FDFLAGS_APPEND, FILETYPE_DIRECTORY, FILETYPE_REGULAR_FILE, FSTFLAGS_ATIM, FSTFLAGS_ATIM_NOW, FSTFLAGS_MTIM,
  FSTFLAGS_MTIM_NOW, RIGHT, WHENCE_CUR, WHENCE_END, WHENCE_SET,
} from '../../abi/constants.ts';
import type { FileStat } from '../../abi/structs.ts';
import { Directory, File, Inode, metaOf, nowNs, statOf, touch } from './nodes.ts';

/** Applies fd_filestat_set_times / path_filestat_set_times flags to a node. */
export function setTimesOf(node: Inode, atim: bigint, mtim: bigint, flags: number): number {
  if ((flags & FSTFLAGS_ATIM && flags & FSTFLAGS_ATIM_NOW) || (flags & FSTFLAGS_MTIM && flags & FSTFLAGS_MTIM_NOW)) return E.INVAL;
  if (flags & ~0xf) return E.INVAL;
  const m = metaOf(node);
  const now = nowNs();
  if (flags & FSTFLAGS_ATIM) m.atim = atim;
  if (flags & FSTFLAGS_ATIM_NOW) m.atim = now;
  if (flags & FSTFLAGS_MTIM) m.mtim = mtim;
  if (flags & FSTFLAGS_MTIM_NOW) m.mtim = now;
  m.ctim = now;
  return E.SUCCESS;
}

const MAX_FILE_SIZE = 2 ** 31;

/** Backing stores this module made (only those may be grown in place: others may be shared, like Node's Buffer pool). */
const ownStores = new WeakSet<ArrayBuffer>();

export class FileDescriptor extends Descriptor {
  readonly filetype = FILETYPE_REGULAR_FILE;
  readonly file: File;
  position = 0n;

  constructor(file: File, rightsBase: bigint, rightsInheriting: bigint, fdflags: number) {
    super(rightsBase, rightsInheriting);
    this.file = file;
    this.fdflags = fdflags;
  }

  private grow(end: number): void {
    const data = this.file.data;
    if (end <= data.byteLength) return;
    // `data` is a view of the file's size over a store that doubles, so many small appends stay linear.
    if (data.byteOffset === 0 && data.buffer instanceof ArrayBuffer && ownStores.has(data.buffer) && data.buffer.byteLength >= end) {
      const grown = new Uint8Array(data.buffer, 0, end);
      grown.fill(0, data.byteLength);
      this.file.data = grown;
      return;
    }
    const store = new Uint8Array(Math.max(end, Math.min(MAX_FILE_SIZE, data.byteLength * 2), 64));
    store.set(data);
    ownStores.add(store.buffer);
    this.file.data = store.subarray(0, end);
  }

  override read(max: number): ReadResult {
    const data = this.pread(max, this.position);
    if (typeof data === 'number') return data;
    this.position += BigInt(data.length);
    return data;
  }

  override pread(max: number, offset: bigint): Uint8Array | number {
    const start = Number(offset);
    const out = this.file.data.subarray(start, start + max);
    touch(this.file, 'a');
    return out;
  }

  override write(data: Uint8Array): number {
    if (this.fdflags & FDFLAGS_APPEND) this.position = BigInt(this.file.data.byteLength);
    const n = this.pwrite(data, this.position);
    if (n > 0) this.position += BigInt(n);
    return n;
  }

  override pwrite(data: Uint8Array, offset: bigint): number {
    if (this.file.readonly) return -E.PERM;
    const start = Number(offset);
    if (start + data.length > MAX_FILE_SIZE) return -E.FBIG;
    this.grow(start + data.length);
    this.file.data.set(data, start);
    if (data.length > 0) touch(this.file, 'm');
    return data.length;
  }

  override seek(offset: bigint, whence: number): bigint | number {
    let next: bigint;
    if (whence === WHENCE_SET) next = offset;
    else if (whence === WHENCE_CUR) next = this.position + offset;
    else if (whence === WHENCE_END) next = BigInt(this.file.data.byteLength) + offset;
    else return E.INVAL;
    if (next < 0n) return E.INVAL;
    this.position = next;
    return next;
  }

  override stat(): FileStat {
    return statOf(this.file);
  }

  override setSize(size: bigint): number {
    if (!(this.rightsBase & RIGHT.FD_WRITE)) return E.BADF;
    if (this.file.readonly) return E.PERM;
    if (size > BigInt(MAX_FILE_SIZE)) return E.FBIG;
    const n = Number(size);
    if (n < this.file.data.byteLength) this.file.data = this.file.data.slice(0, n);
    else this.grow(n);
    touch(this.file, 'm');
    return E.SUCCESS;
  }

  override setTimes(atim: bigint, mtim: bigint, flags: number): number {
    return setTimesOf(this.file, atim, mtim, flags);
  }

  override sync(): number {
    return E.SUCCESS;
  }

  override readReadiness(): { ready: boolean; nbytes: bigint; hangup: boolean } {
    const left = BigInt(this.file.data.byteLength) - this.position;
    return { ready: true, nbytes: left > 0n ? left : 0n, hangup: false };
  }
}

export class DirectoryDescriptor extends Descriptor {
  readonly filetype = FILETYPE_DIRECTORY;
  readonly dir: Directory;
  /** Set for preopened directories: the name the guest sees in fd_prestat_dir_name. */
  readonly preopenName: string | undefined;

  constructor(dir: Directory, rightsBase: bigint, rightsInheriting: bigint, preopenName?: string) {
    super(rightsBase, rightsInheriting);
    this.dir = dir;
    this.preopenName = preopenName;
  }

  override read(): ReadResult {
    return E.ISDIR;
  }
  override write(): number {
    return -E.ISDIR;
  }
  override pread(): number {
    return E.ISDIR;
  }
  override pwrite(): number {
    return -E.ISDIR;
  }
  override seek(): number {
    return E.BADF;
  }
  override stat(): FileStat {
    return statOf(this.dir);
  }
  override setSize(): number {
    return E.ISDIR;
  }
  override setTimes(atim: bigint, mtim: bigint, flags: number): number {
    return setTimesOf(this.dir, atim, mtim, flags);
  }
  override sync(): number {
    return E.SUCCESS;
  }
}

export { BLOCKED };
