// path_* calls: the errno for each error case, symlinks, hard links, renames and the sandbox boundary.
import { describe, expect, it } from 'vitest';
import { direct } from './helpers/direct.ts';
import { Symlink } from '../../../src/runtime/devices/fs/nodes.ts';
import { E } from '../../../src/runtime/abi/errno.ts';
import { OFLAGS_CREAT, OFLAGS_DIRECTORY, OFLAGS_EXCL, OFLAGS_TRUNC, RIGHT } from '../../../src/runtime/abi/constants.ts';

describe('path_open', () => {
  it('gives NOENT, EXIST, NOTDIR and ISDIR where POSIX does', () => {
    const g = direct({ files: { '/f': 'x', '/d/': '' } });
    expect(g.open('missing')[0]).toBe(E.NOENT);
    expect(g.open('missing/inner', OFLAGS_CREAT)[0]).toBe(E.NOENT);
    expect(g.open('f', OFLAGS_CREAT | OFLAGS_EXCL)[0]).toBe(E.EXIST);
    expect(g.open('f', OFLAGS_DIRECTORY)[0]).toBe(E.NOTDIR);
    expect(g.open('f/inner')[0]).toBe(E.NOTDIR);
    expect(g.open('f/')[0]).toBe(E.NOTDIR);
    expect(g.open('d', 0, RIGHT.FD_WRITE)[0]).toBe(E.ISDIR);
    expect(g.open('new/', OFLAGS_CREAT)[0]).toBe(E.ISDIR);
  });

  it('keeps the guest inside its preopened directory', () => {
    const g = direct({ files: { '/d/f': '' } });
    expect(g.open('../etc/passwd')[0]).toBe(E.NOTCAPABLE);
    expect(g.open('d/../../x')[0]).toBe(E.NOTCAPABLE);
    expect(g.open('/d/f')[0]).toBe(E.NOTCAPABLE);
    expect(g.open('d/../d/f')[0]).toBe(0);
  });

  it('truncates with TRUNC and creates with CREAT', () => {
    const g = direct({ files: { '/f': 'old content' } });
    expect(g.open('f', OFLAGS_TRUNC)[0]).toBe(0);
    expect(g.fs.readText('/f')).toBe('');
    expect(g.open('made', OFLAGS_CREAT)[0]).toBe(0);
    expect(g.fs.readText('/made')).toBe('');
  });

  it('refuses rights the directory cannot hand down', () => {
    const g = direct({ files: { '/f': '' } });
    expect(g.call('fd_fdstat_set_rights', 3, RIGHT.PATH_OPEN, RIGHT.FD_READ)).toBe(0);
    expect(g.open('f', 0, RIGHT.FD_READ)[0]).toBe(0);
    expect(g.open('f', 0, RIGHT.FD_WRITE)[0]).toBe(E.NOTCAPABLE);
  });

  it('gives NOTDIR when the base fd is a file and BADF when it is closed', () => {
    const g = direct({ files: { '/f': '' } });
    const [, fd] = g.open('f');
    const [p, l] = g.str('x');
    const out = g.alloc(4);
    expect(g.call('path_open', fd, 0, p, l, 0, 0n, 0n, 0, out)).toBe(E.NOTDIR);
    expect(g.call('path_open', 50, 0, p, l, 0, 0n, 0n, 0, out)).toBe(E.BADF);
  });
});

