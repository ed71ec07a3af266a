// How a guest's activity is written out as text: one line per WASI call (the CLI's and the terminal's --trace, the
// widgets' trace tables), and an exit status with what it means.
import type { TraceEvent } from '../calls/trace.ts';
import { droppedTraceNote } from './output-bound.ts';
import { EXIT_INTERRUPTED, EXIT_RUNAWAY, EXIT_TRAPPED } from './outcome.ts';

/** `fd=3, path="/tmp"` */
export function formatTraceArgs(e: TraceEvent): string {
  return Object.entries(e.args).map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : String(v)}`).join(', ');
}

/** `fd_write(fd=1, ...)` */
export const formatCall = (e: TraceEvent): string => `${e.call}(${formatTraceArgs(e)})`;

/** Whether a call failed (`-`: a call with no errno, e.g. proc_exit, did not fail). */
export const callFailed = (e: TraceEvent): boolean => e.errno !== 'SUCCESS' && e.errno !== '-';

/** `[trace] fd_write(fd=1, ...) -> SUCCESS`; a note for calls left out: `[N trace lines dropped: ...]` */
export function formatTrace(e: TraceEvent): string {
  if (e.dropped !== undefined) return droppedTraceNote(e.dropped);
  return `[trace] ${formatCall(e)} -> ${e.errno}`;
}

/** An exit status as the widgets show it: `0 (success)`, `134 (the module trapped)`. */
export function formatExit(status: number): string {
  const why = status === 0 ? 'success' : status === EXIT_TRAPPED ? 'the module trapped' : status === EXIT_RUNAWAY ? 'stopped: no answer in time' : status === EXIT_INTERRUPTED ? 'interrupted' : 'failure';
  return `${status} (${why})`;
}
