// How a WASI call is written out as text, one line per call: the CLI's --trace, the terminal's --trace and the
// widgets' trace tables all show the arguments the same way.
import type { TraceEvent } from '../runtime/calls/trace.ts';

/** `fd=3, path="/tmp"` */
export function formatTraceArgs(e: TraceEvent): string {
  return Object.entries(e.args).map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : String(v)}`).join(', ');
}

/** `[trace] fd_write(fd=1, ...) -> SUCCESS` */
export function formatTrace(e: TraceEvent): string {
  return `[trace] ${e.call}(${formatTraceArgs(e)}) -> ${e.errno}`;
}
