// poll_oneoff: waits for any of several clocks and fds, as event loops and `sleep` do.
import { E } from '../abi/errno.ts';
import { EVENTRWFLAGS_FD_READWRITE_HANGUP, EVENTTYPE_CLOCK, EVENTTYPE_FD_READ, EVENTTYPE_FD_WRITE, RIGHT, SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME } from '../abi/constants.ts';
import { BLOCKED } from '../abi/descriptor.ts';
import type { WasiContext } from './context.ts';
import { readSubscription, writeEvent, type Subscription } from '../abi/structs.ts';
import { clockNow } from './calls-process.ts';
import type { FamilyCalls } from './table.ts';

/** The longest delay setTimeout honours. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Pending {
  sub: Subscription;
  /** for clocks: when it fires, in ns on its own clock */
  deadline: bigint;
}

/** Sleeps without JSPI: Atomics.wait where the engine allows it (Node, Workers), else a busy wait. */
function sleepSync(ms: number): void {
  if (ms <= 0) return;
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    return;
  } catch {
    // No SharedArrayBuffer or Atomics.wait on this thread.
  }
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

export function pollCalls(ctx: WasiContext): FamilyCalls<'poll'> {
  const { mem, fds } = ctx;
  return {
    poll_oneoff(inPtr: number, outPtr: number, n: number, neventsOut: number): number | Promise<number> {
      if (n === 0) return E.INVAL;
      // Both arrays are checked whole before anything is read or waited for.
      mem.check(inPtr, n * 48);
      mem.check(outPtr, n * 32);
      mem.check(neventsOut, 4);
      const pending: Pending[] = [];
      for (let i = 0; i < n; i++) {
        const sub = readSubscription(mem, inPtr + i * 48);
        let deadline = 0n;
        if (sub.type === EVENTTYPE_CLOCK) {
          const now = clockNow(ctx, sub.idOrFd);
          if (now !== undefined) deadline = sub.flags & SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME ? sub.timeout : now + sub.timeout;
        } else if (sub.type !== EVENTTYPE_FD_READ && sub.type !== EVENTTYPE_FD_WRITE) return E.INVAL;
        pending.push({ sub, deadline });
      }

      const collect = (): number | typeof BLOCKED => {
        let count = 0;
        for (const { sub, deadline } of pending) {
          let error: number = E.SUCCESS;
          let nbytes = 0n;
          let flags = 0;
          let fired = false;
          if (sub.type === EVENTTYPE_CLOCK) {
            const now = clockNow(ctx, sub.idOrFd);
            if (now === undefined) [fired, error] = [true, E.INVAL];
            else fired = now >= deadline;
          } else {
            const d = fds.get(sub.idOrFd);
            if (d === undefined) [fired, error] = [true, E.BADF];
            else if (!(d.rightsBase & RIGHT.POLL_FD_READWRITE)) [fired, error] = [true, E.NOTCAPABLE];
            else {
              const r = sub.type === EVENTTYPE_FD_READ ? d.readReadiness() : d.writeReadiness();
              fired = r.ready;
              nbytes = r.nbytes;
              if (r.hangup) flags = EVENTRWFLAGS_FD_READWRITE_HANGUP;
            }
          }
          if (fired) writeEvent(mem, outPtr + 32 * count++, sub.userdata, error, sub.type, nbytes, flags);
        }
        if (count === 0) return BLOCKED;
        mem.u32(neventsOut, count);
        return E.SUCCESS;
      };

      /** Milliseconds until the first clock fires, or undefined when no clock was asked for. */
      const untilFirstClock = (): number | undefined => {
        let best: number | undefined;
        for (const { sub, deadline } of pending) {
          if (sub.type !== EVENTTYPE_CLOCK) continue;
          const now = clockNow(ctx, sub.idOrFd) ?? deadline;
          const ms = Math.max(0, Number(deadline - now) / 1e6);
          best = best === undefined ? ms : Math.min(best, ms);
        }
        return best;
      };

      const fdWaits = (): Promise<void>[] => {
        const waits: Promise<void>[] = [];
        for (const { sub } of pending) {
          if (sub.type !== EVENTTYPE_FD_READ) continue;
          const w = fds.get(sub.idOrFd)?.whenReadable();
          if (w !== undefined) waits.push(w);
        }
        return waits;
      };

      if (!ctx.canSuspend) {
        // Without JSPI only clocks can be waited for, by sleeping this thread.
        for (;;) {
          const r = collect();
          if (r !== BLOCKED) return r;
          const ms = untilFirstClock();
          if (ms === undefined || fdWaits().length > 0) return ctx.blockUntil('poll_oneoff', () => BLOCKED, () => undefined);
          sleepSync(Math.ceil(ms));
        }
      }

      return ctx.blockUntil('poll_oneoff', collect, () => {
        const ms = untilFirstClock();
        let settle: () => void = () => {};
        const settled = new Promise<void>((resolve) => (settle = resolve));
        const cancels: (() => void)[] = [];
        let timer: ReturnType<typeof setTimeout> | undefined;
        let woken = false;
        // The first descriptor (or the clock) to wake the poll cancels the other watches.
        const wake = (): void => {
          if (woken) return;
          woken = true;
          for (const cancel of cancels) cancel();
          clearTimeout(timer);
          settle();
        };
        for (const { sub } of pending) {
          if (sub.type !== EVENTTYPE_FD_READ) continue;
          const cancel = fds.get(sub.idOrFd)?.onReadable(wake);
          if (cancel !== undefined) cancels.push(cancel);
        }
        if (cancels.length === 0 && ms === undefined) return undefined;
        // Timers hold at most 2^31-1 ms (longer ones fire at once); a longer clock wakes once per ~24.8 days
        // to look again rather than spinning.
        if (ms !== undefined) timer = setTimeout(wake, Math.min(MAX_TIMER_MS, Math.ceil(ms)));
        return settled;
      });
    },
  };
}
