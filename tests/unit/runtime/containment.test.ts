// Containment details checked call by call: fd_renumber closes what it replaces, fd_readdir with wild
// cookies and lengths, poll_oneoff clocks longer than a timer can hold, and log lines that never end.
import { describe, expect, it, vi } from 'vitest';
import { direct, type Direct } from './helpers/direct.ts';
import { E } from '../../../src/runtime/abi/errno.ts';
import { LineSplitter } from '../../../src/runtime/guest/output.ts';
import { DescriptorTable } from '../../../src/runtime/abi/descriptor.ts';
import { StdinDescriptor } from '../../../src/runtime/devices/stdio.ts';

function socket(g: Direct): number {
  const out = g.alloc(4);
  expect(g.call('sock_open', 1, 2, out)).toBe(0);
  return g.u32(out);
}

function bind(g: Direct, fd: number, port: number): number {
  const addr = g.alloc(8);
  const buf = g.alloc(4);
  const dv = new DataView(g.memory.buffer);
  dv.setUint32(addr, buf, true);
  dv.setUint32(addr + 4, 4, true);
  return g.call('sock_bind', fd, addr, port);
}

describe('fd_renumber', () => {
  it('closes the descriptor it replaces (its port is free again)', () => {
    const g = direct();
    const a = socket(g);
    const b = socket(g);
    expect(bind(g, b, 9000)).toBe(0);
    expect(g.call('fd_renumber', a, b)).toBe(0);
    expect(g.ctx.fds.get(a)).toBeUndefined();
    // Were the replaced socket left open, 9000 would stay bound and this bind would get ADDRINUSE.
    const c = socket(g);
    expect(bind(g, c, 9000)).toBe(0);
  });
});

describe('the fd table', () => {
  it('closes numbers it never had at once and hands freed numbers out again', () => {
    const t = new DescriptorTable(8);
    const d = new StdinDescriptor(undefined);
    const fds = [t.add(d), t.add(d), t.add(d)];
    expect(fds).toEqual([0, 1, 2]);
    expect(t.remove(2147483647)).toBeUndefined();
    expect(t.remove(4294967295)).toBeUndefined();
    t.remove(1);
    expect(t.add(d)).toBe(1);
    for (let i = 0; i < 5; i++) t.add(d);
    expect(t.full).toBe(true);
    expect(() => t.add(d)).toThrow(/full/);
  });
});

describe('fd_readdir', () => {
  it('answers a cookie past the end with no entries and a length past memory with EFAULT', () => {
    const g = direct({ files: { '/a': 'x' } });
    const buf = g.alloc(256);
    const used = g.alloc(4);
    expect(g.call('fd_readdir', 3, buf, 256, -1n, used)).toBe(0);
    expect(g.u32(used)).toBe(0);
    expect(g.call('fd_readdir', 3, buf, 256, 2n ** 40n, used)).toBe(0);
    expect(g.call('fd_readdir', 3, buf, -1, 0n, used)).toBe(E.FAULT);
    expect(g.call('fd_readdir', 3, buf, 256, 0n, used)).toBe(0);
    expect(g.u32(used)).toBeGreaterThan(24 * 3);
  });
});

describe('poll_oneoff', () => {
  it('waits on a clock longer than 2^31 ms with one timer of the longest allowed delay, not one per millisecond', async () => {
    const g = direct({ canSuspend: true });
    const sub = g.alloc(48);
    const dv = new DataView(g.memory.buffer);
    dv.setUint8(sub + 8, 0); // clock
    dv.setUint32(sub + 16, 1, true); // monotonic
    dv.setBigUint64(sub + 24, 2n ** 31n * 1_000_000n * 4n, true); // about 99 days, in ns
    const events = g.alloc(32);
    const nevents = g.alloc(4);
    const timeouts = vi.spyOn(globalThis, 'setTimeout');
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const pending = g.raw('poll_oneoff')(sub, events, 1, nevents) as Promise<number>;
      expect(pending).toBeInstanceOf(Promise);
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      const delays = timeouts.mock.calls.map((c) => c[1]);
      expect(delays).toEqual([2 ** 31 - 1]);
      g.ctx.stop();
      await expect(pending).rejects.toThrow(/stopped/);
    } finally {
      timeouts.mockRestore();
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('TimeoutOverflowWarning');
  });
});

describe('server log lines', () => {
  it('cuts a line that never ends at the limit, marks it, and splits in linear time', () => {
    const lines: string[] = [];
    const split = new LineSplitter((l) => lines.push(l), 1000);
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    // 32 MiB without a newline: with re-splitting this was quadratic; here it is one pass over each chunk.
    for (let i = 0; i < 512; i++) split.sink(chunk);
    split.sink(new TextEncoder().encode('\nnext line\r\n'));
    split.flush();
    expect(lines).toEqual([`${'x'.repeat(1000)} [line cut at 1000 characters]`, 'next line']);
  });
});

describe('sockets and bad pointers', () => {
  it('answers EFAULT for a bad result pointer in sock_recv without taking the bytes', () => {
    const g = direct();
    const lfd = socket(g);
    expect(bind(g, lfd, 9100)).toBe(0);
    expect(g.call('sock_listen', lfd, 4)).toBe(0);
    const client = g.network.connect(9100);
    const out = g.alloc(4);
    expect(g.call('sock_accept', lfd, 0, out)).toBe(0);
    const conn = g.u32(out);
    client.write(new TextEncoder().encode('hello'));
    const [iovs, buf] = g.iov(16);
    expect(g.call('sock_recv', conn, iovs, 1, 0, 0xfffffff0, out)).toBe(E.FAULT);
    const roflags = g.alloc(4);
    expect(g.call('sock_recv', conn, iovs, 1, 0, out, roflags)).toBe(0);
    expect(g.text(buf, g.u32(out))).toBe('hello');
  });
});
