// path_* calls: opening, creating, renaming, linking and removing names under a directory descriptor.
import { E } from '../abi/errno.ts';
import { errnoOf } from '../abi/descriptor.ts';
import {
  FDFLAGS_APPEND, FDFLAGS_DSYNC, FDFLAGS_NONBLOCK, FDFLAGS_RSYNC, FDFLAGS_SYNC, LOOKUPFLAGS_SYMLINK_FOLLOW,
  OFLAGS_CREAT, OFLAGS_DIRECTORY, OFLAGS_EXCL, OFLAGS_TRUNC, RIGHT, RIGHTS_DIRECTORY, RIGHTS_FILE,
} from '../abi/constants.ts';
import type { WasiContext } from './context.ts';
import type { FamilyCalls } from './table.ts';
import { encode } from '../abi/memory.ts';
import { writeFilestat } from '../abi/structs.ts';
import { DirectoryDescriptor, FileDescriptor, setTimesOf } from '../devices/fs/file-descriptors.ts';
import { isError, isWithin, MAX_PATH_BYTES, type Resolved } from '../devices/fs/memory-fs.ts';
import { Directory, File, Symlink, linkInto, metaOf, statOf, touch } from '../devices/fs/nodes.ts';

const FDFLAGS_KNOWN = FDFLAGS_APPEND | FDFLAGS_DSYNC | FDFLAGS_NONBLOCK | FDFLAGS_RSYNC | FDFLAGS_SYNC;

