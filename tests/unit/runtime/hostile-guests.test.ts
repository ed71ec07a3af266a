// Hostile guests, written in WAT: huge fd numbers, fd exhaustion, ephemeral port exhaustion, filesystem
// bombs and bad pointers. Each asserts that the limit held, the errno the guest (and the call trace) sees,
// and that the host keeps working afterwards.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, errnoName, runCommand, startServer, VirtualNetwork } from '../../../src/runtime/index.ts';
import { emitted, hostileGuest } from './helpers/wat.ts';
import { wordGenerator } from './helpers/fixtures.ts';
import { RIGHTS_FILE } from '../../../src/runtime/abi/constants.ts';

const names = (codes: number[]): string[] => codes.map(errnoName);

/** `(call $emit (call $name args...))` for each line. */
const emitEach = (calls: string[]): string => calls.map((c) => `(call $emit ${c})`).join('\n');

/** Runs a guest loop that repeats `step` (which sets $e) until $e is non-zero, counting successes in $n. */
const untilError = (step: string): string => `
  (block $done (loop $again
    ${step}
    (br_if $done (local.get $e))
    (local.set $n (i32.add (local.get $n) (i32.const 1)))
    (br $again)))
  (call $emit (local.get $n))
  (call $emit (local.get $e))`;

const CREATE_RW = (pathPtr: number, pathLen: number, oflags: number) =>
  `(call $path_open (i32.const 3) (i32.const 0) (i32.const ${pathPtr}) (i32.const ${pathLen}) (i32.const ${oflags}) (i64.const ${RIGHTS_FILE}) (i64.const ${RIGHTS_FILE}) (i32.const 0) (i32.const 8))`;

