// The hostile guests the page is given in tests/e2e/hostile-guests.test.ts, each as WAT that prints what every
// call answered ("label: errno"), so the terminal shows what a program on a machine would see.
import { E } from '../../src/runtime/abi/errno.ts';
import { RIGHTS_FILE } from '../../src/runtime/abi/constants.ts';
import { OK_ANSWER_DATA, reportingGuestWat, serveOkLoop } from '../support/wat.ts';

/** The port the server guests listen on (the lesson's demo may hold the course's). */
export const HOSTILE_PORT = 9000;

/** path_open of `pathLen` bytes at `pathPtr` under the preopen (fd 3), creating it (oflags 1), the fd at 8. */
const createFile = (pathPtr: number, pathLen: number) =>
  `(call $path_open (i32.const 3) (i32.const 0) (i32.const ${pathPtr}) (i32.const ${pathLen}) (i32.const 1) (i64.const ${RIGHTS_FILE}) (i64.const ${RIGHTS_FILE}) (i32.const 0) (i32.const 8))`;

/** Repeats `step` (which sets $e) until $e is not 0, counting in $n; then says how many and the errno. */
const untilError = (say: (l: string, e: string) => string, what: string, step: string) => `
  (block $done (loop $again
    ${step}
    (br_if $done (local.get $e))
    (local.set $n (i32.add (local.get $n) (i32.const 1)))
    (br $again)))
  ${say(`${what} succeeded`, '(local.get $n)')}
  ${say(`then ${what} gave errno`, '(local.get $e)')}`;

export const hostile = {
  hugeFds: {
    wat: reportingGuestWat((say) => [
      say('fd_close(2147483647)', '(call $fd_close (i32.const 2147483647))'),
      say('fd_close(-1)', '(call $fd_close (i32.const -1))'),
      say('fd_renumber(1, 2147483647)', '(call $fd_renumber (i32.const 1) (i32.const 2147483647))'),
      say('fd_write(100000000)', '(call $fd_write (i32.const 100000000) (i32.const 0) (i32.const 1) (i32.const 8))'),
    ].join('\n')),
    expect: [['fd_close(2147483647)', E.BADF], ['fd_close(-1)', E.BADF], ['fd_renumber(1, 2147483647)', E.BADF], ['fd_write(100000000)', E.BADF]],
  },
  fdAndPorts: {
    // A server that first binds sockets to ephemeral ports until the runtime says no: the fd cap (1024, 4 taken)
    // comes first; a closed number is given again and binding it works; then it serves "ok" on HOSTILE_PORT.
    server: true,
    wat: reportingGuestWat((say) => `
      (i32.store (i32.const 16) (i32.const 32))
      (i32.store (i32.const 20) (i32.const 4))
      ${untilError(say, 'socket + bind', `
        (local.set $e (call $sock_open (i32.const 1) (i32.const 2) (i32.const 8)))
        (if (i32.eqz (local.get $e)) (then
          (local.set $e (call $sock_bind (i32.load (i32.const 8)) (i32.const 16) (i32.const 0)))))`)}
      ${say('fd_close(100)', '(call $fd_close (i32.const 100))')}
      ${say('sock_open again', '(call $sock_open (i32.const 1) (i32.const 2) (i32.const 8))')}
      ${say('its fd', '(i32.load (i32.const 8))')}
      ${say('sock_bind', '(call $sock_bind (i32.load (i32.const 8)) (i32.const 16) (i32.const 0))')}
      (drop (call $fd_close (i32.const 101)))
      ${serveOkLoop(HOSTILE_PORT)}`, OK_ANSWER_DATA),
    expect: [['socket + bind succeeded', 1020], ['then socket + bind gave errno', E.MFILE], ['fd_close(100)', 0], ['sock_open again', 0], ['its fd', 100], ['sock_bind', 0]],
  },
  fileBomb: {
    // One file written 1 MiB at a time: the file size cap (64 MiB) answers EFBIG, and a truncate past it too.
    wat: reportingGuestWat((say) => `
      ${say('create /big', createFile(64, 3))}
      (local.set $fd (i32.load (i32.const 8)))
      (i32.store (i32.const 24) (i32.const 65536))
      (i32.store (i32.const 28) (i32.const 1048576))
      ${untilError(say, 'write 1 MiB', '(local.set $e (call $fd_write (local.get $fd) (i32.const 24) (i32.const 1) (i32.const 12)))')}
      ${say('truncate to 1 GB', '(call $fd_filestat_set_size (local.get $fd) (i64.const 1000000000))')}`,
    '(data (i32.const 64) "big")'),
    expect: [['create /big', 0], ['write 1 MiB succeeded', 64], ['then write 1 MiB gave errno', E.FBIG], ['truncate to 1 GB', E.FBIG]],
  },
  spaceBomb: {
    // Files of 32 MiB each until the filesystem is full (128 MiB, so four fit): ENOSPC; deleting one gives the room back.
    wat: reportingGuestWat((say) => `
      (i32.store (i32.const 24) (i32.const 65536))
      (i32.store (i32.const 28) (i32.const 1048576))
      ${untilError(say, 'a 32 MiB file', `
        (i32.store8 (i32.const 65) (i32.add (i32.const 65) (local.get $n)))
        (local.set $e ${createFile(64, 2)})
        (local.set $fd (i32.load (i32.const 8)))
        (local.set $k (i32.const 0))
        (block $full (loop $mib
          (br_if $full (i32.or (local.get $e) (i32.ge_u (local.get $k) (i32.const 32))))
          (local.set $e (call $fd_write (local.get $fd) (i32.const 24) (i32.const 1) (i32.const 12)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $mib)))
        (drop (call $fd_close (local.get $fd)))`)}
      ${say('delete fA', '(call $path_unlink_file (i32.const 3) (i32.const 80) (i32.const 2))')}
      ${say('create fZ', createFile(96, 2))}
      ${say('write 1 MiB to fZ', '(call $fd_write (i32.load (i32.const 8)) (i32.const 24) (i32.const 1) (i32.const 12))')}`,
    '(data (i32.const 64) "fA") (data (i32.const 80) "fA") (data (i32.const 96) "fZ")'),
    expect: [['a 32 MiB file succeeded', 4], ['then a 32 MiB file gave errno', E.NOSPC], ['delete fA', 0], ['create fZ', 0], ['write 1 MiB to fZ', 0]],
  },
  badPointers: {
    // Pointers outside the guest's memory: EFAULT from each call, nothing written, no trap.
    wat: reportingGuestWat((say) => `
      (i32.store (i32.const 200) (i32.const 0x7fffffff))
      (i32.store (i32.const 204) (i32.const 16))
      ${say('fd_write, iovec at 0xfffffff0', '(call $fd_write (i32.const 1) (i32.const 0xfffffff0) (i32.const 1) (i32.const 8))')}
      ${say('fd_write, buffer at 0x7fffffff', '(call $fd_write (i32.const 1) (i32.const 200) (i32.const 1) (i32.const 8))')}
      ${say('path_open, path at 0xffffff00', '(call $path_open (i32.const 3) (i32.const 0) (i32.const 0xffffff00) (i32.const 10) (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 8))')}
      ${say('random_get past the end', '(call $random_get (i32.const 0xffff0000) (i32.const 0x10000))')}`),
    expect: [['fd_write, iovec at 0xfffffff0', E.FAULT], ['fd_write, buffer at 0x7fffffff', E.FAULT], ['path_open, path at 0xffffff00', E.FAULT], ['random_get past the end', E.FAULT]],
  },
} satisfies Record<string, { wat: string; expect: [string, number][]; server?: boolean }>;
