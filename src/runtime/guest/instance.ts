// One guest instance: its fd table (stdio, preopened directories), imports, and how a run ends.
import { MemoryFileSystem } from '../devices/fs/memory-fs.ts';
import { DirectoryDescriptor } from '../devices/fs/file-descriptors.ts';
import { RIGHTS_ALL, RIGHTS_DIRECTORY } from '../abi/constants.ts';
import { GuestBlocked, GuestStopped, ProcExit, WasiContext } from '../calls/context.ts';
import { buildImports } from '../calls/imports.ts';
import { OutputDescriptor, StdinDescriptor, type StdinSource } from '../devices/stdio.ts';
import type { TraceListener } from '../calls/trace.ts';
import type { Listener, VirtualNetwork } from '../devices/net/virtual-network.ts';
import { MissingImportError, type GuestModule } from './module.ts';
import { jspi } from '../calls/jspi.ts';
import { limitsWith, type RuntimeLimits } from '../abi/limits.ts';
import { GuestTrap } from './trap.ts';

/** A guest that trapped (or threw): the engine's message and what the guest wrote to stderr before (trap.ts). */
export { GuestTrap };

export interface InstanceOptions {
  args: readonly string[];
  env: Record<string, string> | undefined;
  fs: MemoryFileSystem;
  preopens: readonly string[];
  stdin: Uint8Array | StdinSource | undefined;
  stdout: (bytes: Uint8Array) => void;
  stderr: (bytes: Uint8Array) => void;
  network: VirtualNetwork | undefined;
  canSuspend: boolean;
  adopt?: Listener | undefined;
  trace?: TraceListener | undefined;
  onListen?: ((port: number) => void) | undefined;
  /** bounds for this guest (the filesystem's own are set where it is made) */
  limits?: Partial<RuntimeLimits> | undefined;
}

export interface GuestInstance {
  ctx: WasiContext;
  /** Runs _start. Resolves with the exit code; rejects with GuestTrap, GuestBlocked or GuestStopped. */
  run(): Promise<number>;
  /** The same, for a guest without JSPI: synchronous. */
  runSync(): number;
}

function outcome(e: unknown, stderrText: () => string): number {
  if (e instanceof ProcExit) return e.code;
  if (e instanceof GuestBlocked || e instanceof GuestStopped) throw e;
  const message = e instanceof Error ? e.message : String(e);
  throw new GuestTrap(message, stderrText());
}

export function createInstance(guest: GuestModule, o: InstanceOptions, stderrText: () => string = () => ''): GuestInstance {
  if (guest.missingImports.length > 0) throw new MissingImportError(guest.missingImports);
  if (!guest.hasStart) throw new Error(`${guest.name} has no _start export: it is a library (reactor) module, not a command or a server`);
  const env = Object.entries(o.env ?? {}).map(([k, v]) => `${k}=${v}`);
  const ctx = new WasiContext({
    args: [guest.name, ...o.args], env, fs: o.fs, network: o.network, canSuspend: o.canSuspend,
    adopt: o.adopt, trace: o.trace, onListen: o.onListen, maxFds: limitsWith(o.limits).maxFds,
  });
  ctx.fds.add(new StdinDescriptor(o.stdin));
  ctx.fds.add(new OutputDescriptor(o.stdout));
  ctx.fds.add(new OutputDescriptor(o.stderr));
  for (const path of o.preopens) {
    const dir = o.fs.directory(path);
    if (dir === undefined) throw new Error(`cannot preopen ${path}: no such directory in the virtual filesystem`);
    ctx.fds.add(new DirectoryDescriptor(dir, RIGHTS_DIRECTORY, RIGHTS_ALL, path));
  }
  const instance = new WebAssembly.Instance(guest.module, buildImports(ctx));
  const memory = instance.exports['memory'];
  if (!(memory instanceof WebAssembly.Memory)) throw new Error(`${guest.name} exports no memory, so WASI calls cannot reach its data`);
  ctx.mem.attach(memory);
  const start = instance.exports['_start'] as () => void;
  return {
    ctx,
    async run(): Promise<number> {
      ctx.startedAt = performance.now();
      try {
        if (o.canSuspend) await jspi()!.promising(start as () => unknown)();
        else start();
        return 0;
      } catch (e) {
        return outcome(e, stderrText);
      }
    },
    runSync(): number {
      ctx.startedAt = performance.now();
      try {
        start();
        return 0;
      } catch (e) {
        return outcome(e, stderrText);
      }
    },
  };
}

/** Resolves the `mode` option against what the engine can do. */
export function resolveMode(mode: 'auto' | 'jspi' | 'per-request' | undefined): 'jspi' | 'per-request' {
  if (mode === 'per-request') return 'per-request';
  if (mode === 'jspi') {
    if (jspi() === undefined) throw new Error('mode "jspi" was asked for, but this engine has no WebAssembly.Suspending');
    return 'jspi';
  }
  return jspi() !== undefined ? 'jspi' : 'per-request';
}

export { MemoryFileSystem };
