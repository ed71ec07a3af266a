// The one table of WASI calls the runtime provides (wasi_snapshot_preview1 plus the WasmEdge socket extension).
// Everything else about a call is derived from its row here: the parameter names the trace shows, which calls
// may wait (made JSPI-suspending), which arguments are paths (shown as text), how raw arguments are normalised
// before a call sees them, and the TypeScript type each family of calls must implement, so a call the table
// lists but no family implements (or the other way round) is a compile error.

/**
 * How a parameter arrives and what the call receives:
 * - `fd`, `ptr`, `size`, `u32`: an i32 read as unsigned (a pointer above 2 GiB is never negative);
 * - `path`: a pointer whose following parameter is its length; the trace decodes it as text;
 * - `u64`: an i64 read as unsigned (timestamps, rights, userdata);
 * - `i64`: an i64 kept signed (file offsets and deltas, which the calls range-check themselves).
 */
export type ParamKind = 'fd' | 'ptr' | 'path' | 'size' | 'u32' | 'u64' | 'i64';

type Param = readonly [name: string, kind: ParamKind];

export type Family = 'process' | 'fd' | 'path' | 'poll' | 'sock';

interface Row {
  readonly family: Family;
  readonly params: readonly Param[];
  /** may wait for something outside the guest (a connection, bytes, time, stdin) */
  readonly blocks?: true;
}

export const WASI_MODULE = 'wasi_snapshot_preview1';