describe('directories', () => {
  it('creates once, then EXIST', () => {
    const g = direct();
    expect(g.pathCall('path_create_directory', 'd')).toBe(0);
    expect(g.pathCall('path_create_directory', 'd')).toBe(E.EXIST);
    expect(g.pathCall('path_create_directory', 'no/such/parent')).toBe(E.NOENT);
  });

  it('removes an empty directory; NOTEMPTY, NOTDIR and NOENT otherwise', () => {
    const g = direct({ files: { '/full/f': '', '/empty/': '', '/file': '' } });
    expect(g.pathCall('path_remove_directory', 'full')).toBe(E.NOTEMPTY);
    expect(g.pathCall('path_remove_directory', 'file')).toBe(E.NOTDIR);
    expect(g.pathCall('path_remove_directory', 'nothing')).toBe(E.NOENT);
    expect(g.pathCall('path_remove_directory', 'empty')).toBe(0);
    expect(g.fs.directory('/empty')).toBeUndefined();
  });

  it('unlinks files but not directories (ISDIR)', () => {
    const g = direct({ files: { '/f': '', '/d/': '' } });
    expect(g.pathCall('path_unlink_file', 'd')).toBe(E.ISDIR);
    expect(g.pathCall('path_unlink_file', 'f')).toBe(0);
    expect(g.pathCall('path_unlink_file', 'f')).toBe(E.NOENT);
  });
});

describe('path_rename', () => {
  function rename(g: ReturnType<typeof direct>, from: string, to: string): number {
    const [a, al] = g.str(from);
    const [b, bl] = g.str(to);
    return g.call('path_rename', 3, a, al, 3, b, bl);
  }

  it('moves a file and replaces an existing file', () => {
    const g = direct({ files: { '/a': 'A', '/b': 'B', '/d/': '' } });
    expect(rename(g, 'a', 'd/a2')).toBe(0);
    expect(g.fs.readText('/d/a2')).toBe('A');
    expect(g.fs.readText('/a')).toBeUndefined();
    expect(rename(g, 'd/a2', 'b')).toBe(0);
    expect(g.fs.readText('/b')).toBe('A');
  });

  it('follows POSIX for directories: NOTEMPTY, NOTDIR, ISDIR, and INVAL into itself', () => {
    const g = direct({ files: { '/d/x': '', '/full/y': '', '/empty/': '', '/f': '' } });
    expect(rename(g, 'd', 'full')).toBe(E.NOTEMPTY);
    expect(rename(g, 'd', 'f')).toBe(E.NOTDIR);
    expect(rename(g, 'f', 'empty')).toBe(E.ISDIR);
    expect(rename(g, 'd', 'd/inner')).toBe(E.INVAL);
    expect(rename(g, 'missing', 'x')).toBe(E.NOENT);
    expect(rename(g, 'd', 'empty')).toBe(0);
    expect(g.fs.readText('/empty/x')).toBe('');
  });
});

