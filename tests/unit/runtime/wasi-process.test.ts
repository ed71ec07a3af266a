// args, environment, clocks, random, exit: the process-level WASI calls.
import { describe, expect, it, vi } from 'vitest';
import { direct } from './helpers/direct.ts';
import { ProcExit } from '../../../src/runtime/calls/context.ts';
import { E } from '../../../src/runtime/abi/errno.ts';

describe('args and environ', () => {
  it('reports sizes in UTF-8 bytes and writes NUL-terminated strings', () => {
    const g = direct({ args: ['prog', 'héllo', '日本'], env: ['A=1', 'NAME=Zoë'] });
    const [c, s] = [g.alloc(4), g.alloc(4)];
    expect(g.call('args_sizes_get', c, s)).toBe(0);
    expect(g.u32(c)).toBe(3);
    expect(g.u32(s)).toBe(5 + 7 + 7); // 'héllo' is 6 bytes, '日本' 6 bytes, each plus NUL
    const argv = g.alloc(12);
    const buf = g.alloc(g.u32(s));
    expect(g.call('args_get', argv, buf)).toBe(0);
    expect(g.text(g.u32(argv + 4), 6)).toBe('héllo');
    expect(g.u8(g.u32(argv + 4) + 6)).toBe(0);
    expect(g.text(g.u32(argv + 8), 6)).toBe('日本');

    expect(g.call('environ_sizes_get', c, s)).toBe(0);
    expect([g.u32(c), g.u32(s)]).toEqual([2, 4 + 10]);
    const envp = g.alloc(8);
    const ebuf = g.alloc(14);
    g.call('environ_get', envp, ebuf);
    expect(g.text(g.u32(envp + 4), 9)).toBe('NAME=Zoë');
  });
});

describe('clocks', () => {
  it('gives realtime near Date.now() and a monotonic clock that does not go back', () => {
    const g = direct();
    const out = g.alloc(8);
    expect(g.call('clock_time_get', 0, 1n, out)).toBe(0);
    expect(Math.abs(Number(g.u64(out) / 1_000_000n) - Date.now())).toBeLessThan(1000);
    g.call('clock_time_get', 1, 1n, out);
    const a = g.u64(out);
    g.call('clock_time_get', 1, 1n, out);
    expect(g.u64(out)).toBeGreaterThanOrEqual(a);
  });

  it('has process and thread CPU-time clocks', () => {
    const g = direct();
    const out = g.alloc(8);
    expect(g.call('clock_time_get', 2, 1n, out)).toBe(0);
    expect(g.call('clock_time_get', 3, 1n, out)).toBe(0);
    expect(g.call('clock_res_get', 2, out)).toBe(0);
    expect(g.u64(out)).toBeGreaterThan(0n);
  });

  it('rejects an unknown clock with INVAL', () => {
    const g = direct();
    const out = g.alloc(8);
    expect(g.call('clock_time_get', 9, 1n, out)).toBe(E.INVAL);
    expect(g.call('clock_res_get', 9, out)).toBe(E.INVAL);
  });
});

describe('random_get, sched_yield, proc_exit, proc_raise', () => {
  it('fills a buffer larger than 64 KiB with random bytes', () => {
    const g = direct();
    const size = 70_000;
    const p = g.alloc(size, 1);
    expect(g.call('random_get', p, size)).toBe(0);
    const view = new Uint8Array(g.memory.buffer, p, size);
    const zeros = view.filter((b) => b === 0).length;
    expect(zeros).toBeLessThan(size / 100); // about 1/256 expected
    expect(view.subarray(size - 1000).some((b) => b !== 0)).toBe(true);
  });

  it('yields with success', () => {
    expect(direct().call('sched_yield')).toBe(0);
  });

  it('exits by throwing ProcExit with the code', () => {
    const g = direct();
    try {
      g.call('proc_exit', 42);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProcExit);
      expect((e as ProcExit).code).toBe(42);
    }
  });

  it('reports proc_raise as unsupported', () => {
    expect(direct().call('proc_raise', 15)).toBe(E.NOTSUP);
  });
});

describe('the call trace', () => {
  it('does no trace work when nobody listens (no clock reads, no events), and does when someone does', () => {
    const plain = direct();
    const events: unknown[] = [];
    const traced = direct({ trace: (e) => events.push(e) });
    const now = vi.spyOn(performance, 'now');
    try {
      plain.write(1, 'x');
      expect(now).not.toHaveBeenCalled();
      traced.write(1, 'x');
      expect(now).toHaveBeenCalled();
      expect(events).toHaveLength(1);
    } finally {
      now.mockRestore();
    }
  });

  it('shows path arguments as text and the errno by name', () => {
    const events: { call: string; args: Record<string, unknown>; errno: string }[] = [];
    const g = direct({ trace: (e) => events.push(e) });
    g.open('missing.txt');
    expect(events.at(-1)).toMatchObject({ call: 'path_open', errno: 'NOENT', args: { fd: 3, path: 'missing.txt' } });
  });
});
