// WASI preview1 errno values by name, and the reverse table the call trace uses to print them.
export const ERRNO_NAMES = [
  'SUCCESS', '2BIG', 'ACCES', 'ADDRINUSE', 'ADDRNOTAVAIL', 'AFNOSUPPORT', 'AGAIN', 'ALREADY', 'BADF', 'BADMSG', 'BUSY',
  'CANCELED', 'CHILD', 'CONNABORTED', 'CONNREFUSED', 'CONNRESET', 'DEADLK', 'DESTADDRREQ', 'DOM', 'DQUOT', 'EXIST',
  'FAULT', 'FBIG', 'HOSTUNREACH', 'IDRM', 'ILSEQ', 'INPROGRESS', 'INTR', 'INVAL', 'IO', 'ISCONN', 'ISDIR', 'LOOP',
  'MFILE', 'MLINK', 'MSGSIZE', 'MULTIHOP', 'NAMETOOLONG', 'NETDOWN', 'NETRESET', 'NETUNREACH', 'NFILE', 'NOBUFS',
  'NODEV', 'NOENT', 'NOEXEC', 'NOLCK', 'NOLINK', 'NOMEM', 'NOMSG', 'NOPROTOOPT', 'NOSPC', 'NOSYS', 'NOTCONN', 'NOTDIR',
  'NOTEMPTY', 'NOTRECOVERABLE', 'NOTSOCK', 'NOTSUP', 'NOTTY', 'NXIO', 'OVERFLOW', 'OWNERDEAD', 'PERM', 'PIPE', 'PROTO',
  'PROTONOSUPPORT', 'PROTOTYPE', 'RANGE', 'ROFS', 'SPIPE', 'SRCH', 'STALE', 'TIMEDOUT', 'TXTBSY', 'XDEV', 'NOTCAPABLE',
] as const;

export type ErrnoName = (typeof ERRNO_NAMES)[number];

export function errnoName(code: number): string {
  return ERRNO_NAMES[code] ?? `errno ${code}`;
}

/** Every preview1 errno by name (E.HOSTUNREACH, E.DOM, ...): no call returns a bare number. */
export const E = Object.freeze(Object.fromEntries(ERRNO_NAMES.map((name, code) => [name, code]))) as { readonly [K in ErrnoName]: number };