export const CALLS = {
  args_get: { family: 'process', params: [['argv', 'ptr'], ['argv_buf', 'ptr']] },
  args_sizes_get: { family: 'process', params: [['argc_out', 'ptr'], ['argv_buf_size_out', 'ptr']] },
  environ_get: { family: 'process', params: [['environ', 'ptr'], ['environ_buf', 'ptr']] },
  environ_sizes_get: { family: 'process', params: [['count_out', 'ptr'], ['buf_size_out', 'ptr']] },
  clock_res_get: { family: 'process', params: [['clock_id', 'u32'], ['resolution_out', 'ptr']] },
  clock_time_get: { family: 'process', params: [['clock_id', 'u32'], ['precision', 'u64'], ['time_out', 'ptr']] },
  proc_exit: { family: 'process', params: [['code', 'u32']] },
  proc_raise: { family: 'process', params: [['signal', 'u32']] },
  random_get: { family: 'process', params: [['buf', 'ptr'], ['buf_len', 'size']] },
  sched_yield: { family: 'process', params: [] },

  fd_advise: { family: 'fd', params: [['fd', 'fd'], ['offset', 'i64'], ['len', 'i64'], ['advice', 'u32']] },
  fd_allocate: { family: 'fd', params: [['fd', 'fd'], ['offset', 'i64'], ['len', 'i64']] },
  fd_close: { family: 'fd', params: [['fd', 'fd']] },
  fd_datasync: { family: 'fd', params: [['fd', 'fd']] },
  fd_fdstat_get: { family: 'fd', params: [['fd', 'fd'], ['fdstat_out', 'ptr']] },
  fd_fdstat_set_flags: { family: 'fd', params: [['fd', 'fd'], ['flags', 'u32']] },
  fd_fdstat_set_rights: { family: 'fd', params: [['fd', 'fd'], ['rights_base', 'u64'], ['rights_inheriting', 'u64']] },
  fd_filestat_get: { family: 'fd', params: [['fd', 'fd'], ['filestat_out', 'ptr']] },
  fd_filestat_set_size: { family: 'fd', params: [['fd', 'fd'], ['size', 'i64']] },
  fd_filestat_set_times: { family: 'fd', params: [['fd', 'fd'], ['atim', 'u64'], ['mtim', 'u64'], ['fst_flags', 'u32']] },
  fd_pread: { family: 'fd', params: [['fd', 'fd'], ['iovs', 'ptr'], ['iovs_len', 'size'], ['offset', 'i64'], ['nread_out', 'ptr']] },
  fd_prestat_get: { family: 'fd', params: [['fd', 'fd'], ['prestat_out', 'ptr']] },
  fd_prestat_dir_name: { family: 'fd', params: [['fd', 'fd'], ['path', 'ptr'], ['path_len', 'size']] },
  fd_pwrite: { family: 'fd', params: [['fd', 'fd'], ['iovs', 'ptr'], ['iovs_len', 'size'], ['offset', 'i64'], ['nwritten_out', 'ptr']] },
  fd_read: { family: 'fd', blocks: true, params: [['fd', 'fd'], ['iovs', 'ptr'], ['iovs_len', 'size'], ['nread_out', 'ptr']] },
  fd_readdir: { family: 'fd', params: [['fd', 'fd'], ['buf', 'ptr'], ['buf_len', 'size'], ['cookie', 'u64'], ['bufused_out', 'ptr']] },
  fd_renumber: { family: 'fd', params: [['fd', 'fd'], ['to', 'fd']] },
  fd_seek: { family: 'fd', params: [['fd', 'fd'], ['offset', 'i64'], ['whence', 'u32'], ['newoffset_out', 'ptr']] },
  fd_sync: { family: 'fd', params: [['fd', 'fd']] },
  fd_tell: { family: 'fd', params: [['fd', 'fd'], ['offset_out', 'ptr']] },
  fd_write: { family: 'fd', params: [['fd', 'fd'], ['iovs', 'ptr'], ['iovs_len', 'size'], ['nwritten_out', 'ptr']] },

  path_create_directory: { family: 'path', params: [['fd', 'fd'], ['path', 'path'], ['path_len', 'size']] },
  path_filestat_get: { family: 'path', params: [['fd', 'fd'], ['flags', 'u32'], ['path', 'path'], ['path_len', 'size'], ['filestat_out', 'ptr']] },
  path_filestat_set_times: {
    family: 'path',
    params: [['fd', 'fd'], ['flags', 'u32'], ['path', 'path'], ['path_len', 'size'], ['atim', 'u64'], ['mtim', 'u64'], ['fst_flags', 'u32']],
  },
  path_link: {
    family: 'path',
    params: [['old_fd', 'fd'], ['old_flags', 'u32'], ['old_path', 'path'], ['old_path_len', 'size'], ['new_fd', 'fd'], ['new_path', 'path'], ['new_path_len', 'size']],
  },
  path_open: {
    family: 'path',
    params: [
      ['fd', 'fd'], ['dirflags', 'u32'], ['path', 'path'], ['path_len', 'size'], ['oflags', 'u32'],
      ['rights_base', 'u64'], ['rights_inheriting', 'u64'], ['fdflags', 'u32'], ['fd_out', 'ptr'],
    ],
  },
  path_readlink: {
    family: 'path',
    params: [['fd', 'fd'], ['path', 'path'], ['path_len', 'size'], ['buf', 'ptr'], ['buf_len', 'size'], ['bufused_out', 'ptr']],
  },
  path_remove_directory: { family: 'path', params: [['fd', 'fd'], ['path', 'path'], ['path_len', 'size']] },
  path_rename: {
    family: 'path',
    params: [['fd', 'fd'], ['old_path', 'path'], ['old_path_len', 'size'], ['new_fd', 'fd'], ['new_path', 'path'], ['new_path_len', 'size']],
  },
  path_symlink: { family: 'path', params: [['old_path', 'path'], ['old_path_len', 'size'], ['fd', 'fd'], ['new_path', 'path'], ['new_path_len', 'size']] },
  path_unlink_file: { family: 'path', params: [['fd', 'fd'], ['path', 'path'], ['path_len', 'size']] },

  poll_oneoff: { family: 'poll', blocks: true, params: [['subscriptions', 'ptr'], ['events_out', 'ptr'], ['nsubscriptions', 'size'], ['nevents_out', 'ptr']] },

  sock_accept: { family: 'sock', blocks: true, params: [['fd', 'fd'], ['flags', 'u32'], ['fd_out', 'ptr']] },
  sock_recv: {
    family: 'sock',
    blocks: true,
    params: [['fd', 'fd'], ['ri_data', 'ptr'], ['ri_data_len', 'size'], ['ri_flags', 'u32'], ['nread_out', 'ptr'], ['roflags_out', 'ptr']],
  },
  sock_send: { family: 'sock', params: [['fd', 'fd'], ['si_data', 'ptr'], ['si_data_len', 'size'], ['si_flags', 'u32'], ['nwritten_out', 'ptr']] },
  sock_shutdown: { family: 'sock', params: [['fd', 'fd'], ['how', 'u32']] },
  // The WasmEdge socket extension.
  sock_open: { family: 'sock', params: [['family', 'u32'], ['type', 'u32'], ['fd_out', 'ptr']] },
  sock_bind: { family: 'sock', params: [['fd', 'fd'], ['addr', 'ptr'], ['port', 'u32']] },
  sock_listen: { family: 'sock', params: [['fd', 'fd'], ['backlog', 'u32']] },
  sock_connect: { family: 'sock', params: [['fd', 'fd'], ['addr', 'ptr'], ['port', 'u32']] },
  sock_getlocaladdr: { family: 'sock', params: [['fd', 'fd'], ['addr_out', 'ptr'], ['addr_type_out', 'ptr'], ['port_out', 'ptr']] },
  sock_getpeeraddr: { family: 'sock', params: [['fd', 'fd'], ['addr_out', 'ptr'], ['addr_type_out', 'ptr'], ['port_out', 'ptr']] },
  sock_setsockopt: { family: 'sock', params: [['fd', 'fd'], ['level', 'u32'], ['name', 'u32'], ['value', 'ptr'], ['value_len', 'size']] },
  sock_getsockopt: { family: 'sock', params: [['fd', 'fd'], ['level', 'u32'], ['name', 'u32'], ['value_out', 'ptr'], ['value_len_out', 'ptr']] },
} as const satisfies Record<string, Row>;

