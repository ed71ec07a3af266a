// The call trace: one event per WASI call, for teaching views. Imports are wrapped only when a
// listener exists, so a guest run without tracing pays nothing for it.
import { errnoName } from '../abi/errno.ts';
import type { GuestMemory } from '../abi/memory.ts';
import { PARAM_NAMES, PATH_ARGS, type AnyCall } from './table.ts';

export interface TraceEvent {
  /** 1, 2, 3... in call order */
  seq: number;
  call: string;
  /** arguments by name; path arguments also appear decoded, e.g. `path: "data/words.txt"` */
  args: Record<string, number | bigint | string>;
  /** the errno returned (0 = success); undefined for proc_exit, which does not return */
  result: number | undefined;
  errno: string;
  /** ms since the guest started */
  time: number;
  durationMs: number;
  /**
   * Set on a note rather than a call: this many calls were left out just before it, past the rate at which a guest's
   * thread reports them (src/runtime/host/output-bound.ts, TraceBound). `seq` and `time` are the last one's.
   */
  dropped?: number;
}

export type TraceListener = (event: TraceEvent) => void;

export function traceCalls(calls: Record<string, AnyCall>, mem: GuestMemory, listener: TraceListener, startedAt: () => number): Record<string, AnyCall> {
  let seq = 0;
  const out: Record<string, AnyCall> = {};
  for (const [call, fn] of Object.entries(calls)) {
    const names = PARAM_NAMES[call] ?? [];
    const paths = PATH_ARGS[call] ?? [];
    const wrapped = (...raw: unknown[]): unknown => {
      const t0 = performance.now();
      const args: Record<string, number | bigint | string> = {};
      raw.forEach((v, i) => (args[names[i] ?? `arg${i}`] = v as number | bigint));
      for (const [p, l] of paths) {
        try {
          args[names[p] ?? 'path'] = mem.string((raw[p] as number) >>> 0, (raw[l] as number) >>> 0);
        } catch {
          // memory not readable: keep the raw pointer
        }
      }
      const emit = (result: number | undefined): void => {
        listener({ seq: ++seq, call, args, result, errno: result === undefined ? '-' : errnoName(result), time: t0 - startedAt(), durationMs: performance.now() - t0 });
      };
      let r: unknown;
      try {
        r = (fn as (...a: unknown[]) => unknown)(...raw);
      } catch (e) {
        emit(undefined);
        throw e;
      }
      if (r instanceof Promise) {
        return r.then(
          (v: number) => (emit(v), v),
          (e: unknown) => {
            emit(undefined);
            throw e;
          },
        );
      }
      emit(typeof r === 'number' ? r : undefined);
      return r;
    };
    out[call] = wrapped as AnyCall;
  }
  return out;
}
