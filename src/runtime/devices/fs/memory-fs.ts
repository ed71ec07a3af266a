// An in-memory filesystem with the path rules WASI preview1 asks for: paths are relative to a directory
// descriptor, never escape it (absolute paths and `..` above it -> NOTCAPABLE), symbolic links are followed
// up to 40 deep (-> LOOP), and every error is the errno a native runtime returns for the same case.
import { E } from '../../abi/errno.ts';
import { limitsWith, type RuntimeLimits } from '../../abi/limits.ts';
import { Directory, File, Inode, Symlink, linkInto, metaOf, unlinkFrom } from './nodes.ts';
import { Quota } from './quota.ts';

const MAX_SYMLINK_DEPTH = 40;
/** Longest path a call may name (Linux's PATH_MAX); longer gets ENAMETOOLONG before any work. */
export const MAX_PATH_BYTES = 4096;

/** What a path names: the directory that holds it, its last component, and the node (if it exists). */
export interface Lookup {
  parent: Directory;
  /** null when the path ends in `.` or `..` or names the base directory itself */
  name: string | null;
  node: Inode | undefined;
  /** the path ended with `/`: it must name a directory */
  trailingSlash: boolean;
}

export type Resolved = Lookup | { errno: number };

export function isError(r: Resolved): r is { errno: number } {
  return 'errno' in r;
}

/** Initial content: absolute path -> text or bytes. Directories are made as needed; a path ending in `/` is an empty directory. */
export type FileMap = Record<string, string | Uint8Array>;

export class MemoryFileSystem {
  readonly root: Directory;
  /** What guests may still store here; the host's own files count but are never refused. */
  readonly quota: Quota;

  constructor(files: FileMap = {}, root?: Directory, limits: Partial<RuntimeLimits> = {}) {
    this.root = root ?? new Directory(new Map());
    this.quota = new Quota(limitsWith(limits));
    if (root !== undefined) adoptTree(root, this.quota);
    for (const [path, content] of Object.entries(files)) this.writeFile(path, content);
  }

  /** A guest adds a name (new file, directory, link or symlink): 0, or ENOSPC at the entry limit. */
  link(dir: Directory, name: string, node: Inode): number {
    const e = this.quota.addEntry();
    if (e !== E.SUCCESS) return e;
    linkInto(dir, name, node);
    return E.SUCCESS;
  }

  /** A guest removes a name; a file's bytes are given back once nothing refers to it. */
  unlink(dir: Directory, name: string): void {
    const node = dir.contents.get(name);
    unlinkFrom(dir, name);
    this.quota.removeEntry();
    if (node !== undefined) this.quota.releaseIfGone(node);
  }

  /** Creates or replaces a file (host side; makes parent directories). */
  writeFile(path: string, content: string | Uint8Array): void {
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    const isDir = path.endsWith('/');
    const name = isDir ? undefined : parts.pop();
    let dir = this.root;
    for (const part of parts) {
      let next = dir.contents.get(part);
      if (next === undefined) {
        next = new Directory(new Map());
        linkInto(dir, part, next);
        this.quota.entries++;
      }
      if (!(next instanceof Directory)) throw new Error(`${path}: ${part} is not a directory`);
      dir = next;
    }
    if (name !== undefined) {
      const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
      const old = dir.contents.get(name);
      if (old instanceof File) this.quota.release(old.data.byteLength);
      else if (old === undefined) this.quota.entries++;
      linkInto(dir, name, new File(data));
      this.quota.bytes += data.byteLength;
    }
  }

  /** Reads a file (host side), or undefined when there is none. */
  readFile(path: string): Uint8Array | undefined {
    const r = this.resolve(this.root, path.replace(/^\/+/, '') || '.', true);
    if (isError(r) || !(r.node instanceof File)) return undefined;
    return r.node.data;
  }

  readText(path: string): string | undefined {
    const data = this.readFile(path);
    return data === undefined ? undefined : new TextDecoder().decode(data);
  }

