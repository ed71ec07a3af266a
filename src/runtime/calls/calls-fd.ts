// fd_* calls: reading, writing, seeking and inspecting open descriptors.
import { E } from '../abi/errno.ts';
import { BLOCKED, errnoOf, fail, type Descriptor } from '../abi/descriptor.ts';
import {
  FDFLAGS_APPEND, FDFLAGS_DSYNC, FDFLAGS_NONBLOCK, FDFLAGS_RSYNC, FDFLAGS_SYNC, FILETYPE_DIRECTORY, FILETYPE_REGULAR_FILE,
  RIGHT, WHENCE_CUR,
} from '../abi/constants.ts';
import type { WasiContext } from './context.ts';
import type { FamilyCalls } from './table.ts';
import { encode } from '../abi/memory.ts';
import { writeFdstat, writeFilestat } from '../abi/structs.ts';
import { DirectoryDescriptor, FileDescriptor } from '../devices/fs/file-descriptors.ts';
import { filetypeOf, parentOf } from '../devices/fs/nodes.ts';

const FDFLAGS_KNOWN = FDFLAGS_APPEND | FDFLAGS_DSYNC | FDFLAGS_NONBLOCK | FDFLAGS_RSYNC | FDFLAGS_SYNC;

export function fdCalls(ctx: WasiContext): FamilyCalls<'fd'> {
  const { mem, fds } = ctx;

  function readInto(d: Descriptor, iovs: number, count: number, nreadOut: number): number | typeof BLOCKED {
    // Pointers are checked before any byte is taken, so a bad one loses nothing.
    mem.check(nreadOut, 4);
    const want = mem.capacity(iovs, count);
    const r = d.read(want);
    if (r === BLOCKED) return (d.fdflags & FDFLAGS_NONBLOCK) !== 0 ? E.AGAIN : BLOCKED;
    if (typeof r === 'number') return errnoOf(r);
    mem.u32(nreadOut, mem.scatter(iovs, count, r));
    return E.SUCCESS;
  }

  return {
    fd_read(fd: number, iovs: number, count: number, nreadOut: number): number | Promise<number> {
      const d = fds.get(fd);
      if (d === undefined) return E.BADF;
      if (d.filetype === FILETYPE_DIRECTORY) return E.ISDIR;
      if (!(d.rightsBase & RIGHT.FD_READ)) return E.BADF;
      return ctx.blockUntil('fd_read', () => readInto(d, iovs, count, nreadOut), () => d.whenReadable(), d.readTimeoutMs);
    },

    fd_write(fd: number, iovs: number, count: number, nwrittenOut: number): number {
      const d = fds.get(fd);
      if (d === undefined) return E.BADF;
      if (d.filetype === FILETYPE_DIRECTORY) return E.ISDIR;
      if (!(d.rightsBase & RIGHT.FD_WRITE)) return E.BADF;
      mem.check(nwrittenOut, 4);
      const n = d.write(mem.gather(iovs, count));
      if (n < 0) return errnoOf(n);
      mem.u32(nwrittenOut, n);
      return E.SUCCESS;
    },

    fd_pread(fd: number, iovs: number, count: number, offset: bigint, nreadOut: number): number {
      const d = fds.get(fd);
      if (d === undefined || !(d.rightsBase & RIGHT.FD_READ)) return E.BADF;
      if (offset < 0n) return E.INVAL;
      mem.check(nreadOut, 4);
      const r = d.pread(mem.capacity(iovs, count), offset);
      if (typeof r === 'number') return errnoOf(r);
      mem.u32(nreadOut, mem.scatter(iovs, count, r));
      return E.SUCCESS;
    },

    fd_pwrite(fd: number, iovs: number, count: number, offset: bigint, nwrittenOut: number): number {
      const d = fds.get(fd);
      if (d === undefined || !(d.rightsBase & RIGHT.FD_WRITE)) return E.BADF;
      if (offset < 0n) return E.INVAL;
      mem.check(nwrittenOut, 4);
      const n = d.pwrite(mem.gather(iovs, count), offset);
      if (n < 0) return errnoOf(n);
      mem.u32(nwrittenOut, n);
      return E.SUCCESS;
    },

    fd_seek(fd: number, offset: bigint, whence: number, out: number): number {
      const d = fds.get(fd);
      if (d === undefined) return E.BADF;
      const r = d.seek(offset, whence);
      if (typeof r === 'number') return errnoOf(r);
      mem.u64(out, r);
      return E.SUCCESS;
    },

    fd_tell(fd: number, out: number): number {
      const d = fds.get(fd);
      if (d === undefined) return E.BADF;
      const r = d.seek(0n, WHENCE_CUR);
      if (typeof r === 'number') return errnoOf(r);
      mem.u64(out, r);
      return E.SUCCESS;
    },

    fd_close(fd: number): number {
      const d = fds.remove(fd);
      if (d === undefined) return E.BADF;
      d.close();
      return E.SUCCESS;
    },

    fd_renumber(from: number, to: number): number {
      const d = fds.get(from);
      const target = fds.get(to);
      if (d === undefined || target === undefined) return E.BADF;
      if (from === to) return E.SUCCESS;
      target.close();
      fds.replace(to, d);
      fds.remove(from);
      return E.SUCCESS;
    },

    fd_fdstat_get(fd: number, out: number): number {
      const d = fds.get(fd);
      if (d === undefined) return E.BADF;
      writeFdstat(mem, out, d.filetype, d.fdflags, d.rightsBase, d.rightsInheriting);
      return E.SUCCESS;
    },

    fd_fdstat_set_flags(fd: number, flags: number): number {
      const d = fds.get(fd);
      if (d === undefined) return E.BADF;
      if (flags & ~FDFLAGS_KNOWN) return E.INVAL;
      d.fdflags = flags;
      return E.SUCCESS;
    },

    fd_fdstat_set_rights(fd: number, base: bigint, inheriting: bigint): number {
      const d = fds.get(fd);
      if (d === undefined) return E.BADF;
      // Rights can only be dropped, never gained.
      if ((base & ~d.rightsBase) !== 0n || (inheriting & ~d.rightsInheriting) !== 0n) return E.NOTCAPABLE;
      d.rightsBase = base;
      d.rightsInheriting = inheriting;
      return E.SUCCESS;
    },

    fd_filestat_get(fd: number, out: number): number {
      const d = fds.get(fd);
      if (d === undefined) return E.BADF;
      const s = d.stat();
      if (typeof s === 'number') return errnoOf(s);
      writeFilestat(mem, out, s);
      return E.SUCCESS;
    },

    fd_filestat_set_size(fd: number, size: bigint): number {
      const d = fds.get(fd);
      if (d === undefined) return E.BADF;
      if (size < 0n) return E.INVAL;
      return errnoOf(d.setSize(size));
    },

    fd_filestat_set_times(fd: number, atim: bigint, mtim: bigint, flags: number): number {
      const d = fds.get(fd);
      if (d === undefined) return E.BADF;
      return errnoOf(d.setTimes(atim, mtim, flags));
    },

    fd_advise(fd: number, offset: bigint, len: bigint, advice: number): number {
      const d = fds.get(fd);
      if (d === undefined) return E.BADF;
      if (advice > 5 || offset < 0n || len < 0n) return E.INVAL;
      if (d.filetype === FILETYPE_DIRECTORY) return E.BADF;
      return d.filetype === FILETYPE_REGULAR_FILE ? E.SUCCESS : E.SPIPE;
    },

    fd_allocate(fd: number, offset: bigint, len: bigint): number {
      const d = fds.get(fd);
      if (d === undefined) return E.BADF;
      if (!(d instanceof FileDescriptor)) return d.filetype === FILETYPE_DIRECTORY ? E.BADF : E.SPIPE;
      if (offset < 0n || len <= 0n) return E.INVAL;
      const end = offset + len;
      return end > BigInt(d.file.data.byteLength) ? errnoOf(d.setSize(end)) : E.SUCCESS;
    },

    fd_datasync: (fd: number) => errnoOf(fds.get(fd)?.sync() ?? fail(E.BADF)),
    fd_sync: (fd: number) => errnoOf(fds.get(fd)?.sync() ?? fail(E.BADF)),

    fd_prestat_get(fd: number, out: number): number {
      const d = fds.get(fd);
      if (!(d instanceof DirectoryDescriptor) || d.preopenName === undefined) return E.BADF;
      mem.check(out, 8);
      mem.u32(out, 0);
      mem.u32(out + 4, encode(d.preopenName).length);
      return E.SUCCESS;
    },

    fd_prestat_dir_name(fd: number, ptr: number, len: number): number {
      const d = fds.get(fd);
      if (!(d instanceof DirectoryDescriptor) || d.preopenName === undefined) return E.BADF;
      const name = encode(d.preopenName);
      if (name.length > len) return E.NAMETOOLONG;
      mem.write(ptr, name);
      return E.SUCCESS;
    },

    fd_readdir(fd: number, buf: number, bufLen: number, cookie: bigint, usedOut: number): number {
      const d = fds.get(fd);
      if (d === undefined) return E.BADF;
      if (!(d instanceof DirectoryDescriptor)) return E.NOTDIR;
      if (!(d.rightsBase & RIGHT.FD_READDIR)) return E.NOTCAPABLE;
      const dir = d.dir;
      const entries: [string, bigint, number][] = [
        ['.', dir.ino, FILETYPE_DIRECTORY],
        ['..', parentOf(dir).ino, FILETYPE_DIRECTORY],
      ];
      for (const [name, node] of dir.contents) entries.push([name, node.ino, filetypeOf(node)]);
      // Each entry is a 24-byte header and its name; the last one may be cut short, which tells the
      // guest to grow its buffer and ask again from that cookie.
      const out = mem.range(buf, bufLen);
      mem.check(usedOut, 4);
      let used = 0;
      for (let i = cookie < BigInt(entries.length) ? Number(cookie) : entries.length; i < entries.length && used < bufLen; i++) {
        const [name, ino, type] = entries[i]!;
        const nameBytes = encode(name);
        const head = new Uint8Array(24);
        const hv = new DataView(head.buffer);
        hv.setBigUint64(0, BigInt(i + 1), true);
        hv.setBigUint64(8, ino, true);
        hv.setUint32(16, nameBytes.length, true);
        hv.setUint8(20, type);
        const entry = new Uint8Array(24 + nameBytes.length);
        entry.set(head);
        entry.set(nameBytes, 24);
        const n = Math.min(entry.length, bufLen - used);
        out.set(entry.subarray(0, n), used);
        used += n;
      }
      mem.u32(usedOut, used);
      return E.SUCCESS;
    },
  };
}