export function pathCalls(ctx: WasiContext): FamilyCalls<'path'> {
  const { mem, fds } = ctx;

  function dirOf(fd: number, right: bigint): DirectoryDescriptor | number {
    const d = fds.get(fd);
    if (d === undefined) return E.BADF;
    if (!(d instanceof DirectoryDescriptor)) return E.NOTDIR;
    if (!(d.rightsBase & right)) return E.NOTCAPABLE;
    return d;
  }

  function lookup(fd: number, right: bigint, ptr: number, len: number, follow: boolean): Resolved {
    const d = dirOf(fd, right);
    if (typeof d === 'number') return { errno: d };
    if (len > MAX_PATH_BYTES) return { errno: E.NAMETOOLONG };
    return ctx.fs.resolve(d.dir, mem.string(ptr, len), follow);
  }

  return {
    path_open(fd: number, dirflags: number, ptr: number, len: number, oflags: number, base: bigint, inheriting: bigint, fdflags: number, out: number): number {
      const d = dirOf(fd, RIGHT.PATH_OPEN);
      if (typeof d === 'number') return d;
      if (fds.full) return E.MFILE;
      mem.check(out, 4);
      if (len > MAX_PATH_BYTES) return E.NAMETOOLONG;
      if ((base & ~d.rightsInheriting) !== 0n || (inheriting & ~d.rightsInheriting) !== 0n) return E.NOTCAPABLE;
      if (fdflags & ~FDFLAGS_KNOWN || oflags & ~0xf) return E.INVAL;
      // Truncating is a size change through the directory: it needs the directory's own PATH_FILESTAT_SET_SIZE.
      if (oflags & OFLAGS_TRUNC && !(d.rightsBase & RIGHT.PATH_FILESTAT_SET_SIZE)) return E.NOTCAPABLE;
      const r = ctx.fs.resolve(d.dir, mem.string(ptr, len), (dirflags & LOOKUPFLAGS_SYMLINK_FOLLOW) !== 0);
      if (isError(r)) return r.errno;
      let node = r.node;
      if (node === undefined) {
        if (!(oflags & OFLAGS_CREAT)) return E.NOENT;
        if (oflags & OFLAGS_DIRECTORY) return E.INVAL;
        if (r.trailingSlash) return E.ISDIR;
        if (!(d.rightsBase & RIGHT.PATH_CREATE_FILE)) return E.NOTCAPABLE;
        node = new File(new Uint8Array(0));
        const e = ctx.fs.link(r.parent, r.name!, node);
        if (e !== E.SUCCESS) return e;
      } else {
        if (oflags & OFLAGS_CREAT && oflags & OFLAGS_EXCL) return E.EXIST;
        if (node instanceof Symlink) return oflags & OFLAGS_DIRECTORY ? E.NOTDIR : E.LOOP;
        if (oflags & OFLAGS_DIRECTORY && !(node instanceof Directory)) return E.NOTDIR;
      }
      if (node instanceof Directory) {
        if (base & RIGHT.FD_WRITE || oflags & OFLAGS_TRUNC) return E.ISDIR;
        mem.u32(out, fds.add(new DirectoryDescriptor(node, base & RIGHTS_DIRECTORY, inheriting)));
        return E.SUCCESS;
      }
      if (!(node instanceof File)) return E.NOTSUP;
      if (node.readonly && (base & RIGHT.FD_WRITE || oflags & OFLAGS_TRUNC)) return E.ACCES;
      if (oflags & OFLAGS_TRUNC && node.data.byteLength > 0) {
        ctx.fs.quota.release(node.data.byteLength);
        node.data = new Uint8Array(0);
        touch(node, 'm');
      }
      mem.u32(out, fds.add(new FileDescriptor(node, ctx.fs.quota, base & RIGHTS_FILE, inheriting & RIGHTS_FILE, fdflags)));
      return E.SUCCESS;
    },

    path_create_directory(fd: number, ptr: number, len: number): number {
      const r = lookup(fd, RIGHT.PATH_CREATE_DIRECTORY, ptr, len, false);
      if (isError(r)) return r.errno;
      if (r.node !== undefined || r.name === null) return E.EXIST;
      return ctx.fs.link(r.parent, r.name, new Directory(new Map()));
    },

    path_remove_directory(fd: number, ptr: number, len: number): number {
      const r = lookup(fd, RIGHT.PATH_REMOVE_DIRECTORY, ptr, len, false);
      if (isError(r)) return r.errno;
      if (r.node === undefined) return E.NOENT;
      if (r.name === null) return E.INVAL;
      if (!(r.node instanceof Directory)) return E.NOTDIR;
      if (r.node.contents.size > 0) return E.NOTEMPTY;
      ctx.fs.unlink(r.parent, r.name);
      return E.SUCCESS;
    },

    path_unlink_file(fd: number, ptr: number, len: number): number {
      const r = lookup(fd, RIGHT.PATH_UNLINK_FILE, ptr, len, false);
      if (isError(r)) return r.errno;
      if (r.node === undefined) return E.NOENT;
      if (r.name === null || r.node instanceof Directory) return E.ISDIR;
      if (r.trailingSlash) return E.NOTDIR;
      ctx.fs.unlink(r.parent, r.name);
      return E.SUCCESS;
    },

    path_filestat_get(fd: number, flags: number, ptr: number, len: number, out: number): number {
      const r = lookup(fd, RIGHT.PATH_FILESTAT_GET, ptr, len, (flags & LOOKUPFLAGS_SYMLINK_FOLLOW) !== 0);
      if (isError(r)) return r.errno;
      if (r.node === undefined) return E.NOENT;
      writeFilestat(mem, out, statOf(r.node));
      return E.SUCCESS;
    },

    path_filestat_set_times(fd: number, flags: number, ptr: number, len: number, atim: bigint, mtim: bigint, fst: number): number {
      const r = lookup(fd, RIGHT.PATH_FILESTAT_SET_TIMES, ptr, len, (flags & LOOKUPFLAGS_SYMLINK_FOLLOW) !== 0);
      if (isError(r)) return r.errno;
      if (r.node === undefined) return E.NOENT;
      return errnoOf(setTimesOf(r.node, atim, mtim, fst));
    },

    path_readlink(fd: number, ptr: number, len: number, buf: number, bufLen: number, usedOut: number): number {
      const r = lookup(fd, RIGHT.PATH_READLINK, ptr, len, false);
      if (isError(r)) return r.errno;
      if (r.node === undefined) return E.NOENT;
      if (!(r.node instanceof Symlink)) return E.INVAL;
      // Like readlink(2): a short buffer gets the first bytes, not an error.
      const target = encode(r.node.target).subarray(0, bufLen);
      mem.check(usedOut, 4);
      mem.write(buf, target);
      mem.u32(usedOut, target.length);
      return E.SUCCESS;
    },

    path_symlink(oldPtr: number, oldLen: number, fd: number, newPtr: number, newLen: number): number {
      if (oldLen > MAX_PATH_BYTES) return E.NAMETOOLONG;
      const target = mem.string(oldPtr, oldLen);
      // A link may not lead outside the directory it lives under: an absolute target is refused when made
      // (EPERM, as wasmtime and WasmEdge answer), and a `..` that climbs out fails when followed.
      if (target.startsWith('/')) return E.PERM;
      const r = lookup(fd, RIGHT.PATH_SYMLINK, newPtr, newLen, false);
      if (isError(r)) return r.errno;
      if (r.node !== undefined || r.name === null) return E.EXIST;
      if (r.trailingSlash) return E.NOENT;
      if (target === '') return E.NOENT;
      return ctx.fs.link(r.parent, r.name, new Symlink(target));
    },

    path_link(oldFd: number, oldFlags: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number): number {
      const src = lookup(oldFd, RIGHT.PATH_LINK_SOURCE, oldPtr, oldLen, (oldFlags & LOOKUPFLAGS_SYMLINK_FOLLOW) !== 0);
      if (isError(src)) return src.errno;
      if (src.node === undefined) return E.NOENT;
      if (src.node instanceof Directory) return E.PERM;
      const dst = lookup(newFd, RIGHT.PATH_LINK_TARGET, newPtr, newLen, false);
      if (isError(dst)) return dst.errno;
      if (dst.node !== undefined || dst.name === null) return E.EXIST;
      if (dst.trailingSlash) return E.NOENT;
      const e = ctx.fs.link(dst.parent, dst.name, src.node);
      if (e !== E.SUCCESS) return e;
      metaOf(src.node).nlink++;
      touch(src.node, 'c');
      return E.SUCCESS;
    },

    path_rename(fd: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number): number {
      const src = lookup(fd, RIGHT.PATH_RENAME_SOURCE, oldPtr, oldLen, false);
      if (isError(src)) return src.errno;
      if (src.node === undefined) return E.NOENT;
      if (src.name === null) return E.INVAL;
      const dst = lookup(newFd, RIGHT.PATH_RENAME_TARGET, newPtr, newLen, false);
      if (isError(dst)) return dst.errno;
      if (dst.name === null) return dst.node === src.node ? E.SUCCESS : E.INVAL;
      const node = src.node;
      if (dst.node === node) return E.SUCCESS;
      if (node instanceof Directory) {
        if (dst.node !== undefined && !(dst.node instanceof Directory)) return E.NOTDIR;
        if (dst.node instanceof Directory && dst.node.contents.size > 0) return E.NOTEMPTY;
        if (isWithin(dst.parent, node)) return E.INVAL;
      } else {
        if (dst.node instanceof Directory) return E.ISDIR;
        if (dst.trailingSlash || src.trailingSlash) return E.NOTDIR;
      }
      if (dst.node !== undefined) ctx.fs.unlink(dst.parent, dst.name);
      src.parent.contents.delete(src.name);
      touch(src.parent, 'mc');
      linkInto(dst.parent, dst.name, node);
      touch(node, 'c');
      return E.SUCCESS;
    },
  };
}
