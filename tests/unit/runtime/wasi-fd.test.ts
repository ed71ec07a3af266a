// fd_* calls on files, directories and stdio, including the errno of each error case.
import { describe, expect, it } from 'vitest';
import { direct } from './helpers/direct.ts';
import { E } from '../../../src/runtime/abi/errno.ts';
import { FDFLAGS_APPEND, OFLAGS_CREAT, RIGHT, RIGHTS_ALL } from '../../../src/runtime/abi/constants.ts';

const READ_ONLY = RIGHT.FD_READ | RIGHT.FD_SEEK | RIGHT.FD_TELL | RIGHT.FD_FILESTAT_GET;

describe('reading and writing files', () => {
  it('writes, seeks and reads back', () => {
    const g = direct();
    const [e, fd] = g.open('notes.txt', OFLAGS_CREAT);
    expect(e).toBe(0);
    expect(g.write(fd, 'hello world')).toEqual([0, 11]);
    const pos = g.alloc(8);
    expect(g.call('fd_seek', fd, 6n, 0, pos)).toBe(0);
    expect(g.u64(pos)).toBe(6n);
    expect(g.read(fd)).toEqual([0, 'world']);
    expect(g.call('fd_tell', fd, pos)).toBe(0);
    expect(g.u64(pos)).toBe(11n);
    expect(g.read(fd)).toEqual([0, '']); // end of file
    expect(g.fs.readText('/notes.txt')).toBe('hello world');
  });

  it('refuses writes on a descriptor opened without the write right (BADF), and reads on write-only', () => {
    const g = direct({ files: { '/a.txt': 'abc' } });
    const [, fd] = g.open('a.txt', 0, READ_ONLY);
    expect(g.write(fd, 'x')[0]).toBe(E.BADF);
    const [, wfd] = g.open('a.txt', 0, RIGHT.FD_WRITE);
    expect(g.read(wfd)[0]).toBe(E.BADF);
  });

  it('appends at the end whatever the position when opened with APPEND', () => {
    const g = direct({ files: { '/log': 'one\n' } });
    const [, fd] = g.open('log', 0, RIGHTS_ALL, FDFLAGS_APPEND);
    const pos = g.alloc(8);
    g.call('fd_seek', fd, 0n, 0, pos);
    g.write(fd, 'two\n');
    expect(g.fs.readText('/log')).toBe('one\ntwo\n');
    const stat = g.alloc(24);
    g.call('fd_fdstat_get', fd, stat);
    expect(g.u16(stat + 2)).toBe(FDFLAGS_APPEND);
  });

  it('reads and writes at an offset with pread/pwrite without moving the position', () => {
    const g = direct({ files: { '/f': '0123456789' } });
    const [, fd] = g.open('f');
    const [iovs, buf] = g.iov(3);
    const n = g.alloc(4);
    expect(g.call('fd_pread', fd, iovs, 1, 4n, n)).toBe(0);
    expect(g.text(buf, g.u32(n))).toBe('456');
    const [ciovs] = g.ciov('ab');
    expect(g.call('fd_pwrite', fd, ciovs, 1, 8n, n)).toBe(0);
    expect(g.fs.readText('/f')).toBe('01234567ab');
    expect(g.read(fd, 4)).toEqual([0, '0123']);
  });

  it('gives INVAL for a seek before the start or an unknown whence, SPIPE on stdio, BADF on a directory', () => {
    const g = direct({ files: { '/f': 'x', '/d/': '' } });
    const [, fd] = g.open('f');
    const pos = g.alloc(8);
    expect(g.call('fd_seek', fd, -5n, 0, pos)).toBe(E.INVAL);
    expect(g.call('fd_seek', fd, 0n, 7, pos)).toBe(E.INVAL);
    expect(g.call('fd_seek', 1, 0n, 0, pos)).toBe(E.SPIPE);
    const [, dfd] = g.open('d', 2, RIGHT.FD_READDIR);
    expect(g.call('fd_seek', dfd, 0n, 0, pos)).toBe(E.BADF);
    expect(g.read(dfd)[0]).toBe(E.ISDIR);
  });

  it('truncates and extends with fd_filestat_set_size', () => {
    const g = direct({ files: { '/f': 'abcdef' } });
    const [, fd] = g.open('f');
    expect(g.call('fd_filestat_set_size', fd, 3n)).toBe(0);
    expect(g.fs.readText('/f')).toBe('abc');
    expect(g.call('fd_filestat_set_size', fd, 5n)).toBe(0);
    expect(g.fs.readFile('/f')).toEqual(new Uint8Array([97, 98, 99, 0, 0]));
    const [, ro] = g.open('f', 0, READ_ONLY);
    expect(g.call('fd_filestat_set_size', ro, 1n)).toBe(E.BADF);
  });
});

