// The WasmEdge socket extension on the virtual network: the happy path and the errno a real socket gives.
import { describe, expect, it } from 'vitest';
import { direct, type Direct } from './helpers/direct.ts';
import { E } from '../../../src/runtime/abi/errno.ts';
import { VirtualNetwork } from '../../../src/runtime/devices/net/virtual-network.ts';

function address(g: Direct, bytes: number[]): number {
  const addr = g.alloc(8);
  const buf = g.alloc(bytes.length);
  new Uint8Array(g.memory.buffer).set(bytes, buf);
  const dv = new DataView(g.memory.buffer);
  dv.setUint32(addr, buf, true);
  dv.setUint32(addr + 4, bytes.length, true);
  return addr;
}

function open(g: Direct): number {
  const out = g.alloc(4);
  expect(g.call('sock_open', 1, 2, out)).toBe(0);
  return g.u32(out);
}

function listen(g: Direct, port: number): number {
  const fd = open(g);
  expect(g.call('sock_bind', fd, address(g, [0, 0, 0, 0]), port)).toBe(0);
  expect(g.call('sock_listen', fd, 16)).toBe(0);
  return fd;
}

function accept(g: Direct, fd: number): [number, number] {
  const out = g.alloc(4);
  const e = g.call('sock_accept', fd, 0, out);
  return [e, g.u32(out)];
}

