// poll_oneoff with clock and fd subscriptions, with and without the ability to suspend.
import { describe, expect, it } from 'vitest';
import { direct, type Direct } from './helpers/direct.ts';
import { E } from '../../../src/runtime/abi/errno.ts';

interface Sub {
  userdata: bigint;
  clock?: { id: number; timeoutNs: bigint; abs?: boolean };
  read?: number;
  write?: number;
}

function subscriptions(g: Direct, subs: Sub[]): number {
  const p = g.alloc(48 * subs.length);
  const dv = new DataView(g.memory.buffer);
  subs.forEach((s, i) => {
    const at = p + i * 48;
    dv.setBigUint64(at, s.userdata, true);
    if (s.clock) {
      dv.setUint8(at + 8, 0);
      dv.setUint32(at + 16, s.clock.id, true);
      dv.setBigUint64(at + 24, s.clock.timeoutNs, true);
      dv.setUint16(at + 40, s.clock.abs ? 1 : 0, true);
    } else {
      dv.setUint8(at + 8, s.read !== undefined ? 1 : 2);
      dv.setUint32(at + 16, s.read ?? s.write ?? 0, true);
    }
  });
  return p;
}

function events(g: Direct, out: number, n: number) {
  return Array.from({ length: g.u32(n) }, (_, i) => ({
    userdata: g.u64(out + i * 32),
    error: g.u16(out + i * 32 + 8),
    type: g.u8(out + i * 32 + 10),
    nbytes: g.u64(out + i * 32 + 16),
  }));
}

describe('poll_oneoff', () => {
  it('sleeps for a relative clock timeout (without JSPI, by blocking the thread)', () => {
    const g = direct();
    const subs = subscriptions(g, [{ userdata: 5n, clock: { id: 1, timeoutNs: 30_000_000n } }]);
    const out = g.alloc(64);
    const n = g.alloc(4);
    const t0 = performance.now();
    expect(g.call('poll_oneoff', subs, out, 1, n)).toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(29);
    expect(events(g, out, n)).toEqual([{ userdata: 5n, error: 0, type: 0, nbytes: 0n }]);
  });

  it('fires an absolute deadline in the past at once', () => {
    const g = direct();
    const subs = subscriptions(g, [{ userdata: 1n, clock: { id: 1, timeoutNs: 1n, abs: true } }]);
    const out = g.alloc(64);
    const n = g.alloc(4);
    expect(g.call('poll_oneoff', subs, out, 1, n)).toBe(0);
    expect(g.u32(n)).toBe(1);
  });

  it('reports a readable stdin with its byte count before the clock fires', () => {
    const g = direct({ stdin: 'hello' });
    const subs = subscriptions(g, [{ userdata: 1n, clock: { id: 1, timeoutNs: 5_000_000_000n } }, { userdata: 2n, read: 0 }, { userdata: 3n, write: 1 }]);
    const out = g.alloc(128);
    const n = g.alloc(4);
    expect(g.call('poll_oneoff', subs, out, 3, n)).toBe(0);
    expect(events(g, out, n)).toEqual([
      { userdata: 2n, error: 0, type: 1, nbytes: 5n },
      { userdata: 3n, error: 0, type: 2, nbytes: 0n },
    ]);
  });

  it('answers a bad fd with an event carrying BADF, and no subscriptions with INVAL', () => {
    const g = direct();
    const subs = subscriptions(g, [{ userdata: 9n, read: 42 }]);
    const out = g.alloc(64);
    const n = g.alloc(4);
    expect(g.call('poll_oneoff', subs, out, 1, n)).toBe(0);
    expect(events(g, out, n)).toEqual([{ userdata: 9n, error: E.BADF, type: 1, nbytes: 0n }]);
    expect(g.call('poll_oneoff', subs, out, 0, n)).toBe(E.INVAL);
  });

  it('with JSPI, waits for a socket to become readable without blocking the thread', async () => {
    const g = direct({ canSuspend: true });
    // a connected pair: the guest's socket is an accepted connection
    const fdOut = g.alloc(4);
    g.call('sock_open', 1, 2, fdOut);
    const lfd = g.u32(fdOut);
    const addr = g.alloc(8);
    const ip = g.alloc(4);
    new DataView(g.memory.buffer).setUint32(addr, ip, true);
    new DataView(g.memory.buffer).setUint32(addr + 4, 4, true);
    expect(g.call('sock_bind', lfd, addr, 7000)).toBe(0);
    expect(g.call('sock_listen', lfd, 8)).toBe(0);
    const client = g.network.connect(7000);
    expect(await g.call('sock_accept', lfd, 0, fdOut)).toBe(0);
    const cfd = g.u32(fdOut);
    const subs = subscriptions(g, [{ userdata: 4n, read: cfd }, { userdata: 8n, clock: { id: 1, timeoutNs: 5_000_000_000n } }]);
    const out = g.alloc(64);
    const n = g.alloc(4);
    const pending = g.raw('poll_oneoff')(subs, out, 2, n) as Promise<number>;
    expect(pending).toBeInstanceOf(Promise);
    // The poll is waiting (a promise): data arriving now wakes it.
    client.write(new TextEncoder().encode('ping'));
    expect(await pending).toBe(0);
    expect(events(g, out, n)).toEqual([{ userdata: 4n, error: 0, type: 1, nbytes: 4n }]);
  });
});
