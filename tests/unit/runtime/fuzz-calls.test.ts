// A seeded, bounded fuzzer over every WASI import: random arguments of each parameter's kind (valid and open
// fds, huge and negative numbers, pointers in, across and far outside memory), over memory full of random
// bytes. Every call must return an errno; the only exceptions allowed are the ones a guest causes on purpose
// (proc_exit, or waiting in a blocking call where the engine cannot suspend). Anything else fails the test
// with the seed and the call, so a failure can be replayed.
import { describe, expect, it } from 'vitest';
import { CALLS, PARAM_KINDS, type CallName } from '../../../src/runtime/calls/table.ts';
import { GuestBlocked, ProcExit } from '../../../src/runtime/calls/context.ts';
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

const RIGHTS_ANY = 2n ** 64n - 1n;