describe('a server socket', () => {
  it('listens, accepts, receives, sends and closes', () => {
    const g = direct();
    const lfd = listen(g, 8090);
    expect(g.network.isListening(8090)).toBe(true);
    const client = g.network.connect(8090);
    client.write(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'));
    const [e, cfd] = accept(g, lfd);
    expect(e).toBe(0);
    const [iovs, buf] = g.iov(64);
    const n = g.alloc(4);
    const flags = g.alloc(2);
    expect(g.call('sock_recv', cfd, iovs, 1, 0, n, flags)).toBe(0);
    expect(g.text(buf, g.u32(n))).toBe('GET / HTTP/1.1\r\n\r\n');
    const [ciovs] = g.ciov('HTTP/1.1 200 OK\r\n\r\n');
    expect(g.call('sock_send', cfd, ciovs, 1, 0, n)).toBe(0);
    expect(g.u32(n)).toBe(19);
    expect(g.write(cfd, 'body')).toEqual([0, 4]); // fd_write works on sockets too
    expect(g.call('fd_close', cfd)).toBe(0);
    expect(new TextDecoder().decode(client.read(100)!)).toBe('HTTP/1.1 200 OK\r\n\r\nbody');
    expect(client.read(100)).toEqual(new Uint8Array(0)); // end of stream
  });

  it('peeks without consuming, and sees 0 bytes when the peer has closed', () => {
    const g = direct();
    const lfd = listen(g, 81);
    const client = g.network.connect(81);
    client.write(new TextEncoder().encode('abc'));
    const [, cfd] = accept(g, lfd);
    const [iovs, buf] = g.iov(8);
    const n = g.alloc(4);
    const flags = g.alloc(2);
    g.call('sock_recv', cfd, iovs, 1, 1 /* PEEK */, n, flags);
    expect(g.text(buf, g.u32(n))).toBe('abc');
    expect(g.read(cfd)).toEqual([0, 'abc']);
    client.close();
    expect(g.call('sock_recv', cfd, iovs, 1, 0, n, flags)).toBe(0);
    expect(g.u32(n)).toBe(0);
  });

  it('reports its local address and port', () => {
    const g = direct();
    const lfd = listen(g, 8091);
    const addr = address(g, [9, 9, 9, 9]);
    const type = g.alloc(4);
    const port = g.alloc(4);
    expect(g.call('sock_getlocaladdr', lfd, addr, type, port)).toBe(0);
    expect([g.u32(type), g.u32(port)]).toEqual([4, 8091]);
    const buf = g.u32(addr);
    expect([...new Uint8Array(g.memory.buffer, buf, 4)]).toEqual([0, 0, 0, 0]);
  });

  it('accepts options with setsockopt (SO_REUSEADDR) and gives NOPROTOOPT for an unknown level', () => {
    const g = direct();
    const fd = open(g);
    const v = g.alloc(4);
    expect(g.call('sock_setsockopt', fd, 0, 0, v, 4)).toBe(0);
    expect(g.call('sock_setsockopt', fd, 6, 1, v, 4)).toBe(E.NOPROTOOPT);
  });

  it('with a non-blocking listener, accept gives AGAIN when nobody is waiting', () => {
    const g = direct();
    const lfd = listen(g, 82);
    expect(g.call('fd_fdstat_set_flags', lfd, 4)).toBe(0);
    expect(accept(g, lfd)[0]).toBe(E.AGAIN);
  });
});

describe('a client socket', () => {
  it('connects to a listening port and talks to it', () => {
    const g = direct();
    const server = g.network.listen(5000);
    g.network.bind(5000, server);
    const fd = open(g);
    expect(g.call('sock_connect', fd, address(g, [127, 0, 0, 1]), 5000)).toBe(0);
    expect(g.write(fd, 'hi')).toEqual([0, 2]);
    const peer = server.accept()!;
    expect(new TextDecoder().decode(peer.read(10)!)).toBe('hi');
    const addr = address(g, [0, 0, 0, 0]);
    const type = g.alloc(4);
    const port = g.alloc(4);
    expect(g.call('sock_getpeeraddr', fd, addr, type, port)).toBe(0);
    expect(g.u32(port)).toBe(5000);
  });
});

describe('socket errors', () => {
  it('ADDRINUSE when a second socket binds the same port, also across guests on one network', () => {
    const network = new VirtualNetwork();
    const a = direct({ network });
    const b = direct({ network });
    listen(a, 8090);
    const fd = open(b);
    expect(b.call('sock_bind', fd, address(b, [0, 0, 0, 0]), 8090)).toBe(E.ADDRINUSE);
  });

  it('CONNREFUSED when nothing listens', () => {
    const g = direct();
    const fd = open(g);
    expect(g.call('sock_connect', fd, address(g, [127, 0, 0, 1]), 9999)).toBe(E.CONNREFUSED);
  });

  it('BADF for a closed fd, NOTSOCK for a file', () => {
    const g = direct({ files: { '/f': '' } });
    const [, file] = g.open('f');
    const out = g.alloc(4);
    expect(g.call('sock_accept', 99, 0, out)).toBe(E.BADF);
    expect(g.call('sock_accept', file, 0, out)).toBe(E.NOTSOCK);
    expect(g.call('sock_listen', file, 1)).toBe(E.NOTSOCK);
    expect(g.call('sock_shutdown', 1, 3)).toBe(E.NOTSOCK);
  });

  it('INVAL for a bad address length, bad shutdown flags, accept on a non-listening socket', () => {
    const g = direct();
    const fd = open(g);
    expect(g.call('sock_bind', fd, address(g, [1, 2, 3]), 80)).toBe(E.INVAL);
    const out = g.alloc(4);
    expect(g.call('sock_accept', fd, 0, out)).toBe(E.INVAL);
    const lfd = listen(g, 83);
    g.network.connect(83);
    const [, cfd] = accept(g, lfd);
    expect(g.call('sock_shutdown', cfd, 0)).toBe(E.INVAL);
    expect(g.call('sock_shutdown', cfd, 8)).toBe(E.INVAL);
  });

  it('ADDRNOTAVAIL for an address other than this machine; AFNOSUPPORT for an unknown family', () => {
    const g = direct();
    const fd = open(g);
    expect(g.call('sock_bind', fd, address(g, [10, 0, 0, 1]), 80)).toBe(E.ADDRNOTAVAIL);
    expect(g.call('sock_open', 9, 2, g.alloc(4))).toBe(E.AFNOSUPPORT);
  });

  it('NOTCONN for data calls on an unconnected socket; PIPE for a send after shutdown', () => {
    const g = direct();
    const fd = open(g);
    const [iovs] = g.ciov('x');
    const n = g.alloc(4);
    expect(g.call('sock_send', fd, iovs, 1, 0, n)).toBe(E.NOTCONN);
    expect(g.call('sock_recv', fd, iovs, 1, 0, n, n)).toBe(E.NOTCONN);
    expect(g.call('sock_shutdown', fd, 3)).toBe(E.NOTCONN);
    const lfd = listen(g, 84);
    g.network.connect(84);
    const [, cfd] = accept(g, lfd);
    expect(g.call('sock_shutdown', cfd, 2)).toBe(0);
    expect(g.call('sock_send', cfd, iovs, 1, 0, n)).toBe(E.PIPE);
  });

  it('frees the port when the listening socket closes', () => {
    const g = direct();
    const lfd = listen(g, 85);
    expect(g.call('fd_close', lfd)).toBe(0);
    expect(g.network.isListening(85)).toBe(false);
    listen(g, 85);
  });
});

describe('SO_RCVTIMEO (sock_setsockopt level 0, name 11)', () => {
  function timeval(g: Direct, secs: bigint, usecs: bigint): number {
    const p = g.alloc(16);
    const dv = new DataView(g.memory.buffer);
    dv.setBigInt64(p, secs, true);
    dv.setBigInt64(p + 8, usecs, true);
    return p;
  }

  it('ends a waiting read with AGAIN once the timeout runs out (JSPI)', async () => {
    const g = direct({ canSuspend: true });
    const lfd = listen(g, 86);
    const client = g.network.connect(86);
    const out = g.alloc(4);
    expect(await g.call('sock_accept', lfd, 0, out)).toBe(0);
    const cfd = g.u32(out);
    expect(g.call('sock_setsockopt', cfd, 0, 11, timeval(g, 0n, 80_000n), 16)).toBe(0);
    const [iovs] = g.iov(16);
    const n = g.alloc(4);
    const t0 = performance.now();
    expect(await g.raw('fd_read')(cfd, iovs, 1, n)).toBe(E.AGAIN);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(75);
    client.write(new TextEncoder().encode('late'));
    expect(await g.raw('fd_read')(cfd, iovs, 1, n)).toBe(0); // data that is there is read at once
    expect(g.u32(n)).toBe(4);
  });

  it('gives AGAIN at once without JSPI, rejects a short value (INVAL) and a bad one (DOM)', () => {
    const g = direct();
    const lfd = listen(g, 87);
    g.network.connect(87);
    const [, cfd] = accept(g, lfd);
    const [iovs] = g.iov(16);
    const n = g.alloc(4);
    expect(g.call('sock_setsockopt', cfd, 0, 11, timeval(g, 5n, 0n), 8)).toBe(E.INVAL);
    expect(g.call('sock_setsockopt', cfd, 0, 11, timeval(g, 1n, 2_000_000n), 16)).toBe(18);
    expect(g.call('sock_setsockopt', cfd, 0, 11, timeval(g, 5n, 0n), 16)).toBe(0);
    expect(g.call('fd_read', cfd, iovs, 1, n)).toBe(E.AGAIN);
  });
});