describe('descriptor table', () => {
  it('returns BADF for fds that are not open, and reuses the lowest free number', () => {
    const g = direct({ files: { '/a': '', '/b': '' } });
    const out = g.alloc(64);
    for (const call of ['fd_close', 'fd_sync', 'fd_datasync']) expect(g.call(call, 99)).toBe(E.BADF);
    expect(g.call('fd_fdstat_get', 99, out)).toBe(E.BADF);
    expect(g.call('fd_filestat_get', 99, out)).toBe(E.BADF);
    expect(g.write(99, 'x')[0]).toBe(E.BADF);
    const [, a] = g.open('a');
    const [, b] = g.open('b');
    expect([a, b]).toEqual([4, 5]);
    expect(g.call('fd_close', a)).toBe(0);
    expect(g.call('fd_close', a)).toBe(E.BADF);
    expect(g.open('a')[1]).toBe(4);
  });

  it('renumbers onto an open fd and refuses a closed target', () => {
    const g = direct({ files: { '/a': 'A', '/b': 'B' } });
    const [, a] = g.open('a');
    const [, b] = g.open('b');
    expect(g.call('fd_renumber', a, 77)).toBe(E.BADF);
    expect(g.call('fd_renumber', a, b)).toBe(0);
    expect(g.read(b)).toEqual([0, 'A']);
    expect(g.read(a)[0]).toBe(E.BADF);
  });

  it('lets rights shrink but never grow', () => {
    const g = direct({ files: { '/a': '' } });
    const [, fd] = g.open('a', 0, READ_ONLY);
    expect(g.call('fd_fdstat_set_rights', fd, RIGHT.FD_READ, 0n)).toBe(0);
    expect(g.call('fd_fdstat_set_rights', fd, RIGHT.FD_READ | RIGHT.FD_WRITE, 0n)).toBe(E.NOTCAPABLE);
    const stat = g.alloc(24);
    g.call('fd_fdstat_get', fd, stat);
    expect(g.u64(stat + 8)).toBe(RIGHT.FD_READ);
  });

  it('describes stdio as character devices and the preopen with its name', () => {
    const g = direct();
    const stat = g.alloc(24);
    g.call('fd_fdstat_get', 1, stat);
    expect(g.u8(stat)).toBe(2);
    const pre = g.alloc(8);
    expect(g.call('fd_prestat_get', 3, pre)).toBe(0);
    expect([g.u32(pre), g.u32(pre + 4)]).toEqual([0, 1]);
    const name = g.alloc(8);
    expect(g.call('fd_prestat_dir_name', 3, name, 1)).toBe(0);
    expect(g.text(name, 1)).toBe('/');
    expect(g.call('fd_prestat_get', 1, pre)).toBe(E.BADF); // how wasi-libc finds the end of the preopens
    expect(g.call('fd_prestat_get', 4, pre)).toBe(E.BADF);
  });
});

describe('fd_filestat_get', () => {
  it('lays out size, link count and timestamps at the spec offsets', () => {
    const g = direct({ files: { '/f': 'twelve bytes' } });
    const [, fd] = g.open('f');
    const st = g.alloc(64);
    const before = BigInt(Date.now() - 5000) * 1_000_000n;
    expect(g.call('fd_filestat_get', fd, st)).toBe(0);
    expect(g.u8(st + 16)).toBe(4); // regular file
    expect(g.u64(st + 24)).toBe(1n); // nlink
    expect(g.u64(st + 32)).toBe(12n); // size
    for (const off of [40, 48, 56]) expect(g.u64(st + off)).toBeGreaterThan(before);
  });

  it('sets times, and refuses a time together with "now" for the same field', () => {
    const g = direct({ files: { '/f': '' } });
    const [, fd] = g.open('f');
    expect(g.call('fd_filestat_set_times', fd, 1_000n, 2_000n, 1 | 4)).toBe(0);
    const st = g.alloc(64);
    g.call('fd_filestat_get', fd, st);
    expect([g.u64(st + 40), g.u64(st + 48)]).toEqual([1_000n, 2_000n]);
    expect(g.call('fd_filestat_set_times', fd, 1n, 1n, 1 | 2)).toBe(E.INVAL);
  });
});

describe('fd_readdir', () => {
  it('lists . and .. then the entries, and resumes from a cookie', () => {
    const g = direct({ files: { '/d/a': '1', '/d/bb': '22', '/d/sub/': '' } });
    const [, fd] = g.open('d', 2, RIGHT.FD_READDIR);
    const buf = g.alloc(512);
    const used = g.alloc(4);
    expect(g.call('fd_readdir', fd, buf, 512, 0n, used)).toBe(0);
    const names: string[] = [];
    const types: number[] = [];
    let at = 0;
    while (at < g.u32(used)) {
      const len = g.u32(buf + at + 16);
      types.push(g.u8(buf + at + 20));
      names.push(g.text(buf + at + 24, len));
      at += 24 + len;
    }
    expect(names).toEqual(['.', '..', 'a', 'bb', 'sub']);
    expect(types).toEqual([3, 3, 4, 4, 3]);
    g.call('fd_readdir', fd, buf, 512, 3n, used);
    expect(g.text(buf + 24, 2)).toBe('bb');
  });

  it('fills a short buffer completely, so the guest knows to ask again', () => {
    const g = direct({ files: { '/d/long-file-name': '' } });
    const [, fd] = g.open('d', 2, RIGHT.FD_READDIR);
    const buf = g.alloc(64);
    const used = g.alloc(4);
    g.call('fd_readdir', fd, buf, 60, 0n, used);
    expect(g.u32(used)).toBe(60);
  });

  it('gives NOTDIR for a file and BADF for a closed fd', () => {
    const g = direct({ files: { '/f': '' } });
    const [, fd] = g.open('f');
    const buf = g.alloc(64);
    expect(g.call('fd_readdir', fd, buf, 64, 0n, buf)).toBe(E.NOTDIR);
    expect(g.call('fd_readdir', 42, buf, 64, 0n, buf)).toBe(E.BADF);
  });
});

describe('growing files', () => {
  it('keeps content right over many small appends and a write past the end', () => {
    const g = direct({ files: { '/f': '' } });
    const [, fd] = g.open('f');
    let expected = '';
    for (let i = 0; i < 500; i++) {
      g.write(fd, `${i},`);
      expected += `${i},`;
    }
    expect(g.fs.readText('/f')).toBe(expected);
    const [iovs] = g.ciov('Z');
    const n = g.alloc(4);
    g.call('fd_pwrite', fd, iovs, 1, BigInt(expected.length + 3), n);
    expect(g.fs.readFile('/f')!.subarray(expected.length)).toEqual(new Uint8Array([0, 0, 0, 90]));
  });
});