describe('symlinks and hard links', () => {
  function symlink(g: ReturnType<typeof direct>, target: string, link: string): number {
    const [t, tl] = g.str(target);
    const [l, ll] = g.str(link);
    return g.call('path_symlink', t, tl, 3, l, ll);
  }

  it('creates, reads and follows a symlink, and stats it without following', () => {
    const g = direct({ files: { '/d/real.txt': 'through the link' } });
    expect(symlink(g, 'd/real.txt', 'link')).toBe(0);
    expect(symlink(g, 'x', 'link')).toBe(E.EXIST);
    const [fd] = [g.open('link')[1]];
    expect(g.read(fd)).toEqual([0, 'through the link']);
    const buf = g.alloc(64);
    const used = g.alloc(4);
    const [p, l] = g.str('link');
    expect(g.call('path_readlink', 3, p, l, buf, 64, used)).toBe(0);
    expect(g.text(buf, g.u32(used))).toBe('d/real.txt');
    expect(g.call('path_readlink', 3, p, l, buf, 4, used)).toBe(0); // truncated, like readlink(2)
    expect(g.u32(used)).toBe(4);
    const st = g.alloc(64);
    expect(g.call('path_filestat_get', 3, 0, p, l, st)).toBe(0);
    expect(g.u8(st + 16)).toBe(7); // symbolic link
    expect(g.call('path_filestat_get', 3, 1, p, l, st)).toBe(0);
    expect(g.u8(st + 16)).toBe(4); // the file it points at
  });

  it('gives INVAL reading a non-link, LOOP for a cycle or a no-follow open, NOTCAPABLE for an absolute target', () => {
    const g = direct({ files: { '/f': '' } });
    const buf = g.alloc(64);
    const [p, l] = g.str('f');
    expect(g.call('path_readlink', 3, p, l, buf, 64, buf)).toBe(E.INVAL);
    symlink(g, 'b', 'a');
    symlink(g, 'a', 'b');
    expect(g.open('a')[0]).toBe(E.LOOP);
    symlink(g, 'f', 'tofile');
    expect(g.open('tofile', 0, RIGHT.FD_READ, 0, 0)[0]).toBe(E.LOOP);
    // A guest cannot make a link to an absolute target (EPERM, as wasmtime and WasmEdge answer)...
    expect(symlink(g, '/etc/passwd', 'escape')).toBe(E.PERM);
    expect(g.fs.list('/')!.map((e) => e.name)).not.toContain('escape');
    // ...and one the host planted is never followed out of the preopen.
    g.fs.root.contents.set('planted', new Symlink('/etc/passwd'));
    expect(g.open('planted')[0]).toBe(E.NOTCAPABLE);
    symlink(g, '../../outside', 'climb');
    expect(g.open('climb')[0]).toBe(E.NOTCAPABLE);
  });

  it('truncates on open only with the directory right PATH_FILESTAT_SET_SIZE', () => {
    const g = direct({ files: { '/f': 'data' } });
    const d = g.ctx.fds.get(3)!;
    d.rightsBase &= ~RIGHT.PATH_FILESTAT_SET_SIZE;
    expect(g.open('f', OFLAGS_TRUNC)[0]).toBe(E.NOTCAPABLE);
    expect(g.fs.readText('/f')).toBe('data');
    d.rightsBase |= RIGHT.PATH_FILESTAT_SET_SIZE;
    expect(g.open('f', OFLAGS_TRUNC)[0]).toBe(E.SUCCESS);
    expect(g.fs.readText('/f')).toBe('');
  });

  it('removes the link, not its target', () => {
    const g = direct({ files: { '/f': 'kept' } });
    symlink(g, 'f', 'l');
    expect(g.pathCall('path_unlink_file', 'l')).toBe(0);
    expect(g.fs.readText('/f')).toBe('kept');
  });

  it('hard-links a file (shared content, nlink 2) and refuses directories with PERM', () => {
    const g = direct({ files: { '/f': 'same', '/d/': '' } });
    const link = (from: string, to: string): number => {
      const [a, al] = g.str(from);
      const [b, bl] = g.str(to);
      return g.call('path_link', 3, 0, a, al, 3, b, bl);
    };
    expect(link('f', 'g')).toBe(0);
    expect(link('f', 'g')).toBe(E.EXIST);
    expect(link('d', 'd2')).toBe(E.PERM);
    const [, fd] = g.open('g');
    g.write(fd, 'SAME');
    expect(g.fs.readText('/f')).toBe('SAME');
    const st = g.alloc(64);
    g.call('fd_filestat_get', fd, st);
    expect(g.u64(st + 24)).toBe(2n);
  });
});

describe('a filesystem built with @bjorn3/browser_wasi_shim', () => {
  it('is used as is: its File and Directory nodes are ours', async () => {
    const { Directory, File } = await import('@bjorn3/browser_wasi_shim');
    const { MemoryFileSystem } = await import('../../../src/runtime/devices/fs/memory-fs.ts');
    const tree = new Directory([['data', new Directory([['a.txt', new File(new TextEncoder().encode('from the library'))]])]]);
    const fs = new MemoryFileSystem({}, tree);
    expect(fs.readText('/data/a.txt')).toBe('from the library');
    const g = direct();
    g.ctx.fds.replace(3, new (await import('../../../src/runtime/devices/fs/file-descriptors.ts')).DirectoryDescriptor(fs.root, g.ctx.fds.get(3)!.rightsBase, g.ctx.fds.get(3)!.rightsInheriting, '/'));
    expect(g.read(g.open('data/a.txt')[1])).toEqual([0, 'from the library']);
    const [a, al] = g.str('data');
    const [b, bl] = g.str('data/inner');
    expect(g.call('path_rename', 3, a, al, 3, b, bl)).toBe(E.INVAL);
  });
});
