// Builds the import object for one guest instance: every preview1 call plus the socket extension,
// traced if asked, and with the calls that may wait made JSPI-suspending when the guest can suspend.
import type { WasiContext } from './context.ts';
import { processCalls } from './calls-process.ts';
import { fdCalls } from './calls-fd.ts';
import { pathCalls } from './calls-path.ts';
import { pollCalls } from './calls-poll.ts';
import { socketCalls } from './calls-sock.ts';
import { MAY_BLOCK, WASI_MODULE } from './signatures.ts';
import { traceCalls } from './trace.ts';
import { jspi } from './jspi.ts';

type Fn = (...args: never[]) => unknown;

/** The calls as plain functions (traced if the context asks); blocking ones may return a promise. */
export function buildCalls(ctx: WasiContext): Record<string, Fn> {
  let calls: Record<string, Fn> = {
    ...processCalls(ctx),
    ...fdCalls(ctx),
    ...pathCalls(ctx),
    ...pollCalls(ctx),
    ...socketCalls(ctx),
  };
  if (ctx.trace !== undefined) calls = traceCalls(calls, ctx.mem, ctx.trace, ctx.startedAt);
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
