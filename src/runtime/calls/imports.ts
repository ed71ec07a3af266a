// Builds the import object for one guest instance: every call of the table, each behind its guard, traced
// only if a listener asks, and the calls that may wait made JSPI-suspending when the guest can suspend.
import type { WasiContext } from './context.ts';
import { processCalls } from './calls-process.ts';
import { fdCalls } from './calls-fd.ts';
import { pathCalls } from './calls-path.ts';
import { pollCalls } from './calls-poll.ts';
import { socketCalls } from './calls-sock.ts';
import { MAY_BLOCK, WASI_MODULE, type AllCalls, type AnyCall } from './table.ts';
import { guard } from './guard.ts';
import { traceCalls } from './trace.ts';
import { jspi } from './jspi.ts';

/** The calls as plain functions (traced if the context asks); blocking ones may return a promise. */
export function buildCalls(ctx: WasiContext): Record<string, AnyCall> {
  // Typed against the table: a family that misses one of its calls, or adds one the table lacks, fails to compile.
  const families: AllCalls = {
    ...processCalls(ctx),
    ...fdCalls(ctx),
    ...pathCalls(ctx),
    ...pollCalls(ctx),
    ...socketCalls(ctx),
  };
  let calls: Record<string, AnyCall> = {};
  for (const name in families) calls[name] = guard(name, (families as Record<string, AnyCall>)[name]!);
  if (ctx.trace !== undefined) calls = traceCalls(calls, ctx.mem, ctx.trace, () => ctx.startedAt);
  return calls;
}

export function buildImports(ctx: WasiContext): WebAssembly.Imports {
  const calls = buildCalls(ctx);
  const ns: Record<string, unknown> = { ...calls };
  const api = jspi();
  if (ctx.canSuspend) {
    if (api === undefined) throw new Error('this engine has no JSPI (WebAssembly.Suspending)');
    for (const name of MAY_BLOCK) ns[name] = new api.Suspending(calls[name] as (...a: unknown[]) => unknown);
  }
  return { [WASI_MODULE]: ns as WebAssembly.ModuleImports };
}
