// What a guest may store in one in-memory filesystem: bytes per file, bytes in all, and names in all.
// Without it a guest with a few pages of memory could write gigabytes into host memory.
import { E } from '../../abi/errno.ts';
import type { RuntimeLimits } from '../../abi/limits.ts';
import { File, metaOf, type Inode } from './nodes.ts';

export class Quota {
  /** bytes held by files that are linked or still open */
  bytes = 0;
  /** names in the tree */
  entries = 0;
  readonly maxFileBytes: number;
  readonly maxBytes: number;
  readonly maxEntries: number;

  constructor(limits: Pick<RuntimeLimits, 'maxFileBytes' | 'maxFsBytes' | 'maxFsEntries'>) {
    this.maxFileBytes = limits.maxFileBytes;
    this.maxBytes = limits.maxFsBytes;
    this.maxEntries = limits.maxFsEntries;
  }

  /** A file growing from `from` to `to` bytes: 0 and counted, or EFBIG / ENOSPC and nothing changes. */
  grow(from: number, to: number): number {
    if (to <= from) return E.SUCCESS;
    if (to > this.maxFileBytes) return E.FBIG;
    if (this.bytes + (to - from) > this.maxBytes) return E.NOSPC;
    this.bytes += to - from;
    return E.SUCCESS;
  }

  /** Bytes given back (a truncate, or a file whose last name and descriptor are gone). */
  release(bytes: number): void {
    this.bytes = Math.max(0, this.bytes - bytes);
  }

  /** One more name: 0 and counted, or ENOSPC. */
  addEntry(): number {
    if (this.entries >= this.maxEntries) return E.NOSPC;
    this.entries++;
    return E.SUCCESS;
  }

  removeEntry(): void {
    if (this.entries > 0) this.entries--;
  }

  /** Gives back a file's bytes once it has no name and no open descriptor left. */
  releaseIfGone(node: Inode): void {
    if (!(node instanceof File)) return;
    const m = metaOf(node);
    if (m.nlink === 0n && m.open === 0) this.release(node.data.byteLength);
  }
}
