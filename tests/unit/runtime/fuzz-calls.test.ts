// A seeded, bounded fuzzer over every WASI import: random arguments of each parameter's kind (valid and open
// fds, huge and negative numbers, pointers in, across and far outside memory), over memory full of random
// bytes. Every call must return an errno; the only exceptions allowed are the ones a guest causes on purpose
// (proc_exit, or waiting in a blocking call where the engine cannot suspend). Anything else fails the test
// with the seed and the call, so a failure can be replayed.
import { describe, expect, it } from 'vitest';
import { CALLS, MAY_BLOCK, PARAM_KINDS, type CallName } from '../../../src/runtime/calls/table.ts';
import { GuestBlocked, GuestStopped, ProcExit } from '../../../src/runtime/calls/context.ts';
import { ERRNO_NAMES } from '../../../src/runtime/abi/errno.ts';
import { direct } from './helpers/direct.ts';

const SEED = Number(process.env['FUZZ_SEED'] ?? 0x5eed);
const ROUNDS = 40;
const CALLS_PER_ROUND = 600;

/** mulberry32: small, fast and reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RIGHTS_ANY = 2n ** 64n - 1n;

describe('the WASI import fuzzer', () => {
  it(`answers ${ROUNDS * CALLS_PER_ROUND} random calls with errnos, never an exception the guest did not cause (seed ${SEED})`, () => {
    const random = rng(SEED);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const u32 = (): number => Math.floor(random() * 2 ** 32);
    const names = Object.keys(CALLS) as CallName[];
    const failures: string[] = [];
    let errnos = 0;
    let allowed = 0;

    for (let round = 0; round < ROUNDS && failures.length === 0; round++) {
      const g = direct({ files: { '/a.txt': 'alpha', '/d/b.txt': 'beta', '/d/e/': '' }, stdin: 'input' });
      const size = g.memory.buffer.byteLength;
      const bytes = new Uint8Array(g.memory.buffer);
      // Random bytes everywhere past the first page: iovecs, addresses and subscriptions point anywhere.
      for (let i = 4096; i < size; i++) bytes[i] = Math.floor(random() * 256);
      const openFds = (): number[] => [...g.ctx.fds.entries()].map(([fd]) => fd);
      const small = [0, 1, 2, 3, 4, 7, 8, 16, 24, 48, 64];
      const arg = (kind: string): number | bigint => {
        const r = random();
        switch (kind) {
          case 'fd':
            return r < 0.6 ? pick(openFds()) : pick([-1, 0x7fffffff, -0x80000000, u32(), 5, 9, 1023, 1024]);
          case 'ptr':
          case 'path':
            return r < 0.7 ? 4096 + Math.floor(random() * (size - 4096 - 64)) : pick([0, size - 1, size - 4, size, size + 8, -1, -8, 0x7fffffff, -0x80000000, u32()]);
          case 'size':
            return r < 0.7 ? pick(small) : pick([-1, 0x7fffffff, -0x80000000, size, u32(), 4096]);
          case 'u32':
            return r < 0.6 ? pick([0, 1, 2, 3, 4, 5, 6, 8, 11, 13, 15, 16, 0xff]) : pick([-1, 0x7fffffff, -0x80000000, u32(), 65535, 65536]);
          default:
            return r < 0.5 ? BigInt(pick(small)) : pick([-1n, 2n ** 63n - 1n, -(2n ** 63n), BigInt(u32()) << 31n, RIGHTS_ANY]);
        }
      };
      for (let i = 0; i < CALLS_PER_ROUND; i++) {
        const name = pick(names);
        const args = PARAM_KINDS[name]!.map(arg);
        if (name === 'poll_oneoff') {
          // A clock subscription with a random timeout would sleep for ages without JSPI: keep clocks short.
          const [subs, , n] = args as number[];
          const count = Math.min(n! >>> 0, 8);
          for (let k = 0; k < count; k++) {
            const at = (subs! >>> 0) + k * 48;
            if (at + 48 <= size) new DataView(g.memory.buffer).setBigUint64(at + 24, BigInt(k * 1000), true);
          }
        }
        try {
          const r = g.raw(name)(...args);
          if (typeof r !== 'number' || !Number.isInteger(r) || r < 0 || r >= ERRNO_NAMES.length) {
            failures.push(`${name}(${args.join(', ')}) returned ${String(r)}`);
            break;
          }
          errnos++;
        } catch (e) {
          if (e instanceof ProcExit || e instanceof GuestBlocked) {
            allowed++;
            continue;
          }
          failures.push(`${name}(${args.join(', ')}) threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} (round ${round}, seed ${SEED})`);
          break;
        }
      }
      g.ctx.closeAll();
    }
    expect(failures).toEqual([]);
    expect(errnos).toBeGreaterThan(ROUNDS * CALLS_PER_ROUND * 0.8);
    expect(allowed).toBeGreaterThan(0);
  });
});


describe('the WASI import fuzzer with JSPI-style waiting', () => {
  it(`answers random calls that may wait with errnos too; a wait that does not end is stopped (seed ${SEED})`, async () => {
    const random = rng(SEED ^ 0xa5a5);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const names = Object.keys(CALLS) as CallName[];
    const failures: string[] = [];
    let calls = 0;
    let waited = 0;
    for (let round = 0; round < 100 && failures.length === 0; round++) {
      const g = direct({ files: { '/a.txt': 'alpha' }, stdin: 'input', canSuspend: true });
      const size = g.memory.buffer.byteLength;
      const bytes = new Uint8Array(g.memory.buffer);
      for (let i = 4096; i < size; i++) bytes[i] = Math.floor(random() * 256);
      // A listening socket with a waiting connection, so accept, recv and poll have something to find.
      const out = g.alloc(4);
      g.call('sock_open', 1, 2, out);
      const lfd = g.u32(out);
      const addr = g.alloc(8);
      new DataView(g.memory.buffer).setUint32(addr, g.alloc(4), true);
      new DataView(g.memory.buffer).setUint32(addr + 4, 4, true);
      g.call('sock_bind', lfd, addr, 7000);
      g.call('sock_listen', lfd, 4);
      g.network.connect(7000).write(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'));
      const fds = (): number[] => [...g.ctx.fds.entries()].map(([fd]) => fd);
      const arg = (kind: string): number | bigint => {
        const r = random();
        if (kind === 'fd') return r < 0.8 ? pick(fds()) : pick([-1, 0x7fffffff]);
        if (kind === 'ptr' || kind === 'path') return r < 0.8 ? 4096 + Math.floor(random() * (size - 4096 - 64)) : pick([-1, size - 2, 0x7fffffff]);
        if (kind === 'size') return r < 0.8 ? pick([0, 1, 2, 4, 16]) : pick([-1, size]);
        if (kind === 'u32') return pick([0, 0, 0, 1, 2, 4, -1]);
        return pick([0n, 1n, -1n]);
      };
      for (let i = 0; i < 100; i++) {
        // Half the calls are ones that may wait, so the waiting paths get as much random input as the rest.
        const name = random() < 0.5 ? pick([...MAY_BLOCK]) : pick(names);
        if (name === 'proc_exit') continue;
        const args = PARAM_KINDS[name]!.map(arg);
        if (name === 'poll_oneoff') {
          const at = (args[0] as number) >>> 0;
          if (at + 48 <= size) {
            const dv = new DataView(g.memory.buffer);
            if (random() < 0.5) dv.setUint8(at + 8, 0); // a clock...
            dv.setUint32(at + 16, pick([0, 1, lfd, 99]), true); // ...or an fd subscription, on a clock id or fd
            dv.setBigUint64(at + 24, 1000n, true);
          }
        }
        if (name === 'sock_accept' || name === 'sock_recv') args[0] = pick(fds());
        calls++;
        let r: unknown;
        try {
          r = g.raw(name)(...args);
          if (r instanceof Promise) {
            waited++;
            // Nothing outside the guest acts here (no peer writes, no typed input), so a call still waiting once the
            // event loop has turned waits for good, except on a clock: stopping it then tests the stop path.
            const settled = await Promise.race([r, new Promise((resolve) => setImmediate(() => resolve('waiting')))]);
            if (settled === 'waiting') {
              g.ctx.stop();
              await r.catch((e: unknown) => {
                if (!(e instanceof GuestStopped)) throw e;
              });
              break;
            }
            r = settled;
          }
          if (typeof r !== 'number' || !Number.isInteger(r) || r < 0 || r >= ERRNO_NAMES.length) {
            failures.push(`${name}(${args.join(', ')}) returned ${String(r)}`);
            break;
          }
        } catch (e) {
          failures.push(`${name}(${args.join(', ')}) threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} (round ${round})`);
          break;
        }
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(1000);
    expect(waited).toBeGreaterThan(0);
  }, 60_000);
});
