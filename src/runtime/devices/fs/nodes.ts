// The nodes of the in-memory filesystem. Files and directories are @bjorn3/browser_wasi_shim's own `File` and
// `Directory` (so a tree built for that library works here unchanged); it has no symbolic links, so `Symlink` is ours.
// Timestamps, link counts and parents live beside the nodes, because the library's nodes do not carry them.
import { Directory, File, Inode } from '@bjorn3/browser_wasi_shim';
import { FILETYPE_DIRECTORY, FILETYPE_REGULAR_FILE, FILETYPE_SYMBOLIC_LINK } from '../../abi/constants.ts';
import type { FileStat } from '../../abi/structs.ts';

export { Directory, File, Inode };

export class Symlink extends Inode {
  readonly target: string;
  constructor(target: string) {
    super();
    this.target = target;
  }
  // The library's Inode asks for these; symlinks are never opened or stat'ed through the library.
  path_open(): never {
    throw new Error('a symlink is resolved, never opened');
  }
  stat(): never {
    throw new Error('use statOf()');
  }
}

interface NodeMeta {
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
  nlink: bigint;
  parent: Directory | undefined;
  /** descriptors open on it (a file without names keeps its bytes until the last one closes) */
  open: number;
}

const metas = new WeakMap<Inode, NodeMeta>();

export function nowNs(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
}

export function metaOf(node: Inode): NodeMeta {
  let m = metas.get(node);
  if (m === undefined) {
    const t = nowNs();
    m = { atim: t, mtim: t, ctim: t, nlink: 1n, parent: undefined, open: 0 };
    metas.set(node, m);
  }
  return m;
}

export function filetypeOf(node: Inode): number {
  if (node instanceof Directory) return FILETYPE_DIRECTORY;
  if (node instanceof Symlink) return FILETYPE_SYMBOLIC_LINK;
  return FILETYPE_REGULAR_FILE;
}

export function sizeOf(node: Inode): bigint {
  if (node instanceof File) return BigInt(node.data.byteLength);
  if (node instanceof Symlink) return BigInt(new TextEncoder().encode(node.target).length);
  return 0n;
}

export function statOf(node: Inode): FileStat {
  const m = metaOf(node);
  // A directory's link count is 2 plus its subdirectories, as on a native filesystem.
  let nlink = m.nlink;
  if (node instanceof Directory) {
    nlink = 2n;
    for (const child of node.contents.values()) if (child instanceof Directory) nlink++;
  }
  return { dev: 1n, ino: node.ino, filetype: filetypeOf(node), nlink, size: sizeOf(node), atim: m.atim, mtim: m.mtim, ctim: m.ctim };
}

export function touch(node: Inode, which: 'a' | 'm' | 'c' | 'mc'): void {
  const m = metaOf(node);
  const t = nowNs();
  if (which === 'a') m.atim = t;
  if (which === 'm' || which === 'mc') m.mtim = t;
  if (which === 'c' || which === 'mc' || which === 'm') m.ctim = t;
}

/** Puts a node into a directory, keeping link counts and parents right. */
export function linkInto(dir: Directory, name: string, node: Inode): void {
  dir.contents.set(name, node);
  const m = metaOf(node);
  if (node instanceof Directory) m.parent = dir;
  touch(dir, 'mc');
}

export function unlinkFrom(dir: Directory, name: string): void {
  const node = dir.contents.get(name);
  dir.contents.delete(name);
  if (node !== undefined) {
    const m = metaOf(node);
    if (m.nlink > 0n) m.nlink--;
    touch(node, 'c');
  }
  touch(dir, 'mc');
}

export function parentOf(dir: Directory): Directory {
  return metaOf(dir).parent ?? dir;
}
