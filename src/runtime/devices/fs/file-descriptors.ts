// Descriptors for open files and directories of the in-memory filesystem.
import { E } from '../../abi/errno.ts';
import { BLOCKED, Descriptor, fail, type Failure, type ReadResult } from '../../abi/descriptor.ts';
import {
  FDFLAGS_APPEND, FILETYPE_DIRECTORY, FILETYPE_REGULAR_FILE, FSTFLAGS_ATIM, FSTFLAGS_ATIM_NOW, FSTFLAGS_MTIM,
  FSTFLAGS_MTIM_NOW, RIGHT, WHENCE_CUR, WHENCE_END, WHENCE_SET,
} from '../../abi/constants.ts';
import type { FileStat } from '../../abi/structs.ts';
import { Directory, File, Inode, metaOf, nowNs, statOf, touch } from './nodes.ts';
import type { Quota } from './quota.ts';

/** Applies fd_filestat_set_times / path_filestat_set_times flags to a node. */
export function setTimesOf(node: Inode, atim: bigint, mtim: bigint, flags: number): Failure {
  if ((flags & FSTFLAGS_ATIM && flags & FSTFLAGS_ATIM_NOW) || (flags & FSTFLAGS_MTIM && flags & FSTFLAGS_MTIM_NOW)) return fail(E.INVAL);
  if (flags & ~0xf) return fail(E.INVAL);
  const m = metaOf(node);
  const now = nowNs();
  if (flags & FSTFLAGS_ATIM) m.atim = atim;
  if (flags & FSTFLAGS_ATIM_NOW) m.atim = now;
  if (flags & FSTFLAGS_MTIM) m.mtim = mtim;
  if (flags & FSTFLAGS_MTIM_NOW) m.mtim = now;
  m.ctim = now;
  return E.SUCCESS;
}

/** No file store grows past this in one step, whatever the quota (a typed array's practical ceiling). */
const MAX_FILE_SIZE = 2 ** 31;

/** Backing stores this module made (only those may be grown in place: others may be shared, like Node's Buffer pool). */
const ownStores = new WeakSet<ArrayBuffer>();

export class FileDescriptor extends Descriptor {
  readonly filetype = FILETYPE_REGULAR_FILE;
  readonly file: File;
  private readonly quota: Quota;
  position = 0n;

  constructor(file: File, quota: Quota, rightsBase: bigint, rightsInheriting: bigint, fdflags: number) {
    super(rightsBase, rightsInheriting);
    this.file = file;
    this.quota = quota;
    this.fdflags = fdflags;
    metaOf(file).open++;
  }

  /** Makes the file `end` bytes long (zero-filled), within the quota: 0, or EFBIG / ENOSPC. */
  private grow(end: number): number {
    const data = this.file.data;
    if (end <= data.byteLength) return E.SUCCESS;
    const e = this.quota.grow(data.byteLength, end);
    if (e !== E.SUCCESS) return e;
    // `data` is a view of the file's size over a store that doubles, so many small appends stay linear.
    if (data.byteOffset === 0 && data.buffer instanceof ArrayBuffer && ownStores.has(data.buffer) && data.buffer.byteLength >= end) {
      const grown = new Uint8Array(data.buffer, 0, end);
      grown.fill(0, data.byteLength);
      this.file.data = grown;
      return E.SUCCESS;
    }
    const store = new Uint8Array(Math.max(end, Math.min(MAX_FILE_SIZE, this.quota.maxFileBytes, data.byteLength * 2), 64));
    store.set(data);
    ownStores.add(store.buffer);
    this.file.data = store.subarray(0, end);
    return E.SUCCESS;
  }

  override read(max: number): ReadResult {
    const data = this.pread(max, this.position);
    if (typeof data === 'number') return data;
    this.position += BigInt(data.length);
    return data;
  }

  override pread(max: number, offset: bigint): Uint8Array | Failure {
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
    if (this.file.readonly) return fail(E.PERM);
    const start = Number(offset);
    if (start + data.length > MAX_FILE_SIZE) return fail(E.FBIG);
    const e = this.grow(start + data.length);
    if (e !== E.SUCCESS) return fail(e);
    this.file.data.set(data, start);
    if (data.length > 0) touch(this.file, 'm');
    return data.length;
  }

  override seek(offset: bigint, whence: number): bigint | Failure {
    let next: bigint;
    if (whence === WHENCE_SET) next = offset;
    else if (whence === WHENCE_CUR) next = this.position + offset;
    else if (whence === WHENCE_END) next = BigInt(this.file.data.byteLength) + offset;
    else return fail(E.INVAL);
    if (next < 0n) return fail(E.INVAL);
    this.position = next;
    return next;
  }

  override stat(): FileStat {
    return statOf(this.file);
  }

  override setSize(size: bigint): Failure {
    if (!(this.rightsBase & RIGHT.FD_WRITE)) return fail(E.BADF);
    if (this.file.readonly) return fail(E.PERM);
    if (size > BigInt(MAX_FILE_SIZE)) return fail(E.FBIG);
    const n = Number(size);
    if (n < this.file.data.byteLength) {
      this.quota.release(this.file.data.byteLength - n);
      this.file.data = this.file.data.slice(0, n);
    } else {
      const e = this.grow(n);
      if (e !== E.SUCCESS) return fail(e);
    }
    touch(this.file, 'm');
    return E.SUCCESS;
  }

  override setTimes(atim: bigint, mtim: bigint, flags: number): Failure {
    return setTimesOf(this.file, atim, mtim, flags);
  }

  override sync(): Failure {
    return E.SUCCESS;
  }

  override close(): void {
    metaOf(this.file).open--;
    this.quota.releaseIfGone(this.file);
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
    return fail(E.ISDIR);
  }
  override write(): Failure {
    return fail(E.ISDIR);
  }
  override pread(): Failure {
    return fail(E.ISDIR);
  }
  override pwrite(): Failure {
    return fail(E.ISDIR);
  }
  override seek(): Failure {
    return fail(E.BADF);
  }
  override stat(): FileStat {
    return statOf(this.dir);
  }
  override setSize(): Failure {
    return fail(E.ISDIR);
  }
  override setTimes(atim: bigint, mtim: bigint, flags: number): Failure {
    return setTimesOf(this.dir, atim, mtim, flags);
  }
  override sync(): Failure {
    return E.SUCCESS;
  }
}

export { BLOCKED };