describe('hostile guests', () => {
  it('gets BADF for huge and negative fd numbers, at once', async () => {
    const guest = await hostileGuest('huge-fds', emitEach([
      '(call $fd_close (i32.const 2147483647))',
      '(call $fd_close (i32.const -1))',
      '(call $fd_renumber (i32.const 1) (i32.const 2147483647))',
      '(call $fd_renumber (i32.const 2147483647) (i32.const 1))',
      '(call $fd_write (i32.const -2) (i32.const 0) (i32.const 1) (i32.const 8))',
      '(call $fd_fdstat_get (i32.const 100000000) (i32.const 16))',
    ]));
    const r = await runCommand(guest);
    expect(r.exitCode).toBe(0);
    expect(names(emitted(r.stdoutBytes))).toEqual(['BADF', 'BADF', 'BADF', 'BADF', 'BADF', 'BADF']);
  });

  it('stops at the fd cap with EMFILE for sockets and files, and a closed number is reused', async () => {
    const guest = await hostileGuest('fd-exhaustion', `
      (local $n i32) (local $e i32)
      ${untilError('(local.set $e (call $sock_open (i32.const 1) (i32.const 2) (i32.const 8)))')}
      ${emitEach([CREATE_RW(64, 1, 1), '(call $fd_close (i32.const 100))', '(call $sock_open (i32.const 1) (i32.const 2) (i32.const 8))', '(i32.load (i32.const 8))'])}
    `, '(data (i32.const 64) "a")');
    const r = await runCommand(guest);
    const [count, errno, openErrno, closed, reopened, fd] = emitted(r.stdoutBytes);
    // stdin, stdout, stderr and the preopen hold 4 of the 1024 numbers.
    expect(count).toBe(DEFAULT_LIMITS.maxFds - 4);
    expect(names([errno!, openErrno!, closed!, reopened!])).toEqual(['MFILE', 'MFILE', 'SUCCESS', 'SUCCESS']);
    expect(fd).toBe(100);
    expect(r.fs.list('/')!.map((e) => e.name)).not.toContain('a');
    // A smaller cap is an option.
    const small = await runCommand(guest, { limits: { maxFds: 16 } });
    expect(emitted(small.stdoutBytes)[0]).toBe(12);
  });

  it('gets EADDRINUSE when every ephemeral port is bound, and the host can still connect', async () => {
    const guest = await hostileGuest('port-exhaustion', `
      (local $n i32) (local $e i32) (local $fd i32)
      (i32.store (i32.const 16) (i32.const 32))
      (i32.store (i32.const 20) (i32.const 4))
      ${untilError(`
        (drop (call $sock_open (i32.const 1) (i32.const 2) (i32.const 8)))
        (local.set $fd (i32.load (i32.const 8)))
        (local.set $e (call $sock_bind (local.get $fd) (i32.const 16) (i32.const 0)))`)}
      (drop (call $sock_open (i32.const 1) (i32.const 2) (i32.const 8)))
      (local.set $fd (i32.load (i32.const 8)))
      ${emitEach([
        '(call $sock_bind (local.get $fd) (i32.const 16) (i32.const 8081))',
        '(call $sock_listen (local.get $fd) (i32.const 16))',
        '(call $sock_accept (local.get $fd) (i32.const 0) (i32.const 12))',
      ])}
      (i32.store (i32.const 40) (i32.const 48))
      (i32.store (i32.const 44) (i32.const 2))
      ${emitEach(['(call $sock_send (i32.load (i32.const 12)) (i32.const 40) (i32.const 1) (i32.const 0) (i32.const 8))'])}
    `, '(data (i32.const 48) "ok")');
    const network = new VirtualNetwork();
    const listening = new Promise<void>((resolve) => network.onListen((p) => p === 8081 && resolve()));
    const run = runCommand(guest, { network, mode: 'jspi', limits: { maxFds: 20_000 } });
    await listening;
    // Every ephemeral port is bound by the guest now; the host's connection still gets through.
    const client = network.connect(8081);
    while (client.available < 2) await client.whenReadable();
    expect(new TextDecoder().decode(client.read(2)!)).toBe('ok');
    const r = await run;
    const [count, bindErrno, ...rest] = emitted(r.stdoutBytes);
    expect(count).toBe(65535 - 49152 + 1);
    expect(names([bindErrno!, ...rest])).toEqual(['ADDRINUSE', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS']);
  });

  it('refuses a file past the size limit with EFBIG (writes and truncates)', async () => {
    const guest = await hostileGuest('file-bomb', `
      (local $n i32) (local $e i32) (local $fd i32)
      ${emitEach([CREATE_RW(64, 3, 1)])}
      (local.set $fd (i32.load (i32.const 8)))
      (i32.store (i32.const 24) (i32.const 65536))
      (i32.store (i32.const 28) (i32.const 1048576))
      ${untilError('(local.set $e (call $fd_write (local.get $fd) (i32.const 24) (i32.const 1) (i32.const 12)))')}
      ${emitEach(['(call $fd_filestat_set_size (local.get $fd) (i64.const 1000000000))'])}
    `, '(data (i32.const 64) "big")');
    const r = await runCommand(guest);
    const [opened, count, errno, truncErrno] = emitted(r.stdoutBytes);
    expect(opened).toBe(0);
    expect(count).toBe(DEFAULT_LIMITS.maxFileBytes / 1048576);
    expect(names([errno!, truncErrno!])).toEqual(['FBIG', 'FBIG']);
    expect(r.fs.readFile('/big')!.byteLength).toBe(DEFAULT_LIMITS.maxFileBytes);
  });

  it('refuses bytes past the filesystem limit with ENOSPC, and deleting a file gives them back', async () => {
    const guest = await hostileGuest('space-bomb', `
      (local $n i32) (local $e i32)
      (i32.store (i32.const 24) (i32.const 65536))
      (i32.store (i32.const 28) (i32.const 1048576))
      ${untilError(`
        (i32.store8 (i32.const 65) (i32.add (i32.const 65) (local.get $n)))
        (local.set $e ${CREATE_RW(64, 2, 1)})
        (if (i32.eqz (local.get $e)) (then
          (local.set $e (call $fd_write (i32.load (i32.const 8)) (i32.const 24) (i32.const 1) (i32.const 12)))
          (drop (call $fd_close (i32.load (i32.const 8))))))`)}
      ${emitEach([
        '(call $path_unlink_file (i32.const 3) (i32.const 112) (i32.const 2))',
        '(call $path_unlink_file (i32.const 3) (i32.const 80) (i32.const 2))',
      ])}
      (local.set $e ${CREATE_RW(96, 2, 1)})
      ${emitEach(['(local.get $e)', '(call $fd_write (i32.load (i32.const 8)) (i32.const 24) (i32.const 1) (i32.const 12))'])}
    `, '(data (i32.const 64) "fA") (data (i32.const 80) "fE") (data (i32.const 96) "fZ") (data (i32.const 112) "fA")');
    const mib = 1024 * 1024;
    const r = await runCommand(guest, { limits: { maxFileBytes: mib, maxFsBytes: 4 * mib } });
    const [count, errno, unlinkA, unlinkE, openZ, writeZ] = emitted(r.stdoutBytes);
    expect(count).toBe(4);
    expect(names([errno!, unlinkA!, unlinkE!, openZ!, writeZ!])).toEqual(['NOSPC', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS']);
    expect(r.fs.quota.bytes).toBeLessThanOrEqual(4 * mib);
    expect(r.fs.list('/')!.map((e) => e.name).filter((n) => n.startsWith('f'))).toEqual(['fB', 'fC', 'fD', 'fZ']);
  });

  it('refuses names past the entry limit with ENOSPC', async () => {
    const guest = await hostileGuest('name-bomb', `
      (local $n i32) (local $e i32)
      ${untilError(`
        (i32.store8 (i32.const 65) (i32.add (i32.const 65) (local.get $n)))
        (local.set $e (call $path_create_directory (i32.const 3) (i32.const 64) (i32.const 2)))`)}
    `, '(data (i32.const 64) "dA")');
    const r = await runCommand(guest, { limits: { maxFsEntries: 20 } });
    const [count, errno] = emitted(r.stdoutBytes);
    expect(count).toBe(19); // /tmp is the twentieth name
    expect(errnoName(errno!)).toBe('NOSPC');
  });

  it('answers bad pointers with EFAULT and carries on (no trap, nothing written)', async () => {
    const guest = await hostileGuest('bad-pointers', `
      (i32.store (i32.const 200) (i32.const 0x7fffffff))
      (i32.store (i32.const 204) (i32.const 16))
      ${emitEach([
        '(call $fd_write (i32.const 1) (i32.const 0xfffffff0) (i32.const 1) (i32.const 8))',
        '(call $fd_write (i32.const 1) (i32.const 200) (i32.const 1) (i32.const 8))',
        '(call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const -4))',
        '(call $fd_read (i32.const 0) (i32.const 0) (i32.const 0x20000000) (i32.const 8))',
        '(call $path_open (i32.const 3) (i32.const 0) (i32.const 0xffffff00) (i32.const 10) (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 8))',
        '(call $args_get (i32.const -1) (i32.const -1))',
        '(call $clock_time_get (i32.const 0) (i64.const 0) (i32.const 0xfffffffc))',
        '(call $poll_oneoff (i32.const -48) (i32.const 0) (i32.const 1) (i32.const 8))',
        '(call $random_get (i32.const 0xffff0000) (i32.const 0x10000))',
        '(call $fd_readdir (i32.const 3) (i32.const 1024) (i32.const -1) (i64.const -1) (i32.const 8))',
      ])}
    `);
    const r = await runCommand(guest, { stdin: 'kept' });
    expect(r.exitCode).toBe(0);
    expect(new Set(names(emitted(r.stdoutBytes)))).toEqual(new Set(['FAULT']));
    expect(emitted(r.stdoutBytes)).toHaveLength(10);
  });

  it('leaves the host serving: the word generator answers after all of the above', async () => {
    const server = await startServer(await wordGenerator(), { mode: 'jspi' });
    try {
      const res = await server.request('/?starts_with=k');
      expect(res.status).toBe(200);
      expect(res.body.trim()).toMatch(/^k/i);
    } finally {
      await server.stop();
    }
  });
});
