// The WasmEdge socket extension (and preview1's sock_accept/recv/send/shutdown) on the virtual network.
import { E } from '../abi/errno.ts';
import { BLOCKED } from '../abi/descriptor.ts';
import { FDFLAGS_NONBLOCK, RIFLAGS_RECV_PEEK, RIFLAGS_RECV_WAITALL, SDFLAGS_RD, SDFLAGS_WR } from '../abi/constants.ts';
import type { WasiContext } from './context.ts';
import { SocketDescriptor } from '../devices/net/socket-descriptor.ts';
import { NetworkError, VirtualNetwork } from '../devices/net/virtual-network.ts';
import type { FamilyCalls } from './table.ts';

/** SOL_SOCKET option numbers of the WasmEdge socket extension. */
const SO_RCVTIMEO = 11;

const ANY4 = [0, 0, 0, 0];
const LOOP4 = [127, 0, 0, 1];

export function socketCalls(ctx: WasiContext): FamilyCalls<'sock'> {
  const { mem, fds } = ctx;
  const network = ctx.network ?? new VirtualNetwork();

  function socketOf(fd: number): SocketDescriptor | number {
    const d = fds.get(fd);
    if (d === undefined) return E.BADF;
    if (!(d instanceof SocketDescriptor)) return E.NOTSOCK;
    return d;
  }

  /** Reads a WasiAddress {buf, len}: the address bytes, or an errno. */
  function readAddress(ptr: number): number[] | number {
    const dv = mem.check(ptr, 8);
    const buf = dv.getUint32(ptr, true);
    const len = dv.getUint32(ptr + 4, true);
    if (len !== 4 && len !== 16) return E.INVAL;
    return Array.from(mem.range(buf, len));
  }

  /** Only this machine exists on the virtual network: the unspecified address and loopback. */
  function isLocal(addr: number[]): boolean {
    if (addr.length === 4) return addr.every((b, i) => b === ANY4[i]) || addr.every((b, i) => b === LOOP4[i]);
    return addr.slice(0, 15).every((b) => b === 0) && (addr[15] === 0 || addr[15] === 1);
  }

  function writeAddress(d: SocketDescriptor, addrPtr: number, typeOut: number, portOut: number, peer: boolean): number {
    const dv = mem.check(addrPtr, 8);
    const buf = dv.getUint32(addrPtr, true);
    const len = dv.getUint32(addrPtr + 4, true);
    mem.check(typeOut, 4);
    mem.check(portOut, 4);
    const bytes = d.family === 4 ? (peer || d.state.kind === 'connected' ? LOOP4 : ANY4) : new Array<number>(16).fill(0);
    if (d.family === 6 && (peer || d.state.kind === 'connected')) bytes[15] = 1;
    if (len < bytes.length) return E.INVAL;
    mem.write(buf, Uint8Array.from(bytes));
    mem.u32(addrPtr + 4, bytes.length);
    mem.u32(typeOut, d.family);
    const s = d.state;
    mem.u32(portOut, peer ? (s.kind === 'connected' ? s.end.remotePort : 0) : d.localPort);
    return E.SUCCESS;
  }

  return {
    sock_open(family: number, type: number, out: number): number {
      if (family !== 1 && family !== 2) return E.AFNOSUPPORT;
      if (type === 1) return E.NOTSUP; // datagram sockets are not part of the virtual network
      if (type !== 2) return E.INVAL;
      if (fds.full) return E.MFILE;
      mem.check(out, 4);
      mem.u32(out, fds.add(new SocketDescriptor(network, family === 1 ? 4 : 6)));
      return E.SUCCESS;
    },

    sock_bind(fd: number, addrPtr: number, port: number): number {
      const d = socketOf(fd);
      if (typeof d === 'number') return d;
      const addr = readAddress(addrPtr);
      if (typeof addr === 'number') return addr;
      if (d.state.kind !== 'open') return E.INVAL;
      if (!isLocal(addr)) return E.ADDRNOTAVAIL;
      if (port > 65535) return E.INVAL; // the guard reads it unsigned, so it is never negative
      if (ctx.adopt !== undefined && port === ctx.adopt.port) {
        d.adopted = true;
        d.state = { kind: 'listening', port, listener: ctx.adopt };
        return E.SUCCESS;
      }
      const got = network.bind(port, d);
      if (got === 'EADDRINUSE') return E.ADDRINUSE;
      d.state = { kind: 'bound', port: got };
      return E.SUCCESS;
    },

    sock_listen(fd: number, _backlog: number): number {
      const d = socketOf(fd);
      if (typeof d === 'number') return d;
      if (d.state.kind === 'open') {
        const got = network.bind(0, d);
        if (got === 'EADDRINUSE') return E.ADDRINUSE;
        d.state = { kind: 'bound', port: got };
      }
      if (d.state.kind === 'connected') return E.INVAL;
      if (d.state.kind === 'bound') d.state = { kind: 'listening', port: d.state.port, listener: network.listen(d.state.port) };
      ctx.onListen?.(d.state.port);
      return E.SUCCESS;
    },

    sock_accept(fd: number, flags: number, out: number): number | Promise<number> {
      const d = socketOf(fd);
      if (typeof d === 'number') return d;
      if (d.state.kind !== 'listening') return E.INVAL;
      if (flags & ~FDFLAGS_NONBLOCK) return E.INVAL;
      const listener = d.state.listener;
      mem.check(out, 4);
      return ctx.blockUntil(
        'sock_accept',
        () => {
          // At the fd cap the connection stays in the backlog, as Linux leaves it, and the guest hears EMFILE.
          if (fds.full) return E.MFILE;
          const end = listener.accept();
          if (end === undefined) return d.nonblocking ? E.AGAIN : BLOCKED;
          const conn = new SocketDescriptor(network, d.family, { kind: 'connected', end }, flags & FDFLAGS_NONBLOCK);
          conn.readTimeoutMs = d.readTimeoutMs; // as on Linux, an accepted socket inherits the listener's timeout
          mem.u32(out, fds.add(conn));
          return E.SUCCESS;
        },
        () => listener.whenPending(),
        d.readTimeoutMs, // and on Linux the listener's receive timeout also ends a waiting accept
      );
    },

    sock_connect(fd: number, addrPtr: number, port: number): number {
      const d = socketOf(fd);
      if (typeof d === 'number') return d;
      const addr = readAddress(addrPtr);
      if (typeof addr === 'number') return addr;
      if (d.state.kind === 'connected') return E.ISCONN;
      if (d.state.kind === 'listening') return E.INVAL;
      if (port > 65535) return E.INVAL;
      if (!isLocal(addr)) return E.HOSTUNREACH; // only this machine is on the virtual network
      try {
        d.state = { kind: 'connected', end: network.connect(port) };
      } catch (e) {
        if (e instanceof NetworkError) return E.CONNREFUSED;
        throw e;
      }
      return E.SUCCESS;
    },

    sock_recv(fd: number, iovs: number, count: number, riflags: number, nreadOut: number, roflagsOut: number): number | Promise<number> {
      const d = socketOf(fd);
      if (typeof d === 'number') return d;
      if (riflags & ~(RIFLAGS_RECV_PEEK | RIFLAGS_RECV_WAITALL)) return E.INVAL;
      if (d.state.kind !== 'connected') return E.NOTCONN;
      const end = d.state.end;
      // Every pointer is checked before any byte is taken off the connection, so a bad one loses nothing.
      mem.check(nreadOut, 4);
      mem.check(roflagsOut, 2);
      const want = mem.capacity(iovs, count);
      const peek = (riflags & RIFLAGS_RECV_PEEK) !== 0;
      const waitAll = (riflags & RIFLAGS_RECV_WAITALL) !== 0 && !peek;
      return ctx.blockUntil(
        'sock_recv',
        () => {
          if (waitAll && end.available < want && !end.ended && ctx.canSuspend) return BLOCKED;
          const data = end.read(want, peek);
          if (data === null) return d.nonblocking ? E.AGAIN : BLOCKED;
          mem.u32(nreadOut, mem.scatter(iovs, count, data));
          mem.check(roflagsOut, 2).setUint16(roflagsOut, 0, true);
          return E.SUCCESS;
        },
        () => end.whenReadable(),
        d.readTimeoutMs,
      );
    },

    sock_send(fd: number, iovs: number, count: number, _siflags: number, nwrittenOut: number): number {
      const d = socketOf(fd);
      if (typeof d === 'number') return d;
      if (d.state.kind !== 'connected') return E.NOTCONN;
      mem.check(nwrittenOut, 4);
      const data = mem.gather(iovs, count);
      if (!d.state.end.write(data)) return E.PIPE;
      mem.u32(nwrittenOut, data.length);
      return E.SUCCESS;
    },

    sock_shutdown(fd: number, how: number): number {
      const d = socketOf(fd);
      if (typeof d === 'number') return d;
      if (how === 0 || how & ~(SDFLAGS_RD | SDFLAGS_WR)) return E.INVAL;
      if (d.state.kind !== 'connected') return E.NOTCONN;
      if (how & SDFLAGS_RD) d.state.end.shutdownRead();
      if (how & SDFLAGS_WR) d.state.end.shutdownWrite();
      return E.SUCCESS;
    },

    sock_getlocaladdr(fd: number, addrPtr: number, typeOut: number, portOut: number): number {
      const d = socketOf(fd);
      if (typeof d === 'number') return d;
      return writeAddress(d, addrPtr, typeOut, portOut, false);
    },

    sock_getpeeraddr(fd: number, addrPtr: number, typeOut: number, portOut: number): number {
      const d = socketOf(fd);
      if (typeof d === 'number') return d;
      if (d.state.kind !== 'connected') return E.NOTCONN;
      return writeAddress(d, addrPtr, typeOut, portOut, true);
    },

    sock_setsockopt(fd: number, level: number, name: number, value: number, len: number): number {
      const d = socketOf(fd);
      if (typeof d === 'number') return d;
      if (level !== 0) return E.NOPROTOOPT;
      if (name === SO_RCVTIMEO) {
        // WasmEdge hands the bytes to the host's setsockopt: a 64-bit struct timeval {seconds, microseconds}.
        if (len < 16) return E.INVAL;
        const dv = mem.check(value, 16);
        const secs = dv.getBigInt64(value, true);
        const usecs = dv.getBigInt64(value + 8, true);
        if (secs < 0n || usecs < 0n || usecs >= 1_000_000n) return E.DOM; // as Linux answers
        const ms = Number(secs) * 1000 + Number(usecs) / 1000;
        d.readTimeoutMs = ms === 0 ? undefined : ms;
        return E.SUCCESS;
      }
      // Other options are accepted and have no effect: the virtual network has no buffers to tune.
      return name >= 0 && name <= 13 ? E.SUCCESS : E.NOPROTOOPT;
    },

    sock_getsockopt(fd: number, level: number, name: number, valueOut: number, lenOut: number): number {
      const d = socketOf(fd);
      if (typeof d === 'number') return d;
      if (level !== 0) return E.NOPROTOOPT;
      if (name < 0 || name > 13) return E.NOPROTOOPT;
      const value = name === 1 ? 2 /* SO_TYPE: stream */ : name === 13 ? Number(d.state.kind === 'listening') : 0;
      mem.u32(valueOut, value);
      mem.u32(lenOut, 4);
      return E.SUCCESS;
    },
  };
}
