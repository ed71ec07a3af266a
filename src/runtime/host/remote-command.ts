// A command module in its own Worker (or Node worker thread), with the runaway bound and stdin from the page on demand.
import type { CommandResult } from '../guest/command.ts';
import type { TraceListener } from '../calls/trace.ts';
import type { WorkerCommandOptions } from './protocol.ts';
import { Channel, defaultWorker, toSource, type WorkerLike, type WorkerSource } from './channel.ts';
import { InterruptedError, RunawayError } from './errors.ts';

export interface WorkerCommandRunOptions extends Omit<WorkerCommandOptions, 'stdin'> {
  /** the runaway bound (time spent waiting for stdin does not count); default 5000 ms */
  timeoutMs?: number;
  /** bytes up front, or a source the guest reads on demand (an interactive terminal; needs JSPI in the Worker) */
  stdin?: string | Uint8Array | (() => Promise<Uint8Array | null>);
  name?: string;
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  onTrace?: TraceListener;
  createWorker?: () => WorkerLike;
  /** aborting ends the Worker at once (Ctrl+C in a terminal); the run rejects with an error named 'AbortError' */
  signal?: AbortSignal;
}

/** Runs a command in its own Worker; rejects with RunawayError past the bound, or the guest's trap. */
export async function runCommandInWorker(source: WorkerSource, options: WorkerCommandRunOptions = {}): Promise<Omit<CommandResult, 'fs'>> {
  const { timeoutMs = 5000, name, onStdout, onStderr, onTrace, createWorker, stdin, signal, ...runOptions } = options;
  const channel = new Channel((createWorker ?? defaultWorker)());
  const interrupted = (): void => channel.kill(new InterruptedError());
  if (signal?.aborted) interrupted();
  signal?.addEventListener('abort', interrupted, { once: true });
  let stderr = '';
  // The whole output, as the page received it: bounded in the guest's thread, so it stays small.
  let stdoutText = '';
  let stderrText = '';
  channel.onEvent = (m) => {
    if (m.type === 'output') {
      if (m.stream === 'stderr') {
        stderr = (stderr + m.text).slice(-4096);
        stderrText += m.text;
      } else stdoutText += m.text;
      (m.stream === 'stdout' ? onStdout : onStderr)?.(m.text);
    } else if (m.type === 'trace') {
      if (onTrace !== undefined) for (const event of m.events) onTrace(event);
    }
    else if (m.type === 'running') channel.rebound(timeoutMs);
    else if (m.type === 'stdin-wanted' && typeof stdin === 'function') {
      channel.pauseBounds();
      stdin().then(
        (chunk) => {
          channel.resumeBounds();
          channel.post({ type: 'stdin', chunk });
        },
        () => channel.post({ type: 'stdin', chunk: null }),
      );
    }
  };
  channel.onRunaway = (ms) => channel.kill(RunawayError.after(ms, stderr));
  const stdinOption = typeof stdin === 'function' ? 'on-demand' : stdin;
  try {
    const options2 = { ...runOptions, trace: onTrace !== undefined, ...(stdinOption !== undefined ? { stdin: stdinOption } : {}) };
    // Starting a thread and compiling do not count against the guest: its bound starts when it runs ('running').
    const reply = await channel.send({ type: 'run', source: toSource(source, name), options: options2 }, Math.max(10_000, timeoutMs));
    if (reply.type !== 'ran') throw new Error(`unexpected reply ${reply.type}`);
    return { ...reply.result, stdout: stdoutText, stderr: stderrText };
  } finally {
    signal?.removeEventListener('abort', interrupted);
    channel.kill(new Error('done'));
  }
}
