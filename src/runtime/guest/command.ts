// Running a WASI command module to completion: args, env, files and stdin in; exit code and output out.
import { MemoryFileSystem, type FileMap } from '../devices/fs/memory-fs.ts';
import { createInstance, GuestTrap } from './instance.ts';
import { GuestBlocked } from '../calls/context.ts';
import type { StdinSource } from '../devices/stdio.ts';
import type { TraceListener } from '../calls/trace.ts';
import type { VirtualNetwork } from '../devices/net/virtual-network.ts';
import type { GuestModule } from './module.ts';
import { OutputCollector } from './output.ts';
import { jspi } from '../calls/jspi.ts';
import type { RuntimeLimits } from '../abi/limits.ts';

export interface CommandOptions {
  /** argv[1..]; argv[0] is the module's name */
  args?: readonly string[];
  env?: Record<string, string>;
  /** files to create before the run: absolute path -> content */
  files?: FileMap;
  /** a filesystem to run in (and keep afterwards); `files` are added to it */
  fs?: MemoryFileSystem;
  /** directories the guest may reach; default ['/'] */
  preopens?: readonly string[];
  /** all of stdin up front, or (with JSPI) a source read on demand */
  stdin?: string | Uint8Array | StdinSource;
  /** output as it comes, decoded as UTF-8 (for terminals and views) */
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  /** output as it comes, as raw bytes (for piping on) */
  onStdoutBytes?: (bytes: Uint8Array) => void;
  onStderrBytes?: (bytes: Uint8Array) => void;
  trace?: TraceListener;
  /** the network its sockets use (a private one by default) */
  network?: VirtualNetwork;
  /** false: output is only streamed (onStdout...), not kept; the result's stdout is '' and stderr its last 4 KiB */
  keepOutput?: boolean;
  /** 'auto' (JSPI when the engine has it), 'jspi', or 'sync' (no suspension: sleeps block the thread) */
  mode?: 'auto' | 'jspi' | 'sync';
  /** bounds on descriptors and on the filesystem it makes (see DEFAULT_LIMITS) */
  limits?: Partial<RuntimeLimits>;
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  stdoutBytes: Uint8Array;
  fs: MemoryFileSystem;
  durationMs: number;
}

export async function runCommand(guest: GuestModule, options: CommandOptions = {}): Promise<CommandResult> {
  const fs = options.fs ?? new MemoryFileSystem({}, undefined, options.limits);
  for (const [path, content] of Object.entries(options.files ?? {})) fs.writeFile(path, content);
  if (fs.directory('/tmp') === undefined) fs.writeFile('/tmp/', '');
  const canSuspend = options.mode === 'sync' ? false : options.mode === 'jspi' ? true : jspi() !== undefined;
  const stdin = typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : options.stdin;
  if (typeof stdin === 'function' && !canSuspend) throw new Error('an on-demand stdin needs JSPI; pass stdin as text or bytes instead');
  const keep = options.keepOutput !== false;
  const out = new OutputCollector(options.onStdout, options.onStdoutBytes, keep);
  const err = new OutputCollector(options.onStderr, options.onStderrBytes, keep);
  const t0 = performance.now();
  const inst = createInstance(
    guest,
    {
      args: options.args ?? [], env: options.env, fs, preopens: options.preopens ?? ['/'], stdin,
      stdout: out.sink, stderr: err.sink, network: options.network, canSuspend, trace: options.trace, limits: options.limits,
    },
    () => err.text(),
  );
  let exitCode: number;
  try {
    exitCode = canSuspend ? await inst.run() : inst.runSync();
  } catch (e) {
    if (e instanceof GuestBlocked) throw new GuestTrap(e.message, err.text());
    throw e;
  } finally {
    inst.ctx.closeAll();
  }
  return { exitCode, stdout: keep ? out.text() : '', stderr: err.text(), stdoutBytes: out.bytes(), fs, durationMs: performance.now() - t0 };
}