  /** The entries of a directory (host side), sorted by name, or undefined when there is no such directory. */
  list(path: string): { name: string; type: 'file' | 'directory' | 'symlink'; size: number }[] | undefined {
    const dir = this.directory(path);
    if (dir === undefined) return undefined;
    return [...dir.contents.entries()]
      .map(([name, node]) => ({
        name,
        type: node instanceof Directory ? ('directory' as const) : node instanceof Symlink ? ('symlink' as const) : ('file' as const),
        size: node instanceof File ? node.data.byteLength : 0,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Absolute directory path -> Directory, for preopens. */
  directory(path: string): Directory | undefined {
    const rel = path.replace(/^\/+/, '') || '.';
    const r = this.resolve(this.root, rel, true);
    if (isError(r) || !(r.node instanceof Directory)) return undefined;
    return r.node;
  }

  /**
   * Resolves `path` against `base`. `followFinal` says whether a symlink in the last component is followed
   * (intermediate ones always are).
   */
  resolve(base: Directory, path: string, followFinal: boolean): Resolved {
    if (path === '') return { errno: E.NOENT };
    if (path.length > MAX_PATH_BYTES) return { errno: E.NAMETOOLONG };
    if (path.includes('\0')) return { errno: E.ILSEQ };
    if (path.startsWith('/')) return { errno: E.NOTCAPABLE };
    const stack: Directory[] = [base];
    let parts = path.split('/');
    const trailingSlash = parts.length > 1 && parts[parts.length - 1] === '';
    parts = parts.filter((p, i) => p !== '' || i === 0);
    let depth = 0;
    let i = 0;
    while (i < parts.length) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      const dir = stack[stack.length - 1]!;
      if (part === '.' || part === '') {
        if (last) return { parent: dir, name: null, node: dir, trailingSlash };
        i++;
        continue;
      }
      if (part === '..') {
        if (stack.length === 1) return { errno: E.NOTCAPABLE };
        stack.pop();
        if (last) {
          const up = stack[stack.length - 1]!;
          return { parent: up, name: null, node: up, trailingSlash };
        }
        i++;
        continue;
      }
      const node = dir.contents.get(part);
      if (last && (node === undefined || !(node instanceof Symlink) || (!followFinal && !trailingSlash))) {
        if (trailingSlash && node !== undefined && !(node instanceof Directory) && !(node instanceof Symlink)) return { errno: E.NOTDIR };
        return { parent: dir, name: part, node, trailingSlash };
      }
      if (node === undefined) return { errno: E.NOENT };
      if (node instanceof Symlink) {
        if (++depth > MAX_SYMLINK_DEPTH) return { errno: E.LOOP };
        if (node.target.startsWith('/')) return { errno: E.NOTCAPABLE };
        // Replace this component with the link's target and carry on from the same directory.
        const rest = parts.slice(i + 1);
        const target = node.target.split('/').filter((p, k) => p !== '' || k === 0);
        parts = [...target, ...rest];
        if (trailingSlash && rest.length === 0) parts.push('.');
        i = 0;
        continue;
      }
      if (!(node instanceof Directory)) return { errno: E.NOTDIR };
      stack.push(node);
      i++;
    }
    const dir = stack[stack.length - 1]!;
    return { parent: dir, name: null, node: dir, trailingSlash };
  }
}

/** Records parents (and counts names and bytes) for a tree built elsewhere (e.g. with the library's own constructors). */
function adoptTree(dir: Directory, quota: Quota): void {
  for (const child of dir.contents.values()) {
    quota.entries++;
    if (child instanceof File) quota.bytes += child.data.byteLength;
    if (child instanceof Directory) {
      metaOf(child).parent = dir;
      adoptTree(child, quota);
    }
  }
}

/** True when `maybeChild` is `dir` or lies beneath it (a directory cannot be moved into itself). */
export function isWithin(maybeChild: Directory, dir: Directory): boolean {
  let d: Directory | undefined = maybeChild;
  const seen = new Set<Directory>();
  while (d !== undefined && !seen.has(d)) {
    if (d === dir) return true;
    seen.add(d);
    d = metaOf(d).parent;
  }
  return false;
}