type Table = typeof CALLS;
export type CallName = keyof Table;

type JsOf<K> = K extends 'u64' | 'i64' ? bigint : number;
type ArgsOf<P> = { -readonly [I in keyof P]: P[I] extends readonly [string, infer K] ? JsOf<K> : never };
type ResultOf<R> = R extends { blocks: true } ? number | Promise<number> : number;

/** The function type of one call, from its row: i32 parameters are numbers, i64 ones bigints; only blocking calls may return a promise. */
export type CallFn<N extends CallName> = (...args: ArgsOf<Table[N]['params']>) => ResultOf<Table[N]>;

/** What a family module must return: exactly the calls of that family. */
export type FamilyCalls<F extends Family> = { [N in CallName as Table[N]['family'] extends F ? N : never]: CallFn<N> };

export type AllCalls = { [N in CallName]: CallFn<N> };

/** Any call, as the generic wrappers (guard, trace, JSPI) handle it. */
export type AnyCall = (...args: never[]) => number | Promise<number>;

const rows = Object.entries(CALLS) as [CallName, Row][];

/** Parameter names by call (the trace shows arguments by name). */
export const PARAM_NAMES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(rows.map(([n, r]) => [n, r.params.map((p) => p[0])]));

/** Parameter kinds by call. */
export const PARAM_KINDS: Readonly<Record<string, readonly ParamKind[]>> = Object.fromEntries(rows.map(([n, r]) => [n, r.params.map((p) => p[1])]));

/** Calls that may wait for something outside the guest. */
export const MAY_BLOCK: ReadonlySet<CallName> = new Set(rows.filter(([, r]) => r.blocks === true).map(([n]) => n));

/** (pointer index, length index) pairs of path arguments, by call. */
export const PATH_ARGS: Readonly<Record<string, readonly (readonly [number, number])[]>> = Object.fromEntries(
  rows.map(([n, r]) => [n, r.params.flatMap((p, i) => (p[1] === 'path' ? [[i, i + 1] as const] : []))]),
);

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(CALLS, name);
}
